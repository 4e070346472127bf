import { describe, expect, it } from "vitest";
import { maskResidentId } from "../../domain/identity/masking";
import { residentIdProblem } from "../../domain/identity/resident-id";

// The standard's own worked example, and obviously fake numbers built on it.
const VALID = "11010519491231002X";

describe("resident ID numbers (GB 11643)", () => {
  it("accepts a number whose check character matches, lower-case x too", () => {
    expect(residentIdProblem(VALID)).toBeNull();
    expect(residentIdProblem(VALID.toLowerCase())).toBeNull();
  });

  it("names a wrong check digit", () => {
    expect(residentIdProblem("110105194912310021")).toBe("check_digit");
  });

  it("names an impossible birth date", () => {
    expect(residentIdProblem("110105194902300020")).toBe("birth_date");
  });

  it("names the wrong shape", () => {
    for (const bad of ["", "11010519491231002", "11010519491231002XX", "A1010519491231002X", "01010519491231002X"]) {
      expect(residentIdProblem(bad)).toBe("format");
    }
  });

  it("is masked to its first and last characters (data inventory)", () => {
    expect(maskResidentId(VALID)).toBe("1****************X");
    expect(maskResidentId("1234567")).toBe("*******");
  });
});
