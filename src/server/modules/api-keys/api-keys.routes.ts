import type { FastifyInstance } from "fastify";
import { afterCommit } from "../../cache/after-commit.js";
import type { AppDeps } from "../../context.js";
import { mutationRoute, readRoute } from "../../http/route-kinds.js";
import { idParams, noBody } from "../../validation/ids.js";
import {
  apiKeyListResponse,
  apiKeyResponse,
  createApiKeyBody,
  createdApiKeyResponse,
} from "./api-keys.schemas.js";
import { createApiKey, getApiKeys, revokeApiKeyById } from "./api-keys.service.js";

const tags = ["api keys"];
const access = "api_keys.manage";

export async function apiKeyRoutes(app: FastifyInstance, deps: AppDeps) {
  readRoute(
    app,
    "/api-keys",
    {
      tags,
      operationId: "listApiKeys",
      summary: "The organization's API keys, revoked ones included (admin)",
      response: apiKeyListResponse,
    },
    ({ caller }) => getApiKeys(deps, caller),
  );
  mutationRoute(
    app,
    deps,
    "POST /api-keys",
    {
      tags,
      operationId: "createApiKey",
      summary: "Create an API key; the secret is returned once (admin)",
      access,
      body: createApiKeyBody,
      response: createdApiKeyResponse,
      status: 201,
      errors: [409],
    },
    (tx, { caller, body }) => createApiKey(tx, deps, caller, body),
  );
  mutationRoute(
    app,
    deps,
    "POST /api-keys/:id/revoke",
    {
      tags,
      operationId: "revokeApiKey",
      summary: "Revoke an API key; it is refused at once (admin)",
      access,
      params: idParams,
      body: noBody,
      response: apiKeyResponse,
      errors: [404, 409],
    },
    (tx, { caller, params }) => revokeApiKeyById(tx, deps, caller, params.id),
    {
      // Answered only once no process will accept the key again (decision 0028).
      afterCommit: async ({ principal }) => {
        if (principal.kind !== "member") return;
        afterCommit(deps.caches, { organizations: [principal.organizationId], apiKeys: true });
        await deps.caches.peers?.apiKeysDroppedEverywhere(principal.organizationId);
      },
    },
  );
}
