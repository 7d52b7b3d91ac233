import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import { z } from "zod";
import type { AppDeps, Caller } from "../context.js";
import type { Transaction } from "../db/client.js";
import { errorResponses } from "../validation/responses.js";
import { type Access, callerOf, mutate } from "./mutate.js";

/**
 * The three kinds of route the modules register: a read, a download and a mutation. A route file
 * says what differs (path, the words of the OpenAPI document, its schemas, who may call it and the
 * service it calls); the schema's layout, the caller, the status and the mutation's door
 * (`mutate`: authorization, then the Idempotency-Key, one transaction) are the same for every route.
 */

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What the OpenAPI document says of a route besides its schemas. */
interface RouteDoc<P, Q> {
  tags: readonly string[];
  operationId?: string;
  summary: string;
  description?: string;
  params?: P;
  querystring?: Q;
  /** The error statuses it answers besides the common ones (400, 401, 403, 500). */
  errors?: readonly (402 | 404 | 409 | 422)[];
}

/** A request as a route's service call sees it: validated, with its authenticated caller. */
export interface RouteInput<P, Q, B = undefined> {
  caller: Caller;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  request: FastifyRequest;
}

function schemaOf<P, Q>(doc: RouteDoc<P, Q>, status: number, answer: unknown, body?: unknown) {
  const { errors = [], ...rest } = doc;
  return { ...rest, ...(body ? { body } : {}), response: { [status]: answer, ...errorResponses(...errors) } };
}

function inputOf<P, Q, B>(request: FastifyRequest): RouteInput<P, Q, B> {
  return {
    caller: callerOf(request),
    params: request.params as Parsed<P>,
    query: request.query as Parsed<Q>,
    body: request.body as Parsed<B>,
    request,
  };
}

/** GET `path`, answered 200 with what `read` returns. */
export function readRoute<R extends z.ZodType, P = undefined, Q = undefined>(
  app: FastifyInstance,
  path: string,
  doc: RouteDoc<P, Q> & { response: R },
  read: (input: RouteInput<P, Q>) => z.output<R> | Promise<z.output<R>>,
) {
  const { response, ...rest } = doc;
  app.get(path, { schema: schemaOf(rest, 200, response) }, async (request) => read(inputOf(request)));
}

const files = {
  csv: { contentType: "text/csv; charset=utf-8", mediaType: "text/csv", schema: z.string() },
  pdf: {
    contentType: "application/pdf",
    mediaType: "application/pdf",
    schema: z.string().meta({ format: "binary" }),
  },
};

/** A downloaded document: its type, its name (the number; anything else left out) and no caching. */
function sendAttachment(reply: FastifyReply, body: Buffer | string, contentType: string, filename: string) {
  const safe = filename.replace(/[^\w.-]/g, "_");
  return reply
    .header("content-type", contentType)
    .header("content-disposition", `attachment; filename="${safe}"`)
    .header("cache-control", "private, no-store")
    .send(body);
}

/** GET `path`, answered with a CSV or PDF attachment; `contents` describes it in the document. */
export function downloadRoute<F extends keyof typeof files, P = undefined, Q = undefined>(
  app: FastifyInstance,
  path: string,
  doc: RouteDoc<P, Q> & { file: F; contents: string },
  download: (input: RouteInput<P, Q>) => Promise<{ filename: string } & Record<F, Buffer | string>>,
) {
  const { file, contents, ...rest } = doc;
  const { contentType, mediaType, schema } = files[file];
  const answer = { description: contents, content: { [mediaType]: { schema } } };
  app.get(path, { schema: schemaOf(rest, 200, answer) }, async (request, reply) => {
    const document = await download(inputOf(request));
    return sendAttachment(reply, document[file], contentType, document.filename);
  });
}

interface MutationOptions<P, B> {
  /** Runs before the door, e.g. a check that calls out of the process and so stays out of the transaction. */
  before?: (input: RouteInput<P, undefined, B>) => Promise<void>;
  /** Runs after the commit and before the answer (see `mutate`). */
  afterCommit?: (caller: Caller) => Promise<void>;
}

/**
 * `METHOD path` (e.g. "POST /users"): a mutation through `mutate`, answered `status` (200 unless
 * said) with what `work` returns in the transaction. `access` is checked before any
 * Idempotency-Key is read; a function of the caller where the caller's kind decides it.
 */
export function mutationRoute<B extends z.ZodType | undefined, P = undefined>(
  app: FastifyInstance,
  deps: AppDeps,
  route: `${"POST" | "PUT" | "PATCH" | "DELETE"} /${string}`,
  doc: RouteDoc<P, undefined> & {
    /** Absent for a DELETE, which takes no body. */
    body?: B;
    response: z.ZodType;
    status?: 200 | 201 | 202;
    access: Access | ((caller: Caller) => Access);
  },
  // Not typed by `response`, as `mutate` never was: services read rows back typed as maybe absent.
  work: (tx: Transaction, input: RouteInput<P, undefined, B>) => Promise<unknown>,
  options: MutationOptions<P, B> = {},
) {
  const [method, url] = route.split(" ") as [HTTPMethods, string];
  const { body, response, status = 200, access, ...rest } = doc;
  app.route({
    method,
    url,
    schema: schemaOf(rest, status, response, body),
    handler: async (request, reply) => {
      const input = inputOf<P, undefined, B>(request);
      await options.before?.(input);
      const allowed = typeof access === "function" ? access(input.caller) : access;
      return mutate(
        deps,
        request,
        reply,
        allowed,
        (tx, caller) => work(tx, { ...input, caller }),
        status,
        options.afterCommit,
      );
    },
  });
}
