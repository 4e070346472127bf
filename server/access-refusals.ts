import { recordAccessRefusal, type AccessRefusal } from "../domain/audit/record-access-refusal";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import type { Services } from "./open-services";

export type RefusalRecorder = (refusal: AccessRefusal) => void;

/**
 * The one place where refusals reach the audit trail, for pages and sockets alike. It runs after
 * the answer has gone out: a refusal is never slowed down or changed by its own record.
 */
export function refusalRecorder(deps: { services: Services; logger: Logger; metrics: Metrics }): RefusalRecorder {
  return (refusal) => {
    recordAccessRefusal(deps.services.domain, refusal)
      .then((audited) => deps.metrics.accessRefusals.inc({ channel: refusal.channel, audited: String(audited) }))
      .catch((error: unknown) => deps.logger.error({ err: error }, "access refusal not recorded"));
  };
}
