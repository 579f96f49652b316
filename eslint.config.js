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

/**
 * The layers, by top-level folder of src/ (each folder's README says the same): doors use
 * services and the domain; services use the domain, the store, adapters and the kit; the store and
 * adapters serve services and never call them; the kit is small, shared and depends on nothing of
 * Verity's but the domain.
 */
const ZONES = {
  doors: { forbidden: ['store'], why: 'A door reaches data through a service, never the store.' },
  services: { forbidden: ['doors'], why: 'Services never reach back into a door.' },
  store: { forbidden: ['doors', 'services', 'adapters'], why: 'The store holds data: it calls no service, adapter or door.' },
  adapters: { forbidden: ['doors', 'services', 'store'], why: 'An adapter talks to the outside world for the services; it calls no service, door or store.' },
  kit: { forbidden: ['doors', 'services', 'store', 'adapters'], why: 'The kit is shared by every layer, so it depends on none of them.' },
};

/**
 * Files under src/<folder> may not import from the named top-level folders of src/ (by relative
 * path or the #src alias). Top-level folder names are unique, so a path segment is enough.
 */
function zone(folder, forbidden, message) {
  const names = forbidden.join('|');
  const patterns = [{ regex: `^(\\.\\./)+(${names})/|^#src/(${names})/`, message }];
  if (folder !== 'store' && folder !== 'kit') patterns.push(SHARED_ONLY_FROM_THE_STORE);
  return {
    files: [`src/${folder}/**/*.ts`],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns }],
    },
  };
}

/** Shared values are made by the store's read cache alone (src/kit/shared.ts). */
const SHARED_ONLY_FROM_THE_STORE = {
  regex: '(^|/)kit/shared\\.js$',
  importNames: ['shareCached'],
  message: "Only the store's read cache makes shared values; derive views of them with sharedView.",
};

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
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
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
