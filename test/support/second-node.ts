import { compose, type Verity } from '../../src/compose.js';
import { buildApp } from '../../src/doors/http/app.js';
import { freePort, type TestApp } from './test-app.js';

export interface SecondNode {
  readonly verity: Verity;
  /** Base URL of this node's server (real HTTP). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Another Verity server on the same database, master key and clock as `t`: what a second
 * process of a several-node deployment sees. Its caches are its own.
 */
export async function startSecondNode(t: TestApp): Promise<SecondNode> {
  const verity = compose(t.verity.config, { clock: t.clock });
  const app = await buildApp(verity);
  const port = await freePort();
  await app.listen({ host: '127.0.0.1', port });
  return {
    verity,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await verity.close();
    },
  };
}
