CREATE INDEX "quality_follow_ups_created_idx" ON "quality_follow_ups" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "quality_follow_ups_closed_idx" ON "quality_follow_ups" USING btree ("closed_at");--> statement-breakpoint
CREATE INDEX "complaints_accepted_idx" ON "complaints" USING btree ("accepted_at");