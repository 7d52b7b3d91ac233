import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.js";
import { callerOf, mutate } from "../../http/mutate.js";
import { noBody } from "../../validation/ids.js";
import { errorResponses } from "../../validation/responses.js";
import { quoteResponse } from "../subscriptions/subscriptions.schemas.js";
import {
  changeRequestListResponse,
  changeRequestResponse,
  decisionResponse,
  listQuery,
  rejectBody,
  submitBody,
} from "./change-requests.schemas.js";
import {
  approveChangeRequest,
  getChangeRequest,
  getChangeRequests,
  quoteChangeRequest,
  rejectChangeRequest,
  submitChangeRequest,
  withdrawChangeRequest,
} from "./change-requests.service.js";

const idParams = z.strictObject({ id: z.string().max(100) });
const tags = ["change requests"];

export async function changeRequestRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    "/change-requests",
    {
      schema: {
        tags,
        operationId: "submitChangeRequest",
        summary: "Submit a change request (Submit Request)",
        body: submitBody,
        response: { 201: changeRequestResponse, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) =>
      mutate(
        deps,
        request,
        reply,
        "change_requests.submit",
        (tx, caller) => submitChangeRequest(tx, deps, caller, request.body),
        201,
      ),
  );
  api.get(
    "/change-requests",
    {
      schema: {
        tags,
        operationId: "listChangeRequests",
        summary: "Change requests, newest first",
        querystring: listQuery,
        response: { 200: changeRequestListResponse },
      },
    },
    async (request) => getChangeRequests(deps, callerOf(request), request.query),
  );
  api.get(
    "/change-requests/:id",
    {
      schema: {
        tags,
        operationId: "getChangeRequest",
        summary: "One change request",
        params: idParams,
        response: { 200: changeRequestResponse, ...errorResponses(404) },
      },
    },
    async (request) => getChangeRequest(deps, callerOf(request), request.params.id),
  );
  api.get(
    "/change-requests/:id/quote",
    {
      schema: {
        tags,
        operationId: "quoteChangeRequest",
        summary: "The cost if the request were approved now",
        params: idParams,
        response: { 200: quoteResponse, ...errorResponses(404) },
      },
    },
    async (request) => quoteChangeRequest(deps, callerOf(request), request.params.id),
  );
  api.post(
    "/change-requests/:id/approve",
    {
      schema: {
        tags,
        operationId: "approveChangeRequest",
        summary: "Approve (admin): re-checked and re-priced now, applied atomically",
        params: idParams,
        body: noBody,
        response: { 200: decisionResponse, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, "change_requests.decide", (tx, caller) =>
        approveChangeRequest(tx, deps, caller, request.params.id),
      ),
  );
  api.post(
    "/change-requests/:id/reject",
    {
      schema: {
        tags,
        operationId: "rejectChangeRequest",
        summary: "Reject (admin) with an optional reason",
        params: idParams,
        body: rejectBody,
        response: { 200: changeRequestResponse, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, "change_requests.decide", (tx, caller) =>
        rejectChangeRequest(tx, deps, caller, request.params.id, request.body ?? {}),
      ),
  );
  api.post(
    "/change-requests/:id/withdraw",
    {
      schema: {
        tags,
        operationId: "withdrawChangeRequest",
        summary: "Withdraw your own pending request",
        params: idParams,
        body: noBody,
        response: { 200: changeRequestResponse, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, "change_requests.submit", (tx, caller) =>
        withdrawChangeRequest(tx, deps, caller, request.params.id),
      ),
  );
}
