import type { FastifyDynamicSwaggerOptions } from "@fastify/swagger";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";
import { z } from "zod";
import { openApiWebhooks } from "../modules/webhooks/event-types.js";

/**
 * The OpenAPI document (GET /api/openapi.json): built from the routes' zod schemas, then given
 * what a route file does not say itself: common error answers, Idempotency-Key on the operations
 * that honour it, security, operation ids and the sign-in routes better-auth serves (decision 0060).
 */

type Json = Record<string, any>;

const mutatingMethods = new Set(["post", "put", "patch", "delete"]);
/** Mutations that do not take an Idempotency-Key (they write nothing replayable). */
const withoutIdempotency = new Set([
  "post /api/v1/me/organization",
  "post /api/v1/invitations/{token}/accept",
  "post /api/auth/sign-in/email",
  "post /api/auth/sign-out",
]);
/** Operator-token operations (tags). */
const operatorTags = new Set(["operator", "test clock"]);

const tagDescriptions: Record<string, string> = {
  organization: "The caller, its organization and settings",
  subscription: "Seats, credit blocks, interval: quote and apply changes",
  "change requests": "Changes that wait for an admin's approval",
  users: "Members, roles and invitations",
  "billing info": "Company, tax ID, address and billing e-mail",
  invoices: "Invoices with their lines",
  audit: "The audit trail",
  "api keys": "API keys of an organization",
  catalog: "Prices and limits",
  credits: "AI credits: balance, ledger, spends",
  operator: "Operator-token operations: provisioning, overrides, adjustments",
  "test clock": "The manual clock (BILLING_CLOCK=manual only)",
  auth: "Sign-in for the web app (session cookie)",
  operations: "Health and readiness probes",
};

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const commonResponses: Record<string, Json> = {
  BadRequest: error("Bad input (invalid_request, malformed_json, idempotency_key_invalid…); nothing changed"),
  Unauthorized: error("No valid API key, operator token or session (unauthorized)"),
  Forbidden: error("The caller's role or credential does not allow this (forbidden)"),
  PayloadTooLarge: error("The request body is too large (payload_too_large)"),
  UnsupportedMediaType: error("The body is not JSON (unsupported_media_type)"),
  TooManyRequests: error("Too many requests (too_many_requests)"),
  KeyReused: error(
    "The Idempotency-Key was used with another request (idempotency_key_reused), or a billing rule is broken",
  ),
  InternalError: error("Our fault; it was logged (internal_error)"),
};

const statusText: Record<string, string> = {
  200: "OK",
  201: "Created",
  204: "No content",
  400: "Bad input; nothing changed",
  401: "Not authenticated",
  402: "Payment required",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  422: "A billing rule is broken",
  429: "Too many requests",
  503: "Unavailable",
};

const signInBody = z.object({
  email: z.string().describe("The person's e-mail"),
  password: z.string(),
  rememberMe: z.boolean().optional(),
});
const signInAnswer = z.looseObject({
  redirect: z.boolean(),
  token: z.string(),
  user: z.looseObject({ id: z.string(), email: z.string(), name: z.string() }),
});
function asJson(schema: z.ZodType, io: "input" | "output"): Json {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  });
  return json;
}

/** better-auth's routes the web app uses; the wildcard route that serves them is hidden. */
function authPaths(): Json {
  const json = (schema: Json) => ({ "application/json": { schema } });
  return {
    "/api/auth/sign-in/email": {
      post: {
        tags: ["auth"],
        operationId: "signInEmail",
        summary: "Sign in with e-mail and password; sets the session cookie (wp.session_token)",
        security: [],
        requestBody: { required: true, content: json(asJson(signInBody, "input")) },
        responses: {
          200: {
            description: "Signed in; Set-Cookie carries the session",
            content: json(asJson(signInAnswer, "output")),
          },
          400: { $ref: "#/components/responses/BadRequest" },
          401: error("Wrong e-mail or password (invalid_email_or_password)"),
          403: error("The e-mail is not verified or the account cannot sign in"),
          413: { $ref: "#/components/responses/PayloadTooLarge" },
          415: { $ref: "#/components/responses/UnsupportedMediaType" },
          429: error("Too many sign-in attempts (too_many_requests); see Retry-After"),
          500: { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/api/auth/sign-out": {
      post: {
        tags: ["auth"],
        operationId: "signOut",
        summary: "End the session and clear its cookie",
        security: [{ session: [] }],
        requestBody: {
          required: false,
          content: json({ type: "object", additionalProperties: false, properties: {} }),
        },
        responses: {
          200: {
            description: "Signed out",
            content: json(asJson(z.looseObject({ success: z.boolean() }), "output")),
          },
          400: { $ref: "#/components/responses/BadRequest" },
          413: { $ref: "#/components/responses/PayloadTooLarge" },
          415: { $ref: "#/components/responses/UnsupportedMediaType" },
          429: { $ref: "#/components/responses/TooManyRequests" },
          500: { $ref: "#/components/responses/InternalError" },
        },
      },
    },
  };
}

const camel = (words: string[]) =>
  words.map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join("");

/** get /api/v1/users/{id}/role → usersRole…: only a fallback; routes name their operationId. */
function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, "")
    .split(/[/-]/)
    .filter((part) => part && !part.startsWith("{"));
  return camel([method, ...words]);
}

function securityOf(path: string, operation: Json): Json[] {
  if (operation.security) return operation.security;
  if ((operation.tags ?? []).some((tag: string) => operatorTags.has(tag))) return [{ operatorToken: [] }];
  if (path === "/api/v1/organization" || path === "/api/v1/catalog" || path.startsWith("/api/v1/me")) {
    return [{ apiKey: [] }, { session: [] }, { operatorToken: [] }];
  }
  return [{ apiKey: [] }, { session: [] }];
}

/** Query parameters of pagination are digit strings on the wire, integers in the contract. */
function integerQueryParameters(operation: Json) {
  for (const parameter of operation.parameters ?? []) {
    const integer = parameter.schema?.["x-integer"];
    if (integer) parameter.schema = { type: "integer", ...integer };
  }
}

function withDescriptions(responses: Json) {
  for (const [status, response] of Object.entries(responses)) {
    if (!response.$ref && (!response.description || response.description === "Default Response")) {
      response.description = statusText[status] ?? "Answer";
    }
  }
}

function referencedSchemas(document: Json): Set<string> {
  const used = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key === "$ref" && typeof child === "string" && child.startsWith("#/components/schemas/")) {
          const name = child.slice("#/components/schemas/".length);
          if (!used.has(name)) {
            used.add(name);
            walk(document.components?.schemas?.[name]);
          }
        } else walk(child);
      }
    }
  };
  walk(document.paths);
  walk(document.components?.responses);
  return used;
}

/** The whole document, after the per-route transforms. */
export function completeDocument(input: Json): Json {
  const document = jsonSchemaTransformObject(input as never) as Json;
  document.paths = { ...document.paths, ...authPaths() };
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const [method, operation] of Object.entries(item as Json)) {
      if (typeof operation !== "object" || !operation || !("responses" in operation)) continue;
      operation.operationId ??= operationIdOf(method, path);
      const api = path.startsWith("/api/v1/");
      const isPublic = (operation.security?.length ?? 1) === 0;
      if (api) {
        operation.security = securityOf(path, operation);
        const responses = operation.responses;
        responses[400] ??= { $ref: "#/components/responses/BadRequest" };
        if (!isPublic) {
          responses[401] ??= { $ref: "#/components/responses/Unauthorized" };
          responses[403] ??= { $ref: "#/components/responses/Forbidden" };
        }
        if (operation.requestBody) {
          responses[413] ??= { $ref: "#/components/responses/PayloadTooLarge" };
          responses[415] ??= { $ref: "#/components/responses/UnsupportedMediaType" };
        }
        responses[500] ??= { $ref: "#/components/responses/InternalError" };
      }
      if (mutatingMethods.has(method) && !withoutIdempotency.has(`${method} ${path}`)) {
        operation.parameters = [
          ...(operation.parameters ?? []),
          { $ref: "#/components/parameters/IdempotencyKey" },
        ];
        operation.responses[422] ??= { $ref: "#/components/responses/KeyReused" };
      }
      integerQueryParameters(operation);
      withDescriptions(operation.responses);
    }
  }
  document.components = {
    ...document.components,
    parameters: {
      IdempotencyKey: {
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description:
          "1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.",
        schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
        example: "3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11",
      },
    },
    responses: commonResponses,
    securitySchemes: {
      apiKey: {
        type: "http",
        scheme: "bearer",
        description: "An organization's API key (wpk_…), with the role it was created with",
      },
      operatorToken: {
        type: "http",
        scheme: "bearer",
        description: "The operator token (OPERATOR_TOKEN): provisioning, overrides, adjustments, test clock",
      },
      session: {
        type: "apiKey",
        in: "cookie",
        name: "wp.session_token",
        description: "The web app's session cookie, set by POST /api/auth/sign-in/email",
      },
    },
  };
  const used = referencedSchemas(document);
  for (const name of Object.keys(document.components.schemas ?? {})) {
    if (!used.has(name)) delete document.components.schemas[name];
  }
  const tags = new Set<string>();
  for (const item of Object.values(document.paths as Json))
    for (const operation of Object.values(item as Json))
      for (const tag of operation.tags ?? []) tags.add(tag);
  document.tags = [...tags].sort().map((name) => ({ name, description: tagDescriptions[name] ?? name }));
  return document;
}

export const openApiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: "3.1.0",
    info: {
      title: "WiseParts Billing API",
      version: "1.0.0",
      description:
        "Seat subscriptions, AI credits and invoices. Amounts are integers in minor units with an ISO 4217 currency. Errors are {error: {code, message, field?}} with a stable code. Mutations accept an Idempotency-Key header; a 503 outcome_unknown is retried with the same key.",
      license: { name: "Proprietary", url: "https://wiseparts.example/terms" },
      contact: { name: "WiseParts Billing support", email: "billing-support@wiseparts.example" },
    },
    servers: [{ url: "/", description: "The server that serves this document (the SDK takes its base URL)" }],
    security: [],
    // The events this server sends (Standard Webhooks), with their payload schemas.
    webhooks: openApiWebhooks(),
  },
  transform: (input) => {
    const result = jsonSchemaTransform(input);
    const config = (input.route as { config?: { public?: boolean } } | undefined)?.config;
    // Public routes (invitations, probes) take no credentials.
    if (config?.public && result.schema && !result.schema.hide) (result.schema as Json).security = [];
    return result;
  },
  transformObject: (input) => completeDocument(input as Json) as never,
};
