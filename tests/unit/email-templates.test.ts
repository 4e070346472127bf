import { describe, expect, test } from "vitest";
import { locales, requestTypes } from "../../db/schema";
import {
  DEFAULT_PUBLIC_URL,
  REQUEST_TYPE_LABELS,
  renderEmail,
  TEMPLATE_NAMES,
  templates,
  type EmailParams,
  type RenderedEmail,
  type TemplateName,
} from "../../emails/templates";

const NUMBER = "TL20261128000123";
const PUBLIC_URL = "https://service.trustline.example";
// 2026-12-03 17:30 in China.
const DUE = new Date("2026-12-03T09:30:00Z");
const TOKEN = "3b6f0c1e-8d2a-4f6b-9c1d-2e5a7b9c0d1f.c2lnbmF0dXJl";

const samples: { [T in TemplateName]: EmailParams<T>[] } = {
  "request.received": [
    { number: NUMBER, requestType: "loan", dueAt: DUE, publicUrl: PUBLIC_URL },
    { number: NUMBER, requestType: "inquiry", dueAt: null, publicUrl: PUBLIC_URL },
  ],
  "request.info_requested": [{ number: NUMBER, question: "Please upload your latest payslip.", publicUrl: PUBLIC_URL }],
  "request.decided": [
    { number: NUMBER, outcome: "approved", publicUrl: PUBLIC_URL },
    { number: NUMBER, outcome: "rejected", reason: "The debt-to-income ratio is above our limit.", publicUrl: PUBLIC_URL },
  ],
  "request.completed": [{ number: NUMBER, publicUrl: PUBLIC_URL }],
  "sla.alert": [
    { number: NUMBER, state: "at_risk", dueAt: DUE, publicUrl: PUBLIC_URL },
    { number: NUMBER, state: "overdue", dueAt: DUE, publicUrl: PUBLIC_URL },
  ],
  "complaint.acknowledged": [{ number: NUMBER, dueAt: DUE, publicUrl: PUBLIC_URL }],
  "complaint.resolution_sent": [{ number: NUMBER, answerBy: DUE, publicUrl: PUBLIC_URL }],
  "complaint.extended": [{ number: NUMBER, dueAt: DUE, reason: "The branch's records are being retrieved.", publicUrl: PUBLIC_URL }],
  "complaint.supervisor_alert": (["overdue", "reopened", "review_requested"] as const).map((alert) => ({ number: NUMBER, alert, dueAt: DUE, publicUrl: PUBLIC_URL })),
  "survey.invitation": (["request", "chat", "complaint"] as const).map((subject) => ({ subject, number: NUMBER, token: TOKEN, expiresAt: DUE, publicUrl: PUBLIC_URL })),
  "privacy.received": [{ number: NUMBER, dueAt: DUE, publicUrl: PUBLIC_URL }],
  "privacy.closed": [
    { number: NUMBER, outcome: "refused", reason: "A loan on the account is still being repaid.", publicUrl: PUBLIC_URL },
    { number: NUMBER, outcome: "completed", publicUrl: PUBLIC_URL },
  ],
};

/** Where each template's link leads; a closed account's last email has none. */
function linkPath(name: TemplateName, params: object): string | null {
  if (name === "privacy.closed" && (params as { outcome?: string }).outcome === "completed") return null;
  if (name.startsWith("privacy.")) return "/account/privacy";
  if (name === "sla.alert") return `/desk/requests/${NUMBER}`;
  if (name === "complaint.supervisor_alert") return `/desk/complaints/${NUMBER}`;
  if (name === "survey.invitation") return `/survey/${TOKEN}`;
  return name.startsWith("complaint.") ? `/portal/complaints/${NUMBER}` : `/portal/requests/${NUMBER}`;
}

const cases = TEMPLATE_NAMES.flatMap((name) =>
  locales.flatMap((locale) => (samples[name] as EmailParams<TemplateName>[]).map((params, i) => ({ name, locale, params, label: `${name} #${i + 1} (${locale})` }))),
);

const render = (name: TemplateName, locale: (typeof locales)[number], params: object): RenderedEmail =>
  (templates[name][locale] as (p: object) => RenderedEmail)(params);

const SIGN_OFF = { "zh-CN": "Trustline 客户服务", en: "Trustline Customer Service" } as const;

describe("email templates", () => {
  test("every template exists in both languages", () => {
    for (const name of TEMPLATE_NAMES) expect(Object.keys(templates[name]).sort()).toEqual([...locales].sort());
  });

  test.each(cases)("$label has the acceptance number, a link and the sign-off", ({ name, locale, params }) => {
    const email = render(name, locale, params);
    for (const part of [email.subject, email.text, email.html]) expect(part).toContain(NUMBER);
    const path = linkPath(name, params);
    if (path === null) expect(email.html).not.toContain("<a href");
    else {
      expect(email.text).toContain(`${PUBLIC_URL}${path}`);
      expect(email.html).toContain(`<a href="${PUBLIC_URL}${path}">`);
    }
    expect(email.text).toContain(SIGN_OFF[locale]);
    expect(email.html).toContain(SIGN_OFF[locale]);
    expect(email.html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${locale}">`));
    // Nothing the admin's preview (strict CSP) or a mail client would block or fetch.
    expect(email.html).not.toMatch(/style|<script|<img|<link|https?:\/\/(?!service\.trustline\.example)/i);
    if (locale === "zh-CN") expect(email.text).toMatch(/[\u4e00-\u9fff]/);
    else expect(email.text).not.toMatch(/[\u4e00-\u9fff]/);
  });

  test.each(cases)("$label escapes what it interpolates into HTML", ({ name, locale, params }) => {
    const hostile = `<script>alert("x")</script>&'`;
    const email = render(name, locale, { ...params, number: `${NUMBER}${hostile}`, question: hostile, reason: hostile, outcome: (params as { outcome?: string }).outcome });
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
    // The link carries the number URL-encoded, so it cannot break out of the attribute either.
    expect(email.html).not.toMatch(/href="[^"]*[<>'][^"]*"/);
    expect(email.text).toContain(hostile);
  });

  test.each(cases)("$label never shows ID numbers, account numbers or amounts, even when handed them", ({ name, locale, params }) => {
    const secrets = { idNumber: "11010119900307451X", accountNumber: "6222020200012345678", amount: "1,234,567.89", amountFen: 123456789 };
    const email = render(name, locale, { ...params, ...secrets });
    for (const part of [email.subject, email.text, email.html]) {
      expect(part).not.toContain(secrets.idNumber);
      expect(part).not.toContain(secrets.accountNumber);
      expect(part).not.toContain(secrets.amount);
      expect(part).not.toContain(String(secrets.amountFen));
    }
  });

  test("what the customer must read is in the email: type, due date in China time, question, reason", () => {
    const received = renderEmail("request.received", "zh-CN", samples["request.received"][0]!);
    expect(received.text).toContain("贷款申请");
    expect(received.text).toContain("17:30（北京时间）");
    const receivedEn = renderEmail("request.received", "en", samples["request.received"][0]!);
    expect(receivedEn.text).toContain("Loan application");
    expect(receivedEn.text).toContain("3 December 2026 at 17:30 (Beijing time)");
    expect(renderEmail("request.received", "en", samples["request.received"][1]!).text).not.toContain("Beijing time");

    expect(renderEmail("request.info_requested", "en", samples["request.info_requested"][0]!).text).toContain("Please upload your latest payslip.");
    expect(renderEmail("request.decided", "en", samples["request.decided"][1]!).text).toContain("Reason: The debt-to-income ratio is above our limit.");
    expect(renderEmail("request.decided", "en", samples["request.decided"][0]!).text).not.toContain("Reason");
    expect(renderEmail("sla.alert", "zh-CN", samples["sla.alert"][1]!).subject).toContain("已超时");
    expect(renderEmail("complaint.acknowledged", "zh-CN", samples["complaint.acknowledged"][0]!).text).toContain("17:30（北京时间）前作出处理决定");
    expect(renderEmail("complaint.acknowledged", "en", samples["complaint.acknowledged"][0]!).text).toContain("by 3 December 2026 at 17:30 (Beijing time)");
  });

  test("a question of several lines keeps its lines in both parts", () => {
    const email = renderEmail("request.info_requested", "en", { number: NUMBER, question: "First line\nSecond line" });
    expect(email.text).toContain("First line\nSecond line");
    expect(email.html).toContain("First line<br>\nSecond line");
  });

  test("without a chosen language the email is in Chinese; without PUBLIC_URL links use the default", () => {
    const email = renderEmail("request.completed", null, { number: NUMBER });
    expect(email.subject).toContain("业务办理完成");
    expect(email.text).toContain(`${DEFAULT_PUBLIC_URL}/portal/requests/${NUMBER}`);
    expect(renderEmail("request.completed", "en", { number: NUMBER, publicUrl: `${PUBLIC_URL}/` }).text).toContain(
      `${PUBLIC_URL}/portal/requests/${NUMBER}`,
    );
  });

  test("every request type has a label in both languages", () => {
    for (const locale of locales) {
      for (const type of requestTypes) expect(REQUEST_TYPE_LABELS[locale][type]).toMatch(/\S/);
    }
  });
});
