import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../compose.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';

export const caseRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app) => {
  app.get('/cases/:id', async (request, reply) =>
    sendPage(request, reply, { title: 'Case', section: 'queue', body: html`<p class="muted">Coming soon.</p>` }),
  );
};
