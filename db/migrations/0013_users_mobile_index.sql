ALTER TABLE "users" ADD COLUMN "mobile_index" text;--> statement-breakpoint
CREATE INDEX "users_mobile_index_idx" ON "users" USING btree ("mobile_index");