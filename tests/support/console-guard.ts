import { format } from "node:util";
import { vi, type MockInstance } from "vitest";

// A console.error nobody asked for usually means a swallowed failure (React warnings, an
// unhandled rejection logged by a library): the test that caused it should fail, not pass.
let spy: MockInstance<typeof console.error> | null = null;
let expected = false;
let calls: unknown[][] = [];

/** `echo: false` keeps the calls off the terminal (for the guard's own test). */
export function installConsoleGuard(options: { echo?: boolean } = {}): void {
  expected = false;
  calls = [];
  const original = console.error;
  spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    calls.push(args);
    if (!expected && options.echo !== false) original(...args);
  });
}

/** Returns the problem to fail the test with, if console.error was called unexpectedly. */
export function releaseConsoleGuard(): string | null {
  spy?.mockRestore();
  spy = null;
  if (expected || calls.length === 0) return null;
  return (
    `console.error was called ${calls.length} time(s) during this test; ` +
    `call expectConsoleError() first if that is intended. First call: ${format(...(calls[0] ?? []))}`
  );
}

/** Declares that this test expects console.error; returns the calls so it can assert on them. */
export function expectConsoleError(): { readonly calls: unknown[][] } {
  expected = true;
  return {
    get calls() {
      return calls;
    },
  };
}
