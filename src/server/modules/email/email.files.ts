import { readFile } from "node:fs/promises";
import { resolve, sep } from "node:path";

export interface EmlSummary {
  from: string | null;
  attachments: { filename: string; contentType: string; size: number }[];
}

/** Header lines of a MIME part, unfolded, names lower-cased. */
function headersOf(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replaceAll(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?=C3=9Cber?=`) as text. */
function decodeWords(value: string): string {
  return value
    .replaceAll(/(\?=)\s+(=\?)/g, "$1$2")
    .replaceAll(
      /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
      (word, charset: string, encoding: string, text: string) => {
        try {
          const bytes =
            encoding.toUpperCase() === "B"
              ? Buffer.from(text, "base64")
              : Buffer.from(
                  text
                    .replaceAll("_", " ")
                    .replaceAll(/=([0-9A-F]{2})/gi, (_, hex: string) =>
                      String.fromCharCode(Number.parseInt(hex, 16)),
                    ),
                  "latin1",
                );
          return new TextDecoder(charset).decode(bytes);
        } catch {
          return word;
        }
      },
    );
}

/** A header's parameter (`filename="a.pdf"`, `filename*=utf-8''a%20b.pdf`), or undefined. */
function parameter(value: string, name: string): string | undefined {
  const extended = new RegExp(`;\\s*${name}\\*=([^;]*)`, "i").exec(value)?.[1]?.trim();
  if (extended) {
    const encoded = extended.replace(/^[^']*'[^']*'/, "");
    try {
      return decodeURIComponent(encoded);
    } catch {
      return encoded;
    }
  }
  const plain = new RegExp(`;\\s*${name}=("([^"]*)"|[^;]*)`, "i").exec(value);
  return plain ? (plain[2] ?? plain[1] ?? "").trim() : undefined;
}

/**
 * The sender and the attachments of an .eml file this server wrote (nodemailer's output): enough
 * for the operator to see what a message carried, without a MIME library in the server.
 */
export function summarizeEml(raw: string): EmlSummary {
  const headerEnd = raw.search(/\r?\n\r?\n/);
  const top = headersOf(headerEnd < 0 ? raw : raw.slice(0, headerEnd));
  const attachments: EmlSummary["attachments"] = [];
  // Every part of every multipart level: split on the boundary lines the message declares.
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((found) => found[1] as string);
  const parts = boundaries.length
    ? raw.split(new RegExp(`\\r?\\n--(?:${boundaries.map(escapeRegExp).join("|")})(?:--)?`))
    : [];
  for (const part of parts) {
    const start = part.replace(/^\r?\n/, "");
    const end = start.search(/\r?\n\r?\n/);
    if (end < 0) continue;
    const headers = headersOf(start.slice(0, end));
    const disposition = headers.get("content-disposition") ?? "";
    if (!/^attachment\b/i.test(disposition)) continue;
    const contentType = (headers.get("content-type") ?? "application/octet-stream").split(";")[0]?.trim();
    const body = start.slice(end).replaceAll(/\s+/g, "");
    const base64 = /base64/i.test(headers.get("content-transfer-encoding") ?? "");
    attachments.push({
      filename: decodeWords(
        parameter(disposition, "filename") ?? parameter(headers.get("content-type") ?? "", "name") ?? "",
      ),
      contentType: contentType || "application/octet-stream",
      size: base64 ? Math.floor((body.length * 3) / 4) - (body.match(/=+$/)?.[0].length ?? 0) : body.length,
    });
  }
  const from = top.get("from");
  return { from: from === undefined ? null : decodeWords(from), attachments };
}

const escapeRegExp = (text: string) => text.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&");

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
