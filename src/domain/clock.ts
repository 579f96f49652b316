/** The source of "now" for everything that records or compares times; tests drive their own. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
