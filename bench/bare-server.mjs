// The baseline for `npm run bench`: a bare Fastify 5 server with no plugins, no hooks and no
// logging. Verity's numbers are reported as a percentage of what this server does on the
// same machine in the same run, which cancels most of the machine's own speed and noise.
//
//   PORT=3001 node bench/bare-server.mjs
import fastify from 'fastify';

const port = Number(process.env.PORT ?? 3001);
const app = fastify({ logger: false });

app.get('/hello', async () => ({ hello: 'world' }));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

await app.listen({ port, host: '127.0.0.1' });
console.log('ready');
