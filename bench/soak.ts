// `npm run soak [-- minutes=10]` (not in CI): the server on PostgreSQL at 70% of its measured
// maximum for `minutes`, half quotes and half seat changes (each at 35% of its own maximum; every
// quote with a new body, so each one is computed rather than remembered, decision 0018), in
// one-minute slices from a separate load process. Passes when there were no errors, the last
// minute's p99 is within 1.5× of the first minute's, and memory (RSS) grew less than 10% from the
// end of the first minute to the end. Exits 1 otherwise.
import {
  benchServerEnv,
  createDatabase,
  endFailedRun,
  provisionOrganizations,
  runLoadProcess,
  startBillingServer,
} from "./processes.js";

const minutes = Number(process.argv[2] ?? 10);
const share = 0.7;
const log = (message: string) => console.error(`[soak] ${message}`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const database = await createDatabase("wp_soak");
  const server = await startBillingServer({ databaseUrl: database.url, env: benchServerEnv });
  try {
    const keys = (await provisionOrganizations(server.url, 200)).map((org) => org.key);
    log("measuring the maximum: 10 s of quotes, 10 s of seat changes");
    const maxQuotes = await runLoadProcess({
      url: server.url,
      kind: "quote",
      connections: 50,
      seconds: 10,
      keys,
      distinctBodies: true,
    });
    const maxSeats = await runLoadProcess({
      url: server.url,
      kind: "seats",
      connections: 16,
      seconds: 10,
      keys,
    });
    const quoteRate = Math.max(1, Math.round((maxQuotes.perSecond * share) / 2));
    const seatRate = Math.max(1, Math.round((maxSeats.perSecond * share) / 2));
    log(
      `maximum ${Math.round(maxQuotes.perSecond)} quotes/s, ${Math.round(maxSeats.perSecond)} seat changes/s; soaking at ${quoteRate} + ${seatRate} per second for ${minutes} min`,
    );

    const slices: { minute: number; p99: number; errors: number; rss: number; done: number }[] = [];
    for (let minute = 1; minute <= minutes; minute++) {
      const [quotes, seats] = await Promise.all([
        runLoadProcess({
          url: server.url,
          kind: "quote",
          connections: 20,
          seconds: 60,
          keys,
          rate: quoteRate,
          distinctBodies: true,
        }),
        runLoadProcess({ url: server.url, kind: "seats", connections: 8, seconds: 60, keys, rate: seatRate }),
      ]);
      const slice = {
        minute,
        p99: Math.max(quotes.p99, seats.p99),
        errors: quotes.non2xx + quotes.errors + seats.non2xx + seats.errors,
        rss: server.memory(),
        done: quotes.ok + seats.ok,
      };
      slices.push(slice);
      log(
        `minute ${minute}: ${slice.done} requests, p99 ${slice.p99} ms (quotes ${quotes.p99}, seats ${seats.p99}), errors ${slice.errors}, RSS ${mb(slice.rss)}`,
      );
    }

    const first = slices[0];
    const last = slices.at(-1);
    if (!first || !last) throw new Error("no minute measured");
    const errors = slices.reduce((total, slice) => total + slice.errors, 0);
    const p99Ratio = last.p99 / Math.max(1, first.p99);
    const growth = (last.rss - first.rss) / first.rss;
    const verdicts = [
      [`errors: ${errors}`, errors === 0],
      [
        `p99 last minute ${last.p99} ms vs first ${first.p99} ms: ${p99Ratio.toFixed(2)}× (≤ 1.5×)`,
        p99Ratio <= 1.5,
      ],
      [
        `RSS ${mb(first.rss)} after minute 1 → ${mb(last.rss)} at the end: ${(growth * 100).toFixed(1)}% (< 10%)`,
        growth < 0.1,
      ],
    ] as const;
    console.log(`npm run soak -- ${minutes}: ${new Date().toISOString()}`);
    for (const [text, met] of verdicts) console.log(`  ${met ? "met   " : "MISSED"} ${text}`);
    process.exitCode = verdicts.every(([, met]) => met) ? 0 : 1;
  } finally {
    await server.kill();
    await database.drop();
  }
}

main().catch(endFailedRun);
