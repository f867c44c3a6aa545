import { useApiMutation, useCallMutation, useCallQuery } from '../api/callHooks';

// Every key starts with 'alerts': `store.changed` {domain:'alerts'} refreshes them all.

export const useAlertRules = (syncId: string) =>
  useCallQuery(['alerts', 'rules', syncId], 'alerts.rules', { sync: syncId });

export const useAlertHistory = (syncId: string) =>
  useCallQuery(['alerts', 'history', syncId], 'alerts.history', { sync: syncId, limit: 100 });

export const useAddAlertRule = () => useCallMutation('alerts.add');

export const useTestAlertRule = () =>
  useApiMutation((call, rule: string) => call('alerts.test', { rule }));
