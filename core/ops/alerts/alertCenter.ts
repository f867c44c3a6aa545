import type { ApiEvent } from '../../events.js';
import type { Clock } from '../../ports.js';
import type { RunsRepo } from '../../store/runsRepo.js';
import type { RunSummary } from '../../types.js';
import type { AlertsRepo, StoredRule } from './alertsRepo.js';
import { deliverToChannel, pendingDeliveries, type DeliveryOptions } from './deliverAlert.js';
import { evaluateAlerts, type RaisedAlert } from './evaluateAlerts.js';
import type { AlertRecord } from './types.js';

export interface AlertCenterDeps {
  alerts: AlertsRepo;
  runs: RunsRepo;
  clock: Clock;
  emit(event: ApiEvent): void;
  /** The plan's usage now (the engine's quota meter). */
  usage(): { used: number; limit: number; cycleEnd: string };
  delivery?: DeliveryOptions;
  /** Where an unexpected error in alerting goes; it never reaches the sync. */
  onError?: (error: unknown) => void;
}

/**
 * Raises the alerts a finished run calls for: each is recorded in the history, pushed to the app
 * (`alert.raised`, shown as a desktop notification), then posted to the rule's Slack and webhook
 * channels; how each delivery went is written back to its history entry.
 */
export function alertCenter(deps: AlertCenterDeps) {
  async function send(
    rule: StoredRule,
    raised: Omit<RaisedAlert, 'ruleId' | 'kind'> & { kind: AlertRecord['kind'] },
    runId: string | null,
  ) {
    const alert = deps.alerts.record({
      syncId: rule.syncId,
      ruleId: rule.id,
      runId,
      kind: raised.kind,
      message: raised.message,
      level: raised.level,
      cycle: raised.cycle,
      createdAt: deps.clock().toISOString(),
      deliveries: pendingDeliveries(rule.channels),
    });
    deps.emit({ name: 'alert.raised', payload: alert });
    deps.emit({ name: 'store.changed', payload: { domain: 'alerts' } });
    if (alert.deliveries.length === 0) return alert;
    const channels = [
      ...(rule.channels.slack ? [['slack', rule.channels.slack] as const] : []),
      ...(rule.channels.webhook ? [['webhook', rule.channels.webhook] as const] : []),
    ];
    const deliveries = await Promise.all(
      channels.map(([channel, url]) =>
        deliverToChannel(channel, url, alert, deps.clock, deps.delivery),
      ),
    );
    deps.alerts.setDeliveries(alert.id, deliveries);
    deps.emit({ name: 'store.changed', payload: { domain: 'alerts' } });
    return { ...alert, deliveries };
  }

  async function afterRun(run: RunSummary): Promise<AlertRecord[]> {
    try {
      // The sync's own rules, and every other sync's plan-usage rules: any run can use the
      // plan up to a level, and each sync that asked is told then, not at its own next run.
      const rules = [
        ...deps.alerts.rules(run.syncId),
        ...deps.alerts.planRules().filter((rule) => rule.syncId !== run.syncId),
      ];
      if (rules.length === 0) return [];
      const raised = evaluateAlerts(run, rules, {
        scheduledRuns: (limit) => deps.runs.listScheduled(run.syncId, limit),
        usage: deps.usage,
        planLevelFired: (ruleId, cycle) => deps.alerts.planLevelFired(ruleId, cycle),
      });
      const byId = new Map(rules.map((rule) => [rule.id, rule]));
      return await Promise.all(raised.map((r) => send(byId.get(r.ruleId)!, r, run.runId)));
    } catch (error) {
      deps.onError?.(error);
      return [];
    }
  }

  const inFlight = new Set<Promise<unknown>>();
  const tracked = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const done = () => void inFlight.delete(work);
    work.then(done, done);
    return work;
  };

  return {
    /** After each run (the engine's run-finished path); never throws. */
    afterRun: (run: RunSummary): Promise<AlertRecord[]> => tracked(afterRun(run)),

    /** Resolves once every alert raised so far is delivered or recorded as failed. */
    async settled(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    /** Sends a test alert through a rule's channels (recorded in the history as `test`). */
    test(rule: StoredRule): Promise<AlertRecord> {
      return tracked(
        send(
          rule,
          {
            kind: 'test',
            message: `Test alert for sync "${rule.sync}" (rule: ${rule.kind}). If you read this, the channel works.`,
            level: null,
            cycle: null,
          },
          null,
        ),
      );
    },
  };
}

export type AlertCenter = ReturnType<typeof alertCenter>;
