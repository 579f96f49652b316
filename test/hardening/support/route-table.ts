import type { RouteOptions } from 'fastify';
import type { Verity } from '../../../src/compose.js';
import { buildApp } from '../../../src/doors/http/app.js';

/** One method of one route, as Fastify registered it. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  /** `METHOD /url`, the key of the inventory. */
  readonly key: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly schema: { readonly body?: unknown; readonly querystring?: unknown; readonly params?: unknown };
  readonly bodyLimit?: number;
  /** The `:name` parameters of the path, in order. */
  readonly params: readonly string[];
}

/**
 * Every route of the server: the app is built once more on the same services with a hook that
 * records each route as it registers (the routes a listening test app serves are the same).
 */
export async function routeTable(verity: Verity): Promise<RouteEntry[]> {
  const seen: RouteOptions[] = [];
  const app = await buildApp(verity, { logLevel: 'silent', onRoute: (route) => seen.push(route) });
  await app.ready();
  await app.close();
  const entries = new Map<string, RouteEntry>();
  for (const route of seen) {
    for (const method of [route.method].flat()) {
      const key = `${method} ${route.url}`;
      entries.set(key, {
        method,
        url: route.url,
        key,
        config: (route.config ?? {}) as Record<string, unknown>,
        schema: (route.schema ?? {}) as RouteEntry['schema'],
        ...(route.bodyLimit !== undefined && { bodyLimit: route.bodyLimit }),
        params: [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] as string),
      });
    }
  }
  return [...entries.values()];
}

export const isConsole = (route: { url: string }): boolean => route.url === '/console' || route.url.startsWith('/console/');
