// Type-aware linting for everything TypeScript checks (tsconfig.json): src/,
// test/, scripts/, bench/ and the build, the JavaScript included (checkJs).
// Formatting is Prettier's job (`prettier --check` in `npm run lint`), so no
// rule here is about layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** @typedef {{ regex: string; message: string }} Restriction */

// The architecture as import boundaries (docs in /work/shared/STYLE.md): the
// browser is reached only through src/platform/; src/core/ is pure (no
// browser, no views, no worker), so it runs in a test or in any view; views
// talk to the worker through messages and storage, never by importing it.
// Flat config replaces a rule's options for files two blocks match, so each
// block lists every restriction that applies to its folder.
/** @type {Restriction} */
const polyfill = {
  regex: '^webextension-polyfill$',
  message: 'Only src/platform/ imports webextension-polyfill: add or extend an adapter there.',
};
/** @type {Restriction} */
const layers = {
  regex: '^(\\.\\./)+(platform|background|popup|options|history|ui)(/|$)',
  message: 'src/core/ is pure: it takes data as arguments and imports nothing from the browser, the worker or the views.',
};
/** @type {Restriction} */
const preact = { regex: '^preact(/|$)', message: 'src/core/ is pure: views live in src/popup, src/options, src/history, src/ui.' };
/** @type {Restriction} */
const worker = {
  regex: '^(\\.\\./)+background(/|$)',
  message: 'Views reach the worker through messages and storage (src/platform/), never by importing it.',
};
/**
 * @param {...Restriction} restrictions
 * @returns {import('eslint').Linter.RulesRecord}
 */
const restrict = (...restrictions) => ({
  'no-restricted-imports': ['error', { patterns: restrictions.map(({ regex, message }) => ({ regex, message })) }],
});
const views = ['src/popup/**', 'src/options/**', 'src/history/**', 'src/ui/**'];

export default tseslint.config(
  { ignores: ['dist/', 'bench/.build/', 'bench/results/', 'node_modules/', 'test/e2e/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-duplicate-imports': 'error',
      // TypeScript reports undefined names in every file it checks, the JavaScript
      // included (checkJs), and knows the globals each file declares (bench/globals.d.ts);
      // typescript-eslint advises leaving this to it.
      'no-undef': 'off',
    },
  },
  { files: ['src/**'], ignores: ['src/platform/**'], rules: restrict(polyfill) },
  {
    // The extension reaches the browser through the polyfill's import, never a global
    // (bench/globals.d.ts declares `chrome` for the bench's pages, and so for src/ too).
    files: ['src/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: 'Reach the browser through src/platform/ (webextension-polyfill), not the global.' },
        { name: 'browser', message: 'Reach the browser through src/platform/ (webextension-polyfill), not the global.' },
      ],
    },
  },
  { files: ['src/core/**'], rules: restrict(polyfill, layers, preact) },
  { files: views, rules: restrict(polyfill, worker) },
  {
    // Fakes and test doubles implement the browser's async interfaces with
    // synchronous bodies on purpose: `async` keeps the real signature.
    files: ['test/**'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  prettier,
);
