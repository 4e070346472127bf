import { AGENT_HOURS, APPROVED_KNOWLEDGE, type Knowledge } from "../../domain/knowledge/approved-content";

/**
 * The knowledge the bot answers from lives in the database (domain/knowledge), edited by admins;
 * the server hands `answer` its live copy. The approved seed serves where there is no server:
 * the command line and the evaluation.
 */
export { AGENT_HOURS, type Knowledge };
export const APPROVED: Knowledge = APPROVED_KNOWLEDGE;
