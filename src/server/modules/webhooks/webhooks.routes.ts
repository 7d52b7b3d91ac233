import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps, Caller } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { callerOf, mutate } from "../../http/mutate.js";
import { idParams } from "../../validation/ids.js";
import { pageQuery } from "../../validation/pagination.js";
import { errorResponses } from "../../validation/responses.js";
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

export async function webhookRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const manage = <T>(
    request: FastifyRequest,
    reply: FastifyReply,
    statusCode: number,
    work: (tx: Transaction, caller: Caller) => Promise<T>,
  ) =>
    mutate(
      deps,
      request,
      reply,
      callerOf(request).principal.kind === "operator" ? "operator" : "webhooks.manage",
      work,
      statusCode,
    );
  api.get(
    "/webhook-endpoints",
    {
      schema: {
        tags,
        summary: "Webhook endpoints (operator or admin)",
        description: who,
        response: { 200: endpointListResponse },
      },
    },
    async (request) => getEndpoints(deps, callerOf(request)),
  );
  api.post(
    "/webhook-endpoints",
    {
      schema: {
        tags,
        summary:
          "Register a webhook endpoint; its signing secret is returned (operator or admin; at most 16 each)",
        description: `${who} Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).`,
        body: createEndpointBody,
        response: { 201: endpointWithSecretResponse, ...errorResponses(422) },
      },
    },
    async (request, reply) => {
      await vetEndpointUrl(deps, callerOf(request), request.body.url);
      return manage(request, reply, 201, (tx, caller) => createEndpoint(tx, deps, caller, request.body));
    },
  );
  api.patch(
    "/webhook-endpoints/:id",
    {
      schema: {
        tags,
        summary: "Change an endpoint's URL, event types or description; disable or enable it",
        description:
          "Enabling an endpoint that was disabled after failures clears its count and sends what waited.",
        params: idParams,
        body: updateEndpointBody,
        response: { 200: endpointResponse, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      await vetEndpointUrl(deps, callerOf(request), request.body.url);
      return manage(request, reply, 200, (tx, caller) =>
        changeEndpoint(tx, deps, caller, request.params.id, request.body),
      );
    },
  );
  api.delete(
    "/webhook-endpoints/:id",
    {
      schema: {
        tags,
        summary: "Delete an endpoint with its delivery log; nothing more is sent to it",
        description:
          "Events still waiting for it are dropped and its secret stops signing at once; the owner may register another in its place.",
        params: idParams,
        response: { 200: deletedEndpointResponse, ...errorResponses(404) },
      },
    },
    async (request, reply) =>
      manage(request, reply, 200, (tx, caller) => removeEndpoint(tx, deps, caller, request.params.id)),
  );
  api.post(
    "/webhook-endpoints/:id/rotate-secret",
    {
      schema: {
        tags,
        summary: "Rotate the signing secret; the previous one keeps signing for a while (default 24 h)",
        params: idParams,
        body: rotateSecretBody,
        response: { 200: endpointWithSecretResponse, ...errorResponses(404) },
      },
    },
    async (request, reply) =>
      manage(request, reply, 200, (tx, caller) =>
        rotateSecret(tx, deps, caller, request.params.id, request.body),
      ),
  );
  api.post(
    "/webhook-endpoints/:id/replay",
    {
      schema: {
        tags,
        summary: "Send one event, or every event of a time range, to the endpoint again (same event ids)",
        description:
          "One replay at a time per endpoint (409 replay_in_progress while one is being delivered).",
        params: idParams,
        body: replayBody,
        response: { 202: replayResponse, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) =>
      manage(request, reply, 202, (tx, caller) =>
        replayEvents(tx, deps, caller, request.params.id, request.body),
      ),
  );
  api.get(
    "/webhook-endpoints/:id/deliveries",
    {
      schema: {
        tags,
        summary: "The endpoint's delivery log, newest first: status, attempts, response code, latency",
        params: idParams,
        querystring: pageQuery,
        response: { 200: deliveryPageResponse, ...errorResponses(404) },
      },
    },
    async (request) => getDeliveries(deps, callerOf(request), request.params.id, request.query),
  );
}
