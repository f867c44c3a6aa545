import { expect, test } from 'vitest';
import { constantProblem, constantRows, constantsOf, type ConstantRow } from './constantRows';

const row = (target: string, type: ConstantRow['type'], value = ''): ConstantRow => ({
  target,
  type,
  value,
});

test('a number constant that is not a number, or is empty, is refused rather than sent as null or 0', () => {
  expect(constantProblem(row('source', 'number', 'not a number'))).toMatch(/is not a number/);
  expect(constantProblem(row('source', 'number', ''))).toMatch(/Type a number/);
  expect(constantProblem(row('source', 'number', ' 3.5 '))).toBeNull();
  expect(constantsOf([row('source', 'number', ' 3.5 ')])).toEqual([
    { target: 'source', value: 3.5 },
  ]);
});

test('a value with no field name is refused; a row never touched is left out', () => {
  expect(constantProblem(row('', 'text', 'crm'))).toMatch(/Name the destination field/);
  expect(constantProblem(row('', 'true'))).toMatch(/Name the destination field/);
  expect(constantProblem(row('', 'text'))).toBeNull();
  expect(constantsOf([row('', 'text'), row(' plan ', 'text', 'pro')])).toEqual([
    { target: 'plan', value: 'pro' },
  ]);
});

test('saved constants come back as the rows they were typed as', () => {
  const saved = [
    { target: 'a', value: 'x' },
    { target: 'b', value: 2 },
    { target: 'c', value: false },
    { target: 'd', value: null },
  ];
  expect(constantsOf(constantRows(saved))).toEqual(saved);
});
