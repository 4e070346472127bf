CREATE TABLE "privacy_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason_enc" text,
	"refusal_enc" text,
	"handled_by" uuid,
	"received_at" timestamp (3) with time zone NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"started_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "erased_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "retained_until" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_customer_id_users_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_handled_by_users_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "privacy_requests_number_key" ON "privacy_requests" USING btree ("number");--> statement-breakpoint
CREATE INDEX "privacy_requests_status_idx" ON "privacy_requests" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "privacy_requests_customer_idx" ON "privacy_requests" USING btree ("customer_id");--> statement-breakpoint
-- The archive seal (ADR 007) with the one door ADR 013 leaves open: once a complaint's retention
-- date (stamped at archiving, in the sealed row itself) has passed by the database's own clock,
-- the complaint, its timeline and its files may be deleted — and still never changed.
CREATE OR REPLACE FUNCTION complaint_archive_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'complaints' THEN
    IF TG_OP = 'DELETE' AND OLD.retain_until IS NOT NULL AND OLD.retain_until <= now() THEN
      RETURN OLD;
    END IF;
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
  IF EXISTS (
    SELECT 1 FROM complaints c
    WHERE c.id = OLD.complaint_id AND c.archived_at IS NOT NULL
      AND NOT (TG_OP = 'DELETE' AND c.retain_until IS NOT NULL AND c.retain_until <= now())
  ) THEN
    RAISE EXCEPTION 'complaint % is archived and read-only', OLD.complaint_id USING ERRCODE = 'TL001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
