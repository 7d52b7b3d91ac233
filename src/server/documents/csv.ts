/**
 * RFC 4180 CSV with CRLF line ends. A text cell a spreadsheet would run as a formula (it starts
 * with = + - @, a tab or a carriage return) is prefixed with an apostrophe; a plain decimal
 * ("-27.00") runs nothing and stays a number for the spreadsheet.
 */
export function csvCell(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  const formula = typeof value === "string" && /^[=+\-@\t\r]/.test(text) && !/^-\d+(\.\d+)?$/.test(text);
  const safe = formula ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvOf(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
