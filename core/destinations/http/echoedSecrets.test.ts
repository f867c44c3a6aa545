import { expect, test } from 'vitest';
import { redact } from '../../secrets/mask.js';
import { scrubSecrets, webhookSecrets } from './redact.js';

/** A secret with the characters URLs and JSON spell differently: quote, slash, &, @, space. */
const SECRET = 'Sup3r"S3c/ret&Pw@ x';

test('a secret echoed percent-encoded (the refused URL) or JSON-escaped (headers as JSON) is scrubbed', () => {
  const url = new URL(`https://hooks.example/in?api_key=${encodeURIComponent(SECRET)}`);
  const secrets = webhookSecrets(url, { 'X-Api-Key': SECRET });
  const echoes = [
    `refused ${url.pathname}${url.search}`,
    `refused /in?api_key=${new URLSearchParams({ k: SECRET }).toString().slice(2)}`,
    `{"error":${JSON.stringify({ headers: { 'x-api-key': SECRET } })}}`,
  ];
  for (const echo of echoes) {
    const scrubbed = scrubSecrets(echo, secrets);
    expect(scrubbed).toContain('***');
    expect(scrubbed).not.toContain('S3c');
  }
});

test("a URL's user info is scrubbed as typed, percent-encoded and as the Basic credential Node sends", () => {
  const url = new URL(`http://bob:${encodeURIComponent(SECRET)}@hooks.example/in`);
  const basic = Buffer.from(`bob:${SECRET}`).toString('base64');
  const secrets = webhookSecrets(url, {});
  const echo = `target ${url.toString()} auth=Basic ${basic} pw=${SECRET}`;
  const scrubbed = scrubSecrets(echo, secrets);
  expect(scrubbed).not.toContain('S3c');
  expect(scrubbed).not.toContain(basic);
});

test('redact (alert deliveries) masks the encoded forms too', () => {
  const text = `HTTP 404: no hook /services/${encodeURIComponent(SECRET)} (${JSON.stringify(SECRET)})`;
  expect(redact(text, [SECRET])).not.toContain('S3c');
});
