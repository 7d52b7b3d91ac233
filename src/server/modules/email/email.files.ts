import { readFile } from "node:fs/promises";
import { resolve, sep } from "node:path";

export interface EmlSummary {
  from: string | null;
  attachments: { filename: string; contentType: string; size: number }[];
}

/**
 * The sender and the attachments of an .eml file this server wrote, read with mailparser (the
 * parser of nodemailer's authors, loaded on the operator's first look, never at start).
 */
export async function summarizeEml(raw: string): Promise<EmlSummary> {
  const { simpleParser } = await import("mailparser");
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  return {
    from: parsed.from
      ? parsed.from.value
          .map(({ name, address }) => (name ? `${name} <${address}>` : (address ?? "")))
          .join(", ")
      : null,
    attachments: parsed.attachments
      .filter((attachment) => attachment.contentDisposition === "attachment")
      .map((attachment) => ({
        filename: attachment.filename ?? "",
        contentType: attachment.contentType || "application/octet-stream",
        size: attachment.size,
      })),
  };
}

/** The .eml file, when it lies in the mail folder this server writes to; undefined otherwise. */
export async function readEml(file: string, mailDir: string): Promise<string | undefined> {
  const path = resolve(file);
  if (!path.startsWith(resolve(mailDir) + sep)) return undefined;
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}
