import { forbidden } from "../../errors.js";

export type MemberRole = "admin" | "billing" | "member";
export type ApiKeyRole = MemberRole | "spend";

/** Who is calling: an organization member (session or API key) or the operator. */
export type Principal =
  | {
      kind: "member";
      organizationId: string;
      role: ApiKeyRole;
      actorType: "user" | "api_key";
      actorId: string;
      /** The better-auth session a signed-in person calls with (absent for API keys). */
      sessionId?: string;
    }
  | { kind: "operator"; actorType: "operator"; actorId: "operator" };

export type OrganizationPrincipal = Extract<Principal, { kind: "member" }>;

export type Permission =
  | "subscription.read"
  | "subscription.change"
  | "billing_info.read"
  | "billing_info.write"
  | "invoices.read"
  | "users.read"
  | "users.manage"
  | "api_keys.manage"
  | "webhooks.manage"
  | "audit.read"
  | "credits.read"
  | "credits.spend"
  | "catalog.read"
  | "change_requests.read"
  | "change_requests.submit"
  | "change_requests.decide";

/** What the billing role may do, as the admin may: the subscription, billing details, invoices. */
const billingAndAdmin: readonly Permission[] = [
  "subscription.read",
  "subscription.change",
  "billing_info.read",
  "billing_info.write",
  "invoices.read",
  "users.read",
];

const grants: Record<ApiKeyRole, readonly Permission[]> = {
  admin: [
    ...billingAndAdmin,
    "users.manage",
    "api_keys.manage",
    "webhooks.manage",
    "audit.read",
    "credits.read",
    "credits.spend",
    "catalog.read",
    "change_requests.read",
    "change_requests.submit",
    "change_requests.decide",
  ],
  billing: [
    ...billingAndAdmin,
    "credits.read",
    "catalog.read",
    "change_requests.read",
    "change_requests.submit",
  ],
  // Every member sees the yellow banner of a pending request (SPEC §7).
  member: ["credits.read", "catalog.read", "change_requests.read"],
  spend: ["credits.read", "credits.spend", "catalog.read"],
};

/** Every permission there is (the admin role holds them all). */
export const allPermissions: readonly Permission[] = grants.admin;

export function can(principal: Principal, permission: Permission): boolean {
  return principal.kind === "member" && grants[principal.role].includes(permission);
}

/** Checks a permission in the service layer and narrows to an organization principal. */
export function authorize(principal: Principal, permission: Permission): OrganizationPrincipal {
  if (principal.kind !== "member" || !grants[principal.role].includes(permission)) {
    throw forbidden();
  }
  return principal;
}
