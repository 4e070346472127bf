DROP INDEX "sla_alerts_key";--> statement-breakpoint
ALTER TABLE "sla_alerts" ADD CONSTRAINT "sla_alerts_request_id_state_pk" PRIMARY KEY("request_id","state");