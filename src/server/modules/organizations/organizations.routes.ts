import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf, mutate } from "../../http/mutate.js";
import {
  getMe,
  getOrganization,
  settingsBody,
  switchOrganization,
  switchOrganizationBody,
  updateSettings,
} from "./organization-settings.js";
import { provisionBody } from "./organizations.schemas.js";
import { provisionOrganization } from "./organizations.service.js";

export async function organizationRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().post(
    "/organizations",
    {
      schema: {
        tags: ["operator"],
        summary: "Provision an organization, its subscription and first admin (operator token)",
        body: provisionBody,
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
        body: switchOrganizationBody,
      },
    },
    async (request) => switchOrganization(deps, callerOf(request), request.body, request.log),
  );
  api.get(
    "/organization",
    { schema: { tags: ["organization"], summary: "The caller's organization" } },
    async (request) => getOrganization(deps, callerOf(request)),
  );
  api.patch(
    "/organization/settings",
    {
      schema: {
        tags: ["organization"],
        summary: "Require approval for subscription changes (admin)",
        body: settingsBody,
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, "change_requests.decide", (tx, caller) =>
        updateSettings(tx, deps, caller, request.body),
      ),
  );
}
