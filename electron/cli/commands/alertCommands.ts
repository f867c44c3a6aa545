import type { AlertRecord, AlertRule } from '../../../core/ops/alerts/types.js';
import { formatTable } from '../formatTable.js';
import { command } from '../command.js';
import { integerFlag, single, UsageError, type ParsedArgs } from '../parseArgs.js';
import type { Command } from '../types.js';

const addUsage =
  'ebb alert add SYNC --on failure|failure-rate|idle|plan-usage [--above PERCENT] [--runs K] [--slack URL] [--webhook URL]';
const addFlags = { values: ['on', 'above', 'runs', 'slack', 'webhook'] };
const historyUsage = 'ebb alerts SYNC [--limit N]';
const KINDS = ['failure', 'failure-rate', 'idle', 'plan-usage'] as const;

/** `--above 10` or `--above 10%`: a failure rate in percent, given to the API as a share. */
function percentFlag(args: ParsedArgs): number | undefined {
  const value = single(args, 'above');
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(value.trim());
  if (!match)
    throw new UsageError(
      `--above is a percentage like 10 or 10%, got "${value}".\nUsage: ${addUsage}`,
    );
  return Number(match[1]) / 100;
}

const thresholdText = (rule: AlertRule) =>
  rule.threshold === null
    ? ''
    : rule.kind === 'failure-rate'
      ? `above ${Math.round(rule.threshold * 1000) / 10}%`
      : `${rule.threshold} runs`;

const ruleRows = (rules: readonly AlertRule[]) =>
  rules.map((rule) => ({
    id: rule.id,
    sync: rule.sync,
    on: rule.kind,
    threshold: thresholdText(rule),
    slack: rule.slack ?? '',
    webhook: rule.webhook ?? '',
  }));

const deliveriesText = (alert: AlertRecord) =>
  alert.deliveries.length === 0
    ? 'app only'
    : alert.deliveries
        .map((d) => `${d.channel} ${d.status}${d.error ? ` (${d.error})` : ''}`)
        .join('; ');

/** Alert rules and history (issue 14.5). */
export const alertCommands: Record<string, Command> = {
  'alert add': command(addUsage, 'writes', addFlags, async ({ args, arg, call }) => {
    const sync = arg('the SYNC');
    const on = single(args, 'on');
    const kind = KINDS.find((k) => k === on);
    if (!kind)
      throw new UsageError(
        `--on is one of ${KINDS.join(', ')}${on === undefined ? '' : `, got "${on}"`}.\nUsage: ${addUsage}`,
      );
    const above = percentFlag(args);
    const runs = integerFlag(args, 'runs', addUsage);
    if (above !== undefined && kind !== 'failure-rate')
      throw new UsageError(`--above is for --on failure-rate.\nUsage: ${addUsage}`);
    if (runs !== undefined && kind !== 'idle')
      throw new UsageError(`--runs is for --on idle.\nUsage: ${addUsage}`);
    const slack = single(args, 'slack');
    const webhook = single(args, 'webhook');
    const rule = await call('alerts.add', {
      sync,
      kind,
      ...(above !== undefined
        ? { threshold: above }
        : runs !== undefined
          ? { threshold: runs }
          : {}),
      ...(slack ? { slack } : {}),
      ...(webhook ? { webhook } : {}),
    });
    return { data: rule, text: `Alert rule ${rule.id} added to "${rule.sync}".` };
  }),
  'alert list': command('ebb alert list [SYNC]', 'reads', async ({ args, call }) => {
    const sync = args.positionals[0];
    const rules = await call('alerts.rules', sync === undefined ? {} : { sync });
    return {
      data: { rules },
      text: formatTable(ruleRows(rules), ['id', 'sync', 'on', 'threshold', 'slack', 'webhook']),
    };
  }),
  'alert remove': command('ebb alert remove ID', 'writes', async ({ arg, call }) => {
    const result = await call('alerts.remove', { rule: arg('the rule ID') });
    return { data: result, text: `Alert rule ${result.removed} removed.` };
  }),
  'alert test': command('ebb alert test ID', 'writes', async ({ arg, call }) => {
    const alert = await call('alerts.test', { rule: arg('the rule ID') });
    const failed = alert.deliveries.some((d) => d.status === 'failed');
    return {
      data: alert,
      text: `Test alert sent: ${deliveriesText(alert)}.`,
      exitCode: failed ? 1 : 0,
    };
  }),
  alerts: command(historyUsage, 'reads', { values: ['limit'] }, async ({ args, arg, call }) => {
    const limit = integerFlag(args, 'limit', historyUsage);
    const alerts = await call('alerts.history', {
      sync: arg('the SYNC'),
      ...(limit !== undefined ? { limit } : {}),
    });
    return {
      data: { alerts },
      text: formatTable(
        alerts.map((a) => ({
          createdAt: a.createdAt,
          kind: a.kind,
          message: a.message,
          deliveries: deliveriesText(a),
        })),
        ['createdAt', 'kind', 'message', 'deliveries'],
      ),
    };
  }),
};
