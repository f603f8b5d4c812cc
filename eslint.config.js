// Layering is enforced here: folders say where code runs, imports must agree.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnly = {
  name: 'electron',
  message: 'Only src-main/electron and src-preload may import electron; core and headless run under plain Node.',
};
const corePatterns = [
  { group: ['electron/*'], message: electronOnly.message },
  { group: ['**/electron/**', '**/headless/**'], message: 'core must not depend on a shell.' },
];
/** Core's import rule, plus one more restricted pattern where given (flat config replaces, never merges, a rule). */
const coreImportsExcept = (...extra) => ({
  'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [...corePatterns, ...extra] }],
});
/** Code that runs inside a worker process. */
const workerFiles = ['src-main/core/**/worker/**/*.ts', 'src-main/core/process/testing/testWorker.ts'];
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'worker_threads'];

export default tseslint.config(
  {
    ignores: [
      '.cache/**',
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'bench/results/**',
      'e2e/artifacts/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: coreImportsExcept(),
  },
  {
    // Host code talks to a worker only through messages (process/workerHost), never by importing it.
    files: ['src-main/core/**/*.ts'],
    ignores: [...workerFiles, '**/*.test.ts'],
    rules: coreImportsExcept({
      regex: '(^|/)worker/',
      message: 'Host code must not import worker code; send it a message.',
    }),
  },
  {
    // Worker code imports its own folder, its protocol, the shared worker runtime, lib and the contract only.
    files: workerFiles,
    ignores: ['**/*.test.ts'],
    rules: coreImportsExcept({
      regex: String.raw`^(\.\./)+(?!(\.\./)*(src-preload/contract|lib/|(process/)?worker/|(process/)?workerWire$|protocol$|executionProviders$))`,
      message:
        'Worker code must not import host code (clients, ports, services): only its protocol and shared worker code.',
    }),
  },
  {
    files: ['src-main/headless/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            { group: ['electron/*'], message: electronOnly.message },
            { group: ['**/electron/**'], message: 'headless must not depend on the Electron shell.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-preload/contract.ts', 'src-preload/contract/**/*.ts', 'src-preload/wire.ts', 'src-preload/api.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!zod$|\\./)', message: 'The contract imports only zod and its own schema files.' }] },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to main only through the bridge.' },
            ...['better-sqlite3', 'node-llama-cpp', 'onnxruntime-node', 'ws'].map((name) => ({
              name,
              message: 'Native and Node-only packages stay in main; use the bridge.',
            })),
            ...nodeBuiltins.map((name) => ({ name, message: 'No Node APIs in the renderer.' })),
          ],
          patterns: [
            { group: ['node:*'], message: 'No Node APIs in the renderer.' },
            { group: ['**/src-main/**', '@core/*'], message: 'The renderer reaches main only through the contract.' },
          ],
        },
      ],
    },
  },
  {
    // Static checks read the renderer's sources from disk in Node; they never run in the page.
    files: ['src-renderer/**/*.static.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'scripts/**/*', 'bench/**/*'],
    // Playwright fixtures must destructure their (empty) first argument.
    rules: { 'no-console': 'off', 'no-empty-pattern': 'off' },
  },
);
