import type { FastifyReply, FastifyRequest } from 'fastify';
import { ASSET_VERSION } from './assets.js';
import { type Html, html } from './html.js';
import { type Notice, takeNotice } from './session.js';

export type Section = 'queue' | 'customers' | 'webhooks' | 'admin';

export interface PageOptions {
  readonly title: string;
  readonly body: Html;
  /** The top-level section this page belongs to, highlighted in the navigation. */
  readonly section?: Section;
  readonly status?: number;
  /** Shown above the heading, e.g. the path back to a list. */
  readonly breadcrumb?: Html;
}

/** Sends a full console page: navigation by role, the pending notice, then the page's body. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, options: PageOptions): FastifyReply {
  const notice = takeNotice(request, reply);
  return reply
    .code(options.status ?? 200)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(document(request, options, notice).text);
}

/** The hidden field every console form carries (see the guard in session.ts). */
export function csrfField(request: FastifyRequest): Html {
  return html`<input type="hidden" name="_csrf" value="${request.consoleSession?.csrfToken ?? ''}">`;
}

function document(request: FastifyRequest, options: PageOptions, notice: Notice | undefined): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Verity console</title>
<link rel="stylesheet" href="/console/assets/console.css?v=${ASSET_VERSION}">
<script src="/console/assets/console.js?v=${ASSET_VERSION}" defer></script>
</head>
<body>
${topBar(request, options.section)}
<main>
${options.breadcrumb ? html`<p class="breadcrumb">${options.breadcrumb}</p>` : ''}
${notice ? html`<p class="notice notice-${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</p>` : ''}
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>`;
}

function topBar(request: FastifyRequest, active: Section | undefined): Html {
  const operator = request.consoleSession?.operator;
  if (!operator) return html`<header class="top"><span class="brand">Verity</span></header>`;
  const link = (section: Section, href: string, label: string) =>
    html`<a href="${href}"${active === section ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<header class="top">
<a class="brand" href="/console">Verity</a>
<nav>
${link('queue', '/console/queue', 'Review queue')}
${link('customers', '/console/customers', 'Customers')}
${link('webhooks', '/console/webhooks', 'Webhooks')}
${operator.role === 'admin' ? link('admin', '/console/admin', 'Admin') : ''}
</nav>
<form class="who" method="post" action="/console/sign-out">
<span>${operator.username} <span class="role">${operator.role}</span></span>
${csrfField(request)}
<button type="submit" class="link">Sign out</button>
</form>
</header>`;
}
