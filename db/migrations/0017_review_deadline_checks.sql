ALTER TABLE "service_requests" ADD COLUMN "sla_check_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "service_requests_sla_check_idx" ON "service_requests" USING btree ("sla_check_at") WHERE "service_requests"."sla_check_at" is not null;--> statement-breakpoint
-- Whatever path changes what a review's deadline state depends on, the scan looks at it again.
CREATE FUNCTION service_request_sla_recheck() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT'
    OR NEW.status IS DISTINCT FROM OLD.status
    OR NEW.due_at IS DISTINCT FROM OLD.due_at
    OR NEW.clock_paused_at IS DISTINCT FROM OLD.clock_paused_at THEN
    NEW.sla_check_at := 'epoch'; -- long past: the next scan looks at it
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER service_requests_sla_recheck BEFORE INSERT OR UPDATE OF status, due_at, clock_paused_at ON service_requests
  FOR EACH ROW EXECUTE FUNCTION service_request_sla_recheck();
--> statement-breakpoint
UPDATE "service_requests" SET "sla_check_at" = 'epoch'
  WHERE "status" IN ('submitted', 'under_review', 'info_requested') AND "due_at" IS NOT NULL;
