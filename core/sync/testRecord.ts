import { EbbError } from '../errors.js';
import { RecordTextChange } from '../destinations/changeJson.js';
import { createDestination, type DestinationConfig } from '../destinations/registry.js';
import type { Change } from '../destinations/types.js';
import { deletedRecord, firstModelRecord, previewDiff, type SyncStateRef } from '../diff/index.js';
import type { ChangeOp, FieldMapping, SyncMode, TestRecord } from '../types.js';
import type { JsonValue } from '../values/valueType.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { createRecordMapper, mappedColumns, mapsNothing, validateMapping } from './fieldMapping.js';
import { modeSends } from './syncModes.js';

export interface TestRecordInput {
  sync: { name: string; mode: SyncMode; mapping: FieldMapping | null };
  model: { name: string; sql: string; idColumn: string };
  destination: DestinationConfig;
  ref: SyncStateRef;
  /** What the destination holding state is (stateTarget.ts). */
  target: string;
}

/** Ids go to destinations as strings; numbers and others as their JSON text (as the engine). */
const idText = (id: JsonValue): string => (typeof id === 'string' ? id : JSON.stringify(id));

/** Prefer a change with values to show: new, then updated, then deleted. */
const OP_ORDER: readonly ChangeOp[] = ['new', 'updated', 'deleted'];

/**
 * One record as the sync would send it: the next change it sends (the diff computed as the
 * preview does, nothing written), else the model's first row as an update (an insert-only sync: as new); mapped by the
 * sync's mapping, then turned into requests by the destination's own request code.
 */
export async function testRecord(
  adapter: WarehouseAdapter,
  input: TestRecordInput,
): Promise<TestRecord> {
  const { sync, model } = input;
  const columns = await adapter.describeQuery(model.sql);
  validateMapping(
    sync.mapping,
    columns.map((c) => c.name),
  );
  const preview = await previewDiff(adapter, {
    ...input.ref,
    sql: model.sql,
    idColumn: model.idColumn,
    limit: 1,
    target: input.target,
  });
  const sample = OP_ORDER.map((op) => preview.samples.find((s) => s.op === op)).find(
    (s) => s !== undefined && modeSends(sync.mode, s.op),
  );
  let source: TestRecord['source'] = 'pending';
  let picked: { op: ChangeOp; id: JsonValue; recordJson: string };
  if (sample) {
    picked = {
      op: sample.op,
      id: sample.id,
      recordJson:
        sample.op === 'deleted'
          ? JSON.stringify(
              deletedRecord(
                sample.id,
                columns.map((c) => c.name),
              ),
            )
          : (sample.afterJson ?? '{}'),
    };
  } else {
    const row = await firstModelRecord(adapter, model);
    if (!row) {
      throw new EbbError(
        'NOT_FOUND',
        `The model "${model.name}" returns no row with an id: there is no record to test.`,
      );
    }
    source = 'model';
    const op = modeSends(sync.mode, 'updated') ? 'updated' : 'new';
    picked = { op, id: row.id, recordJson: row.recordJson };
  }
  // As the engine builds it: an unmapped record travels as the warehouse's JSON text.
  const id = idText(picked.id);
  const change: Change = mapsNothing(sync.mapping)
    ? new RecordTextChange(picked.op, id, picked.recordJson)
    : {
        op: picked.op,
        id,
        record: createRecordMapper(sync.mapping)(
          picked.op,
          JSON.parse(picked.recordJson) as Record<string, unknown>,
        ),
      };
  const destination = createDestination(input.destination);
  try {
    const shown = destination.previewRecord(change, {
      runId: 'next-run',
      syncName: sync.name,
      idColumn: model.idColumn,
      columns: mappedColumns(sync.mapping, columns),
    });
    return {
      source,
      destinationType: destination.type,
      change: { op: change.op, id: change.id, record: change.record },
      ...shown,
    };
  } finally {
    await destination.close();
  }
}
