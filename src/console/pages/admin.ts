import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../compose.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';

export const adminRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app) => {
  app.get('/admin', async (request, reply) =>
    sendPage(request, reply, { title: 'Admin', section: 'admin', body: html`<p class="muted">Coming soon.</p>` }),
  );
};
