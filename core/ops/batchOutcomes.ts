import { seqRanges } from '../diff/staged.js';
import type { StagedChange } from '../diff/types.js';
import { idText } from '../values/idText.js';
import type { RecordOutcome, RecordStatus } from './runLogNotes.js';

export interface BatchAnswer {
  delivered: ReadonlySet<string>;
  /** Sent, but the destination could say nothing about them. */
  unanswered: ReadonlySet<string>;
  refused: readonly { id: string; reason: string }[];
  /** Refused records the retry policy parked in quarantine. */
  parked: readonly StagedChange[];
  /** Over the service's limits: never sent. */
  rejected: readonly { id: string; reason: string }[];
  /** No answer at all (time-out, connection lost, cancel): the whole batch is in doubt. */
  batchError: string | null;
}

/**
 * What became of each change a batch sent, as seq ranges per (status, error): record_log's rows
 * for the batch. A whole batch delivered is one range; refusals sharing a message share ranges.
 */
export function batchOutcomes(sent: readonly StagedChange[], answer: BatchAnswer): RecordOutcome[] {
  if (sent.length === 0) return [];
  if (answer.batchError !== null) {
    return [
      { ranges: seqRanges(sent.map((c) => c.seq)), status: 'in_doubt', error: answer.batchError },
    ];
  }
  const refusedNone = answer.refused.length === 0 && answer.rejected.length === 0;
  if (refusedNone && answer.delivered.size === sent.length) {
    // The common case, a whole batch delivered (its ids are distinct): no lookup per record.
    return [{ ranges: seqRanges(sent.map((c) => c.seq)), status: 'delivered', error: null }];
  }
  const parked = new Set(answer.parked.map((c) => c.seq));
  const reasons = new Map<string, { status: RecordStatus; reason: string }>();
  for (const r of answer.refused) reasons.set(r.id, { status: 'failed', reason: r.reason });
  for (const r of answer.rejected) reasons.set(r.id, { status: 'rejected', reason: r.reason });
  const groups = new Map<string, { status: RecordStatus; error: string | null; seqs: number[] }>();
  const add = (status: RecordStatus, error: string | null, seq: number) => {
    const key = `${status}\u0000${error ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { status, error, seqs: [] }));
    group.seqs.push(seq);
  };
  for (const change of sent) {
    const id = idText(change.id);
    const reason = reasons.get(id);
    if (answer.delivered.has(id)) add('delivered', null, change.seq);
    else if (reason) {
      const status = parked.has(change.seq) ? 'quarantined' : reason.status;
      add(status, reason.reason, change.seq);
    } else if (answer.unanswered.has(id)) add('in_doubt', null, change.seq);
    else add('failed', 'The destination answered nothing about this record.', change.seq);
  }
  return [...groups.values()].map((g) => ({
    ranges: seqRanges(g.seqs),
    status: g.status,
    error: g.error,
  }));
}
