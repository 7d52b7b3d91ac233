// The SDK's own behaviour, against a fake fetch: idempotency keys per call, retries of a 503
// outcome_unknown with the same key only, typed errors carrying the API's code.
import { BillingApiError, createBillingClient } from "@wiseparts/billing-sdk";
import { describe, expect, it } from "vitest";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const applied = {
  subscription: { seats: 5 },
  invoice: null,
};

function fakeServer(answers: Response[]) {
  const requests: { method: string; url: string; key: string | null; auth: string | null; body: string }[] =
    [];
  const fetch = async (request: Request) => {
    requests.push({
      method: request.method,
      url: request.url,
      key: request.headers.get("idempotency-key"),
      auth: request.headers.get("authorization"),
      body: await request.text(),
    });
    const answer = answers.shift();
    if (!answer) throw new Error("no more answers");
    return answer;
  };
  return { fetch, requests };
}

const client = (fetch: (request: Request) => Promise<Response>, maxRetries = 3) =>
  createBillingClient({
    baseUrl: "http://billing.test/",
    apiKey: "wpk_test",
    fetch,
    maxRetries,
    retryDelay: () => 0,
  });

describe("the billing SDK client", () => {
  it("sends the API key and a new Idempotency-Key with each mutation, none with a read", async () => {
    const server = fakeServer([json(200, applied), json(200, applied), json(200, { seats: 5 })]);
    const billing = client(server.fetch);
    await billing.subscription.apply({ seatsDelta: 1 });
    await billing.subscription.apply({ seatsDelta: 1 });
    await billing.subscription.get();
    expect(server.requests.map((request) => request.url)).toEqual([
      "http://billing.test/api/v1/subscription/changes",
      "http://billing.test/api/v1/subscription/changes",
      "http://billing.test/api/v1/subscription",
    ]);
    expect(server.requests.every((request) => request.auth === "Bearer wpk_test")).toBe(true);
    const [first, second, read] = server.requests;
    expect(first?.key).toMatch(/^[\x21-\x7e]{1,255}$/);
    expect(second?.key).toMatch(/^[\x21-\x7e]{1,255}$/);
    expect(first?.key).not.toBe(second?.key);
    expect(read?.key).toBeNull();
  });

  it("uses the caller's Idempotency-Key when one is given", async () => {
    const server = fakeServer([json(200, applied)]);
    await client(server.fetch).subscription.apply({ seatsDelta: 1 }, { idempotencyKey: "my-key-1" });
    expect(server.requests[0]?.key).toBe("my-key-1");
  });

  it("retries a 503 outcome_unknown with the same key and body, and answers the retry's result", async () => {
    const unknown = { error: { code: "outcome_unknown", message: "Retry with the same key." } };
    const server = fakeServer([json(503, unknown), json(503, unknown), json(200, applied)]);
    const result = await client(server.fetch).subscription.apply({ seatsDelta: 2 });
    expect(result.subscription.seats).toBe(5);
    expect(server.requests).toHaveLength(3);
    expect(new Set(server.requests.map((request) => request.key)).size).toBe(1);
    expect(new Set(server.requests.map((request) => request.body))).toEqual(new Set(['{"seatsDelta":2}']));
  });

  it("gives up after maxRetries with the error's code and the key to retry with later", async () => {
    const unknown = { error: { code: "outcome_unknown", message: "Retry with the same key." } };
    const server = fakeServer([json(503, unknown), json(503, unknown)]);
    const error = await client(server.fetch, 1)
      .subscription.apply({ seatsDelta: 2 }, { idempotencyKey: "later-key" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BillingApiError);
    expect(error).toMatchObject({ status: 503, code: "outcome_unknown", idempotencyKey: "later-key" });
    expect(server.requests).toHaveLength(2);
  });

  it("does not retry any other 503, nor a 5xx, 409 or 402", async () => {
    for (const [status, code] of [
      [503, "not_ready"],
      [500, "internal_error"],
      [409, "conflict"],
      [402, "insufficient_credits"],
    ] as const) {
      const server = fakeServer([json(status, { error: { code, message: "no", field: "credits" } })]);
      const error = await client(server.fetch)
        .credits.spend({ eventId: "e1", feature: "f", credits: 1, occurredAt: "2026-06-01T00:00:00Z" })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: "BillingApiError", status, code, field: "credits" });
      expect(server.requests).toHaveLength(1);
    }
  });

  it("turns an unreachable server into network_error", async () => {
    const error = await client(async () => {
      throw new TypeError("fetch failed");
    })
      .me()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, code: "network_error" });
  });
});
