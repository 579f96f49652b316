import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../compose.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';

export const webhookRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app) => {
  app.get('/webhooks', async (request, reply) =>
    sendPage(request, reply, { title: 'Webhooks', section: 'webhooks', body: html`<p class="muted">Coming soon.</p>` }),
  );
};
