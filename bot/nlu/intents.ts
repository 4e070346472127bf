export const INTENTS = [
  "greeting",
  "goodbye",
  "account_opening",
  "loan_application",
  "large_transfer",
  "request_status",
  "processing_time",
  "file_complaint",
  "complaint_process",
  "update_info",
  "privacy",
  "human_agent",
  "service_hours",
  "login_help",
  "risk_assessment",
  "fallback",
] as const;

export type Intent = (typeof INTENTS)[number];

/**
 * Bank questions the knowledge base has no approved answer for (lost cards, fees, rates…).
 * Learned like an intent so they are not mistaken for the nearest topic, answered by an agent.
 */
export const UNANSWERED = "unanswered";
export type Label = Intent | typeof UNANSWERED;
