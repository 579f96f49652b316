import type { FastifyServerOptions } from 'fastify';

/**
 * Paths pino blanks out wherever they appear in a log record: credentials, tokens and personal
 * data. Verity also never logs request bodies or query strings (they may hold emails or SSNs).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.authorization',
  '*.password',
  '*.pass',
  '*.secret',
  '*.client_secret',
  '*.access_token',
  '*.token',
  '*.ssn',
  '*.dateOfBirth',
  '*.dob',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // Path only: query strings can carry personal data (e.g. ?email=).
      req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?', 1)[0] }),
    },
  };
}
