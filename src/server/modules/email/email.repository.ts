import { desc, eq, lt } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { emailMessages } from "../../db/schema.js";

export async function listEmailMessages(
  executor: Executor,
  page: { limit: number; beforeId?: number | undefined },
) {
  return executor
    .select()
    .from(emailMessages)
    .where(page.beforeId === undefined ? undefined : lt(emailMessages.id, page.beforeId))
    .orderBy(desc(emailMessages.id))
    .limit(page.limit);
}

export async function findEmailMessage(executor: Executor, id: number) {
  const [row] = await executor.select().from(emailMessages).where(eq(emailMessages.id, id));
  return row;
}

export function toEmailDto(row: typeof emailMessages.$inferSelect) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    template: row.template,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    file: row.file,
    error: row.error,
  };
}
