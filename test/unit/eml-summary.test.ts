// The operator's e-mail detail reads the sender and attachments from the .eml files the server
// writes: built here by nodemailer itself, as the mail sender builds them.
import { createTransport } from "nodemailer";
import { describe, expect, it } from "vitest";
import { summarizeEml } from "../../src/server/modules/email/email.files.js";

async function eml(mail: object): Promise<string> {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const built = (await transport.sendMail(mail)) as unknown as { message: Buffer };
  return built.message.toString("utf8");
}

describe("summarizeEml", () => {
  it("names the sender and lists each attachment with its type and size", async () => {
    const pdf = Buffer.alloc(4_001, 7);
    const raw = await eml({
      from: "WiseParts Billing <billing@wiseparts.example>",
      to: "ap@acme.test",
      subject: "Invoice INV-1",
      text: "Your invoice",
      html: "<p>Your invoice</p>",
      attachments: [
        { filename: "INV-1.pdf", content: pdf, contentType: "application/pdf" },
        { filename: "Überweisung März.txt", content: "hello", contentType: "text/plain" },
      ],
    });
    expect(await summarizeEml(raw)).toEqual({
      from: "WiseParts Billing <billing@wiseparts.example>",
      attachments: [
        { filename: "INV-1.pdf", contentType: "application/pdf", size: 4_001 },
        { filename: "Überweisung März.txt", contentType: "text/plain", size: 5 },
      ],
    });
  });

  it("finds no attachment in a message with text and HTML only", async () => {
    const raw = await eml({
      from: "billing@wiseparts.example",
      to: "ada@acme.test",
      subject: "A change request waits",
      text: "Seats: 12\n\nContent-Disposition: attachment; filename=fake.pdf",
      html: "<p>Seats: 12</p>",
    });
    expect(await summarizeEml(raw)).toEqual({ from: "billing@wiseparts.example", attachments: [] });
  });
});
