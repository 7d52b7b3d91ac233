// @wiseparts/billing-sdk: a thin, typed client of the WiseParts Billing API. The types come from
// the server's OpenAPI document (schema.ts, generated); the requests go through openapi-fetch.
import createClient, { type Client } from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";

/** Every named shape of the API: `Schemas["Subscription"]`, `Schemas["Invoice"]`, … */
export type Schemas = components["schemas"];

/** The JSON body of an operation's answer with `status` (200 by default). */
export type ResponseOf<Operation extends keyof operations, Status extends number = 200> =
  operations[Operation]["responses"] extends Record<Status, { content: { "application/json": infer Body } }>
    ? Body
    : never;

/** The JSON body an operation takes. */
export type RequestBodyOf<Operation extends keyof operations> = operations[Operation] extends {
  requestBody?: { content: { "application/json": infer Body } };
}
  ? Body
  : never;

/**
 * An answer of 4xx or 5xx (or no answer: status 0, code network_error). `code` is the API's stable
 * error code (insufficient_credits, conflict, change_request_pending, outcome_unknown, …).
 */
export class BillingApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
    /** The Idempotency-Key the request was sent with, to retry it later with the same key. */
    readonly idempotencyKey?: string,
  ) {
    super(message);
    this.name = "BillingApiError";
  }
}

export interface BillingClientOptions {
  /** Where the API is, e.g. https://billing.example.com (no /api/v1). */
  baseUrl: string;
  /** An organization's API key (wpk_…), or the operator token for operator operations. */
  apiKey: string;
  /** How often a 503 outcome_unknown is retried, with the same Idempotency-Key (default 3). */
  maxRetries?: number;
  /** Wait before retry n (1-based), in milliseconds (default 200 · 2^(n-1)). */
  retryDelay?: (attempt: number) => number;
  /** A fetch of your own (tests, proxies); the global fetch by default. */
  fetch?: (request: Request) => Promise<Response>;
  /** Makes an idempotency key (crypto.randomUUID by default). */
  idempotencyKey?: () => string;
}

/** Options of one mutating call. */
export interface CallOptions {
  /**
   * The Idempotency-Key of this call. Without one the client makes a new key per call (kept
   * across its own retries). Pass your own to retry a call across processes or restarts.
   */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

const mutating = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The Idempotency-Key each answer's request was sent with. */
const keyOfResponse = new WeakMap<Response, string>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function errorCodeOf(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown } };
    return typeof body?.error?.code === "string" ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A fetch that sends every mutation with an Idempotency-Key (the caller's, or a new one) and
 * retries a 503 outcome_unknown with the same key: the server either committed the first attempt
 * (and replays its answer) or not (and runs it now), never twice. Nothing else is retried.
 */
function idempotentFetch(
  options: Required<Pick<BillingClientOptions, "maxRetries" | "retryDelay">> & {
    fetch: (request: Request) => Promise<Response>;
    idempotencyKey: () => string;
  },
) {
  return async (request: Request): Promise<Response> => {
    if (mutating.has(request.method) && !request.headers.has("idempotency-key")) {
      request.headers.set("idempotency-key", options.idempotencyKey());
    }
    const key = request.headers.get("idempotency-key");
    for (let attempt = 0; ; attempt++) {
      const response = await options.fetch(request.clone());
      if (key) keyOfResponse.set(response, key);
      if (
        response.status !== 503 ||
        attempt >= options.maxRetries ||
        !request.headers.has("idempotency-key")
      ) {
        return response;
      }
      if ((await errorCodeOf(response)) !== "outcome_unknown") return response;
      await sleep(options.retryDelay(attempt + 1));
    }
  };
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The body of a 2xx answer, or a BillingApiError with the answer's code. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new BillingApiError(
      0,
      "network_error",
      `The server could not be reached: ${(error as Error).message}`,
    );
  }
  const { response } = answer;
  if (response.ok) return answer.data as T;
  const body = (answer.error ?? {}) as Partial<Schemas["Error"]>;
  throw new BillingApiError(
    response.status,
    body.error?.code ?? (response.status >= 500 ? "internal_error" : "invalid_request"),
    body.error?.message ?? `The server answered ${response.status}.`,
    body.error?.field,
    body.error?.details,
    keyOfResponse.get(response),
  );
}

const keyHeader = (options?: CallOptions) =>
  options?.idempotencyKey ? { "Idempotency-Key": options.idempotencyKey } : {};

type SubscriptionChange = RequestBodyOf<"applySubscriptionChange">;
type SpendEvent = RequestBodyOf<"spendCredits">;

/** The client: `raw` is the typed openapi-fetch client of every operation; the rest are shortcuts. */
export function createBillingClient(options: BillingClientOptions) {
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const raw: Client<paths> = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { authorization: `Bearer ${options.apiKey}` },
    fetch: idempotentFetch({
      fetch: baseFetch,
      maxRetries: options.maxRetries ?? 3,
      retryDelay: options.retryDelay ?? ((attempt) => 200 * 2 ** (attempt - 1)),
      idempotencyKey: options.idempotencyKey ?? (() => crypto.randomUUID()),
    }),
  });
  const signalOf = (callOptions?: CallOptions) => (callOptions?.signal ? { signal: callOptions.signal } : {});

  return {
    raw,
    /** Who the key belongs to: organization, role, permissions. */
    me: () => unwrap(raw.GET("/api/v1/me")),
    /** Operator token: a new organization, its subscription, first admin and admin API key. */
    provisionOrganization: (body: RequestBodyOf<"provisionOrganization">, callOptions?: CallOptions) =>
      unwrap(
        raw.POST("/api/v1/organizations", {
          body,
          params: { header: keyHeader(callOptions) },
          ...signalOf(callOptions),
        }),
      ),
    subscription: {
      get: () => unwrap(raw.GET("/api/v1/subscription")),
      /** What the change costs now and at the renewal; nothing is written. */
      quote: (body: SubscriptionChange) => unwrap(raw.POST("/api/v1/subscription/preview", { body })),
      /** Applies the change (send the quote's version as expectedVersion to save exactly what was quoted). */
      apply: (body: SubscriptionChange, callOptions?: CallOptions) =>
        unwrap(
          raw.POST("/api/v1/subscription/changes", {
            body,
            params: { header: keyHeader(callOptions) },
            ...signalOf(callOptions),
          }),
        ),
    },
    credits: {
      get: () => unwrap(raw.GET("/api/v1/credits")),
      /** One AI event. A repeated eventId answers its first result; 402 insufficient_credits spends nothing. */
      spend: (event: SpendEvent, callOptions?: CallOptions) =>
        unwrap(
          raw.POST("/api/v1/credits/spend", {
            body: event,
            params: { header: keyHeader(callOptions) },
            ...signalOf(callOptions),
          }),
        ),
      /** Up to 1,000 events in order, each with its own result (spent or insufficient_credits). */
      spendBatch: (events: SpendEvent[], callOptions?: CallOptions) =>
        unwrap(
          raw.POST("/api/v1/credits/spend/batch", {
            body: { events },
            params: { header: keyHeader(callOptions) },
            ...signalOf(callOptions),
          }),
        ),
      ledger: (query?: { limit?: number; before?: number }) =>
        unwrap(raw.GET("/api/v1/credits/ledger", { params: { query: query ?? {} } })),
    },
    invoices: {
      list: (query?: { limit?: number; before?: number }) =>
        unwrap(raw.GET("/api/v1/invoices", { params: { query: query ?? {} } })),
      get: (id: string) => unwrap(raw.GET("/api/v1/invoices/{id}", { params: { path: { id } } })),
    },
  };
}

export type BillingClient = ReturnType<typeof createBillingClient>;
