import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../../context.js";

function toWebRequest(request: FastifyRequest): Request {
  const url = new URL(request.url, `${request.protocol}://${request.headers.host ?? "localhost"}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
  }
  const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.body !== undefined;
  return new Request(url, {
    method: request.method,
    headers,
    body: hasBody ? JSON.stringify(request.body) : undefined,
  });
}

async function sendWebResponse(reply: FastifyReply, response: Response) {
  reply.status(response.status);
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") reply.header(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) reply.header("set-cookie", cookies);
  return reply.send(response.body ? await response.text() : null);
}

/** better-auth's endpoints under /api/auth; sign-in attempts are rate limited per IP and e-mail. */
export async function authRoutes(app: FastifyInstance, deps: AppDeps) {
  await app.register(rateLimit, {
    global: false,
    hook: "preHandler",
    keyGenerator: (request) => {
      const email = (request.body as { email?: unknown } | undefined)?.email;
      return `${request.ip}|${typeof email === "string" ? email.toLowerCase() : ""}`;
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: {
        code: "too_many_requests",
        message: `Too many sign-in attempts. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      },
    }),
  });
  const handler = async (request: FastifyRequest, reply: FastifyReply) =>
    sendWebResponse(reply, await deps.auth.handler(toWebRequest(request)));
  app.route({
    method: ["POST"],
    url: "/api/auth/sign-in/*",
    config: { rateLimit: { max: deps.config.SIGN_IN_ATTEMPTS_PER_MINUTE, timeWindow: 60_000 } },
    schema: { hide: true },
    handler,
  });
  app.route({ method: ["GET", "POST"], url: "/api/auth/*", schema: { hide: true }, handler });
}
