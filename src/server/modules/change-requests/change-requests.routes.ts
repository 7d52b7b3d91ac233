import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppDeps } from "../../context.js";
import { mutationRoute, readRoute } from "../../http/route-kinds.js";
import { noBody } from "../../validation/ids.js";
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

const params = z.strictObject({ id: z.string().max(100) });
const tags = ["change requests"];

export async function changeRequestRoutes(app: FastifyInstance, deps: AppDeps) {
  mutationRoute(
    app,
    deps,
    "POST /change-requests",
    {
      tags,
      operationId: "submitChangeRequest",
      summary: "Submit a change request (Submit Request)",
      access: "change_requests.submit",
      body: submitBody,
      response: changeRequestResponse,
      status: 201,
      errors: [404, 409, 422],
    },
    (tx, { caller, body }) => submitChangeRequest(tx, deps, caller, body),
  );
  readRoute(
    app,
    "/change-requests",
    {
      tags,
      operationId: "listChangeRequests",
      summary: "Change requests, newest first",
      querystring: listQuery,
      response: changeRequestListResponse,
    },
    ({ caller, query }) => getChangeRequests(deps, caller, query),
  );
  const one = { tags, params, errors: [404] } as const;
  readRoute(
    app,
    "/change-requests/:id",
    {
      ...one,
      operationId: "getChangeRequest",
      summary: "One change request",
      response: changeRequestResponse,
    },
    ({ caller, params }) => getChangeRequest(deps, caller, params.id),
  );
  readRoute(
    app,
    "/change-requests/:id/quote",
    {
      ...one,
      operationId: "quoteChangeRequest",
      summary: "The cost if the request were approved now",
      response: quoteResponse,
    },
    ({ caller, params }) => quoteChangeRequest(deps, caller, params.id),
  );
  mutationRoute(
    app,
    deps,
    "POST /change-requests/:id/approve",
    {
      tags,
      operationId: "approveChangeRequest",
      summary: "Approve (admin): re-checked and re-priced now, applied atomically",
      access: "change_requests.decide",
      params,
      body: noBody,
      response: decisionResponse,
      errors: [404, 409, 422],
    },
    (tx, { caller, params }) => approveChangeRequest(tx, deps, caller, params.id),
  );
  mutationRoute(
    app,
    deps,
    "POST /change-requests/:id/reject",
    {
      tags,
      operationId: "rejectChangeRequest",
      summary: "Reject (admin) with an optional reason",
      access: "change_requests.decide",
      params,
      body: rejectBody,
      response: changeRequestResponse,
      errors: [404, 409],
    },
    (tx, { caller, params, body }) => rejectChangeRequest(tx, deps, caller, params.id, body ?? {}),
  );
  mutationRoute(
    app,
    deps,
    "POST /change-requests/:id/withdraw",
    {
      tags,
      operationId: "withdrawChangeRequest",
      summary: "Withdraw your own pending request",
      access: "change_requests.submit",
      params,
      body: noBody,
      response: changeRequestResponse,
      errors: [404, 409],
    },
    (tx, { caller, params }) => withdrawChangeRequest(tx, deps, caller, params.id),
  );
}
