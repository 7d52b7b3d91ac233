/** The one source of "now". The domain core never reads time; it is handed this value. */
export interface Clock {
  now(): Date;
  readonly manual: boolean;
}

export const systemClock: Clock = { now: () => new Date(), manual: false };

/** A clock that stands still until it is set (BILLING_CLOCK=manual). */
export class ManualClock implements Clock {
  readonly manual = true;
  #now: Date;
  constructor(start: Date) {
    this.#now = start;
  }
  now(): Date {
    return new Date(this.#now.getTime());
  }
  set(instant: Date): void {
    this.#now = new Date(instant.getTime());
  }
}
