// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((group) => ({
          group: [group],
          message: `${files[0]} must not import ${group}`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-vsix/', 'out/', 'out-*/', 'test/e2e/workspace/'] },
  js.configs.recommended,
  {
    // Build and test scripts: plain ES modules run by Node.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      curly: 'error',
      eqeqeq: 'error',
      'no-throw-literal': 'error',
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  // Layering: core is pure; server and gateway never touch VS Code; the client talks to them over LSP/processes.
  layer(['core/src/**'], ['vscode', 'vscode-languageserver', 'vscode-languageclient*', 'ws', 'node:*']),
  // core/src/node: file-system helpers shared by the two Node processes (server and gateway).
  layer(['core/src/node/**'], ['vscode', 'vscode-languageserver', 'vscode-languageclient*', 'ws']),
  layer(
    ['server/src/**'],
    ['vscode', 'vscode-languageclient*', 'ws', '**/client/src/**', '**/gateway/src/**'],
  ),
  layer(
    ['gateway/src/**'],
    ['vscode', 'vscode-languageserver*', 'vscode-languageclient*', '**/client/src/**', '**/server/src/**'],
  ),
  layer(['client/src/**'], ['**/server/src/**', '**/gateway/src/**']),
  {
    // Process entry points and test programs talk to a terminal.
    files: ['**/node/*Main.ts', 'test/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // node:test's suite/test return promises that the runner awaits.
    files: ['test/**/*.test.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
);
