import { timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { sql } from "drizzle-orm";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import { hasZodFastifySchemaValidationErrors, validatorCompiler } from "fastify-type-provider-zod";
import { z } from "zod";
import { sealingKeyFrom } from "../batching/idempotency.js";
import { Caches } from "../cache/caches.js";
import { publicOrigin } from "../config.js";
import type { AppDeps, Caller } from "../context.js";
import { AppError } from "../errors.js";
import { httpRequestDuration, metricsRegistry, registerDatabaseGauges } from "../metrics.js";
import { authRoutes } from "../modules/auth/auth.routes.js";
import { resolveCaller } from "../modules/auth/authenticate.js";
import { createAuth, sessionSecret } from "../modules/auth/better-auth.js";
import { loadSeller } from "../seller.js";
import { Shutdown } from "../shutdown.js";
import { errorResponses } from "../validation/responses.js";
import { openApiOptions } from "./openapi.js";
import { ambiguousPathRoute, isAmbiguousPath, redactedUrl, registerJsonParser } from "./request-edge.js";
import { registerModules } from "./routes.js";
import { securityHeadersFor } from "./security-headers.js";

/** Checks one answer as sent (the test harness checks every answer against the OpenAPI document). */
export type ResponseCheck = (
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
) => void;

declare module "fastify" {
  interface FastifyRequest {
    caller?: Caller;
  }
  interface FastifyContextConfig {
    /** Routes that need no credentials. */
    public?: boolean;
    /** Probes and scrapes: their request lines are logged at debug, not info. */
    probe?: boolean;
  }
}

const builtWebRoot = fileURLToPath(new URL("../../../dist/web", import.meta.url));

/**
 * Paths that belong to the API or to operations (probes, metrics): one that no route serves is a
 * 404 in the API's error shape, never the web page. Every other GET is a client-side route of the
 * web app and gets index.html.
 */
const machinePath = /^\/(?:api|metrics|healthz|readyz|livez)(?:[/?.]|$)/i;

/** TRUST_PROXY as Fastify takes it: a hop count trusts the last N addresses of the chain. */
function trustProxyOption(setting: false | number | string[]) {
  if (typeof setting !== "number") return setting;
  return setting === 0 ? false : (_address: string, hop: number) => hop < setting;
}

/**
 * Fastify's request lines, as one line per request (no "incoming request" line) that names the
 * caller's organization; probe and scrape routes log it at debug (decision 0053).
 */
const logLevels: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

/** Whether a logger at `level` writes lines of level `line` (pino's order; "silent" writes none). */
function logsAt(level: string, line: "debug" | "info"): boolean {
  return (logLevels[level] ?? Number.POSITIVE_INFINITY) <= (logLevels[line] as number);
}

class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const probe = request.routeOptions.config?.probe;
    // Nothing to build when the line's level is off (LOG_LEVEL=warn and above).
    if (!error && !logsAt(reply.log.level, probe ? "debug" : "info")) return;
    const principal = request.caller?.principal;
    const line = {
      req: request,
      res: reply,
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
      ...(principal?.kind === "member"
        ? { organizationId: principal.organizationId, actor: `${principal.actorType}:${principal.actorId}` }
        : principal
          ? { actor: principal.actorType }
          : {}),
      ...(error ? { err: error } : {}),
    };
    if (error) reply.log.error(line, "request errored");
    else if (probe) reply.log.debug(line, "request completed");
    else reply.log.info(line, "request completed");
  }
}

/** Compares the bearer token in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith("Bearer ") ? header.slice(7) : "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function errorBody(code: string, message: string, field?: string) {
  return { error: field ? { code, message, field } : { code, message } };
}

function validationField(path: readonly PropertyKey[], context: string | undefined): string {
  const joined = path.map(String).join(".");
  if (joined) return joined;
  return context === "body" ? "body" : (context ?? "request");
}

export async function buildApp(
  deps: Omit<AppDeps, "log" | "auth" | "sealingKey" | "caches" | "shutdown" | "seller"> & {
    seller?: AppDeps["seller"];
  },
  options: {
    logger?: boolean;
    logStream?: { write(line: string): void };
    /** The built web app (dist/web by default). */
    webRoot?: string;
    /** The PostgreSQL pool, for the pool gauges of /metrics. */
    pool?: Parameters<typeof registerDatabaseGauges>[0]["pool"];
    /**
     * Sees every answer as sent (tests check each against the OpenAPI document). Called with the
     * app once it is ready, it returns the check of one answer.
     */
    responseCheck?: ResponseCheck;
  } = {},
) {
  const webRoot = options.webRoot ?? builtWebRoot;
  const app: FastifyInstance = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: deps.config.LOG_LEVEL,
            ...(options.logStream ? { stream: options.logStream } : {}),
            redact: ["req.headers.authorization", "req.headers.cookie"],
            serializers: {
              // Fastify's request fields, with invitation tokens taken out of the URL.
              req: (request: FastifyRequest) => ({
                method: request.method,
                url: redactedUrl(request.originalUrl ?? request.url),
                host: request.host,
                remoteAddress: request.ip,
                remotePort: request.socket?.remotePort,
              }),
            },
          },
    bodyLimit: 1024 * 1024,
    // X-Forwarded-* are believed only from the proxies TRUST_PROXY names (none by default).
    trustProxy: trustProxyOption(deps.config.TRUST_PROXY),
    // An ambiguous path (dot segments, encoded dots or slashes, "//") is refused before routing.
    rewriteUrl: (request) => {
      const url = request.url ?? "/";
      return isAmbiguousPath(url) ? ambiguousPathRoute : url;
    },
    genReqId: () => crypto.randomUUID(),
    // One line per request, with the organization.
    logController: new RequestLog(),
    // While shutting down, a request on a connection that is still open is served (with
    // Connection: close) rather than refused with a 503: it may be a retry the client needs.
    return503OnClosing: false,
    ajv: { customOptions: { allErrors: false } },
    // Errors the router raises before any route runs, in the API's error shape.
    frameworkErrors: (error, _request, routerReply) => {
      const reply = routerReply as FastifyReply;
      if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
        // A path segment that long names nothing that can exist.
        return reply.code(404).send(errorBody("not_found", "No such resource."));
      }
      return reply.code(400).send(errorBody("invalid_request", "The request URL is not valid."));
    },
  });
  const secret = await sessionSecret(deps.db, deps.config.AUTH_SECRET);
  const auth = await createAuth(deps.db, { secret, publicUrl: publicOrigin(deps.config) });
  const fullDeps: AppDeps = {
    ...deps,
    seller: deps.seller ?? loadSeller(deps.config.SELLER_FILE),
    log: app.log,
    auth,
    sealingKey: sealingKeyFrom(secret),
    caches: new Caches({ ttlMs: deps.config.READ_CACHE_TTL_MS, maxEntries: 50_000 }),
    shutdown: new Shutdown(),
  };
  registerJsonParser(app);
  app.route({
    method: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    url: ambiguousPathRoute,
    config: { public: true },
    schema: { hide: true },
    handler: async (_request, reply) =>
      reply
        .code(400)
        .send(
          errorBody(
            "invalid_path",
            "The request path has '.' or '..' segments, encoded dots or slashes, or '//'; spell it plainly.",
          ),
        ),
  });
  app.setValidatorCompiler(validatorCompiler);
  // Responses are written as they are: the schemas are the contract (checked in tests, decision
  // 0061), not a filter that could drop a field or turn an answer into a 500.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  if (options.responseCheck) {
    const check = options.responseCheck;
    app.addHook("onSend", async (request, reply, payload) => {
      check(app, request, reply, payload);
      return payload;
    });
  }

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const body = errorBody(error.code, error.message, error.field);
      if (error.details) Object.assign(body.error, { details: error.details });
      return reply.code(error.statusCode).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const [issue] = error.validation;
      const field = validationField(
        issue?.instancePath.split("/").filter(Boolean) ?? [],
        error.validationContext,
      );
      const message = issue?.message ?? "The request is not valid.";
      // The zod provider puts the issue's own fields (here `keys`) in `params`.
      const unknownKey = (issue?.params as { keys?: unknown[] } | undefined)?.keys?.[0];
      if (issue?.keyword === "unrecognized_keys" && unknownKey !== undefined) {
        const parent = issue.instancePath.split("/").filter(Boolean).join(".");
        const name = parent ? `${parent}.${String(unknownKey)}` : String(unknownKey);
        return reply.code(400).send(errorBody("invalid_request", `Unknown field '${name}'.`, name));
      }
      return reply.code(400).send(errorBody("invalid_request", `${field}: ${message}`, field));
    }
    switch (error.code) {
      case "FST_ERR_CTP_INVALID_JSON_BODY":
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
        return reply
          .code(400)
          .send(errorBody("malformed_json", "The request body is not valid JSON.", "body"));
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return reply.code(413).send(errorBody("payload_too_large", "The request body is too large.", "body"));
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
        return reply
          .code(415)
          .send(
            errorBody("unsupported_media_type", "Send the request body as application/json.", "Content-Type"),
          );
    }
    if (error instanceof SyntaxError && error.statusCode === 400) {
      return reply.code(400).send(errorBody("malformed_json", "The request body is not valid JSON.", "body"));
    }
    if (error.statusCode === 429) {
      return reply.code(429).send(errorBody("too_many_requests", error.message));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send(errorBody("invalid_request", error.message));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply
      .code(500)
      .send(errorBody("internal_error", "Something went wrong on our side. It was logged."));
  });

  app.addHook("onRequest", (request, reply, done) => {
    reply.headers(securityHeadersFor(request.url));
    done();
  });
  await app.register(swagger, openApiOptions);
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  registerDatabaseGauges({ db: fullDeps.db, clock: fullDeps.clock, pool: options.pool });
  app.addHook("onResponse", (request, reply, done) => {
    // The route's pattern, never the raw URL: one series per route, whatever the ids.
    const route = request.routeOptions.url ?? "(no route)";
    httpRequestDuration.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.get(
    "/metrics",
    { config: { public: true, probe: true }, schema: { hide: true } },
    async (request, reply) => {
      const token = deps.config.METRICS_TOKEN;
      if (token && !bearerMatches(request.headers.authorization, token)) {
        return reply
          .code(401)
          .header("www-authenticate", "Bearer")
          .send(errorBody("unauthenticated", "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>."));
      }
      return reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
    },
  );

  app.get(
    "/healthz",
    {
      config: { public: true, probe: true },
      schema: {
        tags: ["operations"],
        operationId: "getHealth",
        summary: "Liveness: the process answers",
        response: { 200: z.object({ status: z.literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );
  app.get(
    "/readyz",
    {
      config: { public: true, probe: true },
      schema: {
        tags: ["operations"],
        operationId: "getReadiness",
        summary: "Readiness: the database answers",
        response: {
          200: z.object({ status: z.literal("ready"), database: z.enum(["pglite", "postgres"]) }),
          ...errorResponses(503),
        },
      },
    },
    async (_request, reply) => {
      if (fullDeps.shutdown.draining) {
        return reply.code(503).send(errorBody("shutting_down", "This process is shutting down."));
      }
      try {
        await fullDeps.db.execute(sql`SELECT 1`);
        return { status: "ready", database: fullDeps.databaseKind };
      } catch {
        return reply.code(503).send(errorBody("not_ready", "The database does not answer."));
      }
    },
  );

  await app.register(async (scope) => authRoutes(scope, fullDeps));

  await app.register(
    async (api) => {
      // Callback style: a cached API key resolves without a promise.
      api.addHook("onRequest", (request, _reply, done) => {
        if (request.routeOptions.config.public) return done();
        let caller: ReturnType<typeof resolveCaller>;
        try {
          caller = resolveCaller(fullDeps, request);
        } catch (error) {
          return done(error as FastifyError);
        }
        if (!(caller instanceof Promise)) {
          request.caller = caller;
          return done();
        }
        caller.then(
          (resolved) => {
            request.caller = resolved;
            done();
          },
          (error: FastifyError) => done(error),
        );
      });
      await registerModules(api, fullDeps);
    },
    { prefix: "/api/v1" },
  );

  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (machinePath.test(request.url) || request.method !== "GET" || !existsSync(webRoot)) {
      return reply
        .code(404)
        .send(errorBody("not_found", `No route for ${request.method} ${request.url.split("?")[0]}.`));
    }
    return reply.sendFile("index.html");
  });
  return { app, deps: fullDeps };
}
