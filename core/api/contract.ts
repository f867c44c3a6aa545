import { z } from 'zod';
import type { AppInfo, ModelSummary, WarehouseSummary, WarehouseTables } from './types.js';

/**
 * Every call the renderer, the CLI and tests can make: its argument schema (validated by the
 * dispatcher) and, as a type only, what it answers. Names are `domain.verb`.
 */
const call =
  <Output>() =>
  <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output });

const name = z
  .string()
  .trim()
  .min(1, 'a name is required')
  .max(128, 'a name is at most 128 characters');
/** An id or a name: the CLI passes names, the app passes ids. */
const ref = z.string().min(1).max(256);
const empty = z.object({}).strict();

const warehouseAdd = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('duckdb'),
      name,
      path: z.string().min(1, 'a DuckDB file path is required').max(4096),
      stateSchema: z.string().min(1).max(63).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('postgres'),
      name,
      url: z
        .string()
        .max(4096)
        .regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL starts with postgres://'),
      stateSchema: z.string().min(1).max(63).optional(),
    })
    .strict(),
]);

const modelFields = {
  warehouse: ref,
  sql: z.string().min(1, 'the model needs SQL'),
  idColumn: z.string().min(1, 'choose the unique id column'),
  timestampColumn: z.string().min(1).nullable().optional(),
};

export const contract = {
  'app.info': call<AppInfo>()(empty),

  'warehouses.list': call<WarehouseSummary[]>()(empty),
  'warehouses.add': call<WarehouseSummary>()(warehouseAdd),
  'warehouses.remove': call<{ removed: string }>()(z.object({ warehouse: ref }).strict()),
  'warehouses.test': call<{ ok: true; tookMs: number }>()(z.object({ warehouse: ref }).strict()),
  'warehouses.tables': call<WarehouseTables>()(z.object({ warehouse: ref }).strict()),

  'models.list': call<ModelSummary[]>()(empty),
  'models.add': call<ModelSummary>()(z.object({ name, ...modelFields }).strict()),
  'models.update': call<ModelSummary>()(
    z
      .object({
        model: ref,
        name: name.optional(),
        warehouse: ref.optional(),
        sql: modelFields.sql.optional(),
        idColumn: modelFields.idColumn.optional(),
        timestampColumn: modelFields.timestampColumn,
      })
      .strict(),
  ),
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallArgs<N extends CallName> = z.output<Contract[N]['input']>;
export type CallOutput<N extends CallName> = Contract[N]['output'];

/** The API as a client sees it: one async function per call. */
export type Api = { [N in CallName]: (arg: CallInput<N>) => Promise<CallOutput<N>> };

/** What every host answers for a call. */
export type ApiResponse<T = unknown> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** Push events from the engine to every open window. */
export interface ApiEvents {
  'store.changed': { domain: 'warehouses' | 'models' | 'destinations' | 'syncs' | 'usage' };
  'run.progress': {
    runId: string;
    syncId: string;
    phase: 'extract' | 'diff' | 'load' | 'commit';
    done: number;
    total: number | null;
  };
}
export type EventName = keyof ApiEvents;
export type ApiEvent = { [E in EventName]: { name: E; payload: ApiEvents[E] } }[EventName];

export const callNames = Object.keys(contract) as CallName[];
