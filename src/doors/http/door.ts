import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  preHandlerHookHandler,
} from 'fastify';
import type { Verity } from '../../compose.js';
import { bearerAuth } from './auth.js';
import { dialectJsonParser } from './content-types.js';
import { pathOnly } from './logging.js';
import { operatorAuth } from './operator-auth.js';

/** The APIs Verity speaks over HTTP; every path belongs to exactly one. */
export type DoorName = 'native' | 'dwolla' | 'veratad' | 'delos' | 'tenpay' | 'console';

export type ErrorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => FastifyReply;
export type DoorRoutes = FastifyPluginAsync<{ verity: Verity }>;

/** How a section's callers prove who they are: hooks run before each of its routes. */
export interface Authentication {
  readonly onRequest?: readonly onRequestHookHandler[];
  readonly preHandler?: readonly preHandlerHookHandler[];
}

/** Builds a section's authentication from the services (most need the authenticator). */
export type AuthenticationOf = (verity: Verity) => Authentication;

/** Public routes: no credentials asked (token endpoints, health, logins). */
export const noAuthentication: AuthenticationOf = () => ({});
/** A tenant's bearer token (auth.ts), setting `request.tenant`. */
export const tenantBearer: AuthenticationOf = (verity) => ({ onRequest: [bearerAuth(verity.authenticator)] });
/** An operator's bearer token (operator-auth.ts), setting `request.operator`. */
export const operatorBearer: AuthenticationOf = (verity) => ({ onRequest: [operatorAuth(verity.authenticator)] });
/** The credentials travel in the body and the route signs in with them (Veratad's `user`/`pass`). */
export const bodyCredentials: AuthenticationOf = noAuthentication;

/**
 * Which request bodies a door reads. `app`: the app's parsers as they are (content-types.ts).
 * `json`: the listed media types through the dialect JSON parser (an empty body, and with
 * `blankIsEmpty` a blank one, is no body), `refuse` removed so they answer 415. `forms`: nothing
 * but HTML forms, parsed by the door.
 */
export type BodyParsing =
  | { readonly kind: 'app' }
  | { readonly kind: 'json'; readonly types: readonly string[]; readonly blankIsEmpty?: boolean; readonly refuse?: readonly string[] }
  | { readonly kind: 'forms'; readonly bodyLimit: number; readonly parse: (text: string) => unknown };

/**
 * How the door's routes appear in the OpenAPI document: `own` leaves it to each route's schema
 * (the native API tags its own), `tag` lists every route under the door's tag (a provider's
 * dialect), `hidden` leaves them all out (the console's HTML pages).
 */
export type OpenApiVisibility = 'own' | 'hidden' | { readonly tag: string };

/** A part of a door sharing one authentication, under an optional further prefix. */
export interface DoorSection {
  readonly prefix?: string;
  /** The section's authentication, where the door has none for all its paths. */
  readonly auth?: AuthenticationOf;
  /** Hooks the section's routes share besides authentication (idempotency, answer headers). */
  readonly setup?: (scope: FastifyInstance, verity: Verity) => void;
  readonly routes: readonly DoorRoutes[];
}

export interface Door {
  readonly name: DoorName;
  /** The prefix the door is registered under (its own not-found scope), if any. */
  readonly prefix?: string;
  /**
   * Whether a path is the door's, so answers no route chose still come in its shape; `rest`: every
   * path no other door owns (the native API).
   */
  readonly owns: ((path: string) => boolean) | 'rest';
  readonly bodies: BodyParsing;
  /** The door's error handler (each door's errors.ts), given the public URL its links start with. */
  readonly errors: (publicUrl: string) => ErrorHandler;
  /**
   * Unrouted paths of a prefixed door: `methods` answers 404, or 405 with `Allow` when the path
   * exists for other methods, through the door's error handler; or the door's own handler.
   * Doors at the root share the app's (see error-routing.ts), which answers the same way.
   */
  readonly notFound?: 'methods' | ((request: FastifyRequest, reply: FastifyReply) => FastifyReply);
  /** `phrase`: route messages without a closing full stop, as the dialect words its errors. */
  readonly wording?: 'sentence' | 'phrase';
  /**
   * Exact paths that answer 405 for every method they have no route for, with routes of their
   * own (so the route table lists them) rather than through the not-found handler.
   */
  readonly closedPaths?: readonly string[];
  readonly openApi: OpenApiVisibility;
  /** Door-wide setup before any section (request decorations, answer headers). */
  readonly setup?: (scope: FastifyInstance, verity: Verity) => void;
  /** Authentication for every path of the door, its not-found answers included. */
  readonly auth?: AuthenticationOf;
  readonly sections: readonly DoorSection[];
}

/** Declares a door; the identity function, there for the types. */
export function door(declaration: Door): Door {
  return declaration;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A client error with a status and a message of ours, rendered by whichever door answers it. */
export function clientError(statusCode: number, message: string): FastifyError {
  return Object.assign(new Error(message), { statusCode }) as FastifyError;
}

/**
 * 404 for a path nobody serves, or 405 with `Allow` when it is served for other methods,
 * answered through the error handler of the door the path belongs to.
 */
export function answerUnrouted(app: FastifyInstance, handlerOf: (request: FastifyRequest) => { handler: ErrorHandler; door: Door }) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const { handler, door: owner } = handlerOf(request);
    const path = pathOnly(request.url);
    const allowed = METHODS.filter((method) => method !== request.method && app.findRoute({ method, url: path }) !== null);
    if (allowed.length === 0) return handler(clientError(404, `No route for ${request.method} ${path}${fullStop(owner)}`), request, reply);
    return refuseMethod(request, reply, allowed, handler, owner);
  };
}

/** 405 with `Allow`, through the door's error handler. */
function refuseMethod(request: FastifyRequest, reply: FastifyReply, allowed: readonly string[], handler: ErrorHandler, owner: Door): FastifyReply {
  reply.header('allow', allowed.join(', '));
  return handler(clientError(405, `${request.method} is not allowed here; use ${allowed.join(' or ')}${fullStop(owner)}`), request, reply);
}

function fullStop(owner: Door): string {
  return owner.wording === 'phrase' ? '' : '.';
}

/**
 * Registers the doors in order. Requests are decorated once for all of them with the caller a
 * door's authentication sets (`tenant` or `operator`).
 */
export async function registerDoors(app: FastifyInstance, doors: readonly Door[], verity: Verity): Promise<void> {
  app.decorateRequest('tenant', null);
  app.decorateRequest('operator', null);
  for (const declared of doors) {
    await app.register(async (scope) => buildDoor(scope, declared, verity), declared.prefix === undefined ? {} : { prefix: declared.prefix });
  }
}

async function buildDoor(scope: FastifyInstance, declared: Door, verity: Verity): Promise<void> {
  const { openApi } = declared;
  if (openApi === 'hidden') {
    scope.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });
  } else if (openApi !== 'own') {
    scope.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, tags: [openApi.tag] };
    });
  }
  readBodies(scope, declared.bodies);
  declared.setup?.(scope, verity);
  if (declared.auth) authenticate(scope, declared.auth(verity));
  const errors = declared.errors(verity.config.publicUrl);
  scope.setErrorHandler(errors);
  if (declared.notFound === 'methods') scope.setNotFoundHandler(answerUnrouted(scope, () => ({ handler: errors, door: declared })));
  else if (declared.notFound !== undefined) scope.setNotFoundHandler(declared.notFound);

  for (const section of declared.sections) {
    await scope.register(
      async (part) => {
        section.setup?.(part, verity);
        if (section.auth) authenticate(part, section.auth(verity));
        for (const routes of section.routes) await part.register(routes, { verity });
      },
      section.prefix === undefined ? {} : { prefix: section.prefix },
    );
  }
  for (const path of declared.closedPaths ?? []) closePath(scope, path, errors, declared);
}

function authenticate(scope: FastifyInstance, auth: Authentication): void {
  for (const hook of auth.onRequest ?? []) scope.addHook('onRequest', hook);
  for (const hook of auth.preHandler ?? []) scope.addHook('preHandler', hook);
}

/** Routes answering 405 for the methods a path has no route for. */
function closePath(scope: FastifyInstance, path: string, errors: ErrorHandler, declared: Door): void {
  const served = METHODS.filter((method) => scope.hasRoute({ method, url: path }));
  const missing = METHODS.filter((method) => !served.includes(method));
  if (missing.length === 0) return;
  scope.route({
    method: missing,
    url: path,
    // Nothing to document: these only say which method to use.
    schema: { hide: true },
    handler: async (request, reply) => refuseMethod(request, reply, served, errors, declared),
  });
}

function readBodies(scope: FastifyInstance, bodies: BodyParsing): void {
  switch (bodies.kind) {
    case 'app':
      return;
    case 'json': {
      scope.removeContentTypeParser(['application/json', ...(bodies.refuse ?? [])]);
      const parse = dialectJsonParser(scope, bodies.blankIsEmpty === true ? { blankIsEmpty: true } : {});
      scope.addContentTypeParser([...bodies.types], { parseAs: 'string' }, parse);
      return;
    }
    case 'forms':
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: bodies.bodyLimit }, (_request, body, done) => {
        done(null, bodies.parse(body as string));
      });
  }
}
