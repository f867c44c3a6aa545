import type { Change, ChangeOp } from './types.js';

/** Each op's `{"op":…,"id":` (three texts, built once). */
const OP_PREFIX: Record<ChangeOp, string> = {
  new: '{"op":"new","id":',
  updated: '{"op":"updated","id":',
  deleted: '{"op":"deleted","id":',
};

/** `{"op","id","record"}` as JSON text, using the record's own text when the change has it. */
export function changeJson(change: Change): string {
  return change.recordJson === undefined
    ? JSON.stringify({ op: change.op, id: change.id, record: change.record })
    : `${OP_PREFIX[change.op]}${JSON.stringify(change.id)},"record":${change.recordJson}}`;
}

/**
 * A change carrying its record as JSON text (as the warehouse rendered it), parsed only if a
 * destination reads `record`. A first sync of millions to a file or webhook is then never
 * parsed and stringified again in Node. JSON.stringify(change) gives `{op, id, record}`.
 */
export class RecordTextChange implements Change {
  private parsed: Record<string, unknown> | undefined;
  constructor(
    readonly op: ChangeOp,
    readonly id: string,
    readonly recordJson: string,
  ) {}

  get record(): Record<string, unknown> {
    this.parsed ??= JSON.parse(this.recordJson) as Record<string, unknown>;
    return this.parsed;
  }

  toJSON(): Pick<Change, 'op' | 'id' | 'record'> {
    return { op: this.op, id: this.id, record: this.record };
  }
}
