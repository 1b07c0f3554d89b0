import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: ['.next/**', 'node_modules/**', 'lib/generated/**', '.tapestry/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Decrypted credentials are for integrations on the server only; nothing that renders or
    // answers a browser may reach them (SEC-6: secrets are never sent to the browser).
    files: ['app/**', 'components/**', 'lib/actions/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@/lib/secrets/reveal', message: 'Decrypted credentials never reach routes, pages, components or actions.' }] },
      ],
    },
  },
];

export default config;
