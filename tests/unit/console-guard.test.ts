import { describe, expect, test } from "vitest";
import { expectConsoleError, installConsoleGuard, releaseConsoleGuard } from "../support/console-guard";

describe("console.error guard", () => {
  test("an unexpected console.error is reported as the test's failure", () => {
    // Run a guard of our own inside this test, so its verdict can be inspected.
    releaseConsoleGuard();
    installConsoleGuard({ echo: false });
    console.error("boom %d", 42);
    const problem = releaseConsoleGuard();
    installConsoleGuard();
    expect(problem).toContain("console.error was called 1 time(s)");
    expect(problem).toContain("boom 42");
  });

  test("an expected console.error passes and can be asserted on", () => {
    const consoleError = expectConsoleError();
    console.error("expected failure");
    expect(consoleError.calls).toEqual([["expected failure"]]);
  });
});
