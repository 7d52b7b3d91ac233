import { and, count, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, invoices } from "../../src/server/db/schema.js";
import { createApiKey } from "../support/fixtures.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

/** Decisions on one change request racing each other: exactly one wins, whoever sends what. */
describe.each(dialects)("racing decisions on a change request, on %s", (dialect) => {
  let app: TestApp;
  let adminKey: string;
  let secondAdmin: string;
  let billingKey: string;
  let memberKey: string;
  let organizationId: string;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const org = await provision(app, {
      seats: 10,
      requireApproval: true,
      admin: { email: "race-admin@race.test", name: "Rae Admin" },
    });
    organizationId = org.organization.id;
    adminKey = org.adminKey;
    secondAdmin = (await createApiKey(app, adminKey, "admin", "second admin")).secret;
    billingKey = (await createApiKey(app, adminKey, "billing")).secret;
    memberKey = (await createApiKey(app, adminKey, "member")).secret;
  });
  afterAll(async () => {
    await app?.close();
  });

  const invoiceCount = async () =>
    Number(
      (
        await app.handle.db
          .select({ value: count() })
          .from(invoices)
          .where(eq(invoices.organizationId, organizationId))
      )[0]?.value,
    );
  const decisions = async (id: string) =>
    Number(
      (
        await app.handle.db
          .select({ value: count() })
          .from(auditEvents)
          .where(
            and(
              eq(auditEvents.entityId, id),
              like(auditEvents.action, "change_request.%"),
              // submitted is not a decision
              eq(auditEvents.organizationId, organizationId),
            ),
          )
      )[0]?.value,
    ) - 1;

  it.each([1, 2, 3])(
    "approve, reject and withdraw sent at once: one decision, once (round %i)",
    async (round) => {
      const submitted = await app.request("POST", "/api/v1/change-requests", {
        token: billingKey,
        body: { seats: 10 + round, additionalCreditBlocks: 0, interval: "month" },
      });
      expect(submitted.status).toBe(201);
      const id = submitted.body.id as string;
      const before = await invoiceCount();
      const path = (action: string) => `/api/v1/change-requests/${id}/${action}`;
      const results = await Promise.all([
        app.request("POST", path("approve"), { token: adminKey }),
        app.request("POST", path("reject"), { token: secondAdmin, body: { reason: "no" } }),
        app.request("POST", path("withdraw"), { token: billingKey }),
        app.request("POST", path("approve"), { token: secondAdmin }),
        // A member replaying the admin's approval under the same key is refused, never a winner.
        app.request("POST", path("approve"), {
          token: memberKey,
          headers: { "idempotency-key": `race-${round}` },
        }),
        app.request("POST", path("approve"), {
          token: adminKey,
          headers: { "idempotency-key": `race-${round}` },
        }),
      ]);
      const statuses = results.map((result) => result.status);
      expect(statuses[4]).toBe(403);
      const winners = results.filter((result) => result.status === 200);
      // Two approvals may both answer 200 with the one outcome (an approval is idempotent), every
      // other decision is 409.
      const outcomes = new Set(
        winners.map((result) => result.body.changeRequest?.status ?? result.body.status),
      );
      expect(outcomes.size).toBe(1);
      for (const [index, status] of statuses.entries()) {
        if (index !== 4) expect([200, 409]).toContain(status);
      }
      const final = await app.request("GET", `/api/v1/change-requests/${id}`, { token: adminKey });
      expect(final.body.status).not.toBe("pending");
      expect(await invoiceCount()).toBe(before + (final.body.status === "approved" ? 1 : 0));
      expect(await decisions(id)).toBe(1);
    },
  );
});
