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
    files: ['__tests__/**/*.ts'],
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
    },
  },
);
