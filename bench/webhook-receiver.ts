// A local webhook receiver for bench/webhooks.ts, in its own process: answers 204 at once and
// keeps, per delivery, the lag from the event's timestamp (its commit) to its arrival.
// GET /stats answers {count, lags} and starts a new count.
import { createServer } from "node:http";

let count = 0;
let lags: number[] = [];
const server = createServer((request, response) => {
  if (request.method === "GET") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ count, lags }));
    count = 0;
    lags = [];
    return;
  }
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    count++;
    const { timestamp } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { timestamp: string };
    lags.push(Date.now() - Date.parse(timestamp));
    response.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
