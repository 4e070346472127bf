CREATE TABLE "survey_reviews" (
	"survey_answer_id" uuid PRIMARY KEY NOT NULL,
	"tags" text[] NOT NULL,
	"note_enc" text,
	"reviewed_by" uuid NOT NULL,
	"reviewed_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "branch" text;--> statement-breakpoint
-- Surveys sent before this migration take their channel from what they are about.
ALTER TABLE "survey_invitations" ADD COLUMN "channel" text;--> statement-breakpoint
UPDATE "survey_invitations" i SET "channel" = CASE i."subject_type"
  WHEN 'chat' THEN 'chat'
  WHEN 'complaint' THEN (SELECT c."channel" FROM "complaints" c WHERE c."id" = i."subject_id")
  ELSE 'portal' END;--> statement-breakpoint
UPDATE "survey_invitations" SET "channel" = 'portal' WHERE "channel" IS NULL;--> statement-breakpoint
ALTER TABLE "survey_invitations" ALTER COLUMN "channel" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD COLUMN "request_type" text;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD COLUMN "complaint_category" text;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD COLUMN "agent_id" uuid;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD COLUMN "branch" text;--> statement-breakpoint
ALTER TABLE "survey_reviews" ADD CONSTRAINT "survey_reviews_survey_answer_id_survey_answers_id_fk" FOREIGN KEY ("survey_answer_id") REFERENCES "public"."survey_answers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_reviews" ADD CONSTRAINT "survey_reviews_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_answers_created_idx" ON "survey_answers" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "survey_invitations_created_idx" ON "survey_invitations" USING btree ("created_at");