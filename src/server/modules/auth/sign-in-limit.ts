import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../db/adapter.js";
import type { Database } from "../../db/client.js";

export interface SignInLimits {
  /** Attempts per client IP and e-mail address per minute. */
  perIpAndEmail: number;
  /** Attempts per client IP per minute, whatever the e-mail (password spraying). */
  perIp: number;
}

export interface SignInVerdict {
  allowed: boolean;
  /** Seconds until the current window ends. */
  retryAfterSeconds: number;
  /** Which limit refused it. */
  limit?: "ip" | "ip_and_email";
}

/**
 * The client as the limits see it: an IPv4 address (an IPv4-mapped IPv6 one included) as is, an
 * IPv6 address by its /64 network, which one subscriber usually holds whole.
 */
export function clientNetworkOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!ip.includes(":")) return ip;
  const [head = "", tail] = ip.split("%")[0]?.split("::") ?? [""];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => (Number.parseInt(group || "0", 16) || 0).toString(16))
    .join(":")}::/64`;
}

const hashed = (text: string) => createHash("sha256").update(text).digest("base64url");

/**
 * Counts one sign-in attempt against both limits in one statement (an upsert per key and minute
 * window of the database's clock), so every process on the database shares the counts (decision
 * 0027). A limit applies to a sliding minute, estimated from this window's count and the previous
 * window's weighted by how much of it still lies within the last minute: a burst that straddles a
 * window edge is counted whole. Keys are hashes: the table holds no address or e-mail in clear.
 */
export async function countSignInAttempt(
  db: Database,
  attempt: { ip: string; email: string | undefined },
  limits: SignInLimits,
): Promise<SignInVerdict> {
  const client = clientNetworkOf(attempt.ip);
  const ipKey = `ip:${hashed(client)}`;
  const keys = [ipKey];
  const emailKey =
    attempt.email === undefined ? undefined : `ip+email:${hashed(`${client}\n${attempt.email}`)}`;
  if (emailKey) keys.push(emailKey);
  // One order for every statement: two concurrent upserts of the same keys never deadlock.
  keys.sort();
  const keyArray = `{${keys.join(",")}}`;
  const list = rowsOf(
    await db.execute(sql`
    WITH counted AS (
      INSERT INTO sign_in_attempts (key, window_start, attempts)
      SELECT k, date_trunc('minute', now()), 1 FROM unnest(${keyArray}::text[]) AS k
      ON CONFLICT (key, window_start) DO UPDATE SET attempts = sign_in_attempts.attempts + 1
      RETURNING key, attempts, window_start
    )
    SELECT counted.key, counted.attempts, coalesce(previous.attempts, 0) AS previous,
      extract(epoch FROM now() - counted.window_start)::float8 AS elapsed,
      ceil(extract(epoch FROM counted.window_start + interval '1 minute' - now()))::integer AS retry_after
    FROM counted
    LEFT JOIN sign_in_attempts AS previous
      ON previous.key = counted.key AND previous.window_start = counted.window_start - interval '1 minute'`),
  );
  const retryAfterSeconds = Math.max(1, Number(list[0]?.retry_after ?? 60));
  for (const row of list) {
    const overlap = Math.max(0, 60 - Number(row.elapsed)) / 60;
    const attempts = Number(row.attempts) + Number(row.previous) * overlap;
    if (row.key === ipKey && attempts > limits.perIp)
      return { allowed: false, retryAfterSeconds, limit: "ip" };
    if (row.key === emailKey && attempts > limits.perIpAndEmail)
      return { allowed: false, retryAfterSeconds, limit: "ip_and_email" };
  }
  return { allowed: true, retryAfterSeconds };
}

/** Deletes the windows that ended (the scheduler, once a minute). */
export async function purgeSignInAttempts(db: Database): Promise<void> {
  await db.execute(sql`DELETE FROM sign_in_attempts WHERE window_start < now() - interval '2 minutes'`);
}
