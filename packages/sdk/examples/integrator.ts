// An integrator's program: only the SDK, compiled with `tsc --strict` (tsconfig.json beside it).
// It provisions an organization, quotes and applies a seat change, spends credits for an AI
// feature (single and batch), reads invoices, and handles a 402 and a 409 by their codes.
// test/integration/sdk.test.ts runs it against a real server on PGlite and PostgreSQL.
//
//   BILLING_URL=http://localhost:3000 OPERATOR_TOKEN=… npx tsx packages/sdk/examples/integrator.ts
import { BillingApiError, createBillingClient, type Schemas } from "@wiseparts/billing-sdk";

export interface ScenarioResult {
  organizationId: string;
  seatsAfter: number;
  invoiceNumbers: number[];
  balanceAfterSpends: number;
  /** The ledger's spend entries (credits, negative), newest first, and its newest balance. */
  spendsInLedger: number[];
  ledgerBalance: number | null;
  duplicateSpendNoticed: boolean;
  batchResults: string[];
  handled: string[];
}

export async function integratorScenario(options: {
  baseUrl: string;
  operatorToken: string;
  log?: (line: string) => void;
}): Promise<ScenarioResult> {
  const log = options.log ?? (() => {});
  const handled: string[] = [];

  // 1. Provisioning, with the operator token.
  const operator = createBillingClient({ baseUrl: options.baseUrl, apiKey: options.operatorToken });
  const provisioned = await operator.provisionOrganization({
    name: "Integrator Inc",
    currency: "EUR",
    seats: 3,
    additionalCreditBlocks: 0,
    interval: "month",
    requireApproval: false,
    admin: { email: "owner@integrator.test", name: "Olga Owner" },
  });
  log(`provisioned ${provisioned.organization.id}, invoice #${provisioned.invoice.number}`);

  // 2. The organization's admin key: quote two more seats, then save exactly that quote.
  const billing = createBillingClient({ baseUrl: options.baseUrl, apiKey: provisioned.apiKey.secret });
  const quote = await billing.subscription.quote({ seatsDelta: 2 });
  if (quote.violations.length > 0) throw new Error(`unexpected violations: ${quote.violations[0]?.code}`);
  log(
    `due now: ${quote.dueNow.total} ${quote.dueNow.currency}, then ${quote.recurring.total} per ${quote.recurring.interval}`,
  );
  const applied = await billing.subscription.apply({ seatsDelta: 2, expectedVersion: quote.version });
  const invoice: Schemas["Invoice"] | null = applied.invoice;
  log(`seats now ${applied.subscription.seats}; invoice ${invoice ? `#${invoice.number}` : "none"}`);

  // 3. The AI feature spends with a key of the spend role.
  const spendKey = await billing.raw.POST("/api/v1/api-keys", {
    body: { name: "AI features", role: "spend" },
  });
  if (!spendKey.data) throw new Error("could not create the spend key");
  const ai = createBillingClient({ baseUrl: options.baseUrl, apiKey: spendKey.data.secret });
  const event = {
    eventId: "call-analysis-0001",
    feature: "call_analysis",
    credits: 25,
    occurredAt: "2026-06-01T10:00:00Z",
  };
  const first = await ai.credits.spend(event);
  const repeated = await ai.credits.spend(event); // a retry of the same event spends nothing more
  const batch = await ai.credits.spendBatch([
    { eventId: "summary-0001", feature: "summaries", credits: 10, occurredAt: "2026-06-01T10:01:00Z" },
    { eventId: "summary-0002", feature: "summaries", credits: 10, occurredAt: "2026-06-01T10:02:00Z" },
    {
      eventId: "too-big-0001",
      feature: "summaries",
      credits: 900_000_000,
      occurredAt: "2026-06-01T10:03:00Z",
    },
  ]);
  log(`spent ${first.credits}, balance ${batch.balance}`);

  // 4. 402 insufficient_credits: nothing was spent; the feature tells the person.
  try {
    await ai.credits.spend({ ...event, eventId: "huge-0001", credits: 900_000_000 });
    throw new Error("a spend beyond the balance was accepted");
  } catch (error) {
    if (!(error instanceof BillingApiError) || error.code !== "insufficient_credits") throw error;
    handled.push(`${error.status} ${error.code}`);
  }

  // 5. 409 conflict: a save against a version that has moved on; quote again, then save.
  try {
    await billing.subscription.apply({ seatsDelta: 1, expectedVersion: quote.version });
    throw new Error("a stale expectedVersion was accepted");
  } catch (error) {
    if (!(error instanceof BillingApiError) || error.code !== "conflict") throw error;
    handled.push(`${error.status} ${error.code}`);
  }

  // 6. Invoices, newest first.
  const invoices = await billing.invoices.list({ limit: 10 });
  const newest = invoices.data[0];
  if (newest) {
    const read = await billing.invoices.get(newest.id);
    log(`invoice #${read.number}: ${read.total} ${read.currency}, ${read.lines.length} lines`);
  }

  const credits = await billing.credits.get();
  const ledger = await billing.credits.ledger({ limit: 100 });
  return {
    organizationId: provisioned.organization.id,
    seatsAfter: applied.subscription.seats,
    invoiceNumbers: invoices.data.map((item) => item.number),
    balanceAfterSpends: credits.remaining,
    spendsInLedger: ledger.entries.filter((entry) => entry.kind === "spend").map((entry) => entry.credits),
    ledgerBalance: ledger.entries[0]?.balanceAfter ?? null,
    duplicateSpendNoticed: repeated.duplicate,
    batchResults: batch.results.map((result) => `${result.eventId}:${result.status}`),
    handled,
  };
}

const baseUrl = process.env.BILLING_URL;
const operatorToken = process.env.OPERATOR_TOKEN;
if (import.meta.url === `file://${process.argv[1]}` && baseUrl && operatorToken) {
  const result = await integratorScenario({ baseUrl, operatorToken, log: console.log });
  console.log(JSON.stringify(result, null, 2));
}
