import { sweepOrphanAttachments } from "../domain/attachments/sweep-orphan-attachments";
import { refreshCalendar } from "../domain/calendar/manage-calendar";
import { scanComplaintDeadlines } from "../domain/complaints/scan-complaint-deadlines";
import { acceptSilentResolutions } from "../domain/complaints/customer-decision";
import { scanReviewDeadlines } from "../domain/service-requests/scan-review-deadlines";
import { lapseSurveys } from "../domain/surveys/lapse-surveys";
import { runRetention } from "../domain/privacy/run-retention";
import { pruneRateLimits } from "../domain/rate-limit";
import type { ChatJobs } from "./chat-namespace";
import type { Logger } from "./logger";
import type { Services } from "./open-services";

const MINUTE = 60_000;

/**
 * Runs `task` every `intervalMs`, never two at once, until stopped. Every instance runs every
 * job: each task claims its work in the database, so doing it twice does it once.
 */
function every(name: string, intervalMs: number, task: () => Promise<unknown>, logger: Logger) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = task()
      .catch((error: unknown) => logger.error({ err: error, job: name }, "background job failed"))
      .then(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, Math.min(intervalMs, 5_000));
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

export interface BackgroundJob {
  name: string;
  intervalMs: number;
  run(): Promise<unknown>;
}

/** Every background job of an instance: all run on every instance (each claims its work). */
export function backgroundJobs(services: Services, sockets: { chat: ChatJobs }): BackgroundJob[] {
  const ctx = services.domain;
  const job = (name: string, intervalMs: number, run: () => Promise<unknown>): BackgroundJob => ({ name, intervalMs, run });
  return [
    job("unattended chats", MINUTE / 2, () => sockets.chat.returnUnattendedChats()),
    job("unanswered chat questions", MINUTE / 2, () => sockets.chat.answerUnansweredQuestions()),
    job("review deadlines", MINUTE, () => scanReviewDeadlines(ctx)),
    job("complaint deadlines", MINUTE, () => scanComplaintDeadlines(ctx)),
    job("expired surveys", MINUTE, () => lapseSurveys(ctx)),
    job("complaint resolutions accepted by silence", 5 * MINUTE, () => acceptSilentResolutions(ctx)),
    // Another instance's admin may have changed the holiday table.
    job("calendar reload", 5 * MINUTE, () => refreshCalendar(ctx)),
    // Another instance's admin may have edited the knowledge base.
    job("knowledge reload", MINUTE, () => ctx.knowledge.reload()),
    job("orphan attachments", 24 * 60 * MINUTE, () => sweepOrphanAttachments(ctx)),
    // Retention periods run in days and years: hourly is soon enough, and cheap when nothing expired.
    job("data retention", 60 * MINUTE, () => runRetention(ctx)),
    job("expired rate-limit counters", 60 * MINUTE, () => pruneRateLimits(ctx.db, ctx.now())),
  ];
}

export function startJobs(services: Services, sockets: { chat: ChatJobs }, logger: Logger): { stop(): Promise<void> } {
  const stops = backgroundJobs(services, sockets).map((job) => every(job.name, job.intervalMs, job.run, logger));
  return {
    async stop() {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}
