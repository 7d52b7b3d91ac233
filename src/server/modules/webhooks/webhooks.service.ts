import type { AppDeps, Caller } from "../../context.js";
import { auditBy } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { refusedEndpointUrl } from "../../egress.js";
import { AppError, invalid, notFound } from "../../errors.js";
import { existingId } from "../../validation/ids.js";
import { type PageQuery, readPage } from "../../validation/pagination.js";
import { recordAudit } from "../audit/audit.repository.js";
import { authorize } from "../auth/principal.js";
import {
  countEndpointsLocked,
  deleteEndpoint,
  type EndpointOwner,
  type EndpointRow,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  newSecret,
  queueReplay,
  replayWaiting,
  toDeliveryDto,
  toEndpointDto,
  updateEndpoint,
  wakeStreams,
} from "./webhooks.repository.js";
import type { CreateEndpointBody, ReplayBody, UpdateEndpointBody } from "./webhooks.schemas.js";

/**
 * The egress filter at registration (decision 0084): a non-http(s) URL, credentials in it, or a
 * host that is or resolves to a non-public address is refused (422 url_not_allowed, field url).
 * Called before the transaction: a DNS lookup must not hold the database.
 */
export async function vetEndpointUrl(deps: AppDeps, caller: Caller, url: string | undefined) {
  ownerOf(caller); // who may manage endpoints, before anything is looked up
  if (url === undefined) return;
  const refused = await refusedEndpointUrl(url, {
    allowPrivateNetworks: deps.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
  });
  if (refused) throw new AppError("url_not_allowed", refused, 422, "url");
}

/** Most events one replay queues; a longer range is replayed in several calls. */
export const replayLimit = 10_000;

/** Endpoints one owner (an organization, or the operator) may register, as Stripe's 16. */
export const endpointLimit = 16;

/** The operator manages the host product's endpoints (all organizations); an admin their own. */
function ownerOf(caller: Caller): EndpointOwner {
  if (caller.principal.kind === "operator") return { operator: true };
  return { organizationId: authorize(caller.principal, "webhooks.manage").organizationId };
}

const organizationOf = (owner: EndpointOwner) => ("organizationId" in owner ? owner.organizationId : null);

async function audited(
  tx: Transaction,
  caller: Caller,
  owner: EndpointOwner,
  change: { action: string; before: EndpointRow | null; after: EndpointRow | null; at: Date; extra?: object },
) {
  const entity = change.after ?? change.before;
  if (!entity) throw new Error("an endpoint change without the endpoint");
  await recordAudit(tx, {
    ...auditBy(caller, organizationOf(owner)),
    action: change.action,
    entityType: "webhook_endpoint",
    entityId: entity.id,
    before: change.before ? toEndpointDto(change.before) : null,
    after: change.after ? { ...toEndpointDto(change.after), ...change.extra } : null,
    occurredAt: change.at,
  });
}

export async function getEndpoints(deps: AppDeps, caller: Caller) {
  const rows = await listEndpoints(deps.db, ownerOf(caller));
  return { data: rows.map(toEndpointDto) };
}

export async function createEndpoint(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  body: CreateEndpointBody,
) {
  const owner = ownerOf(caller);
  const now = deps.clock.now();
  if ((await countEndpointsLocked(tx, owner)) >= endpointLimit)
    throw new AppError(
      "too_many_endpoints",
      `At most ${endpointLimit} webhook endpoints may be registered: change the url of one you no longer use.`,
      422,
      "url",
    );
  const row = await insertEndpoint(tx, {
    organizationId: organizationOf(owner),
    url: body.url,
    description: body.description,
    eventTypes: body.eventTypes ?? [],
    secret: newSecret(),
    createdAt: now,
    createdBy: `${caller.principal.actorType}:${caller.principal.actorId}`,
  });
  await audited(tx, caller, owner, { action: "webhook_endpoint.created", before: null, after: row, at: now });
  return { ...toEndpointDto(row), secret: row.secret };
}

async function lockOwned(tx: Transaction, caller: Caller, id: string) {
  const owner = ownerOf(caller);
  const row = await findEndpoint(tx, owner, existingId(id, "The webhook endpoint"), true);
  if (!row) throw notFound("The webhook endpoint");
  return { owner, row };
}

/** Enabling a disabled endpoint clears its failure count and sends what waited. */
export async function changeEndpoint(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  id: string,
  body: UpdateEndpointBody,
) {
  const { owner, row } = await lockOwned(tx, caller, id);
  const now = deps.clock.now();
  const enabling = body.enabled === true && !row.enabled;
  const disabling = body.enabled === false && row.enabled;
  const after = await updateEndpoint(tx, row.id, {
    ...(body.url !== undefined ? { url: body.url } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.eventTypes !== undefined ? { eventTypes: body.eventTypes } : {}),
    ...(enabling
      ? { enabled: true, disabledAt: null, disabledReason: null, consecutiveFailures: 0, failingSince: null }
      : {}),
    ...(disabling ? { enabled: false, disabledAt: now, disabledReason: "disabled by its owner" } : {}),
  });
  if (enabling) await wakeStreams(tx, new Date(), row.id);
  await audited(tx, caller, owner, { action: "webhook_endpoint.updated", before: row, after, at: now });
  return toEndpointDto(after);
}

/**
 * Removes the endpoint with its delivery log and whatever still waited for it; it frees a place of
 * the 16 an owner may have. Its secret stops signing at once.
 */
export async function removeEndpoint(tx: Transaction, deps: AppDeps, caller: Caller, id: string) {
  const { owner, row } = await lockOwned(tx, caller, id);
  await deleteEndpoint(tx, row.id);
  await audited(tx, caller, owner, {
    action: "webhook_endpoint.deleted",
    before: row,
    after: null,
    at: deps.clock.now(),
  });
  return { id: row.id, deleted: true as const };
}

/** A new secret signs from now on; the previous one also signs for `previousSecretValidHours` (24). */
export async function rotateSecret(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  id: string,
  body: { previousSecretValidHours?: number | undefined } | null | undefined,
) {
  const { owner, row } = await lockOwned(tx, caller, id);
  const now = deps.clock.now();
  const hours = body?.previousSecretValidHours ?? 24;
  // Wall time, as the delivery worker's: the billing clock may be a test clock far from today.
  const expiresAt = new Date(Date.now() + hours * 3_600_000);
  const after = await updateEndpoint(tx, row.id, {
    secret: newSecret(),
    previousSecret: hours > 0 ? row.secret : null,
    previousSecretExpiresAt: hours > 0 ? expiresAt : null,
  });
  await audited(tx, caller, owner, {
    action: "webhook_endpoint.secret_rotated",
    before: row,
    after,
    at: now,
  });
  return { ...toEndpointDto(after), secret: after.secret };
}

export async function replayEvents(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  id: string,
  body: ReplayBody,
) {
  const { owner, row } = await lockOwned(tx, caller, id);
  if ("from" in body && body.from >= body.to) throw invalid("from", "from must be before to.");
  if (await replayWaiting(tx, row.id))
    throw new AppError(
      "replay_in_progress",
      "A replay to this endpoint is still being delivered; replay again once its deliveries are sent.",
      409,
    );
  const queued = await queueReplay(tx, row, body, new Date(), replayLimit);
  if ("eventId" in body && queued === 0) throw notFound("The event");
  await audited(tx, caller, owner, {
    action: "webhook_endpoint.replayed",
    before: null,
    after: row,
    at: deps.clock.now(),
    extra: {
      replay: "eventId" in body ? { eventId: body.eventId } : { from: body.from, to: body.to },
      queued,
    },
  });
  return { queued };
}

export async function getDeliveries(deps: AppDeps, caller: Caller, id: string, query: PageQuery) {
  const row = await findEndpoint(deps.db, ownerOf(caller), existingId(id, "The webhook endpoint"));
  if (!row) throw notFound("The webhook endpoint");
  return readPage(
    query,
    ({ limit, before }) => listDeliveries(deps.db, row.id, { limit, beforeId: before }),
    (delivery) => Number(delivery.id),
    toDeliveryDto,
  );
}
