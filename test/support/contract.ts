import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ResponseCheck } from "../../src/server/http/app.js";

/**
 * Every answer the integration suite gets is checked against the OpenAPI document the server
 * serves (decision 0061): its status must be documented for the operation, and a JSON body must
 * match that response's schema, whose objects are closed (a field missing from the schema is a
 * mismatch). The harness collects the mismatches of each test app and fails its close().
 */

export interface Mismatch {
  operation: string;
  status: number;
  problem: string;
  body?: string;
}

type Json = Record<string, any>;

const pointer = (...segments: string[]) =>
  segments.map((segment) => encodeURIComponent(segment.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");

/** One checker per app: compiles the document once, each response schema on first use. */
export function contractChecker(mismatches: Mismatch[]): ResponseCheck {
  let ajv: Ajv2020 | undefined;
  let document: Json | undefined;
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (path: string, ref: string) => {
    let validate = validators.get(path);
    if (!validate) {
      const compiled = ajv?.getSchema(ref);
      if (!compiled) throw new Error(`no schema at ${ref}`);
      validate = compiled;
      validators.set(path, validate);
    }
    return validate;
  };
  const setUp = (app: FastifyInstance) => {
    document = JSON.parse(JSON.stringify(app.swagger())) as Json;
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(document, "openapi");
  };
  return (app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (request.method === "HEAD" || request.method === "OPTIONS") return;
    if (!document) setUp(app);
    const doc = document as Json;
    const status = reply.statusCode;
    const contentType = String(reply.getHeader("content-type") ?? "");
    let route = request.routeOptions.url;
    const requestPath = request.url.split("?")[0] ?? "";
    if (route === "/api/auth/*") route = requestPath;
    const method = request.method.toLowerCase();
    const path = route?.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const operationName = `${request.method} ${path ?? requestPath}`;
    const fail = (problem: string) =>
      mismatches.push({
        operation: operationName,
        status,
        problem,
        body: typeof payload === "string" ? payload.slice(0, 600) : undefined,
      });
    const operation = path ? doc.paths?.[path]?.[method] : undefined;
    let schemaRef: string | undefined;
    if (!operation) {
      // Not an operation of the API: the web app, its assets, the API's own documentation pages,
      // better-auth routes the web does not call; a JSON error from them is still the Error object.
      if (path?.startsWith("/api/v1/") || path?.startsWith("/api/auth/")) {
        if (path.startsWith("/api/v1/")) fail("the operation is not in the document");
      }
      if (!contentType.includes("json") || status < 400) return;
      schemaRef = "openapi#/components/schemas/Error";
    } else {
      let response = operation.responses?.[String(status)] ?? operation.responses?.default;
      if (!response) return fail(`status ${status} is not documented`);
      let responseRef = `openapi#/${pointer("paths", path ?? "", method, "responses", String(status))}`;
      if (response.$ref) {
        responseRef = `openapi${response.$ref}`;
        response = doc.components.responses[response.$ref.split("/").at(-1)];
      }
      if (!response?.content) {
        if (payload !== undefined && payload !== null && payload !== "")
          fail("a body where none is documented");
        return;
      }
      if (!contentType.includes("application/json")) {
        // A document (PDF, CSV) answered as documented: its media type is listed for the status.
        const mediaType = contentType.split(";")[0]?.trim() ?? "";
        if (mediaType && response.content[mediaType]) return;
        return fail(`content-type ${contentType} is not documented`);
      }
      schemaRef = `${responseRef}/content/${pointer("application/json")}/schema`;
    }
    let body: unknown;
    try {
      body = JSON.parse(typeof payload === "string" ? payload : Buffer.from(payload as Buffer).toString());
    } catch {
      return fail("the body is not JSON");
    }
    const validate = validatorFor(schemaRef, schemaRef);
    if (!validate(body)) {
      fail(
        (validate.errors ?? [])
          .slice(0, 5)
          .map(
            (error) =>
              `${error.instancePath || "/"} ${error.message}${error.params && "additionalProperty" in error.params ? ` '${error.params.additionalProperty}'` : ""}`,
          )
          .join("; "),
      );
    }
  };
}

/** A readable list for an assertion message. */
export function describeMismatches(mismatches: readonly Mismatch[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const mismatch of mismatches) {
    const line = `${mismatch.operation} → ${mismatch.status}: ${mismatch.problem}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(`${line}\n    ${mismatch.body ?? ""}`);
  }
  return lines.join("\n");
}
