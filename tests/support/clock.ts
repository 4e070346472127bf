/**
 * A clock the test moves by hand, so lockouts, idle timeouts and TOTP steps can be crossed
 * without waiting.
 */
export interface TestClock {
  now(): Date;
  advance(ms: number): Date;
  set(at: Date): Date;
}

export function createTestClock(start: Date = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
      return new Date(current);
    },
    set(at) {
      current = at.getTime();
      return new Date(current);
    },
  };
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
