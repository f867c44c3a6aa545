import { expect, test } from 'vitest';
import { lineAndColumn, singleQuery, splitStatements } from './modelSql.js';

test('one query passes, trailing semicolons and comments are fine', () => {
  expect(singleQuery('select 1;  \n')).toBe('select 1');
  expect(singleQuery('-- hi\nWITH a AS (select 1) select * from a;;')).toBe(
    '-- hi\nWITH a AS (select 1) select * from a',
  );
  expect(singleQuery('select \';\' as x, "a;b" from t /* ; */')).toContain('/* ; */');
  expect(singleQuery('select $$;$$ as x')).toBe('select $$;$$ as x');
  expect(singleQuery('from users')).toBe('from users');
});

test('anything else is NOT_A_QUERY, before it reaches a warehouse', () => {
  for (const sql of [
    'DROP TABLE users',
    'select 1; drop table users',
    '/* select */ delete from users',
    'insert into t select 1',
    '',
    '  ;  ',
  ]) {
    expect(() => singleQuery(sql), sql).toThrow(expect.objectContaining({ code: 'NOT_A_QUERY' }));
  }
  expect(splitStatements("select 'it''s; fine'; select 2")).toHaveLength(2);
});

test('offsets become 1-based lines and columns', () => {
  expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  expect(lineAndColumn('ab', 0)).toEqual({ line: 1, column: 1 });
});

test('E-strings and dollar quotes only where they really start', () => {
  expect(splitStatements("select 'a' else'\\' end; drop table t")).toHaveLength(2);
  expect(splitStatements("select E'\\'; x' as v")).toHaveLength(1);
  expect(splitStatements('select 1 as é$$; drop table t; select $$')).toHaveLength(3);
  expect(splitStatements('select $tag1$ ; $tag1$ as v')).toHaveLength(1);
});
