import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Interval } from "../../src/core/period.js";
import { insertApiKey } from "../../src/server/modules/api-keys/api-keys.repository.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

/**
 * Issue 12, replayed through the API: add 100 seats, spend everything, lower them again, in every
 * order, at the first and at the last second of a credit cycle, monthly and yearly; credit blocks
 * bought at the last second; a seat toggled down and up five times. Each organization is compared
 * with a control that did nothing, up to the last second of the billing period: the credits it got
 * beyond the control are never worth more than what it paid beyond the control (at catalog prices:
 * a monthly seat's 1,000 credits for 4000, a yearly seat's for 38400 / 12, a block's 1,000 for its
 * price per cycle), to within a minor unit per invoice line, and on yearly plans the difference in
 * length between calendar months (a cycle is 1/12 of the year, its seats are paid by the second).
 */

type Step = "add" | "spend" | "lower";
const orders: Step[][] = [
  ["add", "spend", "lower"],
  ["add", "lower", "spend"],
  ["spend", "add", "lower"],
  ["spend", "lower", "add"],
  ["lower", "add", "spend"],
  ["lower", "spend", "add"],
];

interface Org {
  label: string;
  id: string;
  adminKey: string;
  spendKey: string;
}

async function rows<T>(app: TestApp, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await app.handle.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function moveClock(app: TestApp, now: string) {
  const response = await app.request("POST", "/api/v1/test-clock", { token: operatorToken, body: { now } });
  if (response.status !== 200)
    throw new Error(`test clock: ${response.status} ${JSON.stringify(response.body)}`);
}

const cases: { interval: Interval; at: "first" | "last"; instant: string; measure: string }[] = [
  { interval: "month", at: "first", instant: "2027-03-01T00:00:00Z", measure: "2027-03-31T23:59:59Z" },
  { interval: "month", at: "last", instant: "2027-03-31T23:59:59Z", measure: "2027-03-31T23:59:59Z" },
  { interval: "year", at: "first", instant: "2027-03-01T00:00:00Z", measure: "2028-02-29T23:59:59Z" },
  { interval: "year", at: "last", instant: "2027-03-31T23:59:59Z", measure: "2028-02-29T23:59:59Z" },
];

describe.each(dialects)("credit arbitrage through the API on %s", (dialect) => {
  describe.each(cases)("$interval, at the $at second of a credit cycle", ({ interval, instant, measure }) => {
    let app: TestApp;
    const orgs = new Map<string, Org>();
    let eventCounter = 0;

    const spendAll = async (org: Org) => {
      const credits = (await app.request("GET", "/api/v1/credits", { token: org.adminKey })).body;
      if (credits.remaining <= 0) return;
      const spent = await app.request("POST", "/api/v1/credits/spend", {
        token: org.spendKey,
        body: {
          eventId: `e${eventCounter++}`,
          feature: "call_analysis",
          credits: credits.remaining,
          occurredAt: app.clock.now().toISOString(),
        },
      });
      expect(spent.status).toBe(200);
    };
    const save = async (org: Org, body: Record<string, unknown>) => {
      const response = await app.request("POST", "/api/v1/subscription/changes", {
        token: org.adminKey,
        body,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    };

    beforeAll(async () => {
      app = await startTestApp(dialect, { now: "2027-03-01T00:00:00Z" });
      const labels = ["control", ...orders.map((order) => order.join("-")), "blocks", "toggle"];
      for (const [index, label] of labels.entries()) {
        const created = await provision(app, {
          name: `Org ${label}`,
          seats: 1,
          interval,
          admin: { email: `admin${index}@arbitrage.test`, name: "Ada" },
        });
        const spendKey = (
          await insertApiKey(app.handle.db, {
            organizationId: created.organization.id,
            name: "ai",
            role: "spend",
            createdBy: null,
            now: app.clock.now(),
          })
        ).secret;
        orgs.set(label, { label, id: created.organization.id, adminKey: created.adminKey, spendKey });
      }
      if (instant !== "2027-03-01T00:00:00Z") await moveClock(app, instant);
      for (const order of orders) {
        const org = orgs.get(order.join("-")) as Org;
        // The sequence twice, as a customer repeating it would.
        for (let round = 0; round < 2; round++) {
          for (const step of order) {
            if (step === "add") await save(org, { seats: 101, additionalCreditBlocks: 0, interval });
            if (step === "spend") await spendAll(org);
            if (step === "lower") await save(org, { seats: 1, additionalCreditBlocks: 0, interval });
          }
        }
      }
      const blocks = orgs.get("blocks") as Org;
      await save(blocks, { seats: 1, additionalCreditBlocks: 100, interval });
      await spendAll(blocks);
      await save(blocks, { seats: 1, additionalCreditBlocks: 0, interval });
      const toggle = orgs.get("toggle") as Org;
      await save(toggle, { seats: 2, additionalCreditBlocks: 0, interval });
      for (let round = 0; round < 5; round++) {
        await spendAll(toggle);
        await save(toggle, { seats: 1, additionalCreditBlocks: 0, interval });
        await save(toggle, { seats: 2, additionalCreditBlocks: 0, interval });
      }
      await spendAll(toggle);
      if (measure !== instant) await moveClock(app, measure);
    }, 240_000);

    afterAll(async () => {
      await app?.close();
    });

    async function ledgerOf(org: Org) {
      const [granted] = await rows<{ credits: unknown }>(
        app,
        sql`SELECT coalesce(sum(credits), 0)::bigint AS credits FROM credit_ledger
            WHERE organization_id = ${org.id} AND kind = 'grant'`,
      );
      const invoices = await rows<{ total: unknown; lines: unknown }>(
        app,
        sql`SELECT i.total, (SELECT count(*) FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines
            FROM invoices i WHERE i.organization_id = ${org.id}`,
      );
      const subscription = (await app.request("GET", "/api/v1/subscription", { token: org.adminKey })).body;
      return {
        granted: Number(granted?.credits),
        paid: invoices.reduce((sum, invoice) => sum + Number(invoice.total), 0) - subscription.accountCredit,
        lines: invoices.reduce((sum, invoice) => sum + Number(invoice.lines), 0),
      };
    }

    const labels = [...orders.map((order) => order.join("-")), "blocks", "toggle"];
    it.each(labels)("%s: credits beyond the control are paid for at catalog prices", async (label) => {
      const control = await ledgerOf(orgs.get("control") as Org);
      const org = await ledgerOf(orgs.get(label) as Org);
      const extraCredits = org.granted - control.granted;
      const extraPaid = org.paid - control.paid;
      // Minor units per 1,000 credits: a seat's (monthly 4000, yearly 38400 / 12), a block's.
      const perThousand =
        label === "blocks"
          ? interval === "month"
            ? 1000
            : 9600 / 12
          : interval === "month"
            ? 4000
            : 38400 / 12;
      const value = (extraCredits * perThousand) / 1000;
      const rounding = org.lines - control.lines;
      const calendar = interval === "year" && label !== "blocks" ? (38400 * 100 * 5) / 365 : 0;
      expect(extraPaid).toBeGreaterThanOrEqual(0);
      expect(value, `credits ${extraCredits}, paid ${extraPaid}`).toBeLessThanOrEqual(
        extraPaid + rounding + calendar,
      );
    });

    it("no save credited the account or issued a credit note", async () => {
      for (const org of orgs.values()) {
        const subscription = (await app.request("GET", "/api/v1/subscription", { token: org.adminKey })).body;
        expect(subscription.accountCredit, org.label).toBe(0);
        const negative = await rows<{ count: unknown }>(
          app,
          sql`SELECT count(*) AS count FROM invoices WHERE organization_id = ${org.id} AND total < 0`,
        );
        expect(Number(negative[0]?.count), org.label).toBe(0);
      }
    });

    it("the toggle repeated five times granted no credits beyond the one seat it paid for", async () => {
      const control = await ledgerOf(orgs.get("control") as Org);
      const toggle = await ledgerOf(orgs.get("toggle") as Org);
      const invoices = await rows<{ kind: string }>(
        app,
        sql`SELECT kind FROM invoices WHERE organization_id = ${(orgs.get("toggle") as Org).id} AND kind = 'change'`,
      );
      // One charge for the one added seat; the five down-up toggles charge and grant nothing.
      expect(invoices).toHaveLength(1);
      const cycles = interval === "month" ? 1 : 12;
      expect(toggle.granted - control.granted).toBeLessThanOrEqual(1000 * cycles);
    });
  });
});
