import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../context.js";
import { mutationRoute, readRoute } from "../../http/route-kinds.js";
import { idParams, noBody } from "../../validation/ids.js";
import {
  changeRoleBody,
  createdUserResponse,
  createUserBody,
  userListResponse,
  userResponse,
} from "./users.schemas.js";
import { changeUserRole, createUser, deactivateUser, getUsers, reactivateUser } from "./users.service.js";

const tags = ["users"];
const access = "users.manage";

export async function userRoutes(app: FastifyInstance, deps: AppDeps) {
  readRoute(
    app,
    "/users",
    {
      tags,
      operationId: "listUsers",
      summary: "The organization's users and seats used (admin, billing)",
      response: userListResponse,
    },
    ({ caller }) => getUsers(deps, caller),
  );
  mutationRoute(
    app,
    deps,
    "POST /users",
    {
      tags,
      operationId: "createUser",
      summary: "Add an active user; needs a free seat (admin)",
      access,
      body: createUserBody,
      response: createdUserResponse,
      status: 201,
      errors: [409, 422],
    },
    (tx, { caller, body }) => createUser(tx, deps, caller, body),
  );
  for (const [action, summary, change, errors] of [
    ["deactivate", "Deactivate a user, freeing a seat (admin)", deactivateUser, [404, 409]],
    ["reactivate", "Reactivate a user; needs a free seat (admin)", reactivateUser, [404, 409, 422]],
  ] as const) {
    mutationRoute(
      app,
      deps,
      `POST /users/:id/${action}`,
      {
        tags,
        operationId: `${action}User`,
        summary,
        access,
        params: idParams,
        body: noBody,
        response: userResponse,
        errors,
      },
      (tx, { caller, params }) => change(tx, deps, caller, params.id),
    );
  }
  mutationRoute(
    app,
    deps,
    "POST /users/:id/role",
    {
      tags,
      operationId: "changeUserRole",
      summary: "Change a user's role (admin)",
      access,
      params: idParams,
      body: changeRoleBody,
      response: userResponse,
      errors: [404, 409],
    },
    (tx, { caller, params, body }) => changeUserRole(tx, deps, caller, params.id, body),
  );
}
