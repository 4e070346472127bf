import { describe, expect, test } from "vitest";
import { conversationStatuses } from "../../db/schema/enums";
import { canTransition, nextStatus, type ConversationEvent, type ConversationStatus } from "../../domain/conversations/conversation-lifecycle";
import { isAppError } from "../../domain/errors";

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
  test.each(ALLOWED)("%s --%s--> %s", (from, event, to) => {
    expect(canTransition(from, event)).toBe(true);
    expect(nextStatus(from, event)).toBe(to);
  });

  const refused = conversationStatuses.flatMap((from) =>
    EVENTS.filter((event) => !ALLOWED.some(([f, e]) => f === from && e === event)).map((event) => [from, event] as const),
  );

  test.each(refused)("%s refuses %s", (from, event) => {
    expect(canTransition(from, event)).toBe(false);
    try {
      nextStatus(from, event);
      expect.unreachable();
    } catch (error) {
      // The sockets answer it as `invalid_state`.
      expect(isAppError(error) && error.code).toBe("CONFLICT");
    }
  });

  test("a closed chat takes no event at all", () => {
    expect(EVENTS.some((event) => canTransition("closed", event))).toBe(false);
  });
});
