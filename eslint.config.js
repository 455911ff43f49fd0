// ESLint flat config: typescript-eslint's strict and stylistic type-checked rules for every
// TypeScript file, eslint-plugin-jest for the tests. Prettier owns layout (`npm run format`).
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      '.conformance/',
      '.local-cloud/',
      '**/*.generated.ts',
      'src/profile/profile-validator.generated.ts',
    ],
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.ts'],
    extends: [
      js.configs.recommended,
      tseslint.configs.strictTypeChecked,
      tseslint.configs.stylisticTypeChecked,
    ],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Counts, ports, status codes and limits read naturally in messages; `${n}` is unambiguous.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Array<{ … }> reads better than { … }[] for object and union types; T[] for simple ones.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // `{}` is an unknown JSON value minus null/undefined (what `raw.x ?? ''` leaves); treat it
      // as the rule treats `unknown` by default, and keep its default ignored names.
      '@typescript-eslint/no-base-to-string': [
        'error',
        { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', '{}'] },
      ],
      // A leading underscore marks a binding kept on purpose (omitted by destructuring, unused arg).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // `value || fallback` on strings is deliberate: an empty input or env var means "not set".
      '@typescript-eslint/prefer-nullish-coalescing': [
        'error',
        { ignorePrimitives: { string: true } },
      ],
      // Without noUncheckedIndexedAccess the types claim every `list[0]` and `record[key]` exists,
      // so this rule flags each correct check of a lookup; enable it with that compiler option.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Its fix turns `x as T` into `x!`, which strictTypeChecked's no-non-null-assertion forbids.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      // `() => f()` callbacks and `return send(res, …)` in void request handlers are idioms here.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
    },
  },
  {
    // The action's tests, the local cloud package's tests and its test helpers (the runner
    // emulation and Jest helpers that were __tests__/harness before the package existed).
    files: [
      '__tests__/**/*.ts',
      'local-cloud/__tests__/**/*.ts',
      'local-cloud/testing/**/*.ts',
      'local-cloud/runner/**/*.ts',
    ],
    extends: [jest.configs['flat/recommended'], jest.configs['flat/style']],
    rules: {
      // A test's `!` on a value it just made is an assertion: if wrong, the test fails at once.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests read raw Graph/GitHub JSON bodies (`any`, as on the wire) and check them with expect;
      // a wrong guess about the shape fails the test, so typing every body would add nothing.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fake fetch functions String() their input: the code under test passes a string or a URL.
      '@typescript-eslint/no-base-to-string': [
        'error',
        { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', '{}', 'Request'] },
      ],
      // Helpers named expect… (expectGolden, expectRecovered, …) call expect themselves.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*'] }],
      // Table tests name each case with `it(c.name, …)`; TypeScript already checks it is a string.
      'jest/valid-title': ['error', { ignoreTypeOfTestName: true }],
      // Fakes implement async ports with `async` methods so a throw becomes a rejection, as in the
      // real implementations, even when they have nothing to await.
      '@typescript-eslint/require-await': 'off',
      // Table and property tests branch on the case's expected outcome (accepted or rejected) and
      // assert each branch; splitting every table in two would duplicate the cases.
      'jest/no-conditional-expect': 'off',
    },
  },
);
