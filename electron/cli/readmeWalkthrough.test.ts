import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { homePerTest, runCaptured } from './testing/cliHarness.js';

const home = homePerTest();

/** The words of one shell line as sh would split them (plain, '…' and "…" words; no expansions). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    words.push(match[1] ?? match[2] ?? match[3]!);
  }
  return words;
}

/** The `npx ebb …` lines of the README's command-line section, without their comments. */
function readmeCliLines(): string[] {
  const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The `ebb` command line'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split('\n')
    .filter((line) => line.startsWith('npx ebb '))
    .map((line) => line.replace(/\s+#\s.*$/, ''));
}

test("the README's command-line walkthrough runs as written, to a sync that delivers", async () => {
  const dir = home();
  const out = path.join(dir, 'out');
  const answers: { line: string; code: number; stdout: string; stderr: string }[] = [];
  for (const line of readmeCliLines()) {
    const words = shellWords(line.replaceAll('/tmp/h', dir).replaceAll('/tmp/out', out)).slice(2);
    // Long-running until Ctrl+C: not part of a walkthrough a test can wait for.
    if (words.includes('scheduler') || words.includes('serve')) continue;
    answers.push({ line, ...(await runCaptured(words)) });
  }
  expect(answers.length).toBeGreaterThan(10);
  expect(answers.filter((a) => a.code !== 0).map((a) => `${a.line}\n${a.stderr}`)).toEqual([]);
  expect(answers.filter((a) => /problem/.test(a.stdout)).map((a) => a.line)).toEqual([]);
  const run = answers.find((a) => a.line.includes('sync run'))!;
  expect(JSON.parse(run.stdout)).toMatchObject({ status: 'succeeded' });
  expect(JSON.parse(run.stdout).delivered).toBeGreaterThan(0);
});
