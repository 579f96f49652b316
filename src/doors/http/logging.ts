import pino, { type DestinationStream, type Logger } from 'pino';
import { AccessLog, STDOUT_BATCHING } from './access-log.js';

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

export interface Loggers {
  /** The application log, with redaction; writes each line at once. */
  readonly logger: Logger;
  /** The access log, or undefined when the level is above info. */
  readonly access: AccessLog | undefined;
}

/** Both logs write JSON lines to stdout unless a destination is given. */
export function createLoggers(level: string, destination?: DestinationStream): Loggers {
  const logger = pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, path: loggedPath(req.url) }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  if (!logger.isLevelEnabled('info')) return { logger, access: undefined };
  // A given destination (tests, embedding) sees each access line at once; stdout gets them in batches.
  return { logger, access: destination ? new AccessLog(destination, { chars: 0, maxDelayMs: 0 }) : new AccessLog(undefined, STDOUT_BATCHING) };
}

/** The URL without its query string, which can carry personal data (e.g. ?email=). */
export function pathOnly(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Delos sends its refresh token in the path: never written to a log. Matched on the path as the
 * router could read it (percent-escapes decoded, any case, repeated slashes) and not only as sent,
 * so `/v2/auth/%72efresh/…` or a mistyped `/V2/AUTH/REFRESH%2F…` is redacted too.
 */
const REFRESH_TOKEN_PATH = /^\/+v2\/+auth\/+refresh/i;
const REDACTED_REFRESH_PATH = '/v2/auth/refresh/[redacted]';

/** The path as logged: no query string, no credentials. */
export function loggedPath(url: string): string {
  const path = pathOnly(url);
  const readable = path.includes('%') ? decodedLeniently(path) : path;
  return REFRESH_TOKEN_PATH.test(readable) ? REDACTED_REFRESH_PATH : path;
}

/** Each `%xx` as the character it stands for; unlike decodeURIComponent, never throws on a stray `%`. */
function decodedLeniently(path: string): string {
  return path.replace(/%([0-9a-f]{2})/gi, (_escape, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
