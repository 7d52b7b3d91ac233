// GET /metrics in Prometheus's text format: HTTP requests by route pattern and status, spends and
// credits spent, invoices issued, renewals, scheduler lag, outbox gauges, pool use, process
// metrics; behind METRICS_TOKEN when it is set (issue 17).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueWork } from "../../src/server/jobs/run-due-work.js";
import { registerOutboxProbe } from "../../src/server/metrics.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

const metricsToken = "metrics-token-0123456789abcdef";

/** Prometheus text exposition → sample name with its labels (as written) → value. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(match[1] as string, Number(match[2]));
  }
  return samples;
}

describe.each(dialects)("GET /metrics on %s", (dialect) => {
  let app: TestApp;

  const scrape = async () => {
    const response = await fetch(`${app.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(await response.text());
  };

  beforeAll(async () => {
    app = await startTestApp(dialect, { env: { METRICS_TOKEN: metricsToken }, now: "2026-01-01T00:00:00Z" });
  });
  afterAll(async () => app?.close());

  it("refuses a scrape without the token, and with a wrong one", async () => {
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  });

  it("counts requests by route pattern and status, spends, credits, invoices and renewals", async () => {
    const before = await scrape();
    const { adminKey: apiKey } = await provision(app);
    const spend = (eventId: string, credits: number) =>
      app.request("POST", "/api/v1/credits/spend", {
        token: apiKey,
        body: { eventId, feature: "call_analysis", credits, occurredAt: "2026-01-01T00:00:00Z" },
      });
    expect((await spend("m-1", 7)).status).toBe(200);
    expect((await spend("m-2", 5)).status).toBe(200);
    expect((await spend("m-1", 7)).body.duplicate).toBe(true);
    expect(
      (await app.request("GET", "/api/v1/change-requests/00000000-0000-0000-0000-000000000000")).status,
    ).toBe(401);
    // A month on: the scheduler's due work renews (with an invoice).
    app.clock.set(new Date("2026-02-01T00:00:00Z"));
    expect((await runDueWork(app.deps, app.clock.now())).renewals).toBe(1);

    const after = await scrape();
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(delta("billing_credit_spends_total")).toBe(2);
    expect(delta("billing_credits_spent_total")).toBe(12);
    expect(delta("billing_renewals_total")).toBe(1);
    expect(after.get("billing_invoices_issued")).toBeGreaterThanOrEqual(2);
    expect(delta("billing_invoices_issued")).toBe(2);
    expect(
      delta(
        'http_request_duration_seconds_count{method="POST",route="/api/v1/credits/spend",status_code="200"}',
      ),
    ).toBe(3);
    // A histogram: cumulative buckets up to +Inf, which counts every request, and the sum.
    const spendSeries = 'method="POST",route="/api/v1/credits/spend",status_code="200"';
    expect(delta(`http_request_duration_seconds_bucket{${spendSeries},le="+Inf"}`)).toBe(3);
    expect(delta(`http_request_duration_seconds_bucket{${spendSeries},le="10"}`)).toBe(3);
    expect(delta(`http_request_duration_seconds_sum{${spendSeries}}`)).toBeGreaterThan(0);
    // The pattern, never the id in the URL.
    expect(
      delta(
        'http_request_duration_seconds_count{method="GET",route="/api/v1/change-requests/:id",status_code="401"}',
      ),
    ).toBe(1);
    expect([...after.keys()].some((name) => name.includes("00000000-0000"))).toBe(false);
  });

  it("reports scheduler lag, outboxes, the pool and the process", async () => {
    await provision(app, { name: "Lagging", admin: { email: "lag@acme.test", name: "Lag" } });
    registerOutboxProbe("test", async () => ({ depth: 3, oldestAgeSeconds: 42 }));
    let samples = await scrape();
    expect(samples.get("billing_scheduler_lag_seconds")).toBe(0);
    expect(samples.get('billing_outbox_depth{outbox="test"}')).toBe(3);
    expect(samples.get('billing_outbox_oldest_age_seconds{outbox="test"}')).toBe(42);
    expect(samples.get('billing_db_pool_connections{state="in_use"}')).toBeGreaterThanOrEqual(0);
    expect(samples.get("billing_db_pool_max")).toBe(dialect === "postgres" ? 20 : 1);
    expect(samples.get("process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(samples.has("nodejs_eventloop_lag_seconds")).toBe(true);

    // The clock moves without running due work: the cycles that ended wait, and the lag says so.
    app.clock.set(new Date("2026-03-01T01:00:00Z"));
    samples = await scrape();
    expect(samples.get("billing_scheduler_lag_seconds")).toBeGreaterThanOrEqual(3600);
  });
});
