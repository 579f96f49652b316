import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../compose.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';

export const queueRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app) => {
  app.get('/queue', async (request, reply) =>
    sendPage(request, reply, { title: 'Review queue', section: 'queue', body: html`<p class="muted">Coming soon.</p>` }),
  );
};
