import { describe, expect, test } from "vitest";
import { conversationStatuses } from "../../db/schema/enums";
import { checkLifecycleTable } from "../support/lifecycle-table";
import { canTransition, nextStatus, type ConversationEvent, type ConversationStatus } from "../../domain/conversations/conversation-lifecycle";

// The whole table: every pair not listed here must be refused.
const ALLOWED: [ConversationStatus, ConversationEvent, ConversationStatus][] = [
  ["bot", "handoff", "waiting"],
  ["waiting", "claim", "active"],
  ["active", "transfer", "active"],
  ["waiting", "unattended", "bot"],
  ["bot", "close", "closed"],
  ["waiting", "close", "closed"],
  ["active", "close", "closed"],
];
const EVENTS: ConversationEvent[] = ["handoff", "claim", "transfer", "unattended", "close"];

describe("conversation lifecycle", () => {
  // The sockets answer a refusal as `invalid_state`.
  checkLifecycleTable({
    statuses: conversationStatuses,
    events: EVENTS,
    allowed: ALLOWED,
    canTransition,
    nextStatus,
    refusal: "desk_chat.error.invalid_state",
  });

  test("a closed chat takes no event at all", () => {
    expect(EVENTS.some((event) => canTransition("closed", event))).toBe(false);
  });
});
