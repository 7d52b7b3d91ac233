DROP INDEX "credit_balances_cycle_end_idx";--> statement-breakpoint
CREATE INDEX "credit_balances_cycle_end_organization_idx" ON "credit_balances" USING btree ("cycle_end","organization_id");