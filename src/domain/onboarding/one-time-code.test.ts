import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CodeState, CODE_TTL_MS, judgeCode, MAX_WRONG_TRIES, RESEND_COOLDOWN_MS, resendWaitSeconds } from './one-time-code.js';

const SENT = new Date('2026-11-21T12:00:00.000Z');
const at = (ms: number) => new Date(SENT.getTime() + ms);
const code: CodeState = { destination: 'a@example.com', codeHash: 'h', wrongTries: 0, sentAt: SENT.toISOString(), expiresAt: at(CODE_TTL_MS).toISOString() };
const equal = (a: string, b: string) => a === b;

test('the right code within ten minutes confirms; at ten minutes it has expired', () => {
  assert.deepEqual(judgeCode(code, 'h', at(CODE_TTL_MS - 1), equal), { outcome: 'confirmed' });
  assert.deepEqual(judgeCode(code, 'h', at(CODE_TTL_MS), equal), { outcome: 'expired' });
});

test('a wrong code says how many tries are left; after five the code is locked', () => {
  assert.deepEqual(judgeCode(code, 'x', SENT, equal), { outcome: 'wrong', triesLeft: MAX_WRONG_TRIES - 1 });
  assert.deepEqual(judgeCode({ ...code, wrongTries: MAX_WRONG_TRIES - 1 }, 'x', SENT, equal), { outcome: 'wrong', triesLeft: 0 });
  assert.deepEqual(judgeCode({ ...code, wrongTries: MAX_WRONG_TRIES }, 'h', SENT, equal), { outcome: 'locked' });
});

test('no code, or a used one, confirms nothing', () => {
  assert.deepEqual(judgeCode(undefined, 'h', SENT, equal), { outcome: 'none' });
  assert.deepEqual(judgeCode({ ...code, usedAt: SENT.toISOString() }, 'h', SENT, equal), { outcome: 'used' });
});

test('another code may be sent a minute after the last one, or at once when there is none in force', () => {
  assert.equal(resendWaitSeconds(undefined, SENT), 0);
  assert.equal(resendWaitSeconds(code, SENT), RESEND_COOLDOWN_MS / 1000);
  assert.equal(resendWaitSeconds(code, at(59_001)), 1);
  assert.equal(resendWaitSeconds(code, at(RESEND_COOLDOWN_MS)), 0);
  assert.equal(resendWaitSeconds({ ...code, usedAt: SENT.toISOString() }, SENT), 0);
});
