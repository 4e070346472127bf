import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cannedReplies } from "../../db/schema";
import { DEMO_CANNED_REPLIES, seedDemoData } from "../../db/seed";
import { createStaff } from "../../domain/accounts/create-staff";
import { CannedReplySchema } from "../../domain/canned-replies/canned-reply-schemas";
import { createCannedReply } from "../../domain/canned-replies/create-canned-reply";
import { deleteCannedReply } from "../../domain/canned-replies/delete-canned-reply";
import { findCannedReplies } from "../../domain/canned-replies/find-canned-replies";
import { getCannedReply } from "../../domain/canned-replies/get-canned-reply";
import { updateCannedReply } from "../../domain/canned-replies/update-canned-reply";
import { isAppError } from "../../domain/errors";
import { uniqueEmail } from "../support/accounts";
import { auditActionsOf } from "../support/audit";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const hold = { title: "Please hold", textZh: "请稍候，我正在为您查询。", textEn: "Please hold while I look into it." };
const greeting = { title: "Greeting", textZh: "您好，请问有什么可以帮您？", textEn: "Hello, how can I help you?" };

describe(`canned replies (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let adminId: string;
  beforeAll(async () => {
    services = await openTestServices();
    const { user } = await createStaff(services.domain, { actorId: "system:test", name: "Admin", email: uniqueEmail("admin"), roles: ["admin"] });
    adminId = user.id;
  });
  afterAll(() => services?.cleanup());

  test("an admin adds, edits and deletes replies; agents get them by title; each change is audited", async () => {
    const ctx = services.domain;
    const first = await createCannedReply(ctx, { actorId: adminId, ...hold });
    const second = await createCannedReply(ctx, { actorId: adminId, ...greeting });
    expect(await findCannedReplies(ctx)).toEqual([
      { id: second.id, ...greeting },
      { id: first.id, ...hold },
    ]);

    const edited = { ...hold, textEn: "Please hold for a minute while I check." };
    await updateCannedReply(ctx, { actorId: adminId, id: first.id, ...edited });
    expect(await getCannedReply(ctx, first.id)).toMatchObject(edited);

    await deleteCannedReply(ctx, { actorId: adminId, id: second.id });
    expect(await findCannedReplies(ctx)).toEqual([{ id: first.id, ...edited }]);
    expect(await auditActionsOf(ctx, first.id)).toEqual(["canned_reply.created", "canned_reply.updated"]);
    expect(await auditActionsOf(ctx, second.id)).toEqual(["canned_reply.created", "canned_reply.deleted"]);
    await ctx.db.delete(cannedReplies);
  });

  test("a reply that no longer exists is reported, and nothing changes", async () => {
    const ctx = services.domain;
    const { id } = await createCannedReply(ctx, { actorId: adminId, ...hold });
    await deleteCannedReply(ctx, { actorId: adminId, id });
    for (const attempt of [
      () => updateCannedReply(ctx, { actorId: adminId, id, ...greeting }),
      () => deleteCannedReply(ctx, { actorId: adminId, id }),
      () => getCannedReply(ctx, "not-a-uuid"),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isAppError(error) && error.code === "NOT_FOUND" && error.userMessage).toBe("canned.not_found");
    }
    expect(await findCannedReplies(ctx)).toEqual([]);
    expect(await auditActionsOf(ctx, id)).toEqual(["canned_reply.created", "canned_reply.deleted"]);
  });

  test("empty or overlong texts are refused with a message", () => {
    const result = CannedReplySchema.safeParse({ title: "t".repeat(61), textZh: "  ", textEn: "x".repeat(2001) });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({ title: "canned.title_too_long", textZh: "error.required", textEn: "canned.text_too_long" });
  });

  test("the demo seed adds its bilingual replies once", async () => {
    const ctx = services.domain;
    await seedDemoData(ctx);
    await seedDemoData(ctx);
    const replies = await findCannedReplies(ctx);
    expect(replies).toHaveLength(DEMO_CANNED_REPLIES.length);
    for (const reply of replies) {
      expect(reply.textZh).toMatch(/\p{Script=Han}/u);
      expect(reply.textEn).not.toMatch(/\p{Script=Han}/u);
    }
  });
});
