import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../compose.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';

export const customerRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app) => {
  app.get('/customers', async (request, reply) =>
    sendPage(request, reply, { title: 'Customers', section: 'customers', body: html`<p class="muted">Coming soon.</p>` }),
  );
};
