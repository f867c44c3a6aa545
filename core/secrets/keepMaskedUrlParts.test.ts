import { expect, test } from 'vitest';
import { keepMaskedUrlParts } from './keepMaskedUrlParts.js';
import { maskUrl } from './mask.js';

const stored = 'postgres://ann:s3cr%40t@db.example:5432/shop?sslmode=require&password=x';

test('a URL edited from its masked form keeps the stored password and query values', () => {
  const edited = maskUrl(stored).replace('db.example', 'db2.example');
  expect(edited).toContain('****');
  expect(keepMaskedUrlParts(edited, stored)).toBe(
    'postgres://ann:s3cr%40t@db2.example:5432/shop?sslmode=require&password=x',
  );
});

test('a password typed again replaces the stored one', () => {
  expect(keepMaskedUrlParts('postgres://ann:new@db.example/shop', stored)).toBe(
    'postgres://ann:new@db.example/shop',
  );
});

test("the mask never stands for another user's password", () => {
  expect(keepMaskedUrlParts('postgres://bob:****@db.example/shop', stored)).toBe(
    'postgres://bob@db.example/shop',
  );
});
