import crypto from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { tableSpecs } from "../../db/backup";
import { auditLog, complaints, users, type StaffRole } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import { indexCustomerMobiles } from "../../domain/accounts/index-customer-mobiles";
import { assignInvestigator } from "../../domain/complaints/assign-investigator";
import { verifyArchivedComplaint } from "../../domain/complaints/complaint-records";
import { complaintAbout } from "../support/complaints";
import { answerComplaintSurvey } from "../../domain/complaints/complaint-survey";
import { acceptResolution } from "../../domain/complaints/customer-decision";
import { decideResolution } from "../../domain/complaints/decide-resolution";
import { fileComplaint } from "../../domain/complaints/file-complaint";
import { findCustomerForComplaint } from "../../domain/complaints/file-complaint-on-behalf";
import { getCustomerComplaint } from "../../domain/complaints/find-complaints";
import { proposeResolution } from "../../domain/complaints/propose-resolution";
import type { DomainContext } from "../../domain/context";
import { readBotState, writeBotState } from "../../domain/conversations/bot-state";
import { openConversation, postMessage, transcript } from "../../domain/conversations/conversations";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { findReveals, recordReveal } from "../../domain/identity/reveal-trail";
import { rotateDataKeys } from "../../domain/identity/rotate-data-keys";
import { getCustomerRequest, trackRequest } from "../../domain/service-requests/find-requests";
import { RequestDetailsSchema } from "../../domain/service-requests/request-schemas";
import { submitRequest } from "../../domain/service-requests/submit-request";
import type { StaffActor } from "../../domain/service-requests/request-access";
import { getUser, PORTAL_CONSENT, registerTestCustomer, uniqueEmail } from "../support/accounts";
import { dumpEveryTable } from "../support/dump";
import { openTestServices, TEST_DATA_KEY, testDatabaseKind, type TestServices } from "../support/test-database";

// Made-up values that appear nowhere else (the ID is the national standard's sample), so finding
// one in a dump can only mean it leaked.
const MOBILE = "13900000731";
const RESIDENT_ID = "11010519491231002X";
const ACCOUNT = "6200000000000000731";
const INCOME = "38765.43";
// Stored in fen inside the request's details.
const INCOME_FEN = "3876543";
const SECRETS = [MOBILE, RESIDENT_ID, ACCOUNT, INCOME_FEN];
// After the rotation test: a new key first, the test key as the original.
const ROTATED_KEYS = [crypto.randomBytes(32).toString("hex"), TEST_DATA_KEY];

function leaksIn(dump: string): string[] {
  return SECRETS.filter((secret) => dump.includes(secret));
}

describe(`personal data at rest (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let ctx: DomainContext;
  let customerId: string;
  let requestNumbers: string[];
  let openComplaint: string;
  let archived: { id: string; number: string };
  let conversationId: string;

  async function staff(roles: StaffRole[]): Promise<StaffActor> {
    const { user } = await createStaff(ctx, { actorId: "system:test", name: "Staff", email: uniqueEmail("staff"), roles });
    return { userId: user.id, roles };
  }

  beforeAll(async () => {
    services = await openTestServices();
    ctx = services.domain;
    const registered = await registerTestCustomer(ctx, { mobile: MOBILE });
    customerId = registered.user.id;
    const customer = await getUser(ctx, customerId);
    // Through the forms' schema, as the portal submits them.
    const requests = [
      { type: "account_opening", holder: "individual", realName: "王小明", residentId: RESIDENT_ID, mobile: MOBILE },
      { type: "transfer", payeeName: "李华", payeeAccount: ACCOUNT, amount: "1200", purpose: "Rent" },
      { type: "loan", loanType: "personal", amount: "50000", termMonths: "24", monthlyIncome: INCOME, employment: "employed" },
    ].map((input) => RequestDetailsSchema.parse(input));
    requestNumbers = [];
    for (const details of requests) requestNumbers.push((await submitRequest(ctx, { customer, details, consent: PORTAL_CONSENT })).number);

    const participant = { kind: "customer", userId: customerId } as const;
    conversationId = (await openConversation(ctx, participant)).id;
    await postMessage(ctx, { participant, conversationId, clientId: crypto.randomUUID(), text: `我的身份证号是${RESIDENT_ID}，卡号${ACCOUNT}` });
    // The bot keeps what a complaint dialog has taken down so far with the conversation.
    await writeBotState(ctx, conversationId, { dialog: { what: `Card ${ACCOUNT} was blocked` } });

    openComplaint = (await fileComplaint(ctx, { customer, details: complaintAbout(`Card ${ACCOUNT} was charged twice; call me on ${MOBILE}.`), channel: "portal" })).number;

    // A second complaint taken to the end of its loop: archived and sealed.
    const investigator = await staff(["investigator"]);
    const supervisor = await staff(["supervisor"]);
    const filed = await fileComplaint(ctx, { customer, details: complaintAbout(`The teller read my ID ${RESIDENT_ID} out loud.`), channel: "portal" });
    archived = { id: filed.id, number: filed.number };
    await assignInvestigator(ctx, { actor: supervisor, number: filed.number, investigatorId: investigator.userId });
    await proposeResolution(ctx, { actor: investigator, number: filed.number, remedy: "Teller retrained.", response: "We apologise." });
    await decideResolution(ctx, { actor: supervisor, number: filed.number, decision: "approve" });
    await acceptResolution(ctx, { customerId, number: filed.number });
    await ctx.db.transaction((tx) => answerComplaintSurvey(ctx, tx, { complaintId: filed.id, customerId, score: 5, resolved: true, comment: null }));

    // A reveal's note in the audit trail, which no rotation may rewrite.
    const agent = await staff(["agent"]);
    await ctx.db.transaction((tx) =>
      recordReveal(ctx, tx, {
        actorId: agent.userId,
        objectType: "service_request",
        objectId: requestNumbers[0]!,
        customerId,
        fields: ["resident_id"],
        reason: { reason: "verify_identity", note: `Caller on ${MOBILE} read out the ID` },
      }),
    );
  });
  afterAll(() => services?.cleanup());

  test("a raw dump of every table holds none of the seeded ID, account, mobile or income figures in clear", async () => {
    const [row] = await ctx.db.select({ status: complaints.status }).from(complaints).where(eq(complaints.id, archived.id));
    expect(row?.status).toBe("archived");
    const dump = await dumpEveryTable(ctx);
    // The dump did read the rows: the acceptance numbers are in it.
    for (const number of requestNumbers) expect(dump).toContain(number);
    expect(dump).toContain("-- public.outbox");
    expect(leaksIn(dump)).toEqual([]);
  });

  test("after a rotation everything still reads, lookups still find the customer, and the dump is still clean", async () => {
    const oldKeyId = ctx.cipher.currentKeyId;
    const rotated: DomainContext = { ...ctx, cipher: createPiiCipher(ROTATED_KEYS) };
    const newKeyId = rotated.cipher.currentKeyId;

    // An interrupted run (here after its first batch) leaves the rest for the next run.
    await expect(
      rotateDataKeys({
        database: services.database,
        cipher: rotated.cipher,
        batchRows: 1,
        onBatch: () => {
          throw new Error("interrupted");
        },
      }),
    ).rejects.toThrow("interrupted");
    const progress: string[] = [];
    const report = await rotateDataKeys({ database: services.database, cipher: rotated.cipher, batchRows: 2, onBatch: ({ table }) => progress.push(table) });
    expect(progress).toContain("service_requests");
    const byTable = Object.fromEntries(report.tables.map((t) => [t.name, t]));
    // One user row went over in the interrupted run.
    expect(byTable.users).toMatchObject({ rewritten: 0, sealed: 0 });
    expect(byTable.service_requests).toMatchObject({ rewritten: 3, sealed: 0 });
    expect(byTable.chat_messages!.rewritten).toBeGreaterThanOrEqual(1);
    expect(byTable.conversations).toMatchObject({ rewritten: 1, sealed: 0 });
    expect(byTable.complaints).toMatchObject({ rewritten: 1, sealed: 1 });
    expect(byTable.complaint_events!.sealed).toBeGreaterThanOrEqual(1);
    // The reveal note stays under the old key, counted with the archive.
    expect(byTable.audit_log).toEqual({ name: "audit_log", rewritten: 0, sealed: 1 });
    expect(Object.keys(report.stillNeeded)).toEqual([oldKeyId]);

    // Everything but the sealed archive is now under the new key.
    for (const spec of tableSpecs()) {
      const keyIds = new Set<string>();
      for (const key of spec.encryptedKeys) {
        const rows = (await ctx.db.select({ value: spec.columns[key]! }).from(spec.table)) as { value: string | null }[];
        for (const { value } of rows) if (value) keyIds.add(rotated.cipher.keyIdOf(value));
      }
      // Only the archived complaint's rows may still need the old key.
      const sealed = spec.name === "complaints" || spec.name === "complaint_events";
      keyIds.delete(newKeyId);
      expect([spec.name, [...keyIds]]).toEqual([spec.name, sealed ? [oldKeyId] : []]);
    }

    const opening = await getCustomerRequest(rotated, { customerId, number: requestNumbers[0]! });
    expect(opening.details).toContainEqual(expect.objectContaining({ field: "residentId", masked: true }));
    // The blind index did not move: tracking by number and mobile, and the desk's lookup of a
    // caller by mobile, still find the customer.
    expect(await trackRequest(rotated, { number: requestNumbers[1]!, mobile: MOBILE })).toMatchObject({ type: "transfer" });
    const agent = await staff(["agent"]);
    expect(await findCustomerForComplaint(rotated, { actor: agent, customer: MOBILE })).toMatchObject({ mobile: "139****0731" });
    const [message] = await transcript(rotated, { conversationId, afterSeq: 0, withInternal: true });
    expect(message?.text).toContain(RESIDENT_ID);
    expect((await readBotState(rotated, conversationId)).botState).toEqual({ dialog: { what: `Card ${ACCOUNT} was blocked` } });
    expect((await getCustomerComplaint(rotated, { customerId, number: openComplaint })).status).toBeDefined();
    // The archived complaint kept its ciphertext and its seal, and reads with the old key kept in the ring.
    expect((await getCustomerComplaint(rotated, { customerId, number: archived.number })).status).toBe("archived");
    expect(await verifyArchivedComplaint(rotated, ctx.db, archived.id)).toMatchObject({ ok: true });
    const [reveal] = await findReveals(rotated, { objectType: "service_request", objectId: requestNumbers[0]! });
    expect(reveal).toMatchObject({ reason: "verify_identity", note: `Caller on ${MOBILE} read out the ID` });

    const again = await rotateDataKeys({ database: services.database, cipher: rotated.cipher });
    expect(again.rewritten).toBe(0);
    const [entry] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, "data.keys_rotated")).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry).toMatchObject({ objectType: "data_key", objectId: newKeyId, actorId: null });

    expect(leaksIn(await dumpEveryTable(ctx))).toEqual([]);
  });

  test("accounts registered before the mobile index existed are indexed at start, and found by it", async () => {
    const current: DomainContext = { ...ctx, cipher: createPiiCipher(ROTATED_KEYS) };
    const agent = await staff(["agent"]);
    await ctx.db.update(users).set({ mobileIndex: null }).where(eq(users.id, customerId));
    await expect(findCustomerForComplaint(current, { actor: agent, customer: MOBILE })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await indexCustomerMobiles(current)).toBe(1);
    expect(await indexCustomerMobiles(current)).toBe(0);
    expect(await findCustomerForComplaint(current, { actor: agent, customer: MOBILE })).toMatchObject({ mobile: "139****0731" });
  });
});
