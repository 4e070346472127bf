CREATE TABLE "quality_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_answer_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"status" text NOT NULL,
	"assignee_id" uuid,
	"note_enc" text,
	"action_enc" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"closed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "survey_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"customer_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"answered_at" timestamp (3) with time zone,
	"lapsed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "complaint_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "survey_answers_subject_key";--> statement-breakpoint
ALTER TABLE "survey_answers" ADD COLUMN "invitation_id" uuid;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "first_investigator_id" uuid;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "resolution_enc" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "proposed_by" uuid;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "decided_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "review_of_id" uuid;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "overdue_alerted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "archived_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "retain_until" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "content_hash" text;--> statement-breakpoint
ALTER TABLE "quality_follow_ups" ADD CONSTRAINT "quality_follow_ups_survey_answer_id_survey_answers_id_fk" FOREIGN KEY ("survey_answer_id") REFERENCES "public"."survey_answers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_follow_ups" ADD CONSTRAINT "quality_follow_ups_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_follow_ups" ADD CONSTRAINT "quality_follow_ups_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_customer_id_users_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_attachments" ADD CONSTRAINT "complaint_attachments_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_attachments" ADD CONSTRAINT "complaint_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quality_follow_ups_answer_key" ON "quality_follow_ups" USING btree ("survey_answer_id");--> statement-breakpoint
CREATE INDEX "quality_follow_ups_status_idx" ON "quality_follow_ups" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "survey_invitations_subject_idx" ON "survey_invitations" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "survey_invitations_customer_idx" ON "survey_invitations" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "survey_invitations_expiry_idx" ON "survey_invitations" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "complaint_attachments_complaint_idx" ON "complaint_attachments" USING btree ("complaint_id");--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_attachments_storage_key" ON "complaint_attachments" USING btree ("storage_key");--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_invitation_id_survey_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."survey_invitations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_first_investigator_id_users_id_fk" FOREIGN KEY ("first_investigator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_answers_invitation_key" ON "survey_answers" USING btree ("invitation_id");--> statement-breakpoint
CREATE INDEX "survey_answers_subject_idx" ON "survey_answers" USING btree ("subject_type","subject_id");--> statement-breakpoint
-- An archived complaint is read-only for everyone, the application included: its row, its
-- timeline and its files. (A restore inserts events and files dated up to the archiving: those pass.)
CREATE FUNCTION complaint_archive_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'complaints' THEN
    RAISE EXCEPTION 'complaint % is archived and read-only', OLD.number USING ERRCODE = 'TL001';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (
      SELECT 1 FROM complaints c
      WHERE c.id = NEW.complaint_id AND c.archived_at IS NOT NULL
        AND COALESCE(to_jsonb(NEW)->>'at', to_jsonb(NEW)->>'created_at')::timestamptz > c.archived_at
    ) THEN
      RAISE EXCEPTION 'complaint % is archived and read-only', NEW.complaint_id USING ERRCODE = 'TL001';
    END IF;
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM complaints c WHERE c.id = OLD.complaint_id AND c.archived_at IS NOT NULL) THEN
    RAISE EXCEPTION 'complaint % is archived and read-only', OLD.complaint_id USING ERRCODE = 'TL001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
CREATE TRIGGER complaints_archive_read_only BEFORE UPDATE OR DELETE ON complaints
  FOR EACH ROW WHEN (OLD.archived_at IS NOT NULL) EXECUTE FUNCTION complaint_archive_read_only();
--> statement-breakpoint
CREATE TRIGGER complaint_events_archive_read_only BEFORE INSERT OR UPDATE OR DELETE ON complaint_events
  FOR EACH ROW EXECUTE FUNCTION complaint_archive_read_only();
--> statement-breakpoint
CREATE TRIGGER complaint_attachments_archive_read_only BEFORE INSERT OR UPDATE OR DELETE ON complaint_attachments
  FOR EACH ROW EXECUTE FUNCTION complaint_archive_read_only();
