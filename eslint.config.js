// ESLint (flat config): typescript-eslint's recommended rules over src/, test/ and bench/, plus the
// habit ARCHITECTURE.md asks to lint: nothing writes to the terminal behind Ink's back.
// Run by `npm test` (test/lint/eslint.test.ts); `npm run lint` gives the same report.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'schema/', '.test-build/', 'node_modules/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `const { gone, ...rest } = o` drops a key on purpose; `_x` marks an unused parameter.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // React: hooks called in order, effects that name what they read (the plugin's React Compiler
    // rules are not used: nothing here is compiled by it). Only where React is.
    files: ['src/ui/**/*.{ts,tsx}', 'test/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    // Effects and memos name everything they read. A screen that re-reads a service when a
    // trigger changes (a store revision, the screen becoming active) says so with useReadEffect,
    // whose deps are checked like an effect's.
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useReadEffect$' }],
    },
  },
  {
    // Tests and benchmarks read what a terminal received: escape sequences and control bytes in
    // their patterns are the point. Screen tests match column-aligned text: two spaces in a
    // pattern are the two spaces on screen.
    files: ['test/**', 'bench/**'],
    rules: { 'no-regex-spaces': 'off', 'no-control-regex': 'off' },
  },
  {
    // While Ink runs it owns the terminal: a console.* or a direct stdout/stderr write lands in
    // the middle of a frame (ARCHITECTURE.md habit 7). Only the mount and the one exit path
    // (which writes after Ink has unmounted) and the standalone tools touch the streams.
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['src/ui/start-ui.tsx', 'src/ui/terminal.ts', 'src/ui/tools/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'stdout', message: 'Ink owns stdout while the console runs: render it, or write through the TerminalSurface (ui/paint).' },
        { object: 'process', property: 'stderr', message: 'Ink owns the terminal while the console runs: show the message on screen (session.note), not on stderr.' },
      ],
    },
  },
);
