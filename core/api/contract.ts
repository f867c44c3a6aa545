import { z } from 'zod';
import { once } from '../once.js';
import type { DestinationTypeInfo } from '../destinations/definition.js';
import type { DbtImport } from '../dbt/types.js';
import { PLAN_NAMES, type Plan } from '../metering/plans.js';
import { ALERT_KINDS, type AlertRecord, type AlertRule } from '../ops/alerts/types.js';
import type { Quarantine } from '../ops/types.js';
import type { ProjectResult } from '../project/types.js';
import type { CycleSummary, UsageReport } from '../metering/usageReport.js';
import type {
  AppInfo,
  DestinationFields,
  DestinationSummary,
  ModelCheck,
  ModelRows,
  ModelSummary,
  Preview,
  RunError,
  SentRecord,
  RunSummary,
  SyncSummary,
  TestRecord,
  WarehouseSettings,
  WarehouseStateMove,
  WarehouseSummary,
  WarehouseTables,
  WarehouseUpdate,
} from '../types.js';
import type { WarehouseKindInfo } from '../warehouse/kinds.js';
import { MAX_ID_COLUMN_NAME_LENGTH } from '../models/limits.js';

/**
 * Every call the renderer, the CLI and tests can make: its argument schema (validated by the
 * dispatcher) and, as a type only, what it answers. Names are `domain.verb`.
 *
 * Each schema, and each piece schemas share, is built on first use (`once`): building all of
 * them cost ~40 ms of every CLI start (zod's constructors), which makes one or two calls.
 */
const call =
  <Output>() =>
  <Input extends z.ZodType>(make: () => Input) => {
    const input = once(make);
    return {
      get input(): Input {
        return input();
      },
      /**
       * The call takes no argument (its schema is `empty`): the dispatcher answers an empty
       * object's `{}` without zod, which a list command then never loads (electron/README.md).
       */
      takesNothing: make === (empty as () => z.ZodType),
      output: undefined as unknown as Output,
    };
  };

const name = once(() =>
  z.string().trim().min(1, 'a name is required').max(128, 'a name is at most 128 characters'),
);
/** An id or a name: the CLI passes names, the app passes ids. */
const ref = once(() => z.string().min(1).max(256));
const empty = once(() => z.object({}).strict());

function settingsPatchOf() {
  return z.record(z.string().min(1).max(128), z.unknown());
}

const mysqlUrl = once(() =>
  z
    .string()
    .max(4096)
    .regex(/^mysql:\/\//, 'a MySQL URL starts with mysql://'),
);
/** MySQL keeps state in a database, whose name is at most 64 characters. */
const mysqlStateSchema = once(() => z.string().min(1).max(64).optional());
const stateSchema = once(() => z.string().min(1).max(63).optional());
const filesDir = once(() =>
  z.string().min(1, 'a folder of Parquet/CSV files is required').max(4096),
);

/**
 * Any kind by its declared settings (core/warehouse/kinds.ts), as the form and `--set` give them;
 * the registry validates them, so a new kind changes nothing here.
 */
const warehouseSettings = once(() =>
  z
    .record(z.string().min(1).max(128), z.unknown())
    .refine((s) => JSON.stringify(s).length <= 100_000, 'the settings are too large'),
);
/**
 * A warehouse's kind and where it is: the older kinds also by their one location field
 * (`{kind: 'duckdb', path}`), every kind by `settings`. The location is checked by the registry.
 */
const warehouseLocation = <Extra extends z.ZodRawShape>(extra: Extra) =>
  z.discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('duckdb'),
        path: z.string().min(1, 'a DuckDB file path is required').max(4096).optional(),
        settings: warehouseSettings().optional(),
        stateSchema: stateSchema(),
        ...extra,
      })
      .strict(),
    z
      .object({
        kind: z.literal('postgres'),
        url: z
          .string()
          .max(4096)
          .regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL starts with postgres://')
          .optional(),
        settings: warehouseSettings().optional(),
        stateSchema: stateSchema(),
        ...extra,
      })
      .strict(),
    z
      .object({
        kind: z.literal('mysql'),
        url: mysqlUrl().optional(),
        settings: warehouseSettings().optional(),
        stateSchema: mysqlStateSchema(),
        ...extra,
      })
      .strict(),
    z
      .object({
        kind: z.literal('files'),
        dir: filesDir().optional(),
        settings: warehouseSettings().optional(),
        stateSchema: stateSchema(),
        ...extra,
      })
      .strict(),
    z
      .object({
        kind: z.literal('snowflake'),
        settings: warehouseSettings(),
        stateSchema: stateSchema(),
        ...extra,
      })
      .strict(),
    z
      .object({
        kind: z.literal('bigquery'),
        settings: warehouseSettings(),
        stateSchema: stateSchema(),
        ...extra,
      })
      .strict(),
  ]);
const warehouseAdd = () => warehouseLocation({ name: name() });
const warehouseEdit = once(() => ({
  warehouse: ref(),
  /** Settings to change: omitted keys keep their value; a blank or masked secret is kept. */
  settings: settingsPatchOf(),
  stateSchema: mysqlStateSchema(),
}));

const modelFields = once(() => ({
  warehouse: ref(),
  sql: z.string().min(1, 'the model needs SQL'),
  idColumn: z.string().min(1, 'choose the unique id column'),
  timestampColumn: z.string().min(1).nullable().optional(),
  description: z.string().max(10_000).nullable().optional(),
}));

const draftModel = once(() =>
  z
    .object({
      warehouse: ref(),
      sql: z.string(),
      idColumn: z.string(),
      timestampColumn: z.string().nullable().optional(),
      /** The saved model this draft edits, if any: its syncs' state is checked too. */
      model: ref().optional(),
    })
    .strict(),
);

/**
 * A destination config: its type plus that type's settings. The registry validates the settings
 * (core/destinations/registry.ts), so adding a type changes nothing here.
 */
const destinationConfig = once(() =>
  z
    .object({ type: z.string().min(1).max(64) })
    .catchall(z.unknown())
    .refine((config) => JSON.stringify(config).length <= 1_000_000, 'the settings are too large'),
);
/** Settings to change: omitted keys keep their value, null clears an optional one. */
const settingsPatch = once(settingsPatchOf);

const syncMode = once(() => z.enum(['upsert', 'insert', 'update', 'mirror']));
const fieldName = once(() => z.string().min(1).max(128));
/** A model column: the id and timestamp columns may be longer than the others (limits.ts). */
const sourceColumn = once(() => z.string().min(1).max(MAX_ID_COLUMN_NAME_LENGTH));
const mapping = once(() =>
  z
    .object({
      fields: z
        .array(z.object({ source: sourceColumn(), target: fieldName() }).strict())
        .max(512)
        .nullable()
        .optional(),
      constants: z
        .array(
          z
            .object({
              target: fieldName(),
              value: z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]),
            })
            .strict(),
        )
        .max(64)
        .optional(),
      omitNulls: z.boolean().optional(),
    })
    .strict(),
);
/** How a sync is operated (issue 14): retry policy, warehouse logs (alerts: `alerts.*`). */
const syncOps = once(() =>
  z
    .object({
      retrySyncs: z.int().min(1).max(1000).nullable(),
      retryDays: z.int().min(1).max(3650).nullable(),
      logToWarehouse: z.boolean(),
      logRetentionDays: z.int().min(1).max(3650).nullable(),
    })
    .partial()
    .strict(),
);
/** A Slack incoming webhook or a generic webhook: http(s) only. */
const channelUrl = once(() =>
  z
    .url({ protocol: /^https?$/, error: 'a channel URL is an http(s) URL' })
    .max(2048)
    .nullable()
    .optional(),
);
/**
 * One alert rule: `failure-rate` needs the share (0–1, exclusive) of attempted records failed
 * above which it fires; `idle` the count K of scheduled runs in a row that sent nothing.
 */
const alertRule = once(() =>
  z
    .object({
      sync: ref(),
      kind: z.enum(ALERT_KINDS),
      threshold: z.number().min(0).max(1000).nullable().optional(),
      slack: channelUrl(),
      webhook: channelUrl(),
    })
    .strict()
    .superRefine((rule, issues) => {
      const t = rule.threshold ?? null;
      if (rule.kind === 'failure-rate' && (t === null || t <= 0 || t >= 1))
        issues.addIssue({
          code: 'custom',
          path: ['threshold'],
          message:
            'a failure-rate alert needs a threshold between 0 and 1 (0.1 = 10% of records failed)',
        });
      if (rule.kind === 'idle' && (t === null || !Number.isInteger(t) || t < 1))
        issues.addIssue({
          code: 'custom',
          path: ['threshold'],
          message: 'an idle alert needs a whole number of scheduled runs (at least 1)',
        });
      if ((rule.kind === 'failure' || rule.kind === 'plan-usage') && t !== null)
        issues.addIssue({
          code: 'custom',
          path: ['threshold'],
          message: `a ${rule.kind} alert takes no threshold`,
        });
    }),
);
const syncFields = once(() => ({
  model: ref(),
  destination: ref(),
  mode: syncMode().default('upsert'),
  schedule: z.string().trim().min(1).max(128).nullable().optional(),
  maxRecords: z.int().min(1).max(150_000_000).optional(),
  mapping: mapping().nullable().optional(),
  ops: syncOps().optional(),
}));

export const contract = {
  'app.info': call<AppInfo>()(empty),

  'warehouses.list': call<WarehouseSummary[]>()(empty),
  'warehouses.kinds': call<WarehouseKindInfo[]>()(empty),
  'warehouses.add': call<WarehouseSummary>()(warehouseAdd),
  /** The saved settings for an edit form (secrets masked). */
  'warehouses.settings': call<WarehouseSettings>()(() => z.object({ warehouse: ref() }).strict()),
  'warehouses.update': call<WarehouseUpdate>()(() =>
    z
      .object({
        ...warehouseEdit(),
        name: name().optional(),
        settings: warehouseEdit().settings.optional(),
      })
      .strict(),
  ),
  /** Whether an edit would move state (syncs start fresh), before it is saved; connects nowhere. */
  'warehouses.updateImpact': call<{ startsFresh: WarehouseStateMove | null }>()(() =>
    z.object({ ...warehouseEdit(), settings: warehouseEdit().settings.optional() }).strict(),
  ),
  /** Tests an edit before it is saved: the stored config with the edit applied. */
  'warehouses.checkUpdate': call<{ ok: true; tookMs: number }>()(() =>
    z.object({ ...warehouseEdit(), settings: warehouseEdit().settings.optional() }).strict(),
  ),
  'warehouses.remove': call<{ removed: string }>()(() => z.object({ warehouse: ref() }).strict()),
  'warehouses.test': call<{ ok: true; tookMs: number }>()(() =>
    z.object({ warehouse: ref() }).strict(),
  ),
  /** Tests a connection before it is saved (the form's "Test connection"). */
  'warehouses.check': call<{ ok: true; tookMs: number }>()(() => warehouseLocation({})),
  'warehouses.tables': call<WarehouseTables>()(() => z.object({ warehouse: ref() }).strict()),

  'models.list': call<ModelSummary[]>()(empty),
  'models.add': call<ModelSummary>()(() => z.object({ name: name(), ...modelFields() }).strict()),
  'models.update': call<ModelSummary>()(() =>
    z
      .object({
        model: ref(),
        name: name().optional(),
        warehouse: ref().optional(),
        sql: modelFields().sql.optional(),
        idColumn: modelFields().idColumn.optional(),
        timestampColumn: modelFields().timestampColumn,
        description: modelFields().description,
      })
      .strict(),
  ),
  'models.remove': call<{ removed: string }>()(() => z.object({ model: ref() }).strict()),
  /** Checks a draft (saved or not) against every limit; the editor shows the problems inline. */
  'models.check': call<ModelCheck>()(draftModel),
  /** Whether a column of a draft is a usable id: its rows, distinct values and nulls. */
  'models.uniqueness': call<{ rows: number; distinct: number; nulls: number }>()(() =>
    draftModel()
      .extend({ column: z.string().min(1).max(191) })
      .strict(),
  ),
  /** Runs a draft and answers its first rows. */
  'models.run': call<ModelRows>()(() =>
    draftModel()
      .extend({ limit: z.int().min(1).max(1000).default(100) })
      .strict(),
  ),

  /** Models as files (CLI.md `project export|import DIR`): DIR/ebb.yml + DIR/models/*.sql. */
  'project.export': call<ProjectResult>()(() =>
    z.object({ dir: z.string().min(1).max(4096) }).strict(),
  ),
  'project.import': call<ProjectResult>()(() =>
    z.object({ dir: z.string().min(1).max(4096) }).strict(),
  ),
  /** The project folder last imported or exported (null: none). */
  'project.get': call<{ dir: string | null }>()(empty),
  /** A file-backed model's file as it is on disk now (for the conflict view; null: gone). */
  'models.fileText': call<{ text: string | null }>()(() => z.object({ model: ref() }).strict()),
  /** Ends a conflict between a model and its file: keep the file's version or the app's. */
  'models.resolveConflict': call<ModelSummary>()(() =>
    z.object({ model: ref(), keep: z.enum(['file', 'app']) }).strict(),
  ),
  /** dbt's target/manifest.json → models selecting from each model's relation (CLI.md). */
  'dbt.import': call<DbtImport>()(() =>
    z.object({ manifest: z.string().min(1).max(4096), warehouse: ref() }).strict(),
  ),

  'destinations.list': call<DestinationSummary[]>()(empty),
  /** The destination types and their settings (label, required, secret, default per key). */
  'destinations.types': call<DestinationTypeInfo[]>()(empty),
  'destinations.add': call<DestinationSummary>()(() =>
    z.object({ name: name(), config: destinationConfig() }).strict(),
  ),
  /** Edits in place: omitted settings (and blank secrets) keep their stored value. */
  'destinations.update': call<DestinationSummary>()(() =>
    z
      .object({ destination: ref(), name: name().optional(), settings: settingsPatch().optional() })
      .strict(),
  ),
  /** Tests a saved destination with edits applied, before saving them (the edit form). */
  'destinations.checkUpdate': call<{ ok: true; tookMs: number }>()(() =>
    z.object({ destination: ref(), settings: settingsPatch().optional() }).strict(),
  ),
  'destinations.remove': call<{ removed: string }>()(() =>
    z.object({ destination: ref() }).strict(),
  ),
  /** Tests a destination before it is saved (the form's "Test connection"). */
  'destinations.check': call<{ ok: true; tookMs: number }>()(() =>
    z.object({ config: destinationConfig() }).strict(),
  ),
  /**
   * Makes a file destination's missing folder (and parents), owner-only, answering it absolute:
   * the form's "Create folder" after a test found none.
   */
  'destinations.createFolder': call<{ path: string }>()(() =>
    z.object({ path: z.string().min(1).max(4096) }).strict(),
  ),
  'destinations.test': call<{ ok: true; tookMs: number }>()(() =>
    z.object({ destination: ref() }).strict(),
  ),
  /** The service's own fields for the target side of a mapping (null: it cannot list them). */
  'destinations.fields': call<DestinationFields>()(() => z.object({ destination: ref() }).strict()),

  'syncs.list': call<SyncSummary[]>()(empty),
  'syncs.add': call<SyncSummary>()(() =>
    z
      .object({
        name: name(),
        ...syncFields(),
        /** Created with its schedule paused: nothing runs by itself until it is resumed. */
        paused: z.boolean().optional(),
      })
      .strict(),
  ),
  'syncs.update': call<SyncSummary>()(() =>
    z
      .object({
        sync: ref(),
        name: name().optional(),
        model: ref().optional(),
        destination: ref().optional(),
        mode: syncMode().optional(),
        schedule: syncFields().schedule,
        maxRecords: syncFields().maxRecords,
        mapping: syncFields().mapping,
        ops: syncFields().ops,
      })
      .strict(),
  ),
  'syncs.remove': call<{ removed: string }>()(() => z.object({ sync: ref() }).strict()),
  /** The diff without sending anything or changing state. */
  'syncs.preview': call<Preview>()(() =>
    z.object({ sync: ref(), limit: z.int().min(0).max(500).default(20) }).strict(),
  ),
  /**
   * One record exactly as the destination would receive it (the requests its send would make,
   * credentials masked): the next change the sync sends, else the model's first row. Nothing is
   * sent or saved.
   */
  'syncs.testRecord': call<TestRecord>()(() =>
    /** `mapping`: an unsaved mapping to show instead of the sync's (the edit form's). */
    z.object({ sync: ref(), mapping: mapping().nullable().optional() }).strict(),
  ),
  /** Runs now; answers when the run ends (progress arrives as run.progress events). */
  'syncs.run': call<RunSummary>()(() => z.object({ sync: ref() }).strict()),
  'syncs.cancel': call<{ cancelled: boolean }>()(() => z.object({ sync: ref() }).strict()),
  /** Forgets the sync's state: the next run sends every record as new. */
  'syncs.reset': call<{ reset: string }>()(() => z.object({ sync: ref() }).strict()),
  /** No scheduled runs until resumed (a manual run still works). */
  'syncs.pause': call<SyncSummary>()(() => z.object({ sync: ref() }).strict()),
  /** Scheduled runs again, from the next slot after now. */
  'syncs.resume': call<SyncSummary>()(() => z.object({ sync: ref() }).strict()),

  /** Records the retry policy parked, with their last error; and how many are still retried. */
  'syncs.quarantine': call<Quarantine>()(() => z.object({ sync: ref() }).strict()),
  /**
   * Sends parked records again: all, the ids given, or those whose last error contains `error`.
   * They leave quarantine (counted afresh) and the sync runs now.
   */
  'syncs.replay': call<{ replayed: number; run: RunSummary }>()(() =>
    z
      .object({
        sync: ref(),
        ids: z.array(z.string().min(1).max(4096)).max(100_000).optional(),
        error: z.string().min(1).max(1000).optional(),
      })
      .strict(),
  ),
  /** A sync's alert rules (channel URLs masked); every sync's when `sync` is left out. */
  'alerts.rules': call<AlertRule[]>()(() => z.object({ sync: ref().optional() }).strict()),
  'alerts.add': call<AlertRule>()(alertRule),
  'alerts.remove': call<{ removed: string }>()(() => z.object({ rule: ref() }).strict()),
  /** Alerts raised, newest first, with how each delivery went; every sync's without `sync`. */
  'alerts.history': call<AlertRecord[]>()(() =>
    z.object({ sync: ref().optional(), limit: z.int().min(1).max(1000).default(50) }).strict(),
  ),
  /** Sends a test alert through a rule's channels now (recorded in the history as `test`). */
  'alerts.test': call<AlertRecord>()(() => z.object({ rule: ref() }).strict()),
  'runs.list': call<RunSummary[]>()(() =>
    z.object({ sync: ref(), limit: z.int().min(1).max(1000).default(50) }).strict(),
  ),
  'runs.errors': call<{ errors: RunError[] }>()(() =>
    z.object({ runId: z.string().min(1).max(64) }).strict(),
  ),
  /** A sample of what the run delivered (its first records, with ids), as the destination got them. */
  'runs.sent': call<{ records: SentRecord[]; sampleLimit: number }>()(() =>
    z.object({ runId: z.string().min(1).max(64) }).strict(),
  ),

  /** The billing cycle's usage (CLI.md's Usage JSON plus the view's breakdowns); any past cycle by its start. */
  'usage.get': call<UsageReport>()(() =>
    z.object({ cycleStart: z.string().min(10).max(40).optional() }).strict(),
  ),
  'usage.cycles': call<CycleSummary[]>()(empty),
  'plan.get': call<Plan & { limit: number }>()(empty),
  'plan.set': call<Plan & { limit: number }>()(() =>
    z
      .object({
        plan: z.enum(PLAN_NAMES),
        mtus: z.int().min(0).max(1e12).optional(),
        apiCalls: z.int().min(0).max(1e15).optional(),
        limit: z.int().min(0).max(1e15).optional(),
        cycleDay: z.int().min(1).max(28).optional(),
        timeZone: z.string().min(1).max(64).optional(),
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

export type { ApiEvent, ApiEvents, EventName } from '../events.js';

export const callNames = Object.keys(contract) as CallName[];
