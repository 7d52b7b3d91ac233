import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf, mutate } from "../../http/mutate.js";
import { errorResponses } from "../../validation/responses.js";
import {
  getMe,
  getOrganization,
  settingsBody,
  switchOrganization,
  switchOrganizationBody,
  updateSettings,
} from "./organization-settings.js";
import {
  meResponse,
  organizationResponse,
  provisionBody,
  provisionedResponse,
} from "./organizations.schemas.js";
import { provisionOrganization } from "./organizations.service.js";

export async function organizationRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().post(
    "/organizations",
    {
      schema: {
        tags: ["operator"],
        operationId: "provisionOrganization",
        summary: "Provision an organization, its subscription and first admin (operator token)",
        body: provisionBody,
        response: { 201: provisionedResponse, ...errorResponses(409, 422) },
      },
    },
    async (request, reply) =>
      mutate(
        deps,
        request,
        reply,
        "operator",
        (tx, caller) => provisionOrganization(tx, deps, caller, request.body),
        201,
      ),
  );
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/me",
    {
      schema: {
        tags: ["organization"],
        summary:
          "The caller, the organization they act on, role, permissions, and every organization they may switch to",
        operationId: "getMe",
        response: { 200: meResponse },
      },
    },
    async (request) => getMe(deps, callerOf(request)),
  );
  api.post(
    "/me/organization",
    {
      schema: {
        tags: ["organization"],
        summary:
          "Switch the signed-in session to another organization the person is an active member of (session only)",
        operationId: "switchOrganization",
        body: switchOrganizationBody,
        response: { 200: meResponse, ...errorResponses(404) },
      },
    },
    async (request) => switchOrganization(deps, callerOf(request), request.body, request.log),
  );
  api.get(
    "/organization",
    {
      schema: {
        tags: ["organization"],
        operationId: "getOrganization",
        summary: "The caller's organization",
        response: { 200: organizationResponse, ...errorResponses(404) },
      },
    },
    async (request) => getOrganization(deps, callerOf(request)),
  );
  api.patch(
    "/organization/settings",
    {
      schema: {
        tags: ["organization"],
        summary: "Require approval for subscription changes (admin)",
        operationId: "updateOrganizationSettings",
        body: settingsBody,
        response: { 200: organizationResponse, ...errorResponses(404) },
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, "change_requests.decide", (tx, caller) =>
        updateSettings(tx, deps, caller, request.body),
      ),
  );
}
