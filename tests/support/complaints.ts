import type { ComplaintInput } from "../../domain/complaints/complaint-schemas";

/** A portal complaint about service at a branch; `whatHappened` carries what the test looks for. */
export const complaintAbout = (whatHappened: string): ComplaintInput => ({
  category: "service_attitude",
  businessLine: "deposits",
  whatHappened,
  whenHappened: "Last Friday morning",
  branch: "Haidian branch",
  request: "An apology.",
});
