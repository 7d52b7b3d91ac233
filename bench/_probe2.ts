import { sql } from "drizzle-orm";
import { freshPglite } from "./credits-db.js";
const h = await freshPglite();
const db = h.db;
const scope = "org:0a4f1c2e-1111-2222-3333-444455556666:api_key:0a4f1c2e-1111-2222-3333-444455556666";
await db.execute(sql.raw(`INSERT INTO idempotency_keys SELECT '${scope}', 'k-'||i, 'h'||i, 200, jsonb_build_object('sealed', repeat('x', 200)), now() FROM generate_series(1,30000) i`));
await db.execute(sql`ANALYZE idempotency_keys`);
let n = 100000;
const time = async (label: string, f: () => Promise<unknown>) => { for (let i = 0; i < 5; i++) await f(); const t = performance.now(); for (let i = 0; i < 40; i++) await f(); console.log(label, ((performance.now() - t) / 40).toFixed(2), "ms"); };
const keys = () => Array.from({ length: 16 }, () => `k-${n++}`);
for (let round = 0; round < 2; round++) {
await time("lookup lateral", () => { const w = JSON.stringify(keys().map((key) => ({ scope, key }))); return db.execute(sql`SELECT k.scope, k.key, k.request_hash, k.status_code, k.response_body FROM jsonb_to_recordset(${w}::jsonb) AS w(scope text, key text) CROSS JOIN LATERAL (SELECT * FROM idempotency_keys WHERE scope = w.scope AND key = w.key OFFSET 0) k`); });
await time("lookup any", () => { const ks = keys(); return db.execute(sql`SELECT scope, key, request_hash, status_code, response_body FROM idempotency_keys WHERE scope IN (SELECT jsonb_array_elements_text(${JSON.stringify([scope])}::jsonb)) AND key IN (SELECT jsonb_array_elements_text(${JSON.stringify(ks)}::jsonb))`); });
await time("select 1", () => db.execute(sql`SELECT 1`));
await time("insert json", () => { const rows = JSON.stringify(keys().map((k) => [scope, k, "hash-" + k, 200, "y".repeat(200)])); return db.execute(sql`INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body, created_at) SELECT r->>0, r->>1, r->>2, (r->>3)::integer, jsonb_build_object('sealed', r->>4), ${new Date().toISOString()}::timestamptz FROM jsonb_array_elements(${rows}::jsonb) AS r`); });
await time("insert arrays", () => { const ks = keys(); return db.execute(sql`INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body, created_at) SELECT ${scope}, k, 'hash-'||k, 200, jsonb_build_object('sealed', ${"y".repeat(200)}::text), ${new Date().toISOString()}::timestamptz FROM jsonb_array_elements_text(${JSON.stringify(ks)}::jsonb) k`); });
}
await h.close();
