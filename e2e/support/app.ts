// The real server, in-process, on a fresh database, seeded through the app's own API and its
// better-auth layer: an organization like the demo one (10 seats, 8 active users, monthly).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import {
  type Dialect,
  hasPostgres,
  operatorToken,
  provision,
  startTestApp,
  type TestApp,
} from "../../test/support/harness.js";
import { givePassword, testPassword } from "../../test/support/sessions.js";
import { ensureWebBuilt } from "./web-build.js";

/**
 * PostgreSQL (what production runs on) when the tests have one (TEST_DATABASE_URL, as in CI),
 * PGlite otherwise; E2E_DIALECT=pglite|postgres chooses.
 */
export const dialect: Dialect =
  process.env.E2E_DIALECT === "pglite" || process.env.E2E_DIALECT === "postgres"
    ? process.env.E2E_DIALECT
    : hasPostgres
      ? "postgres"
      : "pglite";

export interface Person {
  id: string;
  email: string;
  name: string;
  role: "admin" | "billing" | "member";
}

export interface BillingApp {
  app: TestApp;
  baseUrl: string;
  adminKey: string;
  organizationId: string;
  admin: Person;
  billing: Person;
  member: Person;
  /** GET/POST the API as the organization's admin key; throws on an unexpected status. */
  api: <T = any>(method: string, path: string, body?: unknown, expected?: number) => Promise<T>;
  /** Moves the manual billing clock forward (renewals and resets due by then run first). */
  moveClock: (iso: string) => Promise<void>;
  close: () => Promise<void>;
}

const members = [
  { name: "Bea Billing", email: "bea@acme.test", role: "billing" as const },
  { name: "Mia Member", email: "mia@acme.test", role: "member" as const },
  { name: "Max Member", email: "max@acme.test", role: "member" as const },
  { name: "Noor Member", email: "noor@acme.test", role: "member" as const },
  { name: "Omar Member", email: "omar@acme.test", role: "member" as const },
  { name: "Pia Member", email: "pia@acme.test", role: "member" as const },
  { name: "Raj Member", email: "raj@acme.test", role: "member" as const },
];

export async function startBillingApp(
  options: {
    now?: string;
    seats?: number;
    additionalCreditBlocks?: number;
    interval?: "month" | "year";
    /** Runs webhook and e-mail delivery in the server (mail goes to .eml files in a temporary folder). */
    deliverEvents?: boolean;
    /** Another catalog (prices) than catalog/default.json. */
    catalogFile?: string;
  } = {},
): Promise<BillingApp> {
  await ensureWebBuilt();
  const app = await startTestApp(dialect, {
    now: options.now ?? "2026-06-01T00:00:00Z",
    ...(options.catalogFile ? { catalogFile: options.catalogFile } : {}),
    ...(options.deliverEvents
      ? { env: { DATA_DIR: mkdtempSync(join(tmpdir(), "e2e-data-")) }, deliverEvents: {} }
      : {}),
  });
  const organization = await provision(app, {
    name: "Acme Corp",
    currency: "USD",
    seats: options.seats ?? 10,
    additionalCreditBlocks: options.additionalCreditBlocks ?? 2,
    interval: options.interval ?? "month",
    admin: { email: "ada@acme.test", name: "Ada Admin" },
  });
  const adminKey = organization.adminKey as string;
  const api = async (method: string, path: string, body?: unknown, expected?: number) => {
    const response = await app.request(method, `/api/v1${path}`, { token: adminKey, body });
    const ok = expected === undefined ? response.status < 300 : response.status === expected;
    if (!ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const people: Person[] = [];
  for (const member of members) {
    const created = await api("POST", "/users", member, 201);
    const user = created.user ?? created;
    people.push({ id: user.id, email: user.email, name: user.name, role: user.role });
  }
  const admin: Person = {
    id: organization.admin.id,
    email: "ada@acme.test",
    name: "Ada Admin",
    role: "admin",
  };
  const billing = people[0] as Person;
  const member = people[1] as Person;
  for (const person of [admin, billing, member]) await givePassword(app, person.id);
  return {
    app,
    baseUrl: app.baseUrl,
    adminKey,
    organizationId: organization.organization.id,
    admin,
    billing,
    member,
    api,
    moveClock: async (iso) => {
      const response = await app.request("POST", "/api/v1/test-clock", {
        token: operatorToken,
        body: { now: iso },
      });
      if (response.status !== 200)
        throw new Error(`test clock: ${response.status} ${JSON.stringify(response.body)}`);
    },
    close: () => app.close(),
  };
}

/** Signs in through the sign-in page, as a person would, and waits for the Billing page. */
export async function signIn(page: Page, email: string, password = testPassword) {
  await page.goto("/settings/billing");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
}

/** The dialog's cost preview once the server has confirmed it. */
export async function waitForConfirmedPreview(page: Page) {
  await page.getByTestId("preview-status").and(page.locator('[data-status="confirmed"]')).waitFor();
}
