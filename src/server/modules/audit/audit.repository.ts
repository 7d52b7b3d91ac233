import type { Executor } from "../../db/client.js";
import { auditEvents } from "../../db/schema.js";

export interface AuditEvent {
  organizationId: string | null;
  actorType: "user" | "api_key" | "operator" | "scheduler" | "system";
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  occurredAt: Date;
  source: string;
  requestId: string | null;
}

export async function recordAudit(executor: Executor, events: AuditEvent | AuditEvent[]) {
  const rows = Array.isArray(events) ? events : [events];
  if (rows.length === 0) return;
  await executor.insert(auditEvents).values(
    rows.map((event) => ({
      ...event,
      before: event.before ?? null,
      after: event.after ?? null,
    })),
  );
}
