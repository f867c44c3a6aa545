import { expect, test } from 'vitest';
import { isAllowedExternalUrl } from './externalLinks.js';

test('opens http(s) links to the allow-listed hosts only', () => {
  for (const url of [
    'https://github.com/',
    'https://github.com/ebb/ebb/issues?q=x#y',
    'http://duckdb.org/docs',
    'https://www.postgresql.org/docs/current/',
    'HTTPS://GITHUB.COM/upper/case',
  ])
    expect(isAllowedExternalUrl(url), url).toBe(true);
});

test('refuses other schemes, look-alike hosts, credentials tricks and garbage', () => {
  for (const url of [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ftp://github.com/',
    'ssh://github.com/',
    'mailto:someone@github.com',
    'https://evil.example/',
    'https://github.com.evil.example/',
    'https://evilgithub.com/',
    'https://api.github.com/',
    'https://postgresql.org/',
    'https://github.com@evil.example/',
    'https://evil.example/github.com',
    'https://evil.example/?u=https://github.com/',
    'https://xn--github-9ya.com/',
    '//github.com/',
    'github.com',
    '',
    'not a url',
  ])
    expect(isAllowedExternalUrl(url), url).toBe(false);
});
