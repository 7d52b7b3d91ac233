import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";

/**
 * The egress filter for webhook endpoints (decision 0084): the server only sends to public
 * addresses, so an endpoint URL cannot make it reach its own network (loopback, RFC 1918, link-local
 * and the cloud metadata service at 169.254.169.254, unique-local IPv6 …). Checked when an endpoint
 * is registered and again on every connection, on the address actually connected to (a name that
 * resolves to a public address at registration and to a private one later is refused then).
 */

/** IPv4 ranges that are not the public Internet: [first address, prefix length, what]. */
const privateV4: [string, number, string][] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared (carrier-grade NAT)"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "protocol assignments"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

function v4Number(address: string): number {
  return address.split(".").reduce((value, part) => value * 256 + Number(part), 0);
}

function v4Range(address: string): string | undefined {
  const value = v4Number(address);
  for (const [first, bits, what] of privateV4) {
    const size = 2 ** (32 - bits);
    const start = v4Number(first);
    if (value >= start && value < start + size) return what;
  }
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (with an embedded dotted quad, as ::ffff:1.2.3.4). */
function v6Groups(address: string): number[] {
  let text = address.toLowerCase().split("%")[0] ?? "";
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const value = v4Number(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((group) => Number.parseInt(group, 16));
}

function v6Range(address: string): string | undefined {
  const g = v6Groups(address);
  if (g.length !== 8 || g.some((group) => Number.isNaN(group))) return "not an address";
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, h = 0, i = 0] = g;
  const embedded = () => `${h >> 8}.${h & 255}.${i >> 8}.${i & 255}`;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    if (f === 0 && h === 0 && i === 0) return "unspecified";
    if (f === 0 && h === 0 && i === 1) return "loopback";
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): the IPv4 address decides.
    if (f === 0xffff || f === 0) return v4Range(embedded());
  }
  // NAT64 (64:ff9b::a.b.c.d) reaches the embedded IPv4 address.
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return v4Range(embedded());
  if ((a & 0xfe00) === 0xfc00) return "unique-local";
  if ((a & 0xffc0) === 0xfe80) return "link-local";
  if ((a & 0xffc0) === 0xfec0) return "site-local";
  if ((a & 0xff00) === 0xff00) return "multicast";
  return undefined;
}

/** Why an IP address is not a public one ("loopback", "private" …), or undefined when it is. */
export function nonPublicRange(address: string): string | undefined {
  const version = isIP(address);
  if (version === 4) return v4Range(address);
  if (version === 6) return v6Range(address);
  return "not an address";
}

/** An IP literal host as the URL parser gives it ("[::1]" → "::1"), or undefined for a name. */
function literalHost(hostname: string): string | undefined {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : undefined;
}

export type LookupAll = (hostname: string) => Promise<LookupAddress[]>;

const lookupAll: LookupAll = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * Why `url` may not be a webhook endpoint, or undefined when it may: not http(s), credentials in
 * it, or a host that is, or resolves to, a non-public address (unless private networks are
 * allowed, for tests and a local demo). A name that does not resolve yet is accepted: every
 * delivery checks again.
 */
export async function refusedEndpointUrl(
  url: string,
  options: { allowPrivateNetworks: boolean; lookup?: LookupAll },
): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "url must be an http(s) URL.";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    return `url must be an http(s) URL, not ${parsed.protocol.slice(0, -1)}.`;
  if (parsed.username !== "" || parsed.password !== "")
    return "url must not carry credentials (user:password@): the signature authenticates deliveries.";
  if (options.allowPrivateNetworks) return undefined;
  const literal = literalHost(parsed.hostname);
  const addresses = literal
    ? [literal]
    : await (options.lookup ?? lookupAll)(parsed.hostname).then(
        (found) => found.map((entry) => entry.address),
        () => [],
      );
  for (const address of addresses) {
    const range = nonPublicRange(address);
    // A name's addresses are not told: the answer must not map the server's own network.
    if (range)
      return literal
        ? `url's host ${address} is a ${range} address; webhooks go to public addresses only.`
        : `url's host ${parsed.hostname} resolves to an address that is not public; webhooks go to public addresses only.`;
  }
  return undefined;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

export class EgressRefused extends Error {
  readonly code = "EGRESS_REFUSED";
}

/**
 * A `lookup` for http(s).Agent: resolves the name and hands the socket only the public addresses,
 * so the connection goes to an address vetted now (a DNS answer changed since the registration,
 * DNS rebinding, cannot reach a private one). None public: the connection fails with the reason.
 */
export function publicOnlyLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
) {
  const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : Number(options.family ?? 0);
  dnsLookup(hostname, { all: true, family: family as 0 | 4 | 6 }, (error, addresses) => {
    if (error) return callback(error, []);
    const allowed = addresses.filter((entry) => nonPublicRange(entry.address) === undefined);
    const [first] = allowed;
    if (!first) {
      const found = addresses
        .map((entry) => `${entry.address} (${nonPublicRange(entry.address)})`)
        .join(", ");
      return callback(
        new EgressRefused(`egress refused: ${hostname} resolves to ${found}, not a public address`),
        [],
      );
    }
    if (options.all) callback(null, allowed);
    else callback(null, first.address, first.family);
  });
}

/** For an IP literal host (no lookup happens): why it is refused, or undefined. */
export function refusedLiteralHost(url: URL): string | undefined {
  const literal = literalHost(url.hostname);
  if (!literal) return undefined;
  const range = nonPublicRange(literal);
  return range ? `egress refused: ${literal} is a ${range} address, not a public address` : undefined;
}
