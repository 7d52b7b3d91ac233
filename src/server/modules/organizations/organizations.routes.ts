import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { mutate } from "../../http/mutate.js";
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
        (tx, caller) => provisionOrganization(tx, deps, caller, request.body),
        201,
      ),
  );
}
