import type { FastifyInstance } from "fastify";
import type { AppDeps, Caller } from "../../context.js";
import type { Access } from "../../http/mutate.js";
import { mutationRoute, readRoute } from "../../http/route-kinds.js";
import { idParams } from "../../validation/ids.js";
import { pageQuery } from "../../validation/pagination.js";
import {
  createEndpointBody,
  deletedEndpointResponse,
  deliveryPageResponse,
  endpointListResponse,
  endpointResponse,
  endpointWithSecretResponse,
  replayBody,
  replayResponse,
  rotateSecretBody,
  updateEndpointBody,
} from "./webhooks.schemas.js";
import {
  changeEndpoint,
  createEndpoint,
  getDeliveries,
  getEndpoints,
  removeEndpoint,
  replayEvents,
  rotateSecret,
  vetEndpointUrl,
} from "./webhooks.service.js";

const tags = ["webhooks"];
const who =
  "The operator token manages the host product's endpoints (every organization's events); an organization admin its own.";

/** The operator manages the host product's endpoints; a member needs the permission. */
const access = (caller: Caller): Access =>
  caller.principal.kind === "operator" ? "operator" : "webhooks.manage";

export async function webhookRoutes(app: FastifyInstance, deps: AppDeps) {
  // Before the door: the URL's check resolves its host, which stays out of the transaction.
  const vetUrl = {
    before: ({ caller, body }: { caller: Caller; body: { url?: string } }) =>
      vetEndpointUrl(deps, caller, body.url),
  };
  readRoute(
    app,
    "/webhook-endpoints",
    {
      tags,
      summary: "Webhook endpoints (operator or admin)",
      description: who,
      response: endpointListResponse,
    },
    ({ caller }) => getEndpoints(deps, caller),
  );
  mutationRoute(
    app,
    deps,
    "POST /webhook-endpoints",
    {
      tags,
      summary:
        "Register a webhook endpoint; its signing secret is returned (operator or admin; at most 16 each)",
      description: `${who} Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).`,
      access,
      body: createEndpointBody,
      response: endpointWithSecretResponse,
      status: 201,
      errors: [422],
    },
    (tx, { caller, body }) => createEndpoint(tx, deps, caller, body),
    vetUrl,
  );
  mutationRoute(
    app,
    deps,
    "PATCH /webhook-endpoints/:id",
    {
      tags,
      summary: "Change an endpoint's URL, event types or description; disable or enable it",
      description:
        "Enabling an endpoint that was disabled after failures clears its count and sends what waited.",
      access,
      params: idParams,
      body: updateEndpointBody,
      response: endpointResponse,
      errors: [404, 422],
    },
    (tx, { caller, params, body }) => changeEndpoint(tx, deps, caller, params.id, body),
    vetUrl,
  );
  mutationRoute(
    app,
    deps,
    "DELETE /webhook-endpoints/:id",
    {
      tags,
      summary: "Delete an endpoint with its delivery log; nothing more is sent to it",
      description:
        "Events still waiting for it are dropped and its secret stops signing at once; the owner may register another in its place.",
      access,
      params: idParams,
      response: deletedEndpointResponse,
      errors: [404],
    },
    (tx, { caller, params }) => removeEndpoint(tx, deps, caller, params.id),
  );
  mutationRoute(
    app,
    deps,
    "POST /webhook-endpoints/:id/rotate-secret",
    {
      tags,
      summary: "Rotate the signing secret; the previous one keeps signing for a while (default 24 h)",
      access,
      params: idParams,
      body: rotateSecretBody,
      response: endpointWithSecretResponse,
      errors: [404],
    },
    (tx, { caller, params, body }) => rotateSecret(tx, deps, caller, params.id, body),
  );
  mutationRoute(
    app,
    deps,
    "POST /webhook-endpoints/:id/replay",
    {
      tags,
      summary: "Send one event, or every event of a time range, to the endpoint again (same event ids)",
      description: "One replay at a time per endpoint (409 replay_in_progress while one is being delivered).",
      access,
      params: idParams,
      body: replayBody,
      response: replayResponse,
      status: 202,
      errors: [404, 409],
    },
    (tx, { caller, params, body }) => replayEvents(tx, deps, caller, params.id, body),
  );
  readRoute(
    app,
    "/webhook-endpoints/:id/deliveries",
    {
      tags,
      summary: "The endpoint's delivery log, newest first: status, attempts, response code, latency",
      params: idParams,
      querystring: pageQuery,
      response: deliveryPageResponse,
      errors: [404],
    },
    ({ caller, params, query }) => getDeliveries(deps, caller, params.id, query),
  );
}
