import { describe, expect, it } from "vitest";
import { type AuditEvent, activityCsv, describeEvent, whereFrom } from "../../src/core/activity.js";

const people = new Map([["u1", "Ada Admin"]]);
type Row = AuditEvent & { id: number; entityType: string; entityId: string | null };
const event = (overrides: Partial<Row>): Row => ({
  id: 1,
  occurredAt: "2026-06-16T10:00:00.000Z",
  actor: { type: "user", id: "u1" },
  action: "subscription.changed",
  entityType: "subscription",
  entityId: "s1",
  before: { seats: 10, additionalCreditBlocks: 2, interval: "month" },
  after: { seats: 12, additionalCreditBlocks: 2, interval: "year" },
  source: "web 203.0.113.9 Mozilla/5.0",
  requestId: "req-1",
  ...overrides,
});

describe("the activity page's plain words", () => {
  it("says who changed what, with the fields that moved", () => {
    expect(describeEvent(event({}), people)).toBe(
      "Ada Admin changed the subscription: Seats 10 → 12, Billing period monthly → yearly.",
    );
    expect(
      describeEvent(
        event({
          actor: { type: "scheduler", id: null },
          action: "subscription.renewed",
          before: null,
          after: null,
        }),
        people,
      ),
    ).toBe("WiseParts (automatic) renewed the subscription.");
    expect(whereFrom("web 203.0.113.9 Mozilla/5.0")).toBe("the web app, 203.0.113.9");
  });

  it("exports CSV with quoted cells and no formula a spreadsheet would run", () => {
    const csv = activityCsv(
      [event({ after: { seats: 12, billingEmail: "=cmd|' /C calc'!A0" }, before: { seats: 10 } })],
      people,
    );
    const [header, row] = csv.split("\r\n");
    expect(header).toBe("time (UTC),who,action,what,from,request");
    expect(row).toContain('"Ada Admin changed the subscription: Seats 10 → 12, Billing email =cmd');
    expect(row).toContain('"the web app, 203.0.113.9"');
    const formula = activityCsv([event({ requestId: "=1+1" })], people).split("\r\n")[1];
    expect(formula?.endsWith(`"'=1+1"`)).toBe(true);
  });

  it("a change request says what was asked, without its status or empty fields, and one full stop", () => {
    expect(
      describeEvent(
        event({
          action: "change_request.rejected",
          before: { status: "pending", reason: null },
          after: {
            status: "rejected",
            reason: "Wait for July.",
            current: { seats: 10, additionalCreditBlocks: 2, interval: "month" },
            requested: { seats: 12, additionalCreditBlocks: 2, interval: "month" },
          },
        }),
        people,
      ),
    ).toBe("Ada Admin rejected a change request: Seats 10 → 12, Reason none → Wait for July.");
    expect(
      describeEvent(
        event({
          action: "change_request.submitted",
          before: null,
          after: { status: "pending", reason: null },
        }),
        people,
      ),
    ).toBe("Ada Admin submitted a change request.");
  });
});
