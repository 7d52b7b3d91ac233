import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../context.js";
import { callerOf } from "../../http/mutate.js";
import { catalogResponse } from "./catalog.schemas.js";
import { getCatalog } from "./catalog.service.js";

export async function catalogRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get(
    "/catalog",
    {
      schema: {
        tags: ["catalog"],
        operationId: "getCatalog",
        summary: "The price catalog the server bills with (any authenticated caller)",
        response: { 200: catalogResponse },
      },
    },
    async (request) => getCatalog(deps, callerOf(request)),
  );
}
