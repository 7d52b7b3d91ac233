// The load generator, run in its own process by bench/run.ts and bench/soak.ts: autocannon against
// one endpoint, API keys taken in turn. Prints one JSON line with the figures.
//   node --import tsx bench/load.ts '{"url": ..., "kind": "quote" | "seats" | "hello", ...}'
import autocannon from "autocannon";

export interface LoadSpec {
  url: string;
  kind: "hello" | "quote" | "seats";
  connections: number;
  seconds: number;
  keys?: string[];
  /** Requests per second over all connections (soak); unlimited when absent. */
  rate?: number;
  /**
   * Quotes: a new body for every request (each organization's n-th quote asks for 1 + n mod 500
   * seats and ⌊n / 500⌋ mod 101 credit blocks, so no body repeats within a second and the server
   * computes every quote), instead of one body asked again and again.
   */
  distinctBodies?: boolean;
}

export interface LoadResult {
  kind: LoadSpec["kind"];
  connections: number;
  seconds: number;
  ok: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

function quoteBody(n: number | undefined) {
  if (n === undefined) return { seats: 12, additionalCreditBlocks: 2, interval: "year" };
  return { seats: 1 + (n % 500), additionalCreditBlocks: Math.floor(n / 500) % 101, interval: "year" };
}

function requestFor(spec: LoadSpec): autocannon.Request {
  const keys = spec.keys ?? [];
  let sent = 0;
  if (spec.kind === "hello") return { method: "GET", path: "/hello" };
  return {
    method: "POST",
    path: spec.kind === "quote" ? "/api/v1/subscription/preview" : "/api/v1/subscription/changes",
    setupRequest: (request) => {
      const index = sent++;
      const key = keys[index % keys.length];
      // Each organization alternates +1 and −1 seat, so seats stay in the catalog's range.
      const body =
        spec.kind === "quote"
          ? quoteBody(spec.distinctBodies ? Math.floor(index / keys.length) : undefined)
          : { seatsDelta: Math.floor(index / keys.length) % 2 === 0 ? 1 : -1 };
      return {
        ...request,
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      };
    },
  };
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    requests: [requestFor(spec)],
    ...(spec.rate ? { overallRate: spec.rate } : {}),
    timeout: 30,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, entry] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = (entry as { count: number }).count;
  }
  return {
    kind: spec.kind,
    connections: spec.connections,
    seconds: spec.seconds,
    ok: result["2xx"],
    perSecond: result["2xx"] / spec.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "")) {
  const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
  console.log(JSON.stringify(await runLoad(spec)));
}
