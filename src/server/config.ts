import { isIP } from "node:net";
import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

/** proxy-addr's names for address ranges, accepted in TRUST_PROXY beside addresses and CIDRs. */
const rangeNames = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrCidr(entry: string): boolean {
  if (rangeNames.has(entry)) return true;
  const [address, bits, ...rest] = entry.split("/");
  if (rest.length > 0 || !address) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies' X-Forwarded-* headers to believe: none (the default), the last N hops, or the
 * listed addresses and CIDRs. "true" (any client) is refused: it lets a client choose its own IP.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, context): false | number | string[] => {
    if (value === "false" || value === "0") return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops <= 10) return hops;
    }
    const entries = value.split(",").map((entry) => entry.trim());
    const bad = entries.find((entry) => !isAddressOrCidr(entry));
    if (bad === undefined) return entries;
    context.addIssue({
      code: "custom",
      message:
        value === "true"
          ? "TRUST_PROXY=true would trust any client's X-Forwarded-For; give the hop count (1 for one proxy) or the proxies' addresses"
          : `TRUST_PROXY must be a hop count (0 to 10) or comma-separated IP addresses/CIDRs; '${bad}' is neither`,
    });
    return z.NEVER;
  });

const operatorToken = z.string().refine((value) => /^[\x21-\x7e]{16,}$/.test(value), {
  message: "OPERATOR_TOKEN must be at least 16 visible characters, without spaces",
});

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/i.test(value) && URL.canParse(value), {
      message:
        "DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database); other databases (mysql://, sqlite:) are not supported. Leave it unset to use the embedded PGlite in DATA_DIR",
    })
    .optional(),
  /** At start, how long to keep trying a PostgreSQL that does not answer yet (0: one try). */
  DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  CATALOG_FILE: z.string().min(1).optional(),
  /** The seller printed on invoices (legal name, address, VAT ID, terms); a demo German company by default. */
  SELLER_FILE: z.string().min(1).optional(),
  PUBLIC_URL: z.string().url().optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  OPERATOR_TOKEN: operatorToken.optional(),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; unset, it is open. */
  METRICS_TOKEN: z
    .string()
    .refine((value) => /^[\x21-\x7e]{16,}$/.test(value), {
      message: "METRICS_TOKEN must be at least 16 visible characters, without spaces",
    })
    .optional(),
  TRUST_PROXY: trustProxy.default(false),
  BILLING_CLOCK: z.enum(["system", "manual"]).default("system"),
  SEED_DEMO: booleanFlag.default(true),
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** The ceiling per client IP whatever the e-mail (password spraying). */
  SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).default(5000),
  /** Idempotency keys older than this are deleted by the scheduler (a retry after it runs anew). */
  IDEMPOTENCY_KEY_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24),
  /** How long a cached quote snapshot or API key may live without a change notification (0: no cache). */
  READ_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  /** After SIGTERM/SIGINT: how long /readyz answers 503 while requests are still served. */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  /** After SIGTERM/SIGINT: the process exits within this, forced (exit code 1) if need be. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** smtp(s)://user:pass@host:port; without it e-mail is written as .eml files under DATA_DIR/mail. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default("WiseParts Billing <billing@wiseparts.example>"),
  /** Days before a yearly renewal that the reminder goes out. */
  RENEWAL_REMINDER_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** How often event delivery looks for due work without a wake-up (0: never; wake-ups only). */
  EVENT_POLL_MS: z.coerce.number().int().min(0).default(1000),
  /** A webhook endpoint failing this many deliveries in a row, over at least a day, is disabled. */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).default(15),
  /** A webhook answer slower than this is a failed attempt. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How long a worker holds a claimed webhook stream; a crashed worker's streams are retried after it. */
  WEBHOOK_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * Lets webhook endpoints be on loopback, private or link-local addresses (tests, a local demo's
   * receiver). Off by default: endpoints must be public addresses (decision 0084).
   */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFlag.default(false),
  /**
   * Days delivered events, their webhook deliveries and sent e-mail are kept; dead letters count
   * from their last attempt, and an event still waiting on a delivery is kept (decision 0085).
   */
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Whether this process delivers webhooks and e-mail (several processes may). */
  EVENT_DELIVERY: booleanFlag.default(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof configSchema>;

/**
 * The origin people reach this server at: every link the server sends (reset password, receipts)
 * starts with it, never with the Host header of the request that caused the message.
 */
export function publicOrigin(config: Pick<Config, "PUBLIC_URL" | "PORT">): string {
  return config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : `http://localhost:${config.PORT}`;
}

/** Reads the environment once, at start; every problem is reported with its variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means unset; one of spaces is a value (and, for a secret, refused).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("\n  ");
    throw new Error(
      `Invalid configuration: correct these environment variables (or unset them for the default) and start again:\n  ${problems}`,
    );
  }
  return result.data;
}
