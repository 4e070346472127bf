import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { acceptanceCounters, complaintEvents, complaints, outbox } from "../../db/schema";
import type { ComplaintDetails } from "../../domain/complaints/complaint-schemas";
import { fileComplaint } from "../../domain/complaints/file-complaint";
import { findCustomerComplaints, getCustomerComplaint } from "../../domain/complaints/find-complaints";
import { submitRequest } from "../../domain/service-requests/submit-request";
import { createStaff } from "../../domain/accounts/create-staff";
import { getUser, registerTestCustomer, uniqueEmail } from "../support/accounts";
import { auditActionsOf } from "../support/audit";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const cst = (local: string) => new Date(`${local}+08:00`);

const details: ComplaintDetails = {
  category: "fees",
  businessLine: "cards",
  whatHappened: "An annual fee of 300 yuan was charged on my card although the branch said it was free for life.",
  whenHappened: "On 20 November",
  product: "Platinum credit card",
  branch: "Chaoyang branch",
  staffInvolved: "The clerk at counter 3",
  request: "Refund the fee and confirm in writing that the card is free.",
};

describe(`complaints (${testDatabaseKind()})`, () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(() => services?.cleanup());

  async function customer(locale: "zh-CN" | "en" = "en") {
    const { user } = await registerTestCustomer(services.domain, { locale });
    return getUser(services.domain, user.id);
  }

  test("a complaint filed in the portal is numbered, acknowledged at once and due 15 calendar days later", async () => {
    const { domain: ctx, clock } = services;
    // Late in the evening, China time: the day of acceptance is still 30 November.
    clock.set(cst("2026-11-30T23:30:00"));
    const user = await customer("zh-CN");

    const filed = await fileComplaint(ctx, { customer: user, details, channel: "portal" });
    expect(filed.number).toMatch(/^TL20261130\d{6}$/);
    expect(filed.status).toBe("acknowledged");
    // Calendar days, not working days: the 15th day after 30 November ends at 24:00 on 15 December.
    expect(filed.dueAt).toEqual(cst("2026-12-16T00:00:00"));
    expect(filed.allowanceDays).toBe(15);
    expect(filed.severity).toBe("medium");

    const [row] = await ctx.db.select().from(complaints).where(eq(complaints.id, filed.id));
    expect(row).toMatchObject({ status: "acknowledged", channel: "portal", category: "fees", businessLine: "cards", reopenCount: 0 });
    // What the customer told us is unreadable at rest.
    expect(row!.detailsEnc).not.toContain("annual fee");
    expect(row!.detailsEnc).not.toContain("Chaoyang");
    expect(JSON.parse(ctx.cipher.decrypt(row!.detailsEnc))).toEqual(details);

    const view = await getCustomerComplaint(ctx, { customerId: user.id, number: filed.number });
    expect(view.events.map((e) => e.kind)).toEqual(["received", "acknowledged"]);
    expect(view.details.request).toBe(details.request);

    // The acknowledgement: in the customer's language, with the number and deadline, nothing they told us.
    const mail = await ctx.db.select().from(outbox).where(eq(outbox.toAddress, user.email)).orderBy(asc(outbox.createdAt));
    expect(mail.map((m) => m.template)).toEqual(["complaint.acknowledged"]);
    expect(mail[0]!.subject).toContain(filed.number);
    expect(mail[0]!.textBody).toContain("投诉");
    expect(mail[0]!.textBody).toContain("2026年12月16日 00:00（北京时间）");
    expect(mail[0]!.textBody).toContain(`/portal/complaints/${filed.number}`);
    for (const secret of ["annual fee", "300 yuan", "Chaoyang", "counter 3", "Platinum"]) expect(mail[0]!.textBody).not.toContain(secret);

    expect(await auditActionsOf(ctx, filed.id)).toEqual(["complaint.received", "complaint.acknowledged"]);
  });

  test("complaints and requests draw from one sequence of acceptance numbers", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-12-02T10:00:00"));
    const user = await customer();
    const request = await submitRequest(ctx, { customer: user, details: { type: "inquiry", subject: "Fees", message: "Which fees apply?" } });
    const complaint = await fileComplaint(ctx, { customer: user, details, channel: "portal" });
    expect(Number(complaint.number.slice(-6))).toBe(Number(request.number.slice(-6)) + 1);
    const mail = await ctx.db.select().from(outbox).where(eq(outbox.toAddress, user.email)).orderBy(asc(outbox.createdAt));
    expect(mail.at(-1)!.subject).toBe(`We have received your complaint (${complaint.number})`);
  });

  test("a customer lists only their own complaints, and cannot open another's", async () => {
    const { domain: ctx } = services;
    const owner = await customer();
    const stranger = await customer();
    const filed = await fileComplaint(ctx, { customer: owner, details, channel: "portal" });

    expect((await findCustomerComplaints(ctx, { customerId: owner.id })).map((c) => c.number)).toEqual([filed.number]);
    expect(await findCustomerComplaints(ctx, { customerId: stranger.id })).toEqual([]);
    await expect(getCustomerComplaint(ctx, { customerId: stranger.id, number: filed.number })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("bad input or a staff account changes nothing", async () => {
    const { domain: ctx } = services;
    const user = await customer();
    const before = await snapshot();

    await expect(
      fileComplaint(ctx, { customer: user, details: { ...details, whatHappened: "   " }, channel: "portal" }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", field: "whatHappened", userMessage: "error.required" });
    await expect(
      fileComplaint(ctx, { customer: user, details: { ...details, category: "rudeness" as never }, channel: "portal" }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", field: "category" });
    const { user: clerk } = await createStaff(ctx, { actorId: "system:test", name: "Clerk", email: uniqueEmail("staff"), roles: ["agent"] });
    const staffBefore = await snapshot();
    await expect(fileComplaint(ctx, { customer: await getUser(ctx, clerk.id), details, channel: "portal" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    expect(before.complaints).toEqual(staffBefore.complaints);
    expect(await snapshot()).toEqual(staffBefore);
    expect(await findCustomerComplaints(ctx, { customerId: user.id })).toEqual([]);
  });

  async function snapshot() {
    const db = services.domain.db;
    const [c] = await db.select({ n: count() }).from(complaints);
    const [e] = await db.select({ n: count() }).from(complaintEvents);
    const [o] = await db.select({ n: count() }).from(outbox);
    const counters = await db.select().from(acceptanceCounters).orderBy(asc(acceptanceCounters.day));
    return { complaints: c!.n, events: e!.n, outbox: o!.n, counters };
  }
});
