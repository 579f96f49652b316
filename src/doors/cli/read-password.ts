import { createInterface } from 'node:readline';

/** The password: a line typed at a prompt, or everything piped to stdin (one trailing newline dropped). */
export async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const answer = await new Promise<string>((resolve) => rl.question('Password: ', resolve));
    rl.close();
    return answer;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
