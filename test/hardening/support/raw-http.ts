import http from 'node:http';
import net from 'node:net';

export interface RawRequest {
  readonly method: string;
  /** Sent exactly as given (already encoded): no normalisation of dots, slashes or escapes. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

/**
 * One request over a fresh connection with node:http, which (unlike fetch) sends the path as it is,
 * so ids like `..` or invalid escapes reach the server. A server that answers before it has read
 * the whole body (a 413) still counts as an answer.
 */
export function rawRequest(base: string, request: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    let answered = false;
    // A request left unanswered is a finding, not a test that never ends.
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    // Node frames a GET or DELETE body only when told its length.
    const headers = request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)), ...request.headers } : request.headers;
    const req = http.request({ host: hostname, port, method: request.method, path: request.path, headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    req.on('error', (error) => {
      if (answered) return;
      clearTimeout(timer);
      reject(error);
    });
    if (request.body !== undefined) req.end(request.body);
    else req.end();
  });
}

/**
 * Bytes written straight to a socket, for requests node:http will not send (a Content-Length that
 * promises more than arrives, header blocks over the limit); resolves with the answer's status line
 * and body, or the empty string when the server closed without answering.
 */
export function rawSocket(base: string, bytes: string | Buffer, waitMs = 5_000): Promise<RawResponse | undefined> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponse(Buffer.concat(chunks).toString('utf8')));
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      const parsed = parseResponse(text);
      if (parsed && Buffer.byteLength(parsed.text) >= Number(parsed.headers['content-length'] ?? Infinity)) finish();
    });
    socket.on('end', finish);
    socket.on('error', finish);
    socket.write(bytes);
  });
}

function parseResponse(text: string): RawResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: http.IncomingHttpHeaders = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine?.split(' ')[1]), headers, text: text.slice(end + 4) };
}

/**
 * Percent-encodes every code unit of a string, lone surrogates included (as the three bytes
 * WTF-8 gives them, which no UTF-8 decoder accepts), so any JS string can travel in a URL.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(text[i] as string);
    }
  }
  return out;
}
