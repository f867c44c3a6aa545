import type { RunSummary } from '../../types.js';
import type { AlertKind, AlertRule } from './types.js';

/** The plan levels (percent of the monthly limit) that raise a `plan-usage` alert. */
export const PLAN_LEVELS = [80, 100] as const;

export interface RaisedAlert {
  ruleId: string;
  kind: AlertKind;
  message: string;
  level: number | null;
  /** `plan-usage`: the billing cycle it fired for (it fires once per level per cycle). */
  cycle: string | null;
}

/** What the rules are judged on, besides the run that just finished. */
export interface AlertFacts {
  /**
   * The sync's latest finished scheduled runs, newest first (the run itself first when it was
   * scheduled), at least K + 1 of them when there are that many.
   */
  scheduledRuns(limit: number): readonly Pick<RunSummary, 'delivered' | 'failed'>[];
  /** The plan's usage now; `limit` is not finite when nothing is metered. */
  usage(): { used: number; limit: number; cycleEnd: string };
  /** The highest plan level a rule already fired at in this cycle (0 if none). */
  planLevelFired(ruleId: string, cycle: string): number;
}

/** A failed run's reason: its message, else what became of its records and the first error. */
const whyFailed = (run: RunSummary) =>
  run.message ??
  `${count(run.failed)} of ${count(run.delivered + run.failed)} records failed${run.errors[0] ? ` (first error: ${run.errors[0].reason})` : ''}.`;

const sentNothing = (run: Pick<RunSummary, 'delivered' | 'failed'>) =>
  run.delivered + run.failed === 0;
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Which rules a finished run fires. Each fires exactly when its condition starts to hold:
 * `failure` on a failed run; `failure-rate` when the share of attempted records that failed is
 * above the threshold; `idle` when the K-th scheduled run in a row sent nothing (once per streak);
 * `plan-usage` the first time in a cycle usage reaches 80%, and again at 100% (judged after any
 * sync's run, as usage is the plan's).
 */
export function evaluateAlerts(
  run: RunSummary,
  rules: readonly AlertRule[],
  facts: AlertFacts,
): RaisedAlert[] {
  const raised: RaisedAlert[] = [];
  const raise = (rule: AlertRule, message: string, plan?: { level: number; cycle: string }) =>
    raised.push({
      ruleId: rule.id,
      kind: rule.kind,
      message,
      level: plan?.level ?? null,
      cycle: plan?.cycle ?? null,
    });
  for (const rule of rules) {
    switch (rule.kind) {
      case 'failure':
        if (run.status === 'failed') raise(rule, `Sync "${run.sync}" failed: ${whyFailed(run)}`);
        break;
      case 'failure-rate': {
        const attempted = run.delivered + run.failed;
        const threshold = rule.threshold ?? 0;
        if (attempted > 0 && run.failed / attempted > threshold)
          raise(
            rule,
            `Sync "${run.sync}": ${percent(run.failed / attempted)} of ${count(attempted)} records failed (${count(run.failed)}), above the ${percent(threshold)} threshold.`,
          );
        break;
      }
      case 'idle': {
        const k = Math.max(1, Math.round(rule.threshold ?? 1));
        if (run.trigger !== 'schedule' || !sentNothing(run)) break;
        const recent = facts.scheduledRuns(k + 1);
        const streak = recent.slice(0, k);
        const reachedNow =
          streak.length === k &&
          streak.every(sentNothing) &&
          (recent.length === k || !sentNothing(recent[k]!));
        if (reachedNow)
          raise(
            rule,
            `Sync "${run.sync}" sent nothing in its last ${k} scheduled run${k === 1 ? '' : 's'}.`,
          );
        break;
      }
      case 'plan-usage': {
        const usage = facts.usage();
        if (!Number.isFinite(usage.limit) || usage.limit <= 0) break;
        const share = usage.used / usage.limit;
        const level = [...PLAN_LEVELS].reverse().find((l) => share * 100 >= l);
        if (level === undefined || facts.planLevelFired(rule.id, usage.cycleEnd) >= level) break;
        raise(
          rule,
          level >= 100
            ? `Usage reached 100% of the plan (${count(usage.used)} of ${count(usage.limit)} records this cycle): syncs are paused until ${usage.cycleEnd}.`
            : `Usage reached ${level}% of the plan (${count(usage.used)} of ${count(usage.limit)} records this cycle; the cycle ends ${usage.cycleEnd}).`,
          { level, cycle: usage.cycleEnd },
        );
        break;
      }
    }
  }
  return raised;
}
