// @ts-check
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Layer rules: imports point inwards (see the README, "How the code is laid out").
 * Each entry forbids the layers a folder must not reach.
 */
const layer = (names) => ({
  regex: `(^|/)(${names})(/|\\.js$)`,
  message: 'imports must point inwards (README, How the code is laid out)',
});
const engines = {
  regex: '(^|/)store/(sqlite|postgres)/',
  message: 'use the store ports; only main.ts wires engines',
};
const io = {
  regex:
    '^(node:(fs|net|http|https|child_process|dgram|worker_threads)|better-sqlite3|pg|fastify|socket\\.io|ioredis)',
  message: 'core is pure: no I/O',
};
/** Nothing in src/ imports test/: test helpers and the store contract suite stay out of the server. */
const tests = { regex: '^(\\.\\./)+test/', message: 'src/ must not import from test/' };
// A later entry's options replace an earlier one's for the same files, so every entry carries `tests`.
const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, tests] }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'web/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['eslint.config.js', 'scripts/*.mjs', 'bench/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['scripts/*.mjs', 'bench/*.mjs'],
    languageOptions: {
      globals: { URL: 'readonly', process: 'readonly', console: 'readonly', performance: 'readonly' },
    },
  },
  restrict(['src/**'], []),
  // The web app: the rules of hooks, the React Compiler's rules, and accessible markup.
  { files: ['web/src/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  { files: ['web/src/**/*.tsx'], ...jsxA11y.flatConfigs.recommended },
  restrict(['src/core/**'], [{ regex: '^\\.\\./', message: 'core imports nothing outside core' }, io]),
  restrict(
    ['src/store/**', 'src/analytics/**', 'src/accounts/**'],
    [layer('ingest|live|export|ops|http|cli|main|config')],
  ),
  restrict(
    ['src/analytics/**', 'src/accounts/**', 'src/profiles/**'],
    [layer('ingest|live|export|ops|http|cli|main|config'), engines],
  ),
  restrict(
    ['src/ingest/**', 'src/live/**', 'src/export/**', 'src/ops/**'],
    [layer('http|cli|main|config'), engines],
  ),
  restrict(['src/http/**'], [layer('cli|main|config'), engines]),
  // The live event map is shared with the web app, which must neither bundle nor type-check services.
  restrict(
    ['src/live/live-events.ts'],
    [{ regex: '^\\.\\.?/(?!core/)', message: 'the web app shares this file: core types only' }],
  ),
  restrict(
    ['web/src/**'],
    [
      {
        regex: '(^|/)\\.\\./src/(?!core/|live/live-events\\.js$)',
        message: 'the web app shares only core types and the live event map',
      },
    ],
  ),
  { files: ['test/**', 'bench/**', 'scripts/**', 'src/**/*.test.ts'], rules: { 'no-console': 'off' } },
  {
    // Responses parsed in tests are `any` by nature; the assertions check their shape.
    files: ['test/**', 'src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
