CREATE TABLE "survey_daily" (
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"request_type" text,
	"complaint_category" text,
	"agent_id" uuid,
	"branch" text,
	"sent" integer NOT NULL,
	"sent_answered" integer NOT NULL,
	"answers" integer NOT NULL,
	"rating_sum" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"resolved_answered" integer NOT NULL,
	"resolved" integer NOT NULL,
	CONSTRAINT "survey_daily_key" UNIQUE NULLS NOT DISTINCT("day","channel","request_type","complaint_category","agent_id","branch")
);
--> statement-breakpoint
ALTER TABLE "service_requests" ADD COLUMN "reviewed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "claimed_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "service_requests_reviewed_idx" ON "service_requests" USING btree ("reviewed_at","due_at","type","reviewed_by");--> statement-breakpoint
CREATE INDEX "service_requests_decided_idx" ON "service_requests" USING btree ("decided_at","submitted_at","type","reviewed_by");--> statement-breakpoint
CREATE INDEX "conversations_closed_idx" ON "conversations" USING btree ("closed_at","agent_id","queued_at","claimed_at");--> statement-breakpoint
CREATE INDEX "complaints_accepted_idx" ON "complaints" USING btree ("accepted_at");--> statement-breakpoint
CREATE INDEX "complaints_decided_idx" ON "complaints" USING btree ("decided_at");--> statement-breakpoint
-- Requests reviewed before this migration: the first acceptance or rejection in their timeline.
UPDATE "service_requests" r SET "reviewed_at" = (
  SELECT min(e."at") FROM "request_events" e WHERE e."request_id" = r."id" AND e."kind" IN ('accepted', 'rejected'))
WHERE r."reviewed_by" IS NOT NULL;
--> statement-breakpoint
-- Chats taken before this migration: the agent's "joined" notice marks the claim.
UPDATE "conversations" c SET "claimed_at" = (
  SELECT min(m."created_at") FROM "chat_messages" m
  WHERE m."conversation_id" = c."id" AND m."client_id" LIKE 'joined-%' AND m."created_at" >= c."queued_at")
WHERE c."queued_at" IS NOT NULL AND c."agent_id" IS NOT NULL;
--> statement-breakpoint
-- The China date of an instant (UTC+8 all year): the day a survey counts on.
CREATE FUNCTION china_day(instant timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((instant AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;--> statement-breakpoint
-- survey_daily is kept by the database itself, one statement at a time (transition tables), so
-- every writer — the app, a restore, a bulk load — leaves it exact. An update counts as the old
-- row taken away and the new one added.
CREATE FUNCTION survey_daily_from_invitations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO survey_daily AS d (day, channel, request_type, complaint_category, agent_id, branch, sent, sent_answered, answers, rating_sum, satisfied, resolved_answered, resolved)
    SELECT china_day(created_at), channel, request_type, complaint_category, agent_id, branch, -count(*), -count(answered_at), 0, 0, 0, 0, 0
    FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT survey_daily_key DO UPDATE SET sent = d.sent + excluded.sent, sent_answered = d.sent_answered + excluded.sent_answered;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO survey_daily AS d (day, channel, request_type, complaint_category, agent_id, branch, sent, sent_answered, answers, rating_sum, satisfied, resolved_answered, resolved)
    SELECT china_day(created_at), channel, request_type, complaint_category, agent_id, branch, count(*), count(answered_at), 0, 0, 0, 0, 0
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT survey_daily_key DO UPDATE SET sent = d.sent + excluded.sent, sent_answered = d.sent_answered + excluded.sent_answered;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- An answer counts under its invitation's dimensions, fixed when the survey was sent.
CREATE FUNCTION survey_daily_from_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO survey_daily AS d (day, channel, request_type, complaint_category, agent_id, branch, sent, sent_answered, answers, rating_sum, satisfied, resolved_answered, resolved)
    SELECT china_day(a.created_at), i.channel, i.request_type, i.complaint_category, i.agent_id, i.branch, 0, 0,
      -count(*), -sum(a.rating), -count(*) FILTER (WHERE a.rating >= 4), -count(a.resolved), -count(*) FILTER (WHERE a.resolved)
    FROM old_rows a JOIN survey_invitations i ON i.id = a.invitation_id GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT survey_daily_key DO UPDATE SET answers = d.answers + excluded.answers, rating_sum = d.rating_sum + excluded.rating_sum,
      satisfied = d.satisfied + excluded.satisfied, resolved_answered = d.resolved_answered + excluded.resolved_answered, resolved = d.resolved + excluded.resolved;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO survey_daily AS d (day, channel, request_type, complaint_category, agent_id, branch, sent, sent_answered, answers, rating_sum, satisfied, resolved_answered, resolved)
    SELECT china_day(a.created_at), i.channel, i.request_type, i.complaint_category, i.agent_id, i.branch, 0, 0,
      count(*), sum(a.rating), count(*) FILTER (WHERE a.rating >= 4), count(a.resolved), count(*) FILTER (WHERE a.resolved)
    FROM new_rows a JOIN survey_invitations i ON i.id = a.invitation_id GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT survey_daily_key DO UPDATE SET answers = d.answers + excluded.answers, rating_sum = d.rating_sum + excluded.rating_sum,
      satisfied = d.satisfied + excluded.satisfied, resolved_answered = d.resolved_answered + excluded.resolved_answered, resolved = d.resolved + excluded.resolved;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER survey_daily_invitations_insert AFTER INSERT ON survey_invitations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION survey_daily_from_invitations();--> statement-breakpoint
CREATE TRIGGER survey_daily_invitations_update AFTER UPDATE ON survey_invitations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION survey_daily_from_invitations();--> statement-breakpoint
CREATE TRIGGER survey_daily_invitations_delete AFTER DELETE ON survey_invitations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION survey_daily_from_invitations();--> statement-breakpoint
CREATE TRIGGER survey_daily_answers_insert AFTER INSERT ON survey_answers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION survey_daily_from_answers();--> statement-breakpoint
CREATE TRIGGER survey_daily_answers_update AFTER UPDATE ON survey_answers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION survey_daily_from_answers();--> statement-breakpoint
CREATE TRIGGER survey_daily_answers_delete AFTER DELETE ON survey_answers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION survey_daily_from_answers();--> statement-breakpoint
-- Surveys sent and answered before this migration.
INSERT INTO survey_daily (day, channel, request_type, complaint_category, agent_id, branch, sent, sent_answered, answers, rating_sum, satisfied, resolved_answered, resolved)
SELECT china_day(created_at), channel, request_type, complaint_category, agent_id, branch, count(*), count(answered_at), 0, 0, 0, 0, 0
FROM survey_invitations GROUP BY 1, 2, 3, 4, 5, 6;--> statement-breakpoint
INSERT INTO survey_daily AS d (day, channel, request_type, complaint_category, agent_id, branch, sent, sent_answered, answers, rating_sum, satisfied, resolved_answered, resolved)
SELECT china_day(a.created_at), i.channel, i.request_type, i.complaint_category, i.agent_id, i.branch, 0, 0,
  count(*), sum(a.rating), count(*) FILTER (WHERE a.rating >= 4), count(a.resolved), count(*) FILTER (WHERE a.resolved)
FROM survey_answers a JOIN survey_invitations i ON i.id = a.invitation_id GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT ON CONSTRAINT survey_daily_key DO UPDATE SET answers = excluded.answers, rating_sum = excluded.rating_sum,
  satisfied = excluded.satisfied, resolved_answered = excluded.resolved_answered, resolved = excluded.resolved;
