/**
 * A fake identity-data provider: a real HTTP server on 127.0.0.1 standing in for the credit
 * bureau or KYC vendor that in a deployment lies outside the machine (the one thing the tests
 * cannot run for real). It speaks the wire contract of VERITY_IDENTITY_PROVIDER_URL and can be told
 * to misbehave in each way the adapter must survive.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * How the fake answers: a well-formed result; `timeout` holds the request open without answering
 * (until stop); `5xx` answers 503; `garbage` answers 200 with text that is not JSON; `down` closes
 * the connection without answering.
 */
export type FakeBehaviour = 'match' | 'no_match' | 'review' | 'timeout' | '5xx' | 'garbage' | 'down';

export interface FakeProviderRequest {
  readonly headers: http.IncomingHttpHeaders;
  /** Parsed JSON, or the raw text when it was not JSON. */
  readonly body: unknown;
  readonly at: Date;
}

export interface FakeIdentityProvider {
  readonly url: string;
  /** Every request that arrived, whatever the answer (a wrong token or `down` included). */
  readonly requests: FakeProviderRequest[];
  /** How to answer from now on ('match' until told otherwise). */
  behave(behaviour: FakeBehaviour): void;
  /** How to answer for customers with this last name, whatever `behave` says. */
  behaveFor(lastName: string, behaviour: FakeBehaviour): void;
  /** Stops listening and destroys every connection, held requests included. */
  stop(): Promise<void>;
  /** Listens again on the same port after `stop()`. */
  restart(): Promise<void>;
}

const REASONS = {
  no_match: { code: 'ssn_name_mismatch', description: 'The SSN does not belong to a person of this name.' },
  review: { code: 'dob_unconfirmed', description: 'The date of birth could not be confirmed.' },
} as const;

export async function startFakeIdentityProvider(options: { token: string }): Promise<FakeIdentityProvider> {
  const requests: FakeProviderRequest[] = [];
  const sockets = new Set<Socket>();
  const byLastName = new Map<string, FakeBehaviour>();
  let behaviour: FakeBehaviour = 'match';
  let answered = 0;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = parseJson(text);
      requests.push({ headers: request.headers, body, at: new Date() });
      const chosen = byLastName.get(lastNameIn(body) ?? '') ?? behaviour;
      if (chosen === 'down') {
        request.socket.destroy();
        return;
      }
      if (request.headers.authorization !== `Bearer ${options.token}`) {
        send(response, 401, { error: 'unauthorized' });
        return;
      }
      if (chosen === 'timeout') return; // held open until the client gives up or stop() destroys it
      if (chosen === '5xx') send(response, 503, { error: 'upstream bureau unavailable' });
      else if (chosen === 'garbage') {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html><body>Service temporarily unavailable</body></html>');
      } else {
        answered += 1;
        const reasons = chosen === 'match' ? [] : [REASONS[chosen]];
        send(response, 200, { result: chosen, reference: `prov_${answered}`, reasons });
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;
  let listening = true;

  return {
    url: `http://127.0.0.1:${port}/v1/identity-checks`,
    requests,
    behave(next) {
      behaviour = next;
    },
    behaveFor(lastName, next) {
      byLastName.set(lastName, next);
    },
    async stop() {
      if (!listening) return;
      listening = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async restart() {
      if (listening) return;
      await listen(server, port);
      listening = true;
    },
  };
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function lastNameIn(body: unknown): string | undefined {
  const customer = (body as { customer?: { lastName?: unknown } } | null)?.customer;
  return typeof customer?.lastName === 'string' ? customer.lastName : undefined;
}
