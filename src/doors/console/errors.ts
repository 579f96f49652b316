import { fieldDetail } from '../../domain/field-problems.js';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { logFailure } from '../native/errors.js';
import { toProblem } from '../http/problem.js';
import { html } from './html.js';
import { sendPage } from './layout.js';
import { consolePath, CsrfError, redirectWithNotice } from './session.js';

/**
 * Console errors as pages, never JSON. A form refused for its content (a missing reason, a case
 * claimed by someone else) goes back to the page it came from with the reason shown; a refused
 * permission or CSRF token, and anything on a GET, is a page with its own status.
 */
export function consoleErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const p = toProblem(error);
  logFailure(request, error, p);
  if (p.headers) reply.headers(p.headers);
  const isForm = request.method === 'POST';
  const backTo = sameOriginReferer(request);
  if (isForm && !p.internal && p.status !== 401 && p.status !== 403 && !(error instanceof CsrfError) && backTo) {
    const details = p.errors?.map((e) => fieldDetail(e)).join(' ') ?? '';
    return redirectWithNotice(request, reply, backTo, { kind: 'error', text: `${p.detail}${details ? ` ${details}` : ''}` });
  }
  const detail = p.internal ? `Something went wrong on our side. Quote request id ${request.id} when you report it.` : p.detail;
  const signIn = p.status === 401 ? html`<p><a href="/console/sign-in">Sign in</a></p>` : '';
  return sendPage(request, reply, {
    title: p.status === 403 ? 'Not allowed' : p.status === 404 ? 'Not found' : p.title,
    status: p.status,
    body: html`<div class="card"><p>${detail}</p>${signIn}<p><a href="/console">Back to the console</a></p></div>`,
  });
}

export function consoleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendPage(request, reply, {
    title: 'Not found',
    status: 404,
    body: html`<div class="card"><p>There is no console page at ${request.url}.</p><p><a href="/console">Back to the console</a></p></div>`,
  });
}

function sameOriginReferer(request: FastifyRequest): string | undefined {
  const referer = request.headers.referer;
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    if (url.host !== request.host) return undefined;
    const path = url.pathname + url.search;
    return consolePath(path, '') || undefined;
  } catch {
    return undefined;
  }
}
