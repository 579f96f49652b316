import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const IMPURE_PACKAGES = ['fastify', '@fastify/*', 'kysely', 'pg', 'better-sqlite3', 'sharp', 'nodemailer', 'undici', 'node:fs', 'node:fs/*', 'node:http', 'node:https', 'node:net', 'node:child_process', 'node:worker_threads'];

/**
 * One block per folder depth inside src/domain: a file N folders deep may not climb N+1 levels
 * (out of the domain), nor reach the rest of Verity through the package's #src alias.
 */
function domainBoundaries(maxDepth = 4) {
  return Array.from({ length: maxDepth }, (_, depth) => ({
    files: [`src/domain/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: IMPURE_PACKAGES, message: 'The domain is pure: no HTTP, SQL, file system or network.' },
            { regex: `^(\\.\\./){${depth + 1}}`, message: 'The domain imports nothing outside src/domain.' },
            { regex: '^#src/(?!domain/)', message: 'The domain imports nothing outside src/domain.' },
          ],
        },
      ],
    },
  }));
}

const DOORS = ['http', 'console', 'cli'];
const ADAPTER_RULE = { forbidden: [...DOORS, 'services'], why: 'An adapter serves the services; it does not call them or the doors.' };

/** The layers: doors use services and the domain; services use the domain, the store and adapters. */
const ZONES = {
  http: { forbidden: ['store'], why: 'A door reaches data through a service, never the store.' },
  console: { forbidden: ['store'], why: 'A door reaches data through a service, never the store.' },
  services: { forbidden: DOORS, why: 'Services never reach back into a door.' },
  store: { forbidden: [...DOORS, 'services'], why: 'The store holds data: it calls no service and no door.' },
  blobs: ADAPTER_RULE,
  webhooks: ADAPTER_RULE,
  notifications: ADAPTER_RULE,
  crypto: ADAPTER_RULE,
  documents: ADAPTER_RULE,
};

/**
 * Files under src/<folder> may not import from the named top-level folders of src/ (by relative
 * path or the #src alias). Top-level folder names are unique, so a path segment is enough.
 */
function zone(folder, forbidden, message) {
  const names = forbidden.join('|');
  return {
    files: [`src/${folder}/**/*.ts`],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: `^(\\.\\./)+(${names})/|^#src/(${names})/`, message }] }],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  // The domain is pure: no HTTP, SQL, file system or network, and nothing of Verity's outside
  // src/domain, at whatever depth the importing file sits.
  ...domainBoundaries(),
  // Who may import whom, by top-level folder of src/.
  ...Object.entries(ZONES).map(([folder, { forbidden, why }]) => zone(folder, forbidden, why)),
  {
    // Only the configuration module reads the environment.
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts', 'src/main.ts', 'src/**/*.test.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through loadConfig().' }] },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', 'src/**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
);
