import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';

// Runs in a worker thread (see sqlite-checkpointer.ts): checkpoints the WAL now and then.
const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const database = new SqliteDatabase(file);
database.pragma('busy_timeout = 5000');

const timer = setInterval(() => {
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next round tries again.
  }
}, intervalMs);

parentPort?.on('close', () => {
  clearInterval(timer);
  database.close();
});
