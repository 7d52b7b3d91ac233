DROP INDEX "users_auth_user_key";--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD COLUMN "organization_id" uuid;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_sessions_organization_user_idx" ON "auth_sessions" USING btree ("organization_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "auth_users_email_lower_key" ON "auth_users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_organization_auth_user_key" ON "users" USING btree ("organization_id","auth_user_id");--> statement-breakpoint
CREATE INDEX "users_auth_user_idx" ON "users" USING btree ("auth_user_id");--> statement-breakpoint
-- hand-written: sessions opened before this migration act on their identity's one membership.
UPDATE "auth_sessions" AS s SET "organization_id" = u."organization_id" FROM "users" AS u WHERE u."auth_user_id" = s."user_id" AND u."status" = 'active';--> statement-breakpoint
DELETE FROM "auth_sessions" WHERE "organization_id" IS NULL;
