/**
 * The one shape every destination has. The sync engine streams changes to it in batches and
 * commits state only for the ids a batch result lists as delivered, so a destination must never
 * report an id delivered that it has not durably handed over.
 */
export type ChangeOp = 'new' | 'updated' | 'deleted';

/** One change: `record` already holds JSON-ready values (see CLI.md, "What destinations receive"). */
export interface Change {
  op: ChangeOp;
  id: string;
  record: Record<string, unknown>;
  /**
   * `record` as JSON text on one line, when the engine has it (the warehouse rendered it): a
   * destination that writes JSON uses it as is (changeJson.ts) instead of stringifying `record`.
   */
  readonly recordJson?: string;
}

/** A batch of changes as their `changeJson` texts joined by commas (a JSON array's inside). */
export interface JsonLinesBatch {
  readonly bytes: Buffer;
  /** Where each text ends in `bytes` (the comma after it, or the end): one per change. */
  readonly ends: Int32Array;
  /** The changes themselves, read from the texts (for an answer that names some of them). */
  changes(): Change[];
}

export interface FailedRecord {
  id: string;
  /** Says what the destination answered; never contains a secret (header value, password). */
  reason: string;
}

/**
 * The destination's answer, per record: every id of the batch is in exactly one of the two lists.
 * Records that failed stay different from state, so the next sync retries them.
 */
export interface BatchResult {
  delivered: string[];
  failed: FailedRecord[];
  /**
   * Ids among `failed` whose fate is unknown: sent, but no answer came back (time-out, lost
   * connection, server errors until the retries ran out). The destination may hold them, so the
   * next plan resends them whatever the fingerprints say (core/diff/README.md, "In doubt").
   */
  inDoubt?: string[];
  /**
   * Records never sent because the service could not take them (over its size limit), with the
   * reason: not attempted, so not metered; counted as `rejected` in the run summary.
   */
  rejected?: FailedRecord[];
}

export interface ColumnSpec {
  name: string;
  /** The warehouse's type name (DuckDB or PostgreSQL spelling). */
  type: string;
}

/** Where CSV rows the warehouse writes go (Destination.csvLinesTarget). */
export interface CsvLinesTarget {
  /** The header's columns after `op`, in order. */
  columns: readonly string[];
  /** Columns no new or updated change fills (the file's `__segment_id`). */
  blank: ReadonlySet<string>;
  /**
   * Appends `file` durably when it holds exactly `lines` whole one-line rows, and resolves true;
   * otherwise keeps nothing of it and resolves false (as appendJsonLinesFile).
   */
  append(file: string, lines: number): Promise<boolean>;
}

export interface RunInfo {
  runId: string;
  syncName: string;
  /** The model's columns after mapping, in order, when known (used for CSV headers and tables). */
  columns?: ColumnSpec[];
  /** The model's id column; the postgres destination keys its table by it unless configured. */
  idColumn?: string;
  /** The run's cancel and deadline: work open() may wait on (a table's lock) ends with it. */
  signal?: AbortSignal;
}

/** A registered type's name (`file`, `webhook`, `segment`…; see registry.ts). */
export type DestinationType = string;

/** One field of the destination's own schema, for the target side of a field mapping. */
export interface DestinationField {
  name: string;
  label: string;
  /** The service's type name (HubSpot's property type, Salesforce's field type). */
  type: string;
  /** The service needs a value for it (the id property, an External ID, a required field). */
  required: boolean;
  /**
   * The destination fills it with the record's id itself (HubSpot's idProperty, Salesforce's
   * External ID field): required, yet satisfied without a mapping.
   */
  fromId?: boolean;
}

/**
 * One request a destination would make for a record, as the "test record" preview shows it:
 * built by the very code that builds the real request, credentials masked, nothing sent.
 */
export interface RequestPreview {
  /** What this request does, in the service's terms ("POST /users/track", "Bulk API upload"). */
  step: string;
  /** The HTTP method, or `SQL` / `WRITE` for a database or a file. */
  method: string;
  /** The URL (credentials masked), the table or the file. */
  target: string;
  headers?: Record<string, string>;
  /** `application/json`, `text/csv`, `application/x-ndjson` or `application/sql`. */
  contentType: string;
  /** The body exactly as sent (JSON as one line, CSV with its header). */
  body: string;
}

/** What a destination would do with one record, request by request. */
export interface RecordPreview {
  requests: RequestPreview[];
  /** Set when the record would be rejected before sending (over a limit), with the reason. */
  rejected?: string;
  /** What the requests cannot show (a value the service assigns, a per-run id). */
  note?: string;
}

export interface Destination {
  readonly type: DestinationType;
  /** Records per send() call the destination prefers. */
  readonly batchSize: number;
  /** send() calls the destination accepts in flight at once. */
  readonly concurrency: number;
  /**
   * The service keeps a field a record leaves out at its old value (a profile's trait, attribute
   * or property, merged by each update). Then a field the sync sent before and the model no
   * longer gives (a column dropped or renamed, a mapping changed) goes as null until every record
   * has gone without it, so the destination does not keep it for good (core/sync/sentFields.ts).
   * Absent: each record replaces what was there (a file line, a webhook's change, a table row).
   */
  readonly keepsFieldsNotSent?: boolean;
  /** Checks reachability and rights without changing anything; throws an EbbError naming the fix. */
  testConnection(): Promise<void>;
  /** Starts one run; must be called before send(). May be called again after close(). */
  open(run: RunInfo): Promise<void>;
  /**
   * Delivers one batch and answers per record. Resolves for every destination-side failure (they
   * are listed in `failed`); rejects only when `signal` aborts (with its reason), when the service
   * refuses the credential (DestinationAuthError: the run stops) or when called outside
   * open()/close() — then no record of the batch counts as delivered or failed.
   */
  send(batch: readonly Change[], signal?: AbortSignal): Promise<BatchResult>;
  /**
   * The service's own fields where its API lists them (HubSpot properties, Salesforce describe),
   * required ones marked. Absent for types without a schema (file, webhook).
   */
  listFields?(): Promise<DestinationField[]>;
  /**
   * The requests `send` would make for this one change, built by the same code, sending nothing
   * (the "test record"). `run` stands for the run that would send it (its columns, its id).
   */
  previewRecord(change: Change, run: RunInfo): RecordPreview;
  /**
   * Present when the destination writes each change as `changeJson(change)` and a line break and
   * nothing else (the file destination's JSON Lines). It appends `file`, lines the warehouse wrote
   * for a range of changes (core/diff/exportStaged.ts), durably, when it holds exactly `lines`
   * whole one-line JSON texts, and resolves true; otherwise it keeps nothing of it and resolves
   * false (the caller sends those changes with send()).
   */
  readonly appendJsonLinesFile?: (file: string, lines: number) => Promise<boolean>;
  /**
   * Present when the destination writes each new or updated change as one CSV row (the file
   * destination's CSV): once its header is written (after open()), where rows the warehouse
   * writes for a range of changes go (core/diff/stagedCsvLine.ts), else undefined.
   */
  csvLinesTarget?(): CsvLinesTarget | undefined;
  /**
   * Present when send() posts a batch as the changes' `changeJson` texts (the webhook): sends the
   * batch whose texts the warehouse wrote (core/diff/stagedJsonLines.ts) in the very request
   * send() makes for its changes, and answers as send() would, except that a batch delivered whole
   * answers `'all'` (no id is read). Resolves and rejects as send() does.
   */
  readonly sendJsonLines?: (
    batch: JsonLinesBatch,
    signal?: AbortSignal,
  ) => Promise<BatchResult | 'all'>;
  /** Ends the run and releases files, sockets and connections. */
  close(): Promise<void>;
}
