import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { afterCommit } from "../../cache/after-commit.js";
import type { AppDeps, Caller } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { callerOf, mutate } from "../../http/mutate.js";
import { idParams, noBody } from "../../validation/ids.js";
import { errorResponses } from "../../validation/responses.js";
import {
  apiKeyListResponse,
  apiKeyResponse,
  createApiKeyBody,
  createdApiKeyResponse,
} from "./api-keys.schemas.js";
import { createApiKey, getApiKeys, revokeApiKeyById } from "./api-keys.service.js";

export async function apiKeyRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const manageKeys = <T>(
    request: FastifyRequest,
    reply: FastifyReply,
    statusCode: number,
    work: (tx: Transaction, caller: Caller) => Promise<T>,
    after?: (caller: Caller) => Promise<void>,
  ) => mutate(deps, request, reply, "api_keys.manage", work, statusCode, after);
  api.get(
    "/api-keys",
    {
      schema: {
        tags: ["api keys"],
        operationId: "listApiKeys",
        summary: "The organization's API keys, revoked ones included (admin)",
        response: { 200: apiKeyListResponse },
      },
    },
    async (request) => getApiKeys(deps, callerOf(request)),
  );
  api.post(
    "/api-keys",
    {
      schema: {
        tags: ["api keys"],
        operationId: "createApiKey",
        summary: "Create an API key; the secret is returned once (admin)",
        body: createApiKeyBody,
        response: { 201: createdApiKeyResponse, ...errorResponses(409) },
      },
    },
    async (request, reply) =>
      manageKeys(request, reply, 201, (tx, caller) => createApiKey(tx, deps, caller, request.body)),
  );
  api.post(
    "/api-keys/:id/revoke",
    {
      schema: {
        tags: ["api keys"],
        operationId: "revokeApiKey",
        summary: "Revoke an API key; it is refused at once (admin)",
        params: idParams,
        body: noBody,
        response: { 200: apiKeyResponse, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) =>
      manageKeys(
        request,
        reply,
        200,
        (tx, caller) => revokeApiKeyById(tx, deps, caller, request.params.id),
        // Answered only once no process will accept the key again (decision 0028).
        async ({ principal }) => {
          if (principal.kind !== "member") return;
          afterCommit(deps.caches, { organizations: [principal.organizationId], apiKeys: true });
          await deps.caches.peers?.apiKeysDroppedEverywhere(principal.organizationId);
        },
      ),
  );
}
