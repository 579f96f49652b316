import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController, type RouteOptions } from 'fastify';
import type { Verity } from '../../compose.js';
import type { TrustedProxies } from '../../config.js';
import { registerContentTypes } from './content-types.js';
import { createLoggers, loggedPath } from './logging.js';
import type { DestinationStream, Logger } from 'pino';
import { LazyChildLogger } from './lazy-child-logger.js';
import { clientErrorHandler, errorsByPath, frameworkErrorHandler, notFoundHandler } from './error-routing.js';
import { refuseNulCharacters } from './text-input.js';
import { registerOpenApi } from './openapi.js';
import { serializersRememberingSharedAnswers } from './serialization.js';
import { securityHeaders, useCors } from './security-headers.js';
import { useRequestValidation } from './validation.js';
import { Problem } from '../native/schemas/common.js';
import { nativeDoor } from '../native/index.js';
import { dwollaDoor } from '../dwolla/index.js';
import { veratadDoor } from '../veratad/index.js';
import { delosDoor } from '../delos/index.js';
import { tenpayDoor } from '../tenpay/index.js';
import { consoleDoor } from '../console/index.js';
import { type Door, registerDoors } from './door.js';

export interface AppOptions {
  /** Log level; defaults to the configured LOG_LEVEL. */
  readonly logLevel?: string;
  /** Where log lines go; defaults to stdout. */
  readonly logDestination?: DestinationStream;
  /** Called for every route as it registers (tests use it to list the whole route table). */
  readonly onRoute?: (route: RouteOptions) => void;
}

/** Every door, in the order their routes register. */
export const DOORS: readonly Door[] = [nativeDoor, dwollaDoor, veratadDoor, delosDoor, tenpayDoor, consoleDoor];

/** Small JSON endpoints accept up to 1 MiB; upload routes set their own limits. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Assembles the HTTP server: every door onto the same services. Does not listen. */
export async function buildApp(verity: Verity, options: AppOptions = {}): Promise<FastifyInstance> {
  const { logger, access } = createLoggers(options.logLevel ?? verity.config.logLevel, options.logDestination);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    childLoggerFactory: (parent, bindings, childOptions) =>
      new LazyChildLogger(parent as unknown as Logger, bindings, childOptions) as unknown as FastifyBaseLogger,
    // One access-log line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdFrom,
    schemaController: { compilersFactory: { buildSerializer: serializersRememberingSharedAnswers() } },
    requestIdHeader: false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: trustProxyOption(verity.config.trustProxy),
    requestTimeout: verity.config.limits.requestTimeoutMs,
    http: {
      headersTimeout: verity.config.limits.headersTimeoutMs,
      // Node looks for overdue connections this often (30 s by default, longer than the timeouts).
      connectionsCheckingInterval: 1000,
    },
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    // Errors raised before a route is chosen answer in the shape of the door the path belongs to.
    frameworkErrors: frameworkErrorHandler(DOORS, verity.config.publicUrl, access),
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.addHook('onRoute', refuseNulCharacters);

  // One hook for what every answer carries: its request id and the security headers.
  const headersFor = securityHeaders(verity.config);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    reply.headers(headersFor(request.url));
    done();
  });
  if (access) {
    app.addHook('onClose', (_instance, done) => {
      access.close();
      done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      access.write(request.id, request.method, loggedPath(request.url), reply.statusCode, Math.round(reply.elapsedTime * 10) / 10);
      done();
    });
  }

  await useCors(app, verity.config);
  registerContentTypes(app);
  useRequestValidation(app);
  app.setErrorHandler(errorsByPath(DOORS, verity.config.publicUrl));
  app.setNotFoundHandler(notFoundHandler(app, DOORS, verity.config.publicUrl));
  app.addSchema(Problem);

  await registerOpenApi(app, verity.config);
  await registerDoors(app, DOORS, verity);
  app.server.maxConnections = verity.config.limits.maxConnections;
  return app;
}

/**
 * Fastify's own hop count trusts nothing (it cannot check the peer), so a count is a function
 * trusting that many addresses from the socket inwards; addresses go to Fastify as they are.
 */
function trustProxyOption(trusted: TrustedProxies | undefined): false | string[] | ((address: string, hop: number) => boolean) {
  if (trusted === undefined) return false;
  if ('hops' in trusted) {
    const { hops } = trusted;
    return (_address, hop) => hop < hops;
  }
  return [...trusted.addresses];
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's X-Request-Id when it is harmless in logs, so traces join up across services. */
function requestIdFrom(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}
