/**
 * Group commit inside the server: requests that arrive while a batch is being written wait for
 * the next batch, which then carries all of them in one transaction. A lone request goes at once
 * (no timer, no added latency); under load one commit (one fsync, one lock of a shared row) serves
 * many requests. Each request still gets its own result or error.
 */
export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface CoalescerOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches written at the same time (each on its own connection). */
  concurrency?: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export class Coalescer<I, O> {
  readonly #queue: Waiting<I, O>[] = [];
  readonly #maxBatch: number;
  readonly #concurrency: number;
  #running = 0;
  #scheduled = false;

  /**
   * `write` settles every item of a batch, in the order given. When it throws, every item of the
   * batch gets that error.
   */
  constructor(
    private readonly write: (items: readonly I[]) => Promise<readonly Settled<O>[]>,
    options: CoalescerOptions,
  ) {
    this.#maxBatch = Math.max(1, options.maxBatch);
    this.#concurrency = Math.max(1, options.concurrency ?? 1);
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  /** Items waiting for a batch (for tests and metrics). */
  get waiting(): number {
    return this.#queue.length;
  }

  #schedule() {
    if (this.#scheduled || this.#running >= this.#concurrency || this.#queue.length === 0) return;
    this.#scheduled = true;
    // Let the requests parsed in the same turn of the event loop join this batch.
    setImmediate(() => {
      this.#scheduled = false;
      this.#startBatch();
    });
  }

  #startBatch() {
    if (this.#running >= this.#concurrency || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#maxBatch);
    this.#running++;
    void this.#run(batch).finally(() => {
      this.#running--;
      this.#schedule();
    });
    this.#schedule();
  }

  async #run(batch: Waiting<I, O>[]) {
    let settled: readonly Settled<O>[];
    try {
      settled = await this.write(batch.map((waiting) => waiting.item));
      if (settled.length !== batch.length) {
        throw new Error(`coalescer: ${settled.length} results for ${batch.length} items`);
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => {
      const result = settled[index] as Settled<O>;
      if (result.ok) waiting.resolve(result.value);
      else waiting.reject(result.error);
    });
  }
}
