import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { EncryptedFsBlobStore } from './encrypted-fs-blob-store.js';
import { isTempFileName, tempFileName, writerIsGone } from './temp-files.js';

const ID = '01234567-89ab-7def-8123-456789abcdef';

/** The pid of a child process that has exited (free now, unless the system reused it already). */
async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

test('a temp file names its host and process; only a gone writer of this host is told apart', async () => {
  const ours = tempFileName(ID);
  assert.ok(isTempFileName(ours));
  assert.match(ours, new RegExp(`^\\.${ID}\\.[0-9a-f]{8}\\.${process.pid}\\.tmp$`));
  const host = ours.split('.')[2] as string;
  assert.equal(writerIsGone(ours), true, 'this pid at start: an earlier process had it');
  assert.equal(writerIsGone(`.${ID}.${host}.${process.ppid}.tmp`), false, 'a live process');
  assert.equal(writerIsGone(`.${ID}.${host}.${await exitedPid()}.tmp`), true, 'an exited process');
  assert.equal(writerIsGone(`.${ID}.${host === 'ffffffff' ? '00000000' : 'ffffffff'}.${await exitedPid()}.tmp`), false, 'another host');
  assert.equal(writerIsGone('.old.1234.tmp'), false, 'an older name');
});

test("at start a dead writer's temp files go whatever their age; a put in progress and other hosts' fresh files stay", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-blobs-crashed-'));
  try {
    const store = new EncryptedFsBlobStore(dir, Buffer.alloc(32, 4));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('first half');
      await gate;
      yield Buffer.from('second half');
    }
    const writing = store.put(slow(), { maxBytes: 1024 });
    let inProgress: string | undefined;
    for (let i = 0; i < 200 && inProgress === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      inProgress = (await readdir(dir, { recursive: true })).find((name) => name.endsWith('.tmp'));
    }
    assert.ok(inProgress, 'the put in progress has its temp file');
    const host = path.basename(inProgress).split('.')[2] as string;
    const folder = path.join(dir, path.dirname(inProgress));
    const dead = await exitedPid();
    const crashed = path.join(folder, `.${ID}.${host}.${dead}.tmp`);
    const otherHost = path.join(folder, `.${ID}.${host === 'ffffffff' ? '00000000' : 'ffffffff'}.${dead}.tmp`);
    fs.writeFileSync(crashed, 'partial');
    fs.writeFileSync(otherHost, 'partial');

    assert.equal(await store.removeStaleTempFiles(), 1);
    assert.ok(!fs.existsSync(crashed), "the dead writer's file is gone at once");
    assert.ok(fs.existsSync(otherHost), "another host's fresh file waits for its age");
    assert.ok(fs.existsSync(path.join(dir, inProgress)), 'the put in progress keeps its file');

    release();
    const stored = await writing;
    const chunks: Buffer[] = [];
    for await (const chunk of await store.get(stored.locator)) chunks.push(Buffer.from(chunk));
    assert.equal(Buffer.concat(chunks).toString(), 'first halfsecond half');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
