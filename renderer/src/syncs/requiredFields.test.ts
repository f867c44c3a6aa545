import { expect, test } from 'vitest';
import { unmappedRequired } from './requiredFields';

const fields = [
  { name: 'Ebb_Id__c', label: 'Ebb Id', type: 'string', required: true, fromId: true },
  { name: 'LastName', label: 'Last Name', type: 'string', required: true },
  { name: 'Email', label: 'Email', type: 'email', required: false },
];

test('a required field is unmapped until a column or constant targets it; one filled from the id never is', () => {
  expect(unmappedRequired(fields, ['Email']).map((f) => f.name)).toEqual(['LastName']);
  expect(unmappedRequired(fields, ['Email', 'LastName'])).toEqual([]);
  expect(unmappedRequired(null, [])).toEqual([]);
});
