import { expect, test } from 'vitest';
import { changeJson, RecordTextChange } from './changeJson.js';

test('a change carrying its record text writes the same JSON as one carrying the object', () => {
  const text = '{"id":1,"price":1.5,"s":"a\\"b\\n","j":{"k":[1,null]}}';
  const raw = new RecordTextChange('new', '1', text);
  const plain = {
    op: 'new' as const,
    id: '1',
    record: JSON.parse(text) as Record<string, unknown>,
  };
  expect(JSON.parse(changeJson(raw))).toEqual(JSON.parse(changeJson(plain)));
  expect(changeJson(raw)).toBe(`{"op":"new","id":"1","record":${text}}`);
  // Anything that stringifies the change itself sees op, id and record, never the text twice.
  expect(JSON.parse(JSON.stringify(raw))).toEqual(plain);
  expect(raw.record).toEqual(plain.record);
});
