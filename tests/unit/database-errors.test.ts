import { describe, expect, test } from "vitest";
import { describeUnavailable, isDatabaseUnavailable } from "../../db/errors";

/** How drizzle reports a failed query: its own message with the parameters, the driver's error as the cause. */
const failedQuery = (cause: unknown) => Object.assign(new Error("Failed query: select * from sessions where id = $1\nparams: 372df7d5"), { cause });

describe("a database out of reach", () => {
  test("is recognised through drizzle's wrapping: refused, cut off, shutting down, starting up", () => {
    expect(isDatabaseUnavailable(failedQuery(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })))).toBe(true);
    expect(isDatabaseUnavailable(failedQuery(new Error("Connection terminated unexpectedly")))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("the database system is starting up"), { code: "57P03" }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED" })]))).toBe(true);
  });

  test("is not a query that is wrong, which no retry would fix", () => {
    expect(isDatabaseUnavailable(failedQuery(Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" })))).toBe(false);
    expect(isDatabaseUnavailable(new Error("Something else"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  test("is logged by its codes, without the failed query's parameters", () => {
    const described = describeUnavailable(failedQuery(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })));
    expect(described).toBe("ECONNREFUSED");
    expect(described).not.toContain("372df7d5");
  });
});
