// The one way the UI talks to the API: same-origin fetch with the session cookie; errors become
// ApiError with the API's stable code, message and field.
import type { RequestBodyOf, ResponseOf, Schemas } from "@wiseparts/billing-sdk";
import type { ErrorCode } from "../../core/errors.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "network_error" | "internal_error" | (string & {}),
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** A fresh key per attempt: a double click or a retried request is applied once. */
export function idempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const unauthorizedListeners = new Set<() => void>();

/** Called when a request answers 401: the session ended, so the app shows the sign-in page. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

interface RequestOptions {
  body?: unknown;
  idempotent?: boolean;
  signal?: AbortSignal;
  /** A bearer token (the operator console) instead of the session cookie. */
  token?: string;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.idempotent) headers["idempotency-key"] = idempotencyKey();
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path.startsWith("/api/") ? path : `/api/v1${path}`, {
      method,
      headers,
      credentials: options.token ? "omit" : "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(
      0,
      "network_error",
      "The server could not be reached. Check your connection and retry.",
    );
  }
  const text = await response.text();
  let payload: unknown = null;
  try {
    payload = text ? JSON.parse(text) : null;
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    if (response.status === 401 && !options.token && !path.startsWith("/api/auth/")) {
      for (const listener of unauthorizedListeners) listener();
    }
    throw new ApiError(
      response.status,
      error?.code ?? (response.status >= 500 ? "internal_error" : "invalid_request"),
      error?.message ?? `The server answered ${response.status} ${response.statusText}.`,
      error?.field,
    );
  }
  return payload as T;
}

/** The API as the session's cookie, or as the holder of a bearer `token` (the operator console). */
export function apiClient(token?: string) {
  const as = token ? { token } : {};
  return {
    get: <T>(path: string, signal?: AbortSignal) =>
      request<T>("GET", path, { ...as, ...(signal ? { signal } : {}) }),
    post: <T>(path: string, body: unknown = {}) =>
      request<T>("POST", path, { ...as, body, idempotent: true }),
    put: <T>(path: string, body: unknown) => request<T>("PUT", path, { ...as, body, idempotent: true }),
    patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, { ...as, body, idempotent: true }),
    delete: <T>(path: string) => request<T>("DELETE", path, { ...as, idempotent: true }),
    /** A POST that writes nothing (previews): no idempotency key needed. */
    query: <T>(path: string, body: unknown, signal?: AbortSignal) =>
      request<T>("POST", path, { ...as, body, ...(signal ? { signal } : {}) }),
  };
}

export const api = apiClient();
/** The API as some caller: `api` (the session) or the operator console's bearer-token client. */
export type ApiClient = ReturnType<typeof apiClient>;

// The API's shapes, generated from the server's OpenAPI document (@wiseparts/billing-sdk): the UI
// reads exactly what the server answers. Amounts are integers in minor units of `currency`;
// instants are ISO 8601 UTC strings.
export type Role = Schemas["User"]["role"];
type MemberMe = Extract<Schemas["Me"], { organization: unknown }>;
/** GET /me for a signed-in person (the web app's only caller: a session always has a user). */
export type Me = Omit<MemberMe, "user" | "organizations"> & {
  user: NonNullable<MemberMe["user"]>;
  organizations: { id: string; name: string; role: Role }[];
};
export type PlanLevels = Pick<Schemas["Subscription"], "seats" | "additionalCreditBlocks" | "interval">;
export type Quote = Schemas["Quote"] & { version?: number };
export type ChangeRequest = Schemas["ChangeRequest"];
export type ChangeRequestStatus = ChangeRequest["status"];
export type Subscription = Schemas["SubscriptionView"];
export type Invoice = Schemas["Invoice"];
/** A postal address as invoices print it (seller and bill-to). */
export type Address = NonNullable<Invoice["billTo"]>["address"];
export type AppliedChange = ResponseOf<"applySubscriptionChange">;
/** An approval answers the request, the subscription and the invoice; a rejection the request. */
export type Decision = Schemas["Approval"];
export type BillingInfo = Schemas["BillingInfo"];
export type User = Schemas["User"];
/** The user just added and its invitation (POST /users answers them side by side: CreatedUser). */
export interface CreatedUser {
  user: User;
  invitation?: Schemas["CreatedUser"]["invitation"];
}
export type UserList = ResponseOf<"listUsers">;
export type Credits = Schemas["Credits"];
export type DailyUsage = Schemas["DailyCreditUsage"];
export type CatalogResponse = Schemas["Catalog"];
/** A page of a list, newest first: pass nextCursor as `before` for the next one. */
export interface Page<T> {
  data: T[];
  nextCursor: number | null;
}
/** A webhook endpoint of the organization (GET /webhook-endpoints). */
export type WebhookEndpoint = ResponseOf<"getWebhookEndpoints">["data"][number];
/** An endpoint with its signing secret: answered once, on creation and on rotation. */
export type WebhookEndpointWithSecret = ResponseOf<"postWebhookEndpoints", 201>;
export type WebhookDelivery = ResponseOf<"getWebhookEndpointsDeliveries">["data"][number];
/** An e-mail as the operator lists it, and one with its bodies (GET /operator/emails/:id). */
export type OperatorEmailSummary = ResponseOf<"getOperatorEmails">["data"][number];
export type OperatorEmail = Schemas["OperatorEmail"];
export type WebhookEventType = NonNullable<RequestBodyOf<"postWebhookEndpoints">["eventTypes"]>[number];
