import { afterEach, beforeEach } from "vitest";
import { installConsoleGuard, releaseConsoleGuard } from "./console-guard";

beforeEach(() => {
  installConsoleGuard();
});

afterEach(() => {
  const problem = releaseConsoleGuard();
  if (problem) throw new Error(problem);
});
