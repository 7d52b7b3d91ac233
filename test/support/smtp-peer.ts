import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server for the tests (`smtp-server`), each message parsed with `mailparser`. While
 * `refusing` it answers 451 (try again later) to every recipient, as a busy relay does.
 */
export class SmtpPeer {
  readonly messages: ParsedMail[] = [];
  refusing = false;
  refused = 0;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo: (_address, _session, callback) => {
      if (!this.refusing) return callback();
      this.refused++;
      const error = Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 });
      callback(error);
    },
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((parsed) => {
          this.messages.push(parsed);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    return this;
  }

  get url() {
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  to(address: string) {
    return this.messages.filter((message) =>
      (Array.isArray(message.to) ? message.to : [message.to]).some((to) =>
        to?.value.some((value) => value.address?.toLowerCase() === address.toLowerCase()),
      ),
    );
  }

  async stop() {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
