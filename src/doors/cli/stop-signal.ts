/**
 * Resolves on the first SIGINT or SIGTERM, and keeps the process running until then: a worker
 * has no listening socket, and once the database ends its idle connections nothing else would.
 */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const keepAlive = setInterval(() => {}, 2 ** 30);
    const stop = () => {
      clearInterval(keepAlive);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
