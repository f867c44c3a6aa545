/**
 * The warehouse-neutral shape of a column, enough to turn its values into JSON the same way in
 * every warehouse (CLI.md "Values are JSON the same way whatever the warehouse"):
 *
 * - `int`: numbers. `bigint` (64/128-bit and unbounded integers): numbers while they are safe
 *   integers (|v| ≤ 2^53 − 1), decimal strings beyond.
 * - `float`: numbers; NaN and ±Infinity, which JSON cannot hold, as the strings "NaN",
 *   "Infinity", "-Infinity". `decimal`: numbers when the number reads back exactly (a JSON reader's
 *   nearest double prints as the same value), else strings of the exact decimal text without the
 *   scale's trailing zeros ("9007199254740993.25"); integral values beyond 2^53 − 1 are strings.
 * - `date`: "YYYY-MM-DD". `timestamp` (read as UTC) and `timestamptz`: ISO 8601 UTC,
 *   "YYYY-MM-DDTHH:MM:SS.sssZ", with six fraction digits when the microseconds are not whole
 *   milliseconds. `time`: "HH:MM:SS[.ffffff]".
 * - `binary`: base64 (no line breaks). `json`: the JSON value itself. `uuid`: lowercase text.
 * - `list`: arrays; `struct`: objects with the fields in declared order.
 * - `other` (intervals, maps of odd keys, geometry, …): the warehouse's text for the value.
 */
export type ValueType =
  | { kind: 'boolean' }
  | { kind: 'int' }
  | { kind: 'bigint' }
  /** `single`: a 4-byte float (MySQL FLOAT), whose warehouse text may be shorter than its value. */
  | { kind: 'float'; single?: true }
  /** `precision`/`scale` when the type fixes them (DECIMAL(p,s)); unconstrained numeric has none. */
  | { kind: 'decimal'; precision?: number; scale?: number }
  | { kind: 'string' }
  | { kind: 'date' }
  | { kind: 'time' }
  | { kind: 'timestamp' }
  | { kind: 'timestamptz' }
  | { kind: 'uuid' }
  | { kind: 'binary' }
  | { kind: 'json' }
  | { kind: 'list'; element: ValueType }
  | { kind: 'struct'; fields: { name: string; type: ValueType }[] }
  /** `bits`: a BIT(n) column, sent as its n binary digits ("0101") as PostgreSQL and DuckDB print it. */
  | { kind: 'other'; bits?: number };

/** A JSON value as Ebb sends it. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonRecord = { [column: string]: JsonValue };

/** The largest integer JSON consumers read exactly (Number.MAX_SAFE_INTEGER). */
export const MAX_SAFE_INTEGER_TEXT = '9007199254740991';
