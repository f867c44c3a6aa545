import tseslint from 'typescript-eslint';
import { ebbRules } from './eslint.rules.js';

const forbiddenInCore = ['electron', 'react', 'react-dom', 'monaco-editor'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'e2e/artifacts/**'] },
  ...tseslint.configs.recommended,
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
            message: 'core/ is shell-free: no UI or Electron imports.',
          })),
          patterns: [
            {
              group: ['electron/*', 'react/*', 'react-dom/*', 'monaco-editor/*', '@tanstack/*'],
              message: 'core/ is shell-free: no UI or Electron imports.',
            },
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'core/ never imports from the hosts or the renderer.',
            },
          ],
        },
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
              message: 'The renderer imports only types from core/ (use `import type`).',
            },
          ],
        },
      ],
    },
  },
);
