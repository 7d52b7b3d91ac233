import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.js";
import { errorResponses } from "../../validation/responses.js";
import { acceptedInvitationResponse, invitationResponse } from "./invitations.schemas.js";
import { acceptBody, acceptInvitation, describeInvitation } from "./invitations.service.js";

const tokenParams = z.strictObject({ token: z.string().max(200) });

export async function invitationRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/invitations/:token",
    {
      config: { public: true },
      schema: {
        tags: ["users"],
        operationId: "getInvitation",
        summary: "The invited member (public, by one-time token)",
        params: tokenParams,
        response: { 200: invitationResponse, ...errorResponses(404, 429) },
      },
    },
    async (request) => describeInvitation(deps, request.params.token),
  );
  api.post(
    "/invitations/:token/accept",
    {
      config: { public: true },
      schema: {
        tags: ["users"],
        summary:
          "Accept the invitation: a new identity chooses its password; an existing one accepts signed in as that e-mail",
        operationId: "acceptInvitation",
        params: tokenParams,
        body: acceptBody,
        response: { 200: acceptedInvitationResponse, ...errorResponses(401, 403, 404, 409, 429) },
      },
    },
    async (request) => acceptInvitation(deps, request, request.params.token, request.body),
  );
}
