import { sweepOrphanAttachments } from "../domain/attachments/sweep-orphan-attachments";
import { scanComplaintDeadlines } from "../domain/complaints/scan-complaint-deadlines";
import { acceptSilentResolutions } from "../domain/complaints/customer-decision";
import { scanReviewDeadlines } from "../domain/service-requests/scan-review-deadlines";
import { lapseSurveys } from "../domain/surveys/lapse-surveys";
import { runRetention } from "../domain/privacy/run-retention";
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

export function startJobs(services: Services, sockets: { chat: ChatJobs }, logger: Logger): { stop(): Promise<void> } {
  const ctx = services.domain;
  const stops = [
    every("unattended chats", MINUTE / 2, () => sockets.chat.returnUnattendedChats(), logger),
    every("unanswered chat questions", MINUTE / 2, () => sockets.chat.answerUnansweredQuestions(), logger),
    every("review deadlines", MINUTE, () => scanReviewDeadlines(ctx), logger),
    every("complaint deadlines", MINUTE, () => scanComplaintDeadlines(ctx), logger),
    every("expired surveys", MINUTE, () => lapseSurveys(ctx), logger),
    every("complaint resolutions accepted by silence", 5 * MINUTE, () => acceptSilentResolutions(ctx), logger),
    // Another instance's admin may have changed the holiday table.
    every("calendar reload", 5 * MINUTE, () => ctx.calendar.reload(), logger),
    // Another instance's admin may have edited the knowledge base.
    every("knowledge reload", MINUTE, () => ctx.knowledge.reload(), logger),
    every("orphan attachments", 24 * 60 * MINUTE, () => sweepOrphanAttachments(ctx), logger),
    // Retention periods run in days and years: hourly is soon enough, and cheap when nothing expired.
    every("data retention", 60 * MINUTE, () => runRetention(ctx), logger),
  ];
  return {
    async stop() {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}
