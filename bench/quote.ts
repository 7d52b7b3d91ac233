// `npx tsx bench/quote.ts [seconds=5]`: the quote row of `npm run bench` alone, for quick
// iterations: quotes at 50 connections on PostgreSQL against the bare Fastify hello route, with
// one body per organization asked again and again (as `npm run bench` does) and with a new body
// for every request (every quote computed).
import type { LoadResult } from "./load.js";
import {
  benchServerEnv,
  cpuTime,
  createDatabase,
  provisionOrganizations,
  runLoadProcess,
  startBillingServer,
  startListening,
} from "./processes.js";

const seconds = Number(process.argv[2] ?? 5);
const connections = 50;

async function measure(
  server: { url: string; pid: number },
  kind: "quote" | "hello",
  options: { keys?: string[]; distinctBodies?: boolean } = {},
): Promise<LoadResult & { cpuUs: number }> {
  await runLoadProcess({ url: server.url, kind, connections, seconds: 2, ...options });
  const before = cpuTime(server.pid).total;
  const result = await runLoadProcess({ url: server.url, kind, connections, seconds, ...options });
  return { ...result, cpuUs: ((cpuTime(server.pid).total - before) * 1000) / (result.ok + result.non2xx) };
}

const database = await createDatabase();
let quote: LoadResult & { cpuUs: number };
let computed: LoadResult & { cpuUs: number };
try {
  const server = await startBillingServer({ databaseUrl: database.url, env: benchServerEnv });
  try {
    const keys = (await provisionOrganizations(server.url, 200)).map((org) => org.key);
    quote = await measure(server, "quote", { keys });
    computed = await measure(server, "quote", { keys, distinctBodies: true });
  } finally {
    await server.kill();
  }
} finally {
  await database.drop();
}
const hello = await startListening("bench/hello-server.ts", {}, { readyPath: "/hello" });
let reference: LoadResult & { cpuUs: number };
try {
  reference = await measure(hello, "hello");
} finally {
  await hello.kill();
}
const figures = (result: LoadResult & { cpuUs: number }) =>
  `${Math.round(result.perSecond)}/s (p99 ${result.p99} ms, non-2xx ${result.non2xx}, server CPU ${Math.round(result.cpuUs)} µs/request)`;
console.log(`hello ${figures(reference)}`);
console.log(
  `quote, one body per organization: ${figures(quote)}: ${(quote.perSecond / reference.perSecond).toFixed(2)}×`,
);
console.log(
  `quote, a new body every request: ${figures(computed)}: ${(computed.perSecond / reference.perSecond).toFixed(2)}×`,
);
