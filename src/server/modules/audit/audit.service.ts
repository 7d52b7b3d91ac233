import type { AppDeps, Caller } from "../../context.js";
import { defaultPageSize, type PageQuery, pageOf } from "../../validation/pagination.js";
import { authorize } from "../auth/principal.js";
import { listAuditEvents, toAuditEventDto } from "./audit.repository.js";

/** Newest first; the cursor is the event id. */
export async function getAuditEvents(deps: AppDeps, caller: Caller, query: PageQuery) {
  const principal = authorize(caller.principal, "audit.read");
  const limit = query.limit ?? defaultPageSize;
  const rows = await listAuditEvents(deps.db, principal.organizationId, {
    limit: limit + 1,
    beforeId: query.before,
  });
  return pageOf(rows, limit, (row) => row.id, toAuditEventDto);
}
