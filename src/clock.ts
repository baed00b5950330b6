/** The injectable clock: every recency, tenure and expiry figure is computed against `now()`. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `at` (the demo store's as-of date, or a test's). */
export function fixedClock(at: Date): Clock {
  const t = at.getTime();
  return { now: () => new Date(t) };
}
