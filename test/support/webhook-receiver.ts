import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedEvent {
  id: string;
  type: string;
  organizationId: string;
  sequence: number;
  data: { object: any; previous: any };
  /** webhook-id header */
  webhookId: string;
  verified: boolean;
  at: number;
}

/**
 * A real HTTP receiver, as a host product would run one: it verifies each delivery's Standard
 * Webhooks signature with the `standardwebhooks` package and records what it accepted. Its answer
 * (status, delay) and whether it is up can be changed while a test runs.
 */
export class WebhookReceiver {
  readonly received: ReceivedEvent[] = [];
  status = 200;
  delayMs = 0;
  /** Secrets tried in turn (a rotation leaves two valid). */
  secrets: string[] = [];
  /** Deliveries being answered right now, by webhook-id (a second concurrent one is a bug). */
  readonly inFlight = new Map<string, number>();
  concurrentDuplicates = 0;
  /** The webhook-id of every request as it arrived, answered or not. */
  readonly arrivals: string[] = [];
  private server: Server | undefined;
  private port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(port = 0) {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Stops answering (connections refused) until `start` again on the same port. */
  async stop() {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restart() {
    await this.start(this.port);
  }

  private async handle(request: IncomingMessage, response: import("node:http").ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const headers = {
      "webhook-id": String(request.headers["webhook-id"] ?? ""),
      "webhook-timestamp": String(request.headers["webhook-timestamp"] ?? ""),
      "webhook-signature": String(request.headers["webhook-signature"] ?? ""),
    };
    const id = headers["webhook-id"];
    this.arrivals.push(id);
    const concurrent = this.inFlight.get(id) ?? 0;
    if (concurrent > 0) this.concurrentDuplicates++;
    this.inFlight.set(id, concurrent + 1);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const verified = this.secrets.some((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      if (!verified) {
        response.writeHead(401).end();
        return;
      }
      if (this.status >= 200 && this.status < 300) {
        const event = JSON.parse(body);
        this.received.push({ ...event, webhookId: id, verified, at: Date.now() });
      }
      response.writeHead(this.status).end();
    } finally {
      this.inFlight.set(id, (this.inFlight.get(id) ?? 1) - 1);
    }
  }

  ofType(type: string) {
    return this.received.filter((event) => event.type === type);
  }
}
