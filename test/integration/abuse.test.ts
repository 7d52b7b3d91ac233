// Hostile input against every operation of the OpenAPI document: fast-check builds malformed and
// hostile bodies, headers, query strings and path ids (wrong types, huge numbers, deep nesting,
// long strings, SQL and script payloads, other tenants' ids). The server must never answer 5xx;
// a request that the published schema already refuses must get a 4xx; and no refused request may
// change a row (a fingerprint of every table is compared before and after).
import { Ajv } from "ajv";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyInvariants } from "../../src/server/verify/verify.js";
import { createApiKey } from "../support/fixtures.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

/** Requests per operation and dialect; ABUSE_RUNS raises it for a longer local hunt. */
const runsPerOperation = Number(process.env.ABUSE_RUNS ?? 24);

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: { name: string; schema: object }[];
  bodySchema: object | undefined;
}

type Expectation = "4xx" | "not5xx";

interface HostileRequest {
  label: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | undefined;
  expect: Expectation;
}

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
const validators = new Map<object, ReturnType<typeof ajv.compile>>();

/** OpenAPI 3.0 writes `exclusiveMinimum: true` beside `minimum`; JSON Schema wants the bound itself. */
function jsonSchemaOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(jsonSchemaOf);
  if (!schema || typeof schema !== "object") return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) result[key] = jsonSchemaOf(value);
  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (typeof result[flag] === "boolean") {
      if (result[flag]) result[flag] = result[bound];
      else delete result[flag];
      if (result[flag] !== undefined) delete result[bound];
    }
  }
  return result;
}

function schemaAccepts(schema: object, value: unknown): boolean {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(jsonSchemaOf(schema) as object);
    validators.set(schema, validate);
  }
  return validate(value) as boolean;
}

const sqlPayloads = [
  "' OR '1'='1",
  "1; DROP TABLE invoices; --",
  "'); DELETE FROM subscriptions; --",
  '" OR 1=1 --',
  "1 UNION SELECT secret_hash FROM api_keys --",
  "$$; SELECT pg_sleep(5); $$",
  "%' AND 1=0 UNION SELECT NULL, NULL --",
  "00000000-0000-0000-0000-000000000000' OR 'x'='x",
  "'; UPDATE credit_balances SET balance = 999999999; --",
  "E'\\\\x00'",
];
const scriptPayloads = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(document.cookie)>',
  "javascript:alert(1)",
  "{{constructor.constructor('return process')()}}",
  // A template-literal injection, written as text on purpose.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is the literal text
  "${process.kill(process.pid)}",
  "../../../../etc/passwd",
  "\u0000",
  "\u202e\u0000\ud800",
];
const payloads = [...sqlPayloads, ...scriptPayloads];

// Strings a schema may let through that the database cannot store or the calendar cannot hold.
const edgeStrings = [
  "\u0000",
  "a\u0000b",
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00+14:00",
  "9999-12-31T23:59:59Z",
  "1969-12-31T23:59:59Z",
  "2026-02-30T00:00:00Z",
  "2026-06-01T00:00:00.123456789Z",
  "-000001-01-01T00:00:00Z",
  "+275760-09-13T00:00:00Z",
  " ",
  "\t",
  "\ud83d\udca3".repeat(100),
  "e\u0301".repeat(150),
];

const hugeNumbers = [
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -(2 ** 53) - 2,
  2 ** 31,
  -(2 ** 31) - 1,
  1.5,
  -0.5,
  1e-300,
  Number.MAX_VALUE,
  -1,
  0,
];

// Number literals JSON.parse reads without complaint but no bounded integer field may accept.
const rawNumbers = ["1e400", "-1e400", "123456789012345678901234567890", "1.0000000000000002", "-0"];

const hostileKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "$where", "organizationId", "id", "role", "admin"),
  fc.constantFrom(...payloads),
  fc.string({ minLength: 1, maxLength: 12 }),
);

function longString() {
  return fc.oneof(
    fc.integer({ min: 201, max: 5_000 }).map((length) => "x".repeat(length)),
    fc.constantFrom(...payloads).map((payload) => payload.repeat(200)),
  );
}

function hostileScalar(otherTenantIds: string[]) {
  return fc.oneof(
    fc.constantFrom(...hugeNumbers),
    fc.constantFrom(...payloads),
    fc.constantFrom(...otherTenantIds),
    longString(),
    fc.string({ maxLength: 30, unit: "binary" }),
    fc.boolean(),
    fc.constant(null),
    fc.integer(),
    fc.double({ noNaN: true }),
  );
}

function hostileValue(otherTenantIds: string[]) {
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      hostileScalar(otherTenantIds),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(hostileKey, tie("value"), { maxKeys: 4 }),
    ),
  }));
  return value;
}

/** `depth` levels of nesting around a value, as JSON text (far deeper than any schema). */
function deeplyNested(depth: number, inner: string, kind: "array" | "object") {
  return kind === "array"
    ? `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}${inner}${"}".repeat(depth)}`;
}

const propertiesOf = (schema: object | undefined): string[] =>
  Object.keys((schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});

/** What the client sends as JSON text, and what the server will have parsed from it (if it can). */
interface Body {
  text: string;
  label: string;
  parsed?: unknown;
  parses: boolean;
}

const jsonBody = (value: unknown, label: string): Body => {
  const text = JSON.stringify(value) ?? "null";
  return { text, label, parsed: JSON.parse(text), parses: true };
};
const rawBody = (text: string, label: string): Body => {
  try {
    return { text, label, parsed: JSON.parse(text), parses: true };
  } catch {
    return { text, label, parses: false };
  }
};

type Path = (string | number)[];

/** Every leaf of a JSON value, as the keys that lead to it. */
function leafPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...path, index]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  }
  return path.length > 0 ? [path] : [];
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = replaceAt(copy[head], rest, replacement);
  return copy;
}

function bodyArbitrary(
  operation: Operation,
  template: unknown,
  otherTenantIds: string[],
): fc.Arbitrary<Body> {
  const properties = propertiesOf(operation.bodySchema);
  const value = hostileValue(otherTenantIds);
  const base = template && typeof template === "object" && !Array.isArray(template) ? template : {};
  const templateText = JSON.stringify(base);
  const variants: fc.Arbitrary<Body>[] = [
    value.map((body) => jsonBody(body, "a hostile value as the whole body")),
    fc
      .tuple(hostileKey, value)
      .map(([key, extra]) => jsonBody({ ...base, [key]: extra }, `an extra field ${JSON.stringify(key)}`)),
    fc
      .tuple(fc.integer({ min: 64, max: 20_000 }), fc.constantFrom<"array" | "object">("array", "object"))
      .map(([depth, kind]) => rawBody(deeplyNested(depth, templateText, kind), `nesting ${depth} deep`)),
    fc
      .nat({ max: Math.max(0, templateText.length - 1) })
      .map((cut) => rawBody(templateText.slice(0, cut), "truncated JSON")),
    fc.constantFrom(
      rawBody('{"__proto__": {"admin": true}}', "prototype pollution"),
      rawBody('{"constructor": {"prototype": {"admin": true}}}', "prototype pollution via constructor"),
      rawBody("{'seats': 1}", "single-quoted JSON"),
      rawBody(`${templateText.slice(0, -1)},}`, "a trailing comma"),
      rawBody("", "an empty body"),
      rawBody("nul", "a cut-off literal"),
    ),
  ];
  const leaves = leafPaths(base);
  if (leaves.length > 0) {
    variants.push(
      fc
        .tuple(fc.constantFrom(...leaves), fc.oneof(value, fc.constantFrom(...edgeStrings, ...payloads)))
        .map(([path, replacement]) =>
          jsonBody(replaceAt(base, path, replacement), `${path.join(".")} replaced by a hostile value`),
        ),
    );
  }
  if (properties.length > 0) {
    variants.push(
      fc
        .tuple(fc.constantFrom(...properties), value)
        .map(([property, replacement]) =>
          jsonBody({ ...base, [property]: replacement }, `${property} replaced by a hostile value`),
        ),
      fc
        .tuple(fc.constantFrom(...properties), fc.constantFrom(...rawNumbers))
        .map(([property, literal]) =>
          rawBody(
            JSON.stringify({ ...base, [property]: "@@" }).replace('"@@"', literal),
            `${property} = ${literal}`,
          ),
        ),
      fc
        .tuple(fc.constantFrom(...properties), fc.integer({ min: 64, max: 20_000 }))
        .map(([property, depth]) =>
          rawBody(
            JSON.stringify({ ...base, [property]: "@@" }).replace('"@@"', deeplyNested(depth, "1", "array")),
            `${property} nested ${depth} deep`,
          ),
        ),
    );
  }
  return fc.oneof(...variants);
}

const visibleAscii = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 40,
});
// What fetch can put in a header: printable Latin-1.
const latin1 = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((code) => code < 0x7f || code >= 0xa0)
    .map((code) => String.fromCharCode(code)),
  maxLength: 60,
});

function hostileAuthorization() {
  return fc.oneof(
    fc.constantFrom(
      "Bearer",
      "Bearer ",
      "Basic YWRtaW46YWRtaW4=",
      "Bearer wpk_",
      "bearer null",
      "Bearer undefined",
    ),
    fc.constantFrom(...sqlPayloads.map((payload) => `Bearer ${payload}`)),
    fc.integer({ min: 190, max: 9_000 }).map((length) => `Bearer wpk_${"A".repeat(length)}`),
    visibleAscii.map((token) => `Bearer wpk_${token.replace(/\s/g, "")}x`),
    latin1.map((value) => `Bearer ${value}`),
  );
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** encodeURIComponent refuses lone surrogates; a client would send U+FFFD in their place. */
const encode = (value: string) => encodeURIComponent(value.replace(loneSurrogate, "\ufffd"));

function encodeQuery(pairs: [string, string][]) {
  return pairs.length === 0
    ? ""
    : `?${pairs.map(([key, value]) => `${encode(key)}=${encode(value)}`).join("&")}`;
}

interface Fixture {
  attackerKey: string;
  otherTenantIds: string[];
  templates: Map<string, { body?: unknown; params?: Record<string, string>; query?: Record<string, string> }>;
  operatorOnly: Set<string>;
  publicPaths: Set<string>;
}

const operationKey = (operation: Pick<Operation, "method" | "path">) =>
  `${operation.method} ${operation.path}`;

function requestArbitrary(operation: Operation, fixture: Fixture): fc.Arbitrary<HostileRequest> {
  const key = operationKey(operation);
  const template = fixture.templates.get(key) ?? {};
  const operator = fixture.operatorOnly.has(key);
  const isPublic = fixture.publicPaths.has(operation.path);
  const token = operator ? operatorToken : fixture.attackerKey;
  const hasBody = operation.method !== "GET" && operation.method !== "DELETE";
  const fillPath = (params: Record<string, string>) =>
    operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => params[name] ?? "missing");
  const templatePath = fillPath(template.params ?? {});
  const templateBody = template.body === undefined ? undefined : JSON.stringify(template.body);
  const baseHeaders = (): Record<string, string> => ({
    authorization: `Bearer ${token}`,
    ...(hasBody ? { "content-type": "application/json" } : {}),
  });

  const variants: fc.Arbitrary<HostileRequest>[] = [];

  if (hasBody) {
    variants.push(
      bodyArbitrary(operation, template.body, fixture.otherTenantIds).map((body) => {
        const refused =
          !body.parses ||
          (operation.bodySchema !== undefined && !schemaAccepts(operation.bodySchema, body.parsed));
        return {
          label: `body: ${body.label}`,
          path: templatePath,
          query: "",
          headers: baseHeaders(),
          body: body.text,
          expect: refused ? "4xx" : "not5xx",
        };
      }),
      fc
        .constantFrom(
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/xml",
          "'; DROP TABLE users; --",
          "application/json-patch+json",
        )
        .map((contentType) => ({
          label: `content-type ${contentType}`,
          path: templatePath,
          query: "",
          headers: { ...baseHeaders(), "content-type": contentType },
          body: templateBody ?? "{}",
          expect: "4xx" as const,
        })),
      fc
        .oneof(
          fc.integer({ min: 256, max: 4_000 }).map((length) => "k".repeat(length)),
          fc.constantFrom("has space", "tab\there", "é-accent", ""),
        )
        .map((idempotencyKey) => ({
          label: `Idempotency-Key ${JSON.stringify(idempotencyKey.slice(0, 20))}`,
          path: templatePath,
          query: "",
          headers: { ...baseHeaders(), "idempotency-key": idempotencyKey },
          body: templateBody ?? "{}",
          expect: "not5xx" as const,
        })),
    );
  }

  if (!isPublic) {
    variants.push(
      fc.tuple(hostileAuthorization(), fc.boolean()).map(([authorization, withCookie]) => ({
        label: `authorization ${JSON.stringify(authorization.slice(0, 40))}${withCookie ? " with a forged session cookie" : ""}`,
        path: templatePath,
        query: "",
        headers: {
          ...baseHeaders(),
          authorization,
          ...(withCookie ? { cookie: "wp.session_token=forged.signature; other=1" } : {}),
        },
        body: hasBody ? (templateBody ?? "{}") : undefined,
        expect: "4xx" as const,
      })),
      fc
        .constantFrom(
          "wp.session_token=forged.signature",
          "wp.session_token=",
          `wp.session_token=${"A".repeat(4000)}`,
          "wp.session_token=' OR 1=1 --",
        )
        .map((cookie) => ({
          label: `a forged session cookie ${JSON.stringify(cookie.slice(0, 40))}`,
          path: templatePath,
          query: "",
          headers: {
            ...(hasBody ? { "content-type": "application/json" } : {}),
            cookie,
            origin: "http://evil.test",
          },
          body: hasBody ? (templateBody ?? "{}") : undefined,
          expect: "4xx" as const,
        })),
    );
  }

  if (operation.pathParams.length > 0) {
    const hostileId = fc.oneof(
      // Other tenants' ids must name nothing here, except for the operator, who may name any.
      operator ? fc.uuid() : fc.constantFrom(...fixture.otherTenantIds),
      fc.uuid(),
      fc.constantFrom(...payloads).map(encode),
      longString().map(encode),
      fc.string({ minLength: 1, maxLength: 40, unit: "binary" }).map(encode),
      fc.constantFrom(
        "%",
        "%zz",
        "..%2f..%2fadmin",
        "%00",
        "%E0%A4%A",
        "00000000-0000-0000-0000-000000000000",
      ),
    );
    variants.push(
      fc
        .tuple(fc.constantFrom(...operation.pathParams), hostileId)
        .filter(([name, id]) => id !== template.params?.[name])
        .map(([name, id]) => ({
          label: `path ${name} = ${JSON.stringify(id.slice(0, 60))}`,
          path: fillPath({ ...template.params, [name]: id }),
          query: "",
          headers: baseHeaders(),
          body: hasBody ? (templateBody ?? "{}") : undefined,
          expect: "4xx" as const,
        })),
    );
  }

  if (operation.method === "GET") {
    const declared = operation.queryParams;
    const queryValue = fc.oneof(
      fc.constantFrom(...payloads),
      fc.constantFrom("-1", "0", "1e3", "99999999999999999999", "1.5", "", " ", "NaN", "Infinity", "0x10"),
      longString(),
      fc.string({ maxLength: 20, unit: "binary" }),
    );
    const queryKey = fc.oneof(
      declared.length > 0 ? fc.constantFrom(...declared.map((param) => param.name)) : fc.constant("limit"),
      hostileKey,
    );
    variants.push(
      fc.array(fc.tuple(queryKey, queryValue), { minLength: 1, maxLength: 3 }).map((pairs) => {
        const names = new Set(declared.map((param) => param.name));
        const values = new Map<string, string[]>();
        for (const [name, value] of pairs) values.set(name, [...(values.get(name) ?? []), value]);
        // The schema refuses an unknown parameter (strict), a repeated one (an array), or a value
        // it does not accept after the same coercion the server applies.
        const refused =
          declared.length > 0 &&
          [...values].some(([name, list]) => {
            if (!names.has(name)) return true;
            if (list.length > 1) return true;
            const schema = declared.find((param) => param.name === name)?.schema as { type?: string };
            const raw = list[0] as string;
            const coerced = schema.type === "number" || schema.type === "integer" ? Number(raw) : raw;
            return !schemaAccepts(schema, coerced);
          });
        return {
          label: `query ${encodeQuery(pairs).slice(0, 80)}`,
          path: templatePath,
          query: encodeQuery(pairs),
          headers: baseHeaders(),
          body: undefined,
          expect: refused ? ("4xx" as const) : ("not5xx" as const),
        };
      }),
      fc
        .constantFrom(
          "?limit=%zz",
          "?%E0%A4%A=1",
          "?limit[]=1&limit[]=2",
          "?limit[a]=1",
          "?&&&=&",
          "?limit=1&limit=2",
        )
        .map((query) => ({
          label: `raw query ${query}`,
          path: templatePath,
          query,
          headers: baseHeaders(),
          body: undefined,
          expect: "not5xx" as const,
        })),
    );
  }
  return fc.oneof(...variants);
}

/**
 * Every leaf of the operation's valid body, replaced in turn by every edge string: the random
 * search rarely lands one exact string on one exact field, and these are where storage breaks.
 */
function edgeSweep(operation: Operation, fixture: Fixture): HostileRequest[] {
  const key = operationKey(operation);
  const template = fixture.templates.get(key);
  if (!template?.body || operation.method === "GET") return [];
  const token = fixture.operatorOnly.has(key) ? operatorToken : fixture.attackerKey;
  const path = operation.path.replace(
    /\{(\w+)\}/g,
    (_match, name: string) => template.params?.[name] ?? "missing",
  );
  return leafPaths(template.body).flatMap((leaf) =>
    edgeStrings.map((edge) => {
      const body = replaceAt(template.body, leaf, edge);
      return {
        label: `${leaf.join(".")} = ${JSON.stringify(edge).slice(0, 40)}`,
        path,
        query: "",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        expect: operation.bodySchema && !schemaAccepts(operation.bodySchema, body) ? "4xx" : "not5xx",
      } satisfies HostileRequest;
    }),
  );
}

/** A fingerprint of every row of every table: a refused request must leave it unchanged. */
async function fingerprint(app: TestApp, tables: string[]): Promise<Record<string, string>> {
  const union = tables
    .map(
      (table) =>
        `SELECT '${table}' AS name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS print FROM "${table}" t`,
    )
    .join(" UNION ALL ");
  const result = (await app.handle.db.execute(sql.raw(union))) as unknown as {
    rows: { name: string; print: string }[];
  };
  return Object.fromEntries(result.rows.map((row) => [row.name, row.print]));
}

describe.each(dialects)("abuse: hostile requests to every endpoint on %s", (dialect) => {
  let app: TestApp;
  let operations: Operation[];
  let fixture: Fixture;
  let tables: string[];
  const seen = { requests: 0, refused: 0, accepted: 0 };

  beforeAll(async () => {
    app = await startTestApp(dialect);
    const attacker = await provision(app, {
      name: "Attacker Ltd",
      seats: 20,
      admin: { email: "admin@attacker.test", name: "Mallory" },
    });
    const victim = await provision(app, {
      name: "Victim Inc",
      seats: 5,
      admin: { email: "admin@victim.test", name: "Victor" },
    });
    const post = async (key: string, path: string, body: unknown) => {
      const response = await app.request("POST", path, { token: key, body });
      if (response.status >= 300)
        throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const victimUser = await post(victim.adminKey, "/api/v1/users", {
      email: "vic@victim.test",
      name: "Vic",
      role: "member",
    });
    const victimKey = await createApiKey(app, victim.adminKey, "billing");
    const victimRequest = await post(victim.adminKey, "/api/v1/change-requests", {
      seats: 6,
      additionalCreditBlocks: 0,
      interval: "month",
    });
    const victimInvoices = await app.request("GET", "/api/v1/invoices", { token: victim.adminKey });
    const victimInvoiceId = victimInvoices.body.data[0].id as string;

    const member = await post(attacker.adminKey, "/api/v1/users", {
      email: "m@attacker.test",
      name: "Mo",
      role: "member",
    });
    const spareKey = await createApiKey(app, attacker.adminKey, "billing", "spare");
    const request = await post(attacker.adminKey, "/api/v1/change-requests", {
      seats: 21,
      additionalCreditBlocks: 0,
      interval: "month",
    });
    const invoices = await app.request("GET", "/api/v1/invoices", { token: attacker.adminKey });
    const invitationToken = String(member.invitation?.url ?? "/invite/none")
      .split("/")
      .pop() as string;

    const organizationId = attacker.organization.id as string;
    const now = app.clock.now().toISOString();
    const changeBody = { seatsDelta: 1 };
    fixture = {
      attackerKey: attacker.adminKey,
      otherTenantIds: [
        victim.organization.id,
        victimUser.id,
        victimKey.id,
        victimRequest.id,
        victimInvoiceId,
      ],
      operatorOnly: new Set([
        "POST /api/v1/organizations",
        "POST /api/v1/organizations/{id}/subscription/override",
        "POST /api/v1/organizations/{organizationId}/credits/adjustments",
        "GET /api/v1/test-clock",
        "POST /api/v1/test-clock",
      ]),
      publicPaths: new Set([
        "/api/v1/invitations/{token}",
        "/api/v1/invitations/{token}/accept",
        // The probes take no credentials.
        "/healthz",
        "/readyz",
      ]),
      templates: new Map<string, { body?: unknown; params?: Record<string, string> }>([
        [
          "POST /api/v1/organizations",
          {
            body: {
              name: "New Org",
              currency: "USD",
              seats: 2,
              additionalCreditBlocks: 0,
              interval: "month",
              requireApproval: false,
              admin: { email: "new@org.test", name: "New" },
            },
          },
        ],
        ["PATCH /api/v1/organization/settings", { body: { requireApproval: false } }],
        ["POST /api/v1/subscription/preview", { body: changeBody }],
        ["POST /api/v1/subscription/changes", { body: changeBody }],
        [
          "POST /api/v1/organizations/{id}/subscription/override",
          { body: { seats: 20, reason: "support" }, params: { id: organizationId } },
        ],
        [
          "POST /api/v1/change-requests",
          { body: { seats: 22, additionalCreditBlocks: 0, interval: "month", note: "more" } },
        ],
        ["GET /api/v1/change-requests/{id}", { params: { id: request.id } }],
        ["GET /api/v1/change-requests/{id}/quote", { params: { id: request.id } }],
        ["POST /api/v1/change-requests/{id}/approve", { body: {}, params: { id: request.id } }],
        ["POST /api/v1/change-requests/{id}/reject", { body: { reason: "no" }, params: { id: request.id } }],
        ["POST /api/v1/change-requests/{id}/withdraw", { body: {}, params: { id: request.id } }],
        ["POST /api/v1/users", { body: { email: "new@attacker.test", name: "New", role: "member" } }],
        ["POST /api/v1/users/{id}/deactivate", { body: {}, params: { id: member.id } }],
        ["POST /api/v1/users/{id}/reactivate", { body: {}, params: { id: member.id } }],
        ["POST /api/v1/users/{id}/role", { body: { role: "billing" }, params: { id: member.id } }],
        ["GET /api/v1/invitations/{token}", { params: { token: invitationToken } }],
        [
          "POST /api/v1/invitations/{token}/accept",
          { body: { password: "correct-horse-battery" }, params: { token: invitationToken } },
        ],
        [
          "PUT /api/v1/billing-info",
          {
            body: {
              companyName: "Attacker Ltd",
              taxId: null,
              address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" },
              billingEmail: "billing@attacker.test",
            },
          },
        ],
        ["GET /api/v1/invoices/{id}", { params: { id: invoices.body.data[0].id } }],
        ["POST /api/v1/api-keys", { body: { name: "ci", role: "member" } }],
        ["POST /api/v1/api-keys/{id}/revoke", { body: {}, params: { id: spareKey.id } }],
        [
          "POST /api/v1/credits/spend",
          { body: { eventId: "evt-1", feature: "call_analysis", credits: 1, occurredAt: now } },
        ],
        [
          "POST /api/v1/credits/spend/batch",
          { body: { events: [{ eventId: "evt-2", feature: "call_analysis", credits: 1, occurredAt: now }] } },
        ],
        [
          "POST /api/v1/organizations/{organizationId}/credits/adjustments",
          { body: { credits: 10, reason: "goodwill" }, params: { organizationId } },
        ],
        ["POST /api/v1/test-clock", { body: { now } }],
      ]),
    };

    const document = await app.request("GET", "/api/openapi.json");
    // better-auth's sign-in routes count every attempt in the database (decision 0027), refused or
    // not; test/security/edge.test.ts and auth tests cover them.
    const paths = Object.entries(document.body.paths as Record<string, Record<string, any>>).filter(
      ([path]) => !path.startsWith("/api/auth/"),
    );
    operations = paths.flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, spec]) => ({
        method: method.toUpperCase(),
        path,
        pathParams: (spec.parameters ?? [])
          .filter((param: any) => param.in === "path")
          .map((param: any) => param.name as string),
        queryParams: (spec.parameters ?? [])
          .filter((param: any) => param.in === "query")
          .map((param: any) => ({ name: param.name as string, schema: param.schema as object })),
        bodySchema: spec.requestBody?.content?.["application/json"]?.schema as object | undefined,
      })),
    );
    const result = (await app.handle.db.execute(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    )) as unknown as { rows: { table_name: string }[] };
    tables = result.rows.map((row) => row.table_name);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("reads every operation of the OpenAPI document", () => {
    expect(operations.length).toBeGreaterThanOrEqual(35);
    expect(tables).toContain("invoices");
  });

  // One fast-check property per operation, built once the document is read.
  const names = [
    "POST /api/v1/organizations",
    "GET /api/v1/me",
    "GET /api/v1/organization",
    "PATCH /api/v1/organization/settings",
    "GET /api/v1/subscription",
    "POST /api/v1/subscription/preview",
    "POST /api/v1/subscription/changes",
    "POST /api/v1/organizations/{id}/subscription/override",
    "POST /api/v1/change-requests",
    "GET /api/v1/change-requests",
    "GET /api/v1/change-requests/{id}",
    "GET /api/v1/change-requests/{id}/quote",
    "POST /api/v1/change-requests/{id}/approve",
    "POST /api/v1/change-requests/{id}/reject",
    "POST /api/v1/change-requests/{id}/withdraw",
    "GET /api/v1/users",
    "POST /api/v1/users",
    "POST /api/v1/users/{id}/deactivate",
    "POST /api/v1/users/{id}/reactivate",
    "POST /api/v1/users/{id}/role",
    "GET /api/v1/invitations/{token}",
    "POST /api/v1/invitations/{token}/accept",
    "GET /api/v1/billing-info",
    "PUT /api/v1/billing-info",
    "GET /api/v1/invoices",
    "GET /api/v1/invoices/{id}",
    "GET /api/v1/audit-events",
    "GET /api/v1/api-keys",
    "POST /api/v1/api-keys",
    "POST /api/v1/api-keys/{id}/revoke",
    "GET /api/v1/catalog",
    "GET /api/v1/credits",
    "GET /api/v1/credits/ledger",
    "GET /api/v1/credits/usage/daily",
    "POST /api/v1/credits/spend",
    "POST /api/v1/credits/spend/batch",
    "POST /api/v1/organizations/{organizationId}/credits/adjustments",
    "GET /api/v1/test-clock",
    "POST /api/v1/test-clock",
  ];

  it.each(names)("%s: never 5xx, 4xx for what the schema refuses, no row changed", async (name) => {
    const operation = operations.find((candidate) => operationKey(candidate) === name);
    // An operation renamed or removed: the document-wide test below still covers what is there.
    if (!operation) return;
    await hammer(operation);
  });

  it("covers every operation the document lists, including ones added later", async () => {
    for (const operation of operations.filter((candidate) => !names.includes(operationKey(candidate)))) {
      await hammer(operation, 8);
    }
  });

  /** Sends one hostile request and checks the answer and the rows. */
  async function attack(operation: Operation, hostile: HostileRequest, before: Record<string, string>) {
    const response = await fetch(`${app.baseUrl}${hostile.path}${hostile.query}`, {
      method: operation.method,
      headers: hostile.headers,
      body: hostile.body,
    });
    const text = await response.text();
    seen.requests++;
    const context = `${operation.method} ${hostile.path.slice(0, 200)}${hostile.query.slice(0, 200)} (${hostile.label}) → ${response.status} ${text.slice(0, 300)}`;
    expect(response.status, context).toBeLessThan(500);
    if (hostile.expect === "4xx") expect(response.status, context).toBeGreaterThanOrEqual(400);
    const after = await fingerprint(app, tables);
    if (response.status >= 400) {
      seen.refused++;
      expect(after, `a refused request changed rows: ${context}`).toEqual(before);
      // Errors keep the API's shape, whatever the input (431 comes from Node's HTTP parser,
      // before the app sees the request).
      if (response.status !== 431) {
        expect(JSON.parse(text), context).toMatchObject({ error: { code: expect.any(String) } });
      }
    } else {
      seen.accepted++;
    }
    return after;
  }

  async function hammer(operation: Operation, runs = runsPerOperation) {
    let before = await fingerprint(app, tables);
    for (const hostile of edgeSweep(operation, fixture)) before = await attack(operation, hostile, before);
    await fc.assert(
      fc.asyncProperty(requestArbitrary(operation, fixture), async (hostile) => {
        before = await attack(operation, hostile, before);
      }),
      { numRuns: runs, endOnFailure: true },
    );
  }

  it("leaves every invariant intact and the tables in place", async () => {
    const report = await verifyInvariants(app.handle.db, { now: app.clock.now(), overdueToleranceMs: 0 });
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(Object.keys(await fingerprint(app, tables))).toEqual(tables);
    expect(seen.refused).toBeGreaterThan(seen.accepted);
  });
});
