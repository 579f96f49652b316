// The HTTP requests the driver makes itself, outside of the load: the sandbox tenant's access
// token and one check request per route.
import fs from 'node:fs';
import path from 'node:path';
import { BenchError } from './servers.mjs';

/** The sandbox tenant Verity writes into its data directory on its first start. */
export function readSandboxCredentials(dir) {
  const file = path.join(dir, 'sandbox-credentials.json');
  let credentials;
  try {
    credentials = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BenchError(`Could not read ${file}: ${error.message}`);
  }
  if (typeof credentials.id !== 'string' || typeof credentials.key !== 'string' || typeof credentials.secret !== 'string') {
    throw new BenchError(`${file} has no tenant id, key and secret.`);
  }
  return credentials;
}

export async function accessToken(baseUrl, { key, secret }) {
  const response = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const text = await response.text();
  if (response.status !== 200) throw new BenchError(`POST /token answered ${response.status}: ${text}`);
  const token = JSON.parse(text).access_token;
  if (typeof token !== 'string') throw new BenchError(`POST /token answered without an access_token: ${text}`);
  return token;
}

/** One request before the load, so a broken route fails in a second, with its answer shown. */
export async function preflight(server, baseUrl, route, token, context) {
  const { path: requestPath, body } = requestOf(route, context);
  const response = await fetch(`${baseUrl}${requestPath}`, { method: route.method, headers: route.headers(token), body });
  const text = await response.text();
  if (response.status !== route.expectStatus) {
    throw new BenchError(`${route.name} on ${server.name} answered ${response.status}, expected ${route.expectStatus}: ${text.slice(0, 500)}`);
  }
}

/** The path and body of one request of the route: fixed, or made for this request. */
export function requestOf(route, context) {
  return {
    path: typeof route.path === 'function' ? route.path(context) : route.path,
    body: typeof route.body === 'function' ? route.body(context) : route.body,
  };
}
