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
} from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import { sealingKeyFrom } from "../batching/idempotency.js";
import { Caches } from "../cache/caches.js";
import type { AppDeps, Caller } from "../context.js";
import { AppError } from "../errors.js";
import { authRoutes } from "../modules/auth/auth.routes.js";
import { resolveCaller } from "../modules/auth/authenticate.js";
import { createAuth, sessionSecret } from "../modules/auth/better-auth.js";
import { openApiWebhooks } from "../modules/webhooks/event-types.js";
import { ambiguousPathRoute, isAmbiguousPath, redactedUrl, registerJsonParser } from "./request-edge.js";
import { registerModules } from "./routes.js";
import { securityHeadersFor } from "./security-headers.js";

declare module "fastify" {
  interface FastifyRequest {
    caller?: Caller;
  }
  interface FastifyContextConfig {
    /** Routes that need no credentials. */
    public?: boolean;
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

function errorBody(code: string, message: string, field?: string) {
  return { error: field ? { code, message, field } : { code, message } };
}

function validationField(path: readonly PropertyKey[], context: string | undefined): string {
  const joined = path.map(String).join(".");
  if (joined) return joined;
  return context === "body" ? "body" : (context ?? "request");
}

export async function buildApp(
  deps: Omit<AppDeps, "log" | "auth" | "sealingKey" | "caches">,
  options: {
    logger?: boolean;
    logStream?: { write(line: string): void };
    /** The built web app (dist/web by default). */
    webRoot?: string;
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
  const auth = await createAuth(deps.db, { secret, publicUrl: deps.config.PUBLIC_URL });
  const fullDeps: AppDeps = {
    ...deps,
    log: app.log,
    auth,
    sealingKey: sealingKeyFrom(secret),
    caches: new Caches({ ttlMs: deps.config.READ_CACHE_TTL_MS, maxEntries: 50_000 }),
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
  app.setSerializerCompiler(serializerCompiler);

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
  await app.register(swagger, {
    openapi: {
      // 3.1 for the `webhooks` section (the events this server sends).
      openapi: "3.1.0",
      webhooks: openApiWebhooks(),
      info: {
        title: "WiseParts Billing API",
        version: "1.0.0",
        description:
          "Amounts are integers in minor units with a currency. Errors: {error: {code, message, field?}}. Mutating endpoints accept Idempotency-Key.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "API key (wpk_…) or operator token" },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  app.get("/healthz", { config: { public: true }, schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/readyz", { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await fullDeps.db.execute(sql`SELECT 1`);
      return { status: "ready", database: fullDeps.databaseKind };
    } catch {
      return reply.code(503).send(errorBody("not_ready", "The database does not answer."));
    }
  });

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
