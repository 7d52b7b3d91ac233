import { describe, expect, it } from "vitest";
import { Coalescer, type Settled } from "../../src/server/batching/group-commit.js";

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe("Coalescer", () => {
  it("writes a lone item at once, in a batch of one", async () => {
    const batches: number[][] = [];
    const coalescer = new Coalescer<number, number>(
      async (items) => {
        batches.push([...items]);
        return items.map((item) => ({ ok: true, value: item * 2 }));
      },
      { maxBatch: 10 },
    );
    expect(await coalescer.submit(21)).toBe(42);
    expect(batches).toEqual([[21]]);
  });

  it("carries the items that arrive during a write in the next batch, in arrival order", async () => {
    const batches: number[][] = [];
    const gate = deferred();
    const coalescer = new Coalescer<number, number>(
      async (items) => {
        batches.push([...items]);
        if (batches.length === 1) await gate.promise;
        return items.map((item) => ({ ok: true, value: item }));
      },
      { maxBatch: 3 },
    );
    const first = coalescer.submit(0);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [1, 2, 3, 4, 5].map((item) => coalescer.submit(item));
    expect(coalescer.waiting).toBe(5);
    gate.release();
    expect(await Promise.all([first, ...rest])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it("settles each item with its own result or error", async () => {
    const coalescer = new Coalescer<number, number>(
      async (items) =>
        items.map(
          (item): Settled<number> =>
            item % 2 === 0 ? { ok: true, value: item } : { ok: false, error: new Error(`odd ${item}`) },
        ),
      { maxBatch: 10 },
    );
    const results = await Promise.allSettled([1, 2, 3].map((item) => coalescer.submit(item)));
    expect(
      results.map((result) =>
        result.status === "fulfilled" ? result.value : (result.reason as Error).message,
      ),
    ).toEqual(["odd 1", 2, "odd 3"]);
  });

  it("rejects every item of a batch whose write throws, and goes on with the next batch", async () => {
    let calls = 0;
    const coalescer = new Coalescer<number, number>(
      async (items) => {
        calls++;
        if (calls === 1) throw new Error("connection lost");
        return items.map((item) => ({ ok: true, value: item }));
      },
      { maxBatch: 10 },
    );
    const failed = await Promise.allSettled([coalescer.submit(1), coalescer.submit(2)]);
    expect(failed.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(await coalescer.submit(3)).toBe(3);
  });

  it("runs at most `concurrency` writes at once", async () => {
    let running = 0;
    let most = 0;
    const coalescer = new Coalescer<number, number>(
      async (items) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return items.map((item) => ({ ok: true, value: item }));
      },
      { maxBatch: 2, concurrency: 2 },
    );
    const values = await Promise.all(Array.from({ length: 20 }, (_, item) => coalescer.submit(item)));
    expect(values).toEqual(Array.from({ length: 20 }, (_, item) => item));
    expect(most).toBe(2);
  });
});
