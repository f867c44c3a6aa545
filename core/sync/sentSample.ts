import { RecordTextChange } from '../destinations/changeJson.js';
import type { Change } from '../destinations/types.js';
import { readStaged, type SyncStateRef } from '../diff/index.js';
import { SENT_SAMPLE_LIMIT, type RunsRepo } from '../store/runsRepo.js';
import { idText } from '../values/idText.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import type { SerialQueue } from './serialQueue.js';

/** The run's "records sent": the first delivered ones, as the destination got them. */
export function sentSample(runs: Pick<RunsRepo, 'addSent'>, runId: string) {
  let sampled = 0;
  return {
    /** Whether the sample still takes records (fewer than SENT_SAMPLE_LIMIT so far). */
    wanted: () => sampled < SENT_SAMPLE_LIMIT,
    add(changes: readonly Change[], delivered: ReadonlySet<string>): void {
      if (sampled >= SENT_SAMPLE_LIMIT || delivered.size === 0) return;
      const sample = changes
        .filter((c) => delivered.has(c.id))
        .slice(0, SENT_SAMPLE_LIMIT - sampled);
      sampled += sample.length;
      runs.addSent(
        runId,
        sample.map((c) => ({
          id: c.id,
          op: c.op,
          record: c.recordJson ?? JSON.stringify(c.record),
        })),
      );
    },
  };
}

export type SentSample = ReturnType<typeof sentSample>;

/** The run's "records sent" of changes the warehouse wrote (all delivered), up to seq `through`. */
export async function sampleExported(
  sample: SentSample,
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  warehouseWork: SerialQueue,
  through: number,
): Promise<void> {
  const first = readStaged(adapter, ref, SENT_SAMPLE_LIMIT)[Symbol.asyncIterator]();
  const next = await warehouseWork(() => first.next());
  await first.return?.();
  if (next.done) return;
  const changes = next.value
    .filter((c) => c.seq <= through)
    .map((c) => new RecordTextChange(c.op, idText(c.id), c.recordJson));
  sample.add(changes, new Set(changes.map((c) => c.id)));
}
