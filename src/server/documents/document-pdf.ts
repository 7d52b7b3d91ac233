import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BillTo, DocumentSeller } from "../../core/invoice-document.js";
import { formatMoney } from "../../core/money.js";
import { isEuMember } from "../../core/tax-id.js";

const require = createRequire(import.meta.url);

// Noto Sans covers accented Latin (Friedrichstraße, Société Générale, Łódź), Greek, Cyrillic and
// the currency signs; pdfkit embeds only the glyphs a document uses (a subset). The fonts are
// parsed once per process and shared by every document (fontkit keeps its layout caches there).
// pdfkit and fontkit load with the first document, not at start: about 6 MB of heap and 25 MB of
// resident memory that a process serving no PDF never needs (decision 0150).
let renderer: Promise<{ PDFDocument: typeof import("pdfkit"); regular: unknown; bold: unknown }> | undefined;
function loadRenderer() {
  renderer ??= (async () => {
    const { default: PDFDocument } = await import("pdfkit");
    const fontkit = require("fontkit") as { create(buffer: Buffer): unknown };
    const open = (path: string) =>
      rememberingLayouts(fontkit.create(readFileSync(require.resolve(path))) as Font);
    return {
      PDFDocument,
      regular: open("@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf"),
      bold: open("@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf"),
    };
  })();
  renderer.catch(() => {
    renderer = undefined;
  });
  return renderer;
}

interface Position {
  xAdvance: number;
  [key: string]: number;
}
interface Font {
  layout(text: string, features?: unknown): { glyphs: unknown[]; positions: Position[] };
}

const maxRememberedLayouts = 20_000;

/**
 * Shaping a word (fontkit's GSUB/GPOS lookups) costs far more than drawing it, and invoices repeat
 * the same words. The font answers `layout` from a memo of glyph runs shared by every document;
 * each caller gets its own copy of the positions, which pdfkit scales in place.
 */
function rememberingLayouts(font: Font): Font {
  const memo = new Map<string, { glyphs: unknown[]; positions: Position[] }>();
  const layout = (text: string, features?: unknown) => {
    const key = features ? `${text}\u0000${JSON.stringify(features)}` : text;
    let run = memo.get(key);
    if (!run) {
      const shaped = font.layout(text, features);
      run = { glyphs: shaped.glyphs, positions: shaped.positions.map((position) => ({ ...position })) };
      if (memo.size >= maxRememberedLayouts) memo.clear();
      memo.set(key, run);
    }
    const positions = run.positions.map((position) => ({ ...position }));
    return {
      glyphs: run.glyphs,
      positions,
      get advanceWidth() {
        return positions.reduce((width, position) => width + position.xAdvance, 0);
      },
    };
  };
  return new Proxy(font, {
    get(target, property) {
      if (property === "layout") return layout;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Countries whose paper is US Letter; everywhere else A4. */
const letterCountries = new Set([
  "US",
  "CA",
  "MX",
  "CL",
  "CO",
  "PH",
  "PR",
  "VE",
  "GT",
  "CR",
  "DO",
  "PA",
  "SV",
]);

export function paperSizeFor(country: string | null | undefined): "A4" | "LETTER" {
  return country && letterCountries.has(country) ? "LETTER" : "A4";
}

/** What a PDF prints: an invoice or a credit note, as the API returns them. */
export interface PrintableDocument {
  kind: "invoice" | "credit_note";
  displayNumber: string;
  issuedAt: string;
  dueAt?: string | null;
  /** Credit notes: the invoice they credit (Article 219). */
  creditedInvoice?: string | null;
  memo?: string | null;
  currency: string;
  seller: DocumentSeller | null;
  billTo: BillTo | null;
  lines: {
    description: string;
    quantity?: number;
    unitAmount?: number;
    amount: number;
    periodStart?: string;
    periodEnd?: string;
  }[];
  subtotal: number;
  creditApplied?: number;
  tax: {
    mention: string | null;
    lines: { rate: string; country: string; taxableAmount: number; amount: number }[];
    total: number;
  };
  total: number;
  status?: string;
  amountPaid?: number;
  amountDue?: number;
}

const day = (iso: string) => iso.slice(0, 10);

function addressLines(address: BillTo["address"]): string[] {
  const cityLine = [address.postalCode, address.city, address.region].filter(Boolean).join(" ");
  const country = address.country ? (countryName(address.country) ?? address.country) : null;
  return [address.line1, address.line2, cityLine, country].filter((line): line is string => Boolean(line));
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
function countryName(code: string): string | undefined {
  try {
    return regionNames.of(code);
  } catch {
    return undefined;
  }
}

/**
 * Renders an invoice or a credit note as a PDF with the fields Article 226 of Council Directive
 * 2006/112/EC asks for: issue date, sequential number, both parties' names, addresses and VAT
 * IDs, the services and their periods, taxable amount and VAT per rate, the amount of VAT and
 * the legal mention of a reverse charge or an export.
 */
export async function renderDocumentPdf(document: PrintableDocument): Promise<Buffer> {
  const seller = document.seller;
  const size = paperSizeFor(seller?.address.country);
  const { PDFDocument, regular, bold } = await loadRenderer();
  const pdf = new PDFDocument({
    size,
    margin: 50,
    // pdfkit takes a parsed fontkit font as well as a path; as the default it also spares loading
    // Helvetica's metrics for every document.
    font: regular as string,
    info: {
      Title: `${document.kind === "invoice" ? "Invoice" : "Credit note"} ${document.displayNumber}`,
      Author: seller?.legalName ?? "WiseParts Billing",
      Creator: "WiseParts Billing",
    },
  });
  // The issue date, not the rendering time: the same document renders to the same text.
  pdf.info.CreationDate = new Date(document.issuedAt);
  pdf.registerFont("regular", regular as string);
  pdf.registerFont("bold", bold as string);
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  const money = (amount: number) => formatMoney(amount, document.currency, "en-GB");
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const title = document.kind === "invoice" ? "Invoice" : "Credit note";

  // Header: the seller, then the document's title, number and dates.
  pdf
    .font("bold")
    .fontSize(16)
    .text(seller?.legalName ?? "WiseParts Billing", left, 50);
  pdf.font("regular").fontSize(9);
  if (seller) {
    for (const line of addressLines(seller.address)) pdf.text(line);
    if (seller.vatId) pdf.text(`VAT ID: ${seller.vatId}`);
  }
  pdf.font("bold").fontSize(20).text(title, left, 50, { width, align: "right" });
  pdf.font("regular").fontSize(10);
  pdf.text(`Number: ${document.displayNumber}`, { width, align: "right" });
  pdf.text(`Date of issue: ${day(document.issuedAt)}`, { width, align: "right" });
  if (document.dueAt) pdf.text(`Due date: ${day(document.dueAt)}`, { width, align: "right" });
  if (document.creditedInvoice)
    pdf.text(`Credits invoice: ${document.creditedInvoice}`, { width, align: "right" });
  if (document.status && document.status !== "open") {
    pdf.font("bold").text(`Status: ${document.status.toUpperCase()}`, { width, align: "right" });
  }

  // Bill-to.
  pdf.moveDown(2);
  const billToTop = Math.max(pdf.y, 150);
  pdf.font("bold").fontSize(10).text("Bill to", left, billToTop);
  pdf.font("regular").fontSize(10);
  if (document.billTo) {
    pdf.text(document.billTo.companyName);
    for (const line of addressLines(document.billTo.address)) pdf.text(line);
    if (document.billTo.taxId) {
      const country = document.billTo.address.country;
      pdf.text(`${country && isEuMember(country) ? "VAT ID" : "Tax ID"}: ${document.billTo.taxId}`);
    }
    pdf.text(document.billTo.billingEmail);
  } else {
    pdf.text("(no billing information)");
  }

  // Lines: the nature and extent of the services, their periods, quantity, unit price, amount.
  pdf.moveDown(1.5);
  const columns = {
    description: left,
    quantity: left + width * 0.55,
    unit: left + width * 0.65,
    amount: left + width * 0.82,
  };
  const header = pdf.y;
  pdf.font("bold").fontSize(9);
  pdf.text("Description", columns.description, header);
  pdf.text("Qty", columns.quantity, header, { width: width * 0.08, align: "right" });
  pdf.text("Unit price", columns.unit, header, { width: width * 0.15, align: "right" });
  pdf.text("Amount", columns.amount, header, { width: width * 0.18, align: "right" });
  pdf
    .moveTo(left, pdf.y + 2)
    .lineTo(left + width, pdf.y + 2)
    .stroke("#999999");
  pdf.moveDown(0.5);
  pdf.font("regular").fontSize(9);
  for (const line of document.lines) {
    const top = pdf.y;
    pdf.text(line.description, columns.description, top, { width: width * 0.53 });
    if (line.periodStart && line.periodEnd) {
      pdf.fillColor("#555555").text(`Service period ${day(line.periodStart)} – ${day(line.periodEnd)}`, {
        width: width * 0.53,
      });
      pdf.fillColor("black");
    }
    const bottom = pdf.y;
    if (line.quantity !== undefined) {
      pdf.text(String(line.quantity), columns.quantity, top, { width: width * 0.08, align: "right" });
    }
    if (line.unitAmount !== undefined) {
      pdf.text(money(line.unitAmount), columns.unit, top, { width: width * 0.15, align: "right" });
    }
    pdf.text(money(line.amount), columns.amount, top, { width: width * 0.18, align: "right" });
    pdf.y = Math.max(bottom, pdf.y) + 4;
  }
  pdf
    .moveTo(left, pdf.y)
    .lineTo(left + width, pdf.y)
    .stroke("#999999");
  pdf.moveDown(0.5);

  // Totals: taxable amount and VAT per rate, then what is due.
  const totalRow = (label: string, value: string, bold = false) => {
    const top = pdf.y;
    pdf.font(bold ? "bold" : "regular").fontSize(bold ? 11 : 9);
    pdf.text(label, left + width * 0.35, top, { width: width * 0.45, align: "right" });
    pdf.text(value, columns.amount, top, { width: width * 0.18, align: "right" });
  };
  totalRow("Subtotal (excl. VAT)", money(document.subtotal));
  if (document.creditApplied) totalRow("Account credit applied", money(-document.creditApplied));
  for (const tax of document.tax.lines) {
    totalRow(`VAT ${tax.rate}% (${tax.country}) on ${money(tax.taxableAmount)}`, money(tax.amount));
  }
  if (document.tax.lines.length === 0) totalRow("VAT", money(0));
  totalRow(document.kind === "invoice" ? "Total" : "Total credited", money(document.total), true);
  if (document.amountPaid) totalRow("Paid", money(-document.amountPaid));
  if (document.amountDue !== undefined && document.kind === "invoice") {
    totalRow("Amount due", money(document.amountDue), true);
  }

  pdf.moveDown(1.5);
  pdf.font("regular").fontSize(9);
  if (document.tax.mention)
    pdf.font("bold").text(document.tax.mention, left, pdf.y, { width }).font("regular");
  if (document.memo) pdf.text(`Reason: ${document.memo}`, left, pdf.y, { width });
  if (seller && document.kind === "invoice") {
    pdf.moveDown(0.5);
    pdf.text(
      `Payment terms: ${seller.paymentTerms.days} days${document.dueAt ? `, due by ${day(document.dueAt)}` : ""}.`,
      left,
      pdf.y,
      { width },
    );
    pdf.text(seller.paymentInstructions, { width });
  }

  // Footer: registration and support.
  if (seller) {
    const footer = [
      seller.registration,
      `Questions: ${seller.support.email}${seller.support.url ? ` · ${seller.support.url}` : ""}`,
    ]
      .filter(Boolean)
      .join("\n");
    pdf
      .fontSize(8)
      .fillColor("#555555")
      .text(footer, left, pdf.page.height - pdf.page.margins.bottom - 30, {
        width,
        align: "center",
        lineBreak: true,
      });
  }
  pdf.end();
  return done;
}
