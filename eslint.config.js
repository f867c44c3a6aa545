import tseslint from 'typescript-eslint';
import { ebbRules } from './eslint.rules.js';

const forbiddenInCore = ['electron', 'react', 'react-dom', 'monaco-editor'];
const SHELL_FREE = 'core/ is shell-free: no UI or Electron imports.';
const NO_HOSTS = 'core/ never imports from the hosts or the renderer.';
const LAYERS =
  'Only core/api/ and core/createCore.ts may import from core/api/: move what you need below it (core/errors.ts, core/types.ts, core/events.ts, a domain types.ts).';
const RENDERER_TYPES_ONLY = 'The renderer imports only types from core/ (use `import type`).';
// The same rules for `import('…')` and `typeof import('…')` (ebb/no-restricted-dynamic-imports).
const shellFreeDynamic = [
  { regex: '^(electron|react|react-dom|monaco-editor)(/|$)|^@tanstack/', message: SHELL_FREE },
  { regex: '^\\.{1,2}/(.*/)?(electron|renderer)/', message: NO_HOSTS },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'e2e/artifacts/**'] },
  ...tseslint.configs.recommended,
  // CommonJS files (the `ebb` bin and what it loads at start) import with require().
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['core/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { ebb: ebbRules },
    rules: { 'ebb/no-import-cycles': 'error' },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenInCore.map((name) => ({
            name,
            message: SHELL_FREE,
          })),
          patterns: [
            {
              group: ['electron/*', 'react/*', 'react-dom/*', 'monaco-editor/*', '@tanstack/*'],
              message: SHELL_FREE,
            },
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: NO_HOSTS,
            },
          ],
        },
      ],
      'ebb/no-restricted-dynamic-imports': ['error', ...shellFreeDynamic],
    },
  },
  {
    // Layers only point down: the domains never import the API layer above them (DESIGN.md).
    files: ['core/**/*.ts'],
    // Tests and test fixtures drive the engine through its API, so they sit above it.
    ignores: ['core/api/**', 'core/createCore.ts', 'core/testing/**', 'core/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/*', './api/*'],
              message: LAYERS,
            },
          ],
        },
      ],
      // These files match the shell-free block above too; a rule's options here replace its.
      'ebb/no-restricted-dynamic-imports': [
        'error',
        ...shellFreeDynamic,
        { regex: '^\\.{1,2}/(.*/)?api/', message: LAYERS },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '../core', '../../core'],
              allowTypeImports: true,
              message: RENDERER_TYPES_ONLY,
            },
          ],
        },
      ],
      'ebb/no-restricted-dynamic-imports': [
        'error',
        { regex: '^\\.{1,2}/(.*/)?core(/|$)', message: RENDERER_TYPES_ONLY, allowTypes: true },
      ],
    },
  },
);
