import { expect, test } from 'vitest';
import { prettyJson } from './prettyJson';

test('indents JSON keeping every token exactly as sent', () => {
  const sent =
    '{"attributes":[{"score":0.0,"big":12345678901234567890,"s":"a, {b}: \\"c\\""}],"e":[],"o":{}}';
  expect(prettyJson(sent)).toBe(
    [
      '{',
      '  "attributes": [',
      '    {',
      '      "score": 0.0,',
      '      "big": 12345678901234567890,',
      '      "s": "a, {b}: \\"c\\""',
      '    }',
      '  ],',
      '  "e": [],',
      '  "o": {}',
      '}',
    ].join('\n'),
  );
  // Read back, it is the same document.
  expect(JSON.parse(prettyJson(sent))).toEqual(JSON.parse(sent));
});

test('leaves text that is not JSON as it is', () => {
  expect(prettyJson('Ebb_Id__c,LastName\n7,"Doe, Jr"\n')).toBe('Ebb_Id__c,LastName\n7,"Doe, Jr"\n');
});
