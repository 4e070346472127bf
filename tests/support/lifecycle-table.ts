import { expect, test } from "vitest";
import { isAppError } from "../../domain/errors";

interface Lifecycle<S extends string, E extends string> {
  statuses: readonly S[];
  events: readonly E[];
  /** Every allowed step; any pair of status and event not listed must be refused. */
  allowed: readonly (readonly [S, E, S])[];
  canTransition(from: S, event: E): boolean;
  nextStatus(from: S, event: E): S;
  /** The i18n key a refusal carries. */
  refusal: string;
}

/** Checks a whole state table: each allowed step, and a CONFLICT for every other pair. */
export function checkLifecycleTable<S extends string, E extends string>(lifecycle: Lifecycle<S, E>): void {
  const { statuses, events, allowed } = lifecycle;
  test.each(allowed.map((step) => [...step]))("%s --%s--> %s", (from, event, to) => {
    expect(lifecycle.canTransition(from as S, event as E)).toBe(true);
    expect(lifecycle.nextStatus(from as S, event as E)).toBe(to);
  });

  const refused = statuses.flatMap((from) => events.filter((event) => !allowed.some(([f, e]) => f === from && e === event)).map((event) => [from, event]));

  test("the table refuses everything else", () => {
    expect(refused).toHaveLength(statuses.length * events.length - allowed.length);
  });

  test.each(refused)("%s refuses %s", (from, event) => {
    expect(lifecycle.canTransition(from as S, event as E)).toBe(false);
    try {
      lifecycle.nextStatus(from as S, event as E);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && [error.code, error.userMessage]).toEqual(["CONFLICT", lifecycle.refusal]);
    }
  });
}
