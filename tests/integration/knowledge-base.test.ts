import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { answer } from "../../bot/answer";
import { knowledgeEntries } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import { isAppError } from "../../domain/errors";
import { APPROVED_KNOWLEDGE, KNOWLEDGE_TOPICS } from "../../domain/knowledge/approved-content";
import { findKnowledgeEntries } from "../../domain/knowledge/find-knowledge-entries";
import { getKnowledgeEntry } from "../../domain/knowledge/get-knowledge-entry";
import { KnowledgeEntrySchema } from "../../domain/knowledge/knowledge-schemas";
import { loadLiveKnowledge } from "../../domain/knowledge/live-knowledge";
import { seedApprovedKnowledge } from "../../domain/knowledge/seed-approved-knowledge";
import { updateKnowledgeEntry } from "../../domain/knowledge/update-knowledge-entry";
import { uniqueEmail } from "../support/accounts";
import { auditActionsOf } from "../support/audit";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const HOURS_QUESTION = "What are your service hours?";
const newHours = {
  zhTitle: "服务时间",
  zhAnswer: "网上门户和在线助手全天可用；人工客服每天 09:00–18:00。",
  enTitle: "Service hours",
  enAnswer: "The portal and this assistant are open 24/7; agents answer 09:00–18:00 every day.",
};

describe(`the approved knowledge base (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let adminId: string;
  beforeAll(async () => {
    services = await openTestServices();
    const { user } = await createStaff(services.domain, { actorId: "system:test", name: "Admin Ada", email: uniqueEmail("admin"), roles: ["admin"] });
    adminId = user.id;
  });
  afterAll(() => services?.cleanup());

  const storedRows = async () => Number((await services.domain.db.select({ n: count() }).from(knowledgeEntries))[0]?.n);

  test("a new installation holds every approved topic in both languages, and the bot answers with it", async () => {
    const ctx = services.domain;
    expect(await storedRows()).toBe(KNOWLEDGE_TOPICS.length * 2);
    expect(answer("怎么开户", ctx.knowledge.current()).reply).toBe(APPROVED_KNOWLEDGE.account_opening.zh.answer);
    expect(answer("How do I open an account?", ctx.knowledge.current()).reply).toBe(APPROVED_KNOWLEDGE.account_opening.en.answer);
    const list = await findKnowledgeEntries(ctx);
    expect(list.map((e) => e.intent)).toEqual(KNOWLEDGE_TOPICS);
    expect(list.find((e) => e.intent === "service_hours")).toMatchObject({ titles: { zh: "服务时间", en: "Service hours" }, updatedBy: null });
  });

  test("an admin's edit is the bot's answer at once, recorded in the audit trail", async () => {
    const ctx = services.domain;
    const before = answer(HOURS_QUESTION, ctx.knowledge.current());
    expect(before).toMatchObject({ intent: "service_hours", reply: APPROVED_KNOWLEDGE.service_hours.en.answer });

    await updateKnowledgeEntry(ctx, { actorId: adminId, intent: "service_hours", ...newHours });

    expect(answer(HOURS_QUESTION, ctx.knowledge.current()).reply).toBe(newHours.enAnswer);
    expect(answer("你们几点上班", ctx.knowledge.current()).reply).toBe(newHours.zhAnswer);
    expect(await auditActionsOf(ctx, "service_hours")).toEqual(["knowledge.updated"]);
    const listed = (await findKnowledgeEntries(ctx)).find((e) => e.intent === "service_hours");
    expect(listed).toMatchObject({ updatedBy: "Admin Ada", updatedAt: ctx.now() });
    expect(await getKnowledgeEntry(ctx, "service_hours")).toMatchObject({
      zh: { title: newHours.zhTitle, answer: newHours.zhAnswer },
      en: { title: newHours.enTitle, answer: newHours.enAnswer },
    });
  });

  test("another instance answers with the edit once it reloads", async () => {
    const ctx = services.domain;
    const otherInstance = await loadLiveKnowledge(ctx.db);
    const edited = { ...newHours, enAnswer: "Agents answer 08:00–22:00 every day; the portal is open 24/7." };
    await updateKnowledgeEntry(ctx, { actorId: adminId, intent: "service_hours", ...edited });
    expect(answer(HOURS_QUESTION, otherInstance.current()).reply).not.toBe(edited.enAnswer);
    await otherInstance.reload();
    expect(answer(HOURS_QUESTION, otherInstance.current()).reply).toBe(edited.enAnswer);
  });

  test("the bot's replies when unsure are approved content too, and editable", async () => {
    const ctx = services.domain;
    const unsure = { zhTitle: "没有把握时", zhAnswer: "抱歉，我没听明白。请换个说法，或转人工客服。", enTitle: "When not sure", enAnswer: "Sorry, I didn't follow. Please rephrase, or ask for an agent." };
    await updateKnowledgeEntry(ctx, { actorId: adminId, intent: "unsure", ...unsure });
    expect(ctx.knowledge.current().unsure.en.answer).toBe(unsure.enAnswer);
  });

  test("seeding again adds only what is missing and never overwrites an admin's edit", async () => {
    const ctx = services.domain;
    await ctx.db.delete(knowledgeEntries).where(eq(knowledgeEntries.intent, "privacy"));
    await seedApprovedKnowledge(ctx.db, ctx.now());
    await seedApprovedKnowledge(ctx.db, ctx.now());
    expect(await storedRows()).toBe(KNOWLEDGE_TOPICS.length * 2);
    const reloaded = (await loadLiveKnowledge(ctx.db)).current();
    expect(reloaded.privacy).toEqual(APPROVED_KNOWLEDGE.privacy);
    expect(reloaded.service_hours.zh.answer).toBe(newHours.zhAnswer);
  });

  test("bad input is refused with a message and changes nothing", async () => {
    const ctx = services.domain;
    const tooLong = KnowledgeEntrySchema.safeParse({ ...newHours, zhTitle: "长".repeat(61), enAnswer: "x".repeat(2001), zhAnswer: "   " });
    expect(tooLong.success).toBe(false);
    const messages = Object.fromEntries(tooLong.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({ zhTitle: "knowledge.title_too_long", zhAnswer: "error.required", enAnswer: "knowledge.answer_too_long" });

    const error = await updateKnowledgeEntry(ctx, { actorId: adminId, intent: "no_such_topic", ...newHours }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code === "NOT_FOUND" && error.userMessage).toBe("knowledge.not_found");
    expect(await storedRows()).toBe(KNOWLEDGE_TOPICS.length * 2);
    expect(await auditActionsOf(ctx, "no_such_topic")).toEqual([]);
  });
});
