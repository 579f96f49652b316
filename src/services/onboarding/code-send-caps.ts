import { keyedDigest } from '../../adapters/crypto/secrets.js';
import type { Kysely } from 'kysely';
import type { CodeCaps } from '../../config.js';
import type { Clock } from '../../domain/clock.js';
import { RateLimitedError } from '../../domain/errors.js';
import type { Channel } from '../../domain/onboarding/one-time-code.js';
import { uuidv7 } from '../../kit/ids.js';
import { codeSendTimes, type CodeSendScope, deleteCodeSend, deleteCodeSendsBefore, insertCodeSend } from '../../store/code-sends-repository.js';
import type { Database } from '../../store/database.js';

const WINDOW_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60_000;

/**
 * Daily caps on one-time codes, so that a tenant cannot use Verity to send codes to any number
 * or address at the rate its API limits allow. Each send is written to the database before it is
 * counted, and counted with every other process's: whoever counts last sees every send made
 * before, so concurrent sends may both be refused near the cap but never both go over it. A
 * refused or undelivered send is taken back and does not count.
 */
export class CodeSendCaps {
  #lastSweep = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** Keys the destination hashes: the table holds no address or number. */
    private readonly destinationKey: Buffer,
    private readonly caps: CodeCaps,
  ) {}

  /**
   * Counts a code about to be sent, or throws RateLimitedError (with the wait until the oldest
   * counted send is a day old) when a cap is reached. Returns what takes the send back when it
   * could not be delivered after all.
   */
  async admit(tenantId: string, customerId: string, channel: Channel, destination: string): Promise<() => Promise<void>> {
    const now = this.clock.now().getTime();
    const since = new Date(now - WINDOW_MS).toISOString();
    // Old sends count against nothing (every count reads since `since`): swept now and then.
    if (now - this.#lastSweep >= SWEEP_EVERY_MS) {
      this.#lastSweep = now;
      await deleteCodeSendsBefore(this.db, since);
    }
    const id = uuidv7();
    const destinationHash = this.#hash(channel, destination);
    await insertCodeSend(this.db, { id, tenantId, customerId, destinationHash, sentAt: new Date(now).toISOString() });
    const scopes: Array<[CodeSendScope, number]> = [
      [{ customerId }, this.caps.perCustomer],
      [{ tenantId, destinationHash }, this.caps.perDestination],
    ];
    let wait = 0;
    for (const [scope, cap] of scopes) {
      if (cap <= 0) continue;
      const times = await codeSendTimes(this.db, scope, since);
      // Over the cap: enough of the oldest sends must age out for this one to fit.
      if (times.length > cap) wait = Math.max(wait, secondsUntilDayOld(times[times.length - cap - 1] as string, now));
    }
    const takeBack = () => deleteCodeSend(this.db, id);
    if (wait > 0) {
      await takeBack();
      throw new RateLimitedError(wait);
    }
    return takeBack;
  }

  #hash(channel: Channel, destination: string): string {
    return keyedDigest(this.destinationKey, `${channel}:${destination.trim().toLowerCase()}`);
  }
}

function secondsUntilDayOld(sentAt: string, now: number): number {
  return Math.max(1, Math.ceil((Date.parse(sentAt) + WINDOW_MS - now) / 1000));
}
