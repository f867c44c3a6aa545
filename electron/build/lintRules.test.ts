import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { expect, test } from 'vitest';
// @ts-expect-error: a plain-JavaScript config module without type declarations
import { ebbRules } from '../../eslint.rules.js';

function lint(dir: string, file: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd: dir });
  const filename = path.join(dir, file);
  return linter
    .verify(
      fs.readFileSync(filename, 'utf8'),
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser },
          plugins: { ebb: ebbRules },
          rules: { 'ebb/no-import-cycles': 'error' },
        },
      ],
      filename,
    )
    .map((message) => message.message);
}

test('no-import-cycles reports a file that imports itself through others, and only then', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-lint-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = b;\n");
    fs.writeFileSync(
      path.join(dir, 'b.ts'),
      "import type { C } from './c.js';\nexport const b: C = 1;\n",
    );
    fs.writeFileSync(path.join(dir, 'c.ts'), 'export type C = number;\n');
    expect(lint(dir, 'a.ts')).toEqual([]);
    fs.writeFileSync(
      path.join(dir, 'c.ts'),
      "import type { a } from './a.js';\nexport type C = typeof a;\n",
    );
    expect(lint(dir, 'a.ts')).toEqual([
      expect.stringMatching(/^Import cycle: .*a\.ts → .*b\.ts → .*c\.ts → .*a\.ts/),
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the project config refuses an import of core/api/ from a domain folder, and allows it inside core/api/', async () => {
  const { ESLint } = await import('eslint');
  const root = path.resolve(import.meta.dirname, '../..');
  const eslint = new ESLint({ cwd: root });
  const code = "import { EbbError } from '../api/errors.js';\nexport const e = EbbError;\n";
  const messages = async (file: string) =>
    (await eslint.lintText(code, { filePath: path.join(root, file) }))
      .flatMap((result) => result.messages)
      .map((message) => message.ruleId);
  expect(await messages('core/warehouse/newAdapter.ts')).toContain(
    '@typescript-eslint/no-restricted-imports',
  );
  expect(await messages('core/api/handlers/newHandler.ts')).not.toContain(
    '@typescript-eslint/no-restricted-imports',
  );
});

test('no-import-cycles follows a bare side-effect import too', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-lint-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.ts'), "import './b.js';\nexport const a = 1;\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), 'export const b = 1;\n');
    expect(lint(dir, 'a.ts')).toEqual([]);
    fs.writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a.js';\nexport const b = a;\n");
    expect(lint(dir, 'a.ts')).toEqual([
      expect.stringMatching(/^Import cycle: .*a\.ts → .*b\.ts → .*a\.ts/),
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the project config holds import() and typeof import() to the same layering as imports', async () => {
  const { ESLint } = await import('eslint');
  const root = path.resolve(import.meta.dirname, '../..');
  const eslint = new ESLint({ cwd: root });
  const problems = async (file: string, code: string) =>
    (await eslint.lintText(code, { filePath: path.join(root, file) }))
      .flatMap((result) => result.messages)
      .map((message) => message.message);
  const refused = (what: RegExp) => [expect.stringMatching(what)];
  const shellFree = /is restricted\. core\/ is shell-free/;
  const layers = /is restricted\. Only core\/api\/ and core\/createCore\.ts/;
  const typesOnly = /is restricted\. The renderer imports only types from core\//;
  const domain = 'core/warehouse/newAdapter.ts';
  for (const shell of ['electron', 'react', '@tanstack/react-query', 'monaco-editor']) {
    expect(await problems(domain, `export const m = () => import('${shell}');\n`)).toEqual(
      refused(shellFree),
    );
    expect(
      await problems('core/api/newThing.ts', `export type M = typeof import('${shell}');\n`),
    ).toEqual(refused(shellFree));
  }
  expect(
    await problems(domain, "export const m = () => import('../../electron/http/httpHost.js');\n"),
  ).toEqual(refused(/never imports from the hosts/));
  expect(await problems(domain, "export const m = () => import('../api/dispatch.js');\n")).toEqual(
    refused(layers),
  );
  expect(await problems(domain, "export type M = typeof import('../api/contract.js');\n")).toEqual(
    refused(layers),
  );
  expect(await problems(domain, "export const m = () => import('../errors.js');\n")).toEqual([]);
  expect(
    await problems(
      'core/api/handlers/newHandler.ts',
      "export const m = () => import('../dispatch.js');\n",
    ),
  ).toEqual([]);
  const view = 'renderer/src/newView.ts';
  expect(await problems(view, "export const m = () => import('../../core/errors.js');\n")).toEqual(
    refused(typesOnly),
  );
  expect(await problems(view, "export type M = typeof import('../../core/errors.js');\n")).toEqual(
    [],
  );
  expect(await problems(view, "export const m = () => import('./App.js');\n")).toEqual([]);
});
