// The client of the fault suites: a mixed load (seat changes, credit spends, change requests
// submitted and approved, test-clock moves) where every request carries an Idempotency-Key and is
// retried with the same key until the server acknowledges it. It records what was acknowledged, so
// the database can be compared with it afterwards: present exactly once, and nothing else.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Database } from "../../src/server/db/client.js";

export interface Organization {
  organizationId: string;
  key: string;
}

export interface Reply {
  status: number;
  body: any;
}

/** An answer the server gave: the request's fate is decided (2xx done, 4xx refused). */
export interface Acknowledged {
  kind: "seat_change" | "spend" | "submit" | "approve" | "clock";
  key: string;
  organizationId: string | null;
  reply: Reply;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RetryingClient {
  readonly acknowledged: Acknowledged[] = [];
  /** 5xx answers (a server bug: retried, then reported). */
  readonly serverErrors: string[] = [];
  /** Requests that got no answer (connection refused or cut) and were sent again. */
  retries = 0;
  #next = 0;

  constructor(
    private readonly urls: () => string[],
    private readonly operatorToken: string,
  ) {}

  /** Sends until an answer below 500 arrives; the same Idempotency-Key every time. */
  async send(
    kind: Acknowledged["kind"],
    request: { method: string; path: string; token: string; body: unknown; organizationId: string | null },
  ): Promise<Reply> {
    const key = randomUUID();
    for (let attempt = 0; ; attempt++) {
      const urls = this.urls();
      const url = urls[this.#next++ % urls.length];
      try {
        const response = await fetch(`${url}${request.path}`, {
          method: request.method,
          headers: {
            authorization: `Bearer ${request.token}`,
            "content-type": "application/json",
            "idempotency-key": key,
          },
          body: JSON.stringify(request.body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        if (response.status >= 500) {
          this.serverErrors.push(
            `${request.method} ${request.path} → ${response.status} ${text.slice(0, 300)}`,
          );
          await sleep(50);
          continue;
        }
        const reply = { status: response.status, body: text ? JSON.parse(text) : null };
        this.acknowledged.push({ kind, key, organizationId: request.organizationId, reply });
        return reply;
      } catch {
        // No answer: the server died or is starting. Same request, same key, a moment later.
        this.retries++;
        await sleep(Math.min(500, 25 * (attempt + 1)));
      }
    }
  }

  seatChange(organization: Organization, delta: number) {
    return this.send("seat_change", {
      method: "POST",
      path: "/api/v1/subscription/changes",
      token: organization.key,
      body: { seatsDelta: delta },
      organizationId: organization.organizationId,
    });
  }

  spend(organization: Organization, credits: number) {
    return this.send("spend", {
      method: "POST",
      path: "/api/v1/credits/spend",
      token: organization.key,
      body: {
        eventId: `evt-${randomUUID()}`,
        feature: "call_analysis",
        credits,
        occurredAt: "2026-01-01T00:00:00Z",
      },
      organizationId: organization.organizationId,
    });
  }

  /** Submits a change request and, when it is accepted, approves it (two acknowledged requests). */
  async requestAndApprove(organization: Organization, seats: number) {
    const submitted = await this.send("submit", {
      method: "POST",
      path: "/api/v1/change-requests",
      token: organization.key,
      body: { seats, additionalCreditBlocks: 0, interval: "month", note: "fault suite" },
      organizationId: organization.organizationId,
    });
    if (submitted.status !== 201) return;
    await this.send("approve", {
      method: "POST",
      path: `/api/v1/change-requests/${submitted.body.id}/approve`,
      token: organization.key,
      body: {},
      organizationId: organization.organizationId,
    });
  }

  moveClock(now: Date) {
    return this.send("clock", {
      method: "POST",
      path: "/api/v1/test-clock",
      token: this.operatorToken,
      body: { now: now.toISOString() },
      organizationId: null,
    });
  }
}

/** One worker of the mixed load: runs until `stop()` says so, finishing the request in hand. */
export async function mixedLoad(
  client: RetryingClient,
  organizations: Organization[],
  stop: () => boolean,
  random: () => number,
) {
  const seats = new Map(organizations.map((organization) => [organization.organizationId, 0]));
  while (!stop()) {
    const organization = organizations[Math.floor(random() * organizations.length)] as Organization;
    const roll = random();
    if (roll < 0.5) {
      // Each organization walks ±1 around its provisioned seats.
      const drift = seats.get(organization.organizationId) ?? 0;
      const delta = drift > 5 ? -1 : drift < -5 ? 1 : random() < 0.5 ? 1 : -1;
      const reply = await client.seatChange(organization, delta);
      if (reply.status === 200) seats.set(organization.organizationId, drift + delta);
    } else if (roll < 0.85) {
      await client.spend(organization, 1 + Math.floor(random() * 20));
    } else {
      await client.requestAndApprove(organization, 40 + Math.floor(random() * 20));
    }
  }
}

/** A small seeded generator, so a failing run can be replayed with the seed it printed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rowsOf = async (db: Database, query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;

const sorted = (values: Iterable<unknown>) => [...values].map(String).sort();

/**
 * Every acknowledged operation is in the database exactly once, and nothing else is: change
 * invoices, spends, change requests and their approvals, idempotency keys, the clock.
 */
export async function expectExactlyAcknowledged(db: Database, client: RetryingClient) {
  const ok = (kind: Acknowledged["kind"], status: number) =>
    client.acknowledged.filter((entry) => entry.kind === kind && entry.reply.status === status);

  // Seat changes and approvals each issued one change invoice.
  const changeInvoices = [
    ...ok("seat_change", 200).map((entry) => entry.reply.body.invoice?.id),
    ...ok("approve", 200).map((entry) => entry.reply.body.invoice?.id),
  ].filter(Boolean);
  expect(new Set(changeInvoices).size, "an acknowledged change was answered with another's invoice").toBe(
    changeInvoices.length,
  );
  const invoiceRows = await rowsOf(db, sql`SELECT id FROM invoices WHERE kind = 'change'`);
  expect(sorted(invoiceRows.map((row) => row.id)), "change invoices = acknowledged changes").toEqual(
    sorted(changeInvoices),
  );

  const spends = ok("spend", 200).map((entry) => entry.reply.body.eventId);
  const spendRows = await rowsOf(db, sql`SELECT event_id FROM credit_ledger WHERE kind = 'spend'`);
  expect(sorted(spendRows.map((row) => row.event_id)), "spends in the ledger = acknowledged spends").toEqual(
    sorted(spends),
  );
  for (const entry of ok("spend", 200)) expect(entry.reply.body.duplicate).toBe(false);

  const submitted = ok("submit", 201).map((entry) => entry.reply.body.id);
  const approved = ok("approve", 200).map((entry) => entry.reply.body.changeRequest.id);
  const requestRows = await rowsOf(db, sql`SELECT id, status FROM change_requests`);
  expect(sorted(requestRows.map((row) => row.id)), "change requests = acknowledged submissions").toEqual(
    sorted(submitted),
  );
  expect(
    sorted(requestRows.filter((row) => row.status === "approved").map((row) => row.id)),
    "approved requests = acknowledged approvals",
  ).toEqual(sorted(approved));

  // A refused request rolls its key back; an accepted one keeps it, once.
  const keys = client.acknowledged.filter((entry) => entry.reply.status < 300).map((entry) => entry.key);
  const keyRows = await rowsOf(db, sql`SELECT key FROM idempotency_keys`);
  expect(sorted(keyRows.map((row) => row.key)), "idempotency keys = acknowledged successes").toEqual(
    sorted(keys),
  );
}
