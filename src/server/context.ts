import type { FastifyBaseLogger } from "fastify";
import type { Catalog } from "../core/catalog.js";
import type { Seller } from "../core/seller-schema.js";
import type { Caches } from "./cache/caches.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import type { Auth } from "./modules/auth/better-auth.js";
import type { Principal } from "./modules/auth/principal.js";
import type { Shutdown } from "./shutdown.js";

/** What every service needs, built once by the composition root. */
export interface AppDeps {
  db: Database;
  databaseKind: "pglite" | "postgres";
  clock: Clock;
  catalog: Catalog;
  /** The seller on every invoice (SELLER_FILE), validated at start. */
  seller: Seller;
  config: Config;
  log: FastifyBaseLogger;
  /** better-auth: sign-in, sessions, password hashing. */
  auth: Auth;
  /** Encrypts stored idempotent responses (they may hold a secret shown once). */
  sealingKey: Buffer;
  /** In-memory read caches; invalidate an organization after committing a change to it. */
  caches: Caches;
  /** Readiness while draining, and where background workers register their stop (decision 0051). */
  shutdown: Shutdown;
}

/** Who is calling and from where: copied into every audit event. */
export interface Caller {
  principal: Principal;
  requestId: string;
  /** e.g. "api 203.0.113.9 curl/8.5" or "scheduler" */
  source: string;
}

export function auditActor(caller: Caller) {
  return {
    actorType: caller.principal.actorType,
    actorId: caller.principal.actorId,
    source: caller.source,
    requestId: caller.requestId,
  };
}

/** Who changed what where: the organization of an audit event and its actor, from the caller. */
export function auditBy(caller: Caller, organizationId: string | null) {
  return { organizationId, ...auditActor(caller) };
}

export const schedulerCaller: Caller = {
  principal: { kind: "operator", actorType: "operator", actorId: "operator" },
  requestId: "scheduler",
  source: "scheduler",
};
