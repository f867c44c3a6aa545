import type { CoreContext } from '../coreContext.js';
import { RecordTextChange } from '../destinations/changeJson.js';
import { authErrorMayHaveApplied, isDestinationAuthError } from '../destinations/http/authError.js';
import type { BatchResult, Change, Destination } from '../destinations/types.js';
import { seqRanges } from '../diff/index.js';
import { StagedJsonLines } from '../diff/stagedJsonLines.js';
import type { StagedChange } from '../diff/types.js';
import { EbbError } from '../errors.js';
import { batchOutcomes } from '../ops/batchOutcomes.js';
import type { RunRetry } from '../ops/retryPolicy.js';
import type { RunError, RunSummary, SyncMode } from '../types.js';
import { idText } from '../values/idText.js';
import type { RecordMapper } from './fieldMapping.js';
import type { QuotaMeter } from './quota.js';
import type { SentSample } from './sentSample.js';
import { modeSends } from './syncModes.js';

/** What a run (syncEngine.ts) lends each batch it delivers: store, destination, tallies. */
export interface BatchRun extends Pick<CoreContext, 'db' | 'acks' | 'runLog' | 'clock'> {
  quota: QuotaMeter;
  /** What reservations, acknowledgements in doubt and run-log notes are filed under. */
  ids: { runId: string; syncId: string; destinationId: string };
  /** The run's summary: its delivered, failed, rejected and quarantined counts grow here. */
  summary: RunSummary;
  mode: SyncMode;
  /** Run logged to the warehouse (`--log-to-warehouse`): each batch's outcomes are noted. */
  logged: boolean;
  destination: Destination;
  signal: AbortSignal;
  /** The retry policy for this run: refused records counted, those given up on parked. */
  retry: RunRetry;
  /** The sync maps no field (`mapsNothing`); else `mapper` makes each record. */
  unmapped: boolean;
  mapper: RecordMapper;
  /** The run's "records sent". */
  sample: SentSample;
  /** Errors on file for the run (and the first ones in its summary). */
  recordErrors(list: RunError[]): void;
  /** The plan's limit granted less than a batch: the run takes no more batches. */
  pause(): void;
  /** A batch answered and settled: how many of its changes were only recorded, how many sent. */
  handled(recordOnly: number, sent: number): void;
}

/**
 * One batch of staged changes delivered: quota reserved and the batch noted in doubt in one
 * SQLite transaction, sent (`sendJsonLines` for texts the warehouse wrote, else `send`), then its
 * acknowledgements, run log and meter settled in a second one. State later commits only what was
 * acknowledged (or parked by the retry policy), so a kill at any point loses nothing and resends
 * at most the batches in flight. Throws what stops the run: a refused credential, a destination
 * unreachable, or the meter failing to settle.
 */
export async function deliverBatch(
  run: BatchRun,
  read: StagedChange[] | StagedJsonLines,
): Promise<void> {
  const { runId, syncId } = run.ids;
  const { summary, logged, destination, signal, retry, unmapped, mapper } = run;
  let unreachable: EbbError | undefined;
  // Texts the warehouse wrote go out as they are (sendJsonLines) while the batch goes
  // whole (`linesOut` in syncEngine.ts: every op sent, nothing logged, no refused record on
  // file); its changes are read from the texts only if something needs them.
  let whole = read instanceof StagedJsonLines && !retry.tracksFailures() ? read : undefined;
  const batch = whole ? [] : read instanceof StagedJsonLines ? read.staged() : read;
  const neverHeld = retry.neverHeld(batch);
  const recordOnly = batch.filter((c) => !modeSends(run.mode, c.op) || neverHeld.has(c.seq));
  let toSend = batch.filter((c) => modeSends(run.mode, c.op) && !neverHeld.has(c.seq));
  /** The batch's changes from here on read from its texts. */
  const readWhole = () => {
    if (whole) toSend = whole.staged();
    whole = undefined;
  };
  const sending = () => (whole ? whole.count : toSend.length);
  let reservationId: string | null = null;
  let delivered = new Set<string>();
  let unanswered = new Set<string>();
  const attemptedAt = run.clock().toISOString();
  // Quota reserved and the batch noted in doubt in one local transaction (IMMEDIATE, as
  // the meter's own, so no other process slips a reservation in): noted before the batch
  // leaves, so if no answer comes back (crash, time-out, cancel) the next plan resends
  // these ids whatever the fingerprints say.
  const noted = run.db
    .transaction(() => {
      if (sending() > 0) {
        const reservation = run.quota.reserve({ ...run.ids, requested: sending() });
        reservationId = reservation.reservationId;
        if (reservation.granted < sending()) {
          run.pause();
          readWhole();
          toSend = toSend.slice(0, reservation.granted);
        }
      }
      const sentRanges: [number, number][] = whole
        ? [[whole.from + 1, whole.to]]
        : seqRanges(toSend.map((c) => c.seq));
      return {
        doubtIds: run.acks.noteInDoubt(syncId, sentRanges),
        logIds: logged ? run.runLog.sending(runId, sentRanges, attemptedAt) : [],
      };
    })
    .immediate();
  let doubtIds = noted.doubtIds;
  const logIds = noted.logIds;
  let batchError: string | null = null;
  let rejected: { id: string; reason: string }[] = [];
  let notAttempted = 0;
  let refused: { id: string; reason: string }[] = [];
  if (sending() > 0) {
    // Unmapped records travel as the JSON text the warehouse rendered (never parsed).
    let built: Change[] | undefined;
    const changes = (): Change[] =>
      (built ??= toSend.map((c) =>
        unmapped
          ? new RecordTextChange(c.op, idText(c.id), c.recordJson)
          : { op: c.op, id: idText(c.id), record: mapper(c.op, c.record) },
      ));
    try {
      let result: BatchResult | 'all';
      if (whole) {
        result = await destination.sendJsonLines!(whole, signal);
        // Read back for an answer naming changes, the run's samples, or a failure log
        // that must see every delivered id (another batch's refusal started it).
        if (result !== 'all' || run.sample.wanted() || retry.tracksFailures()) {
          readWhole();
          if (result === 'all') result = { delivered: changes().map((c) => c.id), failed: [] };
        }
      } else {
        result = await destination.send(changes(), signal);
      }
      if (result === 'all') result = { delivered: [], failed: [] };
      delivered = new Set(result.delivered);
      run.sample.add(changes(), delivered);
      unanswered = new Set(result.inDoubt ?? []);
      run.recordErrors(result.failed.map((f) => ({ id: f.id, reason: f.reason })));
      refused = result.failed;
      summary.failed += result.failed.length;
      // Over the service's size limit: never sent, so neither failed nor metered.
      rejected = result.rejected ?? [];
      notAttempted = rejected.length;
      run.recordErrors(rejected);
      summary.rejected += notAttempted;
    } catch (error) {
      readWhole();
      if (isDestinationAuthError(error)) {
        // A refused credential stops the run: the service applied nothing of this
        // batch, so it is neither delivered nor failed nor metered nor in doubt, and
        // stays pending with the rest. Unless an earlier attempt went unanswered: that
        // one may have been applied, so the batch's doubt note stays.
        run.db.transaction(() => {
          run.acks.settle(syncId, authErrorMayHaveApplied(error) ? [] : doubtIds, []);
          if (logged) run.runLog.settle(runId, logIds, [], attemptedAt);
        })();
        run.quota.settle(reservationId, { delivered: 0, failed: 0 });
        throw error;
      }
      // No answer (aborted, timed out, connection lost): the destination may hold any
      // of it, so the batch stays in doubt and the next plan resends it.
      doubtIds = [];
      // A destination gone for the whole run stops it (failed, with its message).
      if (error instanceof EbbError && error.code === 'DESTINATION_UNREACHABLE')
        unreachable = error;
      summary.failed += toSend.length;
      batchError = `Batch not acknowledged: ${(error as Error).message}`;
      run.recordErrors([{ id: null, reason: batchError }]);
    }
  }
  // Given up on by the retry policy: committed as if acknowledged, so no plan resends them.
  const parked = retry.afterBatch(toSend, delivered, refused);
  summary.quarantined = (summary.quarantined ?? 0) + parked.length;
  const acknowledged = [
    ...recordOnly,
    ...toSend.filter((c) => delivered.has(idText(c.id))),
    ...parked,
  ];
  // The answer noted and metered in one local transaction (IMMEDIATE, as the meter's
  // own); should metering throw, the acknowledgements are still kept.
  let meterError: unknown;
  run.db
    .transaction(() => {
      run.acks.settle(
        syncId,
        doubtIds,
        whole ? [[whole.from + 1, whole.to]] : seqRanges(acknowledged.map((c) => c.seq)),
        unanswered.size === 0
          ? []
          : seqRanges(toSend.filter((c) => unanswered.has(idText(c.id))).map((c) => c.seq)),
      );
      if (logged) {
        const outcomes = batchOutcomes(toSend, {
          delivered,
          unanswered,
          refused,
          parked,
          rejected,
          batchError,
        });
        run.runLog.settle(runId, logIds, outcomes, attemptedAt);
      }
      try {
        run.quota.settle(reservationId, {
          delivered: whole ? whole.count : delivered.size,
          failed: whole ? 0 : toSend.length - delivered.size - notAttempted,
        });
      } catch (error) {
        meterError = error;
      }
    })
    .immediate();
  if (meterError) throw meterError;
  summary.delivered += whole ? whole.count : delivered.size;
  run.handled(recordOnly.length, sending());
  if (unreachable) throw unreachable;
}
