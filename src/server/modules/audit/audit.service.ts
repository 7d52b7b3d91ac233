import { activityCsv } from "../../../core/activity.js";
import type { AppDeps, Caller } from "../../context.js";
import { AppError } from "../../errors.js";
import { readPage } from "../../validation/pagination.js";
import { authorize } from "../auth/principal.js";
import { listUsers } from "../users/users.repository.js";
import { listAuditEvents, toAuditEventDto } from "./audit.repository.js";
import type { AuditEventsQuery, AuditFilters } from "./audit.schemas.js";

/** Newest first; the cursor is the event id. The filters narrow the trail on the server. */
export async function getAuditEvents(deps: AppDeps, caller: Caller, query: AuditEventsQuery) {
  const principal = authorize(caller.principal, "audit.read");
  const { limit, before, ...filter } = query;
  return readPage(
    { limit, before },
    (rows) =>
      listAuditEvents(deps.db, principal.organizationId, {
        limit: rows.limit,
        beforeId: rows.before,
        filter,
      }),
    (row) => row.id,
    toAuditEventDto,
  );
}

/** Most events one export holds; a longer trail is refused with a hint to narrow it. */
export const maxExportedEvents = 10_000;

/** The filtered trail as CSV in the Activity page's words, newest first (decision 0111). */
export async function exportAuditEventsCsv(deps: AppDeps, caller: Caller, filter: AuditFilters) {
  const principal = authorize(caller.principal, "audit.read");
  const rows = await listAuditEvents(deps.db, principal.organizationId, {
    limit: maxExportedEvents + 1,
    filter,
  });
  if (rows.length > maxExportedEvents) {
    throw new AppError(
      "invalid_request",
      `More than ${maxExportedEvents} events match; narrow the dates with from and to.`,
      400,
      "from",
    );
  }
  const members = await listUsers(deps.db, principal.organizationId);
  const people = new Map(members.map((member) => [member.id, member.name || member.email]));
  const days = [filter.from, filter.to].filter(Boolean).join("-to-");
  return {
    csv: activityCsv(rows.map(toAuditEventDto), people),
    filename: `activity${days ? `-${days}` : ""}.csv`,
  };
}
