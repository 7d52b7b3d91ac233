/**
 * When a failed delivery is tried again: exponential (5 s × 3^(n−1), at most 10 h) with ±20 %
 * jitter so that endpoints that failed together do not come back together (5 s, 15 s, 45 s, 2 m,
 * 7 m, 20 m, 1 h, 3 h, 9 h, 10 h …). A delivery is dead-lettered (kept, visible in the log,
 * replayable by hand) after `maxAttempts` attempts or once it has waited `deadAfterMs` (26 h),
 * whichever comes first: the waits add up to more than a day, so in practice the window ends it.
 */
export const retryPolicy = {
  baseMs: 5_000,
  factor: 3,
  capMs: 10 * 60 * 60 * 1000,
  jitter: 0.2,
  maxAttempts: 12,
  deadAfterMs: 26 * 60 * 60 * 1000,
};

export type RetryPolicy = typeof retryPolicy;

/** The wait before attempt `attempts + 1`, after `attempts` failures; `random` in [0, 1). */
export function retryDelayMs(attempts: number, random: number, policy: RetryPolicy = retryPolicy): number {
  const exponential = Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, attempts - 1));
  return Math.round(exponential * (1 - policy.jitter + 2 * policy.jitter * random));
}

/** Whether a delivery that just failed its `attempts`-th attempt is given up. */
export function isDeadLetter(
  input: { attempts: number; createdAt: Date; now: Date },
  policy: RetryPolicy = retryPolicy,
): boolean {
  return (
    input.attempts >= policy.maxAttempts ||
    input.now.getTime() - input.createdAt.getTime() >= policy.deadAfterMs
  );
}
