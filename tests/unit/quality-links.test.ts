import { describe, expect, it } from "vitest";
import { qualityQueryString, resolveQualityQuery } from "../../domain/quality/quality-filters";
import { surveyFilterFrom } from "../../domain/quality/survey-filters";

// Noon in China on 20 November 2026.
const NOW = new Date("2026-11-20T04:00:00.000Z");
const resolve = (query: string) => resolveQualityQuery(new URLSearchParams(query), NOW);
const AGENT = "0b7c1a52-7d0e-4c55-9a3e-2f0f4b1c8d11";

describe("the dashboard's query string for its links", () => {
  it("keeps the period's own fields and the filters set, and nothing else", () => {
    expect(qualityQueryString(resolve("period=month&month=2026-10&from=2026-01-01&channel=chat").query)).toBe("period=month&month=2026-10&channel=chat");
    expect(qualityQueryString(resolve("period=custom&from=2026-11-01&to=2026-11-15&requestType=loan").query)).toBe("period=custom&from=2026-11-01&to=2026-11-15&requestType=loan");
    expect(qualityQueryString(resolve(`period=7d&month=2026-10&agent=${AGENT}&branch=${encodeURIComponent("北京朝阳支行")}`).query)).toBe(
      `period=7d&agent=${AGENT}&branch=${encodeURIComponent("北京朝阳支行")}`,
    );
  });

  it("names the month a bare 'month' period resolved to, and the fallback of a bad custom period", () => {
    expect(qualityQueryString(resolve("period=month").query)).toBe("period=month&month=2026-11");
    expect(qualityQueryString(resolve("period=custom&from=2026-11-10&to=2026-11-01").query)).toBe("period=30d");
    expect(qualityQueryString(resolve("channel=fax").query)).toBe("period=30d");
  });

  it("reads back as the same period and filters", () => {
    for (const query of ["period=90d&complaintCategory=fees", "period=month&month=2026-02&channel=phone", "period=custom&from=2026-03-01&to=2026-03-31"]) {
      const first = resolve(query);
      const again = resolve(qualityQueryString(first.query));
      expect(again.period).toEqual(first.period);
      expect(again.filters).toEqual(first.filters);
    }
  });
});

describe("the survey list's filter from a dashboard link", () => {
  const filterOf = (query: string) => surveyFilterFrom(new URLSearchParams(query), NOW);

  it("turns the dashboard's period into the days it covers and keeps the area", () => {
    expect(filterOf(`period=month&month=2026-10&agent=${AGENT}`)).toEqual({ agent: AGENT, from: "2026-10-01", to: "2026-10-31" });
    expect(filterOf("period=7d&complaintCategory=fees&requestType=loan&branch=B1")).toEqual({
      complaintCategory: "fees",
      requestType: "loan",
      branch: "B1",
      from: "2026-11-14",
      to: "2026-11-20",
    });
    expect(filterOf("period=custom&from=2026-11-01&to=2026-11-15")).toMatchObject({ from: "2026-11-01", to: "2026-11-15" });
  });

  it("keeps the list's own days without a period, and drops what it cannot read", () => {
    expect(filterOf("from=2026-11-03&to=2026-11-04&scoreMax=2")).toEqual({ from: "2026-11-03", to: "2026-11-04", scoreMax: 2 });
    expect(filterOf("requestType=mortgage&complaintCategory=&branch=%20%20&agent=1%20or%201%3D1")).toEqual({});
    // A period the dashboard cannot read is its fallback, the last 30 days.
    expect(filterOf("period=forever")).toEqual({ from: "2026-10-22", to: "2026-11-20" });
  });
});
