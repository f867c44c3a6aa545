import type { CoreContext } from '../../coreContext.js';
import { EbbError } from '../../errors.js';
import type { StoredRule } from '../../ops/alerts/alertsRepo.js';
import type { AlertRule } from '../../ops/alerts/types.js';
import type { Handlers } from '../dispatch.js';

type AlertHandlers = Pick<
  Handlers,
  'alerts.rules' | 'alerts.add' | 'alerts.remove' | 'alerts.history' | 'alerts.test'
>;

/** What a client sees of a rule: the channel URLs masked, never in the clear. */
const shown = ({ channels: _sealed, ...rule }: StoredRule): AlertRule => rule;

/** Alert rules per sync and the alert history (issue 14.5; CLI `alert`, `alerts`). */
export function alertHandlers(ctx: CoreContext): AlertHandlers {
  const changed = () => ctx.emit({ name: 'store.changed', payload: { domain: 'alerts' } });
  const ruleOf = (ref: string): StoredRule => {
    const rule = ctx.alerts.rule(ref);
    if (!rule)
      throw new EbbError(
        'NOT_FOUND',
        `There is no alert rule "${ref}". See the rules with \`ebb alert list\`.`,
      );
    return rule;
  };
  return {
    'alerts.rules': (arg) =>
      (arg.sync === undefined
        ? ctx.alerts.allRules()
        : ctx.alerts.rules(ctx.syncs.get(arg.sync).id)
      ).map(shown),
    'alerts.add': (arg) => {
      const sync = ctx.syncs.get(arg.sync);
      const rule = ctx.alerts.addRule(
        sync.id,
        {
          kind: arg.kind,
          threshold: arg.threshold ?? null,
          channels: { slack: arg.slack ?? null, webhook: arg.webhook ?? null },
        },
        ctx.clock().toISOString(),
      );
      changed();
      return shown(rule);
    },
    'alerts.remove': (arg) => {
      const rule = ruleOf(arg.rule);
      ctx.alerts.removeRule(rule.id);
      changed();
      return { removed: rule.id };
    },
    'alerts.history': (arg) =>
      ctx.alerts.history(arg.sync === undefined ? null : ctx.syncs.get(arg.sync).id, arg.limit),
    'alerts.test': (arg) => ctx.alerting.test(ruleOf(arg.rule)),
  };
}
