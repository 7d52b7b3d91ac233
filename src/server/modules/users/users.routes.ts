import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf, mutate } from "../../http/mutate.js";
import { idParams, noBody } from "../../validation/ids.js";
import { errorResponses } from "../../validation/responses.js";
import {
  changeRoleBody,
  createdUserResponse,
  createUserBody,
  userListResponse,
  userResponse,
} from "./users.schemas.js";
import { changeUserRole, createUser, deactivateUser, getUsers, reactivateUser } from "./users.service.js";

export async function userRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/users",
    {
      schema: {
        tags: ["users"],
        operationId: "listUsers",
        summary: "The organization's users and seats used (admin, billing)",
        response: { 200: userListResponse },
      },
    },
    async (request) => getUsers(deps, callerOf(request)),
  );
  api.post(
    "/users",
    {
      schema: {
        tags: ["users"],
        operationId: "createUser",
        summary: "Add an active user; needs a free seat (admin)",
        body: createUserBody,
        response: { 201: createdUserResponse, ...errorResponses(409, 422) },
      },
    },
    async (request, reply) =>
      mutate(
        deps,
        request,
        reply,
        "users.manage",
        (tx, caller) => createUser(tx, deps, caller, request.body),
        201,
      ),
  );
  api.post(
    "/users/:id/deactivate",
    {
      schema: {
        tags: ["users"],
        operationId: "deactivateUser",
        summary: "Deactivate a user, freeing a seat (admin)",
        params: idParams,
        body: noBody,
        response: { 200: userResponse, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, "users.manage", (tx, caller) =>
        deactivateUser(tx, deps, caller, request.params.id),
      ),
  );
  api.post(
    "/users/:id/reactivate",
    {
      schema: {
        tags: ["users"],
        operationId: "reactivateUser",
        summary: "Reactivate a user; needs a free seat (admin)",
        params: idParams,
        body: noBody,
        response: { 200: userResponse, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, "users.manage", (tx, caller) =>
        reactivateUser(tx, deps, caller, request.params.id),
      ),
  );
  api.post(
    "/users/:id/role",
    {
      schema: {
        tags: ["users"],
        operationId: "changeUserRole",
        summary: "Change a user's role (admin)",
        params: idParams,
        body: changeRoleBody,
        response: { 200: userResponse, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, "users.manage", (tx, caller) =>
        changeUserRole(tx, deps, caller, request.params.id, request.body),
      ),
  );
}
