import { expect, test } from 'vitest';
import { Utf8Builder } from './utf8Builder.js';

const build = (builder: Utf8Builder, pieces: readonly string[]) => {
  for (const piece of pieces) builder.append(piece);
  return builder.finish();
};

test('the same bytes as Buffer.from of the joined text, across flushes, growth and reuse', () => {
  const builder = new Utf8Builder();
  // ASCII, 2-, 3- and 4-byte characters, a lone surrogate, pieces far above the scratch's size.
  const alphabet = ['a', '"', 'é', '€', '😀', '\ud800', 'x'.repeat(9000), '中'.repeat(50_000)];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 20; round++) {
    const pieces = Array.from({ length: Math.floor(random() * 400) }, () =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
        const at = Math.floor(random() * alphabet.length);
        // The big pieces are rare, so most rounds stay small and reuse the scratch.
        return at >= 6 && random() < 0.95 ? 'y' : alphabet[at]!;
      }).join(''),
    );
    expect(build(builder, pieces).equals(Buffer.from(pieces.join('')))).toBe(true);
  }
});

test('a surrogate pair split between two pieces at a flush stays one character', () => {
  const builder = new Utf8Builder();
  const emoji = '😀';
  const pieces = ['a'.repeat(8191) + emoji[0]!, emoji[1]!, 'b'];
  const body = build(builder, pieces);
  expect(body.toString('utf8')).toBe(`${'a'.repeat(8191)}😀b`);
  expect(body.equals(Buffer.from(pieces.join('')))).toBe(true);
});

test('each finish answers its own buffer: an earlier body is not overwritten', () => {
  const builder = new Utf8Builder();
  const first = build(builder, ['{"batch":[', '1', ']}']);
  const second = build(builder, ['{"batch":[', '2', ']}']);
  expect(first.toString()).toBe('{"batch":[1]}');
  expect(second.toString()).toBe('{"batch":[2]}');
  expect(build(builder, []).length).toBe(0);
});
