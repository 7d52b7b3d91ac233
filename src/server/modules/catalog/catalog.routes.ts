import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../context.js";
import { readRoute } from "../../http/route-kinds.js";
import { catalogResponse } from "./catalog.schemas.js";
import { getCatalog } from "./catalog.service.js";

export async function catalogRoutes(app: FastifyInstance, deps: AppDeps) {
  readRoute(
    app,
    "/catalog",
    {
      tags: ["catalog"],
      operationId: "getCatalog",
      summary: "The price catalog the server bills with (any authenticated caller)",
      response: catalogResponse,
    },
    ({ caller }) => getCatalog(deps, caller),
  );
}
