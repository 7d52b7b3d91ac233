import { webPaths } from "../../core/web-paths.js";
import type { Me } from "../lib/api.js";
import { can } from "../lib/queries.js";

/**
 * The signed-in pages of the settings area and the permission each needs: one map for the
 * navigation's links, the route guard (a role without it sees the page's title and the no-access
 * notice, and its data is never asked for) and where an organization switch lands.
 */
export const settingsPages = [
  { path: webPaths.billing, label: "Billing", permission: undefined },
  { path: webPaths.invoices, label: "Invoices", permission: "invoices.read" },
  { path: webPaths.users, label: "Users", permission: "users.read" },
  { path: webPaths.activity, label: "Activity", permission: "audit.read" },
  { path: webPaths.webhooks, label: "Webhooks", permission: "webhooks.manage" },
] as const;

export type SettingsPage = (typeof settingsPages)[number];

/** The settings page an address is on (its list or one of its records), if any. */
export function settingsPageOf(path: string): SettingsPage | undefined {
  return settingsPages.find((page) => path === page.path || path.startsWith(`${page.path}/`));
}

/** Whether the session's role may open the page. */
export const mayOpen = (me: Me, page: SettingsPage) =>
  page.permission === undefined || can(me, page.permission);
