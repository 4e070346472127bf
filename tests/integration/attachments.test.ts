import fs from "node:fs/promises";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loader } from "../../app/routes/attachments.$id";
import { setSessionCookie } from "../../app/utils/cookies.server";
import { requestAttachments, userRoles, type StaffRole } from "../../db/schema";
import {
  storeAttachments,
  validateUploads,
  type UploadedFile,
  type ValidatedUpload,
} from "../../domain/attachments/add-attachments";
import type { AttachmentViewer } from "../../domain/attachments/attachment-access";
import { MAX_FILES_PER_REQUEST } from "../../domain/attachments/attachment-rules";
import { InvalidStorageKeyError } from "../../domain/attachments/attachment-store";
import { findAttachmentsForViewer } from "../../domain/attachments/find-attachments";
import { getAttachmentForViewer } from "../../domain/attachments/get-attachment";
import { ORPHAN_GRACE_MS, sweepOrphanAttachments } from "../../domain/attachments/sweep-orphan-attachments";
import type { DomainContext } from "../../domain/context";
import { AppError } from "../../domain/errors";
import { createEnrolledStaff, registerTestCustomer } from "../support/accounts";
import { auditActionsOf } from "../support/audit";
import { HOUR } from "../support/clock";
import { JPEG_BYTES, PDF_BYTES, PNG_BYTES } from "../support/files";
import { insertTestRequest } from "../support/requests";
import { openTestServices, type TestServices } from "../support/test-database";

let services: TestServices;
let ctx: DomainContext;

const customerViewer = (userId: string): AttachmentViewer => ({ userId, kind: "customer", roles: [] });
const staffViewer = (userId: string, roles: StaffRole[]): AttachmentViewer => ({ userId, kind: "staff", roles });

function validated(files: UploadedFile[], existing = 0): ValidatedUpload[] {
  const result = validateUploads(files, existing);
  if (!result.ok) throw new Error(`upload refused: ${result.errors.join(", ")}`);
  return result.files;
}

async function attach(requestId: string, uploadedBy: string, files: UploadedFile[]) {
  return ctx.db.transaction((tx) => storeAttachments(ctx, tx, { requestId, uploadedBy, files: validated(files) }));
}

async function expectNotFound(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("NOT_FOUND");
}

async function storedFiles(): Promise<string[]> {
  const keys: string[] = [];
  for await (const file of ctx.attachments.list()) keys.push(file.storageKey);
  return keys;
}

beforeAll(async () => {
  services = await openTestServices();
  ctx = services.domain;
});

afterAll(async () => {
  await services?.cleanup();
});

describe("storing and reading back", () => {
  test("the owner reads the same bytes, with the sniffed type and a clean name, unaudited", async () => {
    const { user: owner } = await registerTestCustomer(ctx);
    const request = await insertTestRequest(ctx, owner.id);
    const [row] = await attach(request.id, owner.id, [{ name: "C:\\scans\\身份证.pdf", bytes: PNG_BYTES }]);
    expect(row).toMatchObject({ requestId: request.id, uploadedBy: owner.id, fileName: "身份证.png", contentType: "image/png", size: PNG_BYTES.length });

    const found = await getAttachmentForViewer(ctx, { attachmentId: row!.id, viewer: customerViewer(owner.id) });
    expect(found.attachment.id).toBe(row!.id);
    expect(Buffer.compare(found.bytes, PNG_BYTES)).toBe(0);
    expect(await auditActionsOf(ctx, row!.id)).toEqual([]);

    const listed = await findAttachmentsForViewer(ctx, { requestId: request.id, viewer: customerViewer(owner.id) });
    expect(listed.map((a) => [a.id, a.fileName])).toEqual([[row!.id, "身份证.png"]]);
  });

  test("on disk: a server-chosen name in a shard folder, owner-only, and never the plain bytes", async () => {
    const { user: owner } = await registerTestCustomer(ctx);
    const request = await insertTestRequest(ctx, owner.id);
    const [row] = await attach(request.id, owner.id, [{ name: "../../evil.pdf", bytes: PDF_BYTES }]);
    const key = row!.storageKey;
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const file = path.join(services.attachmentsDir, key.slice(0, 2), key);
    const stat = await fs.stat(file);
    expect(stat.mode & 0o777).toBe(0o600);
    const onDisk = await fs.readFile(file);
    expect(onDisk.includes(PDF_BYTES.subarray(0, 16))).toBe(false);
    expect(await fs.readdir(path.join(services.attachmentsDir, ".incoming"))).toEqual([]);
  });

  test("a file copied over another's name does not open as that one", async () => {
    const { user: owner } = await registerTestCustomer(ctx);
    const request = await insertTestRequest(ctx, owner.id);
    const [a, b] = await attach(request.id, owner.id, [
      { name: "a.pdf", bytes: PDF_BYTES },
      { name: "b.jpg", bytes: JPEG_BYTES },
    ]);
    const dir = services.attachmentsDir;
    await fs.copyFile(path.join(dir, a!.storageKey.slice(0, 2), a!.storageKey), path.join(dir, b!.storageKey.slice(0, 2), b!.storageKey));
    await expect(ctx.attachments.get(b!.storageKey)).rejects.toThrow();
  });

  test("the request's limit holds inside the transaction, whatever the caller checked", async () => {
    const { user: owner } = await registerTestCustomer(ctx);
    const request = await insertTestRequest(ctx, owner.id);
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `p${i}.pdf`, bytes: PDF_BYTES }));
    await attach(request.id, owner.id, five);
    await attach(request.id, owner.id, five);
    const before = (await storedFiles()).length;
    const error = await attach(request.id, owner.id, [{ name: "one-more.pdf", bytes: PDF_BYTES }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "INVALID_INPUT", userMessage: "attachment.too_many", field: "attachments" });
    const rows = await ctx.db.select().from(requestAttachments).where(eq(requestAttachments.requestId, request.id));
    expect(rows).toHaveLength(MAX_FILES_PER_REQUEST);
    expect((await storedFiles()).length).toBe(before);
  });
});

describe("who may download", () => {
  let ownerId: string;
  let attachmentId: string;

  beforeAll(async () => {
    const { user: owner } = await registerTestCustomer(ctx);
    ownerId = owner.id;
    const request = await insertTestRequest(ctx, owner.id);
    const [row] = await attach(request.id, owner.id, [{ name: "收入证明.pdf", bytes: PDF_BYTES }]);
    attachmentId = row!.id;
  });

  test("another customer gets NOT_FOUND, exactly as for an attachment that does not exist", async () => {
    const { user: other } = await registerTestCustomer(ctx);
    await expectNotFound(getAttachmentForViewer(ctx, { attachmentId, viewer: customerViewer(other.id) }));
    await expectNotFound(
      getAttachmentForViewer(ctx, { attachmentId: "00000000-0000-4000-8000-000000000000", viewer: customerViewer(ownerId) }),
    );
    await expectNotFound(getAttachmentForViewer(ctx, { attachmentId: "../../etc/passwd", viewer: customerViewer(ownerId) }));
    const [row] = await ctx.db.select().from(requestAttachments).where(eq(requestAttachments.id, attachmentId));
    expect(await findAttachmentsForViewer(ctx, { requestId: row!.requestId, viewer: customerViewer(other.id) })).toEqual([]);
  });

  test("a customer claiming to be staff is still only a customer", async () => {
    const { user: other } = await registerTestCustomer(ctx);
    await expectNotFound(getAttachmentForViewer(ctx, { attachmentId, viewer: staffViewer(other.id, ["agent"]) }));
  });

  test("an agent reads it, and the download is audited", async () => {
    const { user: agent } = await createEnrolledStaff(ctx, ["agent"]);
    const found = await getAttachmentForViewer(ctx, { attachmentId, viewer: staffViewer(agent.id, ["agent"]) });
    expect(Buffer.compare(found.bytes, PDF_BYTES)).toBe(0);
    expect(await auditActionsOf(ctx, attachmentId)).toEqual(["attachment.downloaded"]);
  });

  test.each([["quality"], ["admin"], ["investigator"]] as const)("staff with only %s cannot, and nothing is audited", async (role) => {
    const { user: staff } = await createEnrolledStaff(ctx, [role]);
    const before = await auditActionsOf(ctx, attachmentId);
    await expectNotFound(getAttachmentForViewer(ctx, { attachmentId, viewer: staffViewer(staff.id, [role]) }));
    expect(await auditActionsOf(ctx, attachmentId)).toEqual(before);
  });

  test("a role taken away counts at once, whatever roles the caller still holds", async () => {
    const { user: staff } = await createEnrolledStaff(ctx, ["risk"]);
    await ctx.db.delete(userRoles).where(and(eq(userRoles.userId, staff.id), eq(userRoles.role, "risk")));
    await expectNotFound(getAttachmentForViewer(ctx, { attachmentId, viewer: staffViewer(staff.id, ["risk"]) }));
  });
});

describe("the store", () => {
  test.each([
    "../../../etc/passwd",
    "..",
    "",
    "ab/../../x",
    "0123456789ABCDEF0123456789ABCDEF",
    "0123456789abcdef0123456789abcde",
    "/etc/passwd",
    "0123456789abcdef0123456789abcdef/../x",
  ])("refuses the storage key %j before touching the disk", async (key) => {
    await expect(ctx.attachments.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(ctx.attachments.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
  });
});

describe("the download link", () => {
  let ownerToken: string;
  let attachmentId: string;
  const context = () => ({ services: { domain: ctx } }) as unknown as AppLoadContext;

  async function download(id: string, token?: string): Promise<Response> {
    const headers = new Headers();
    if (token) headers.set("Cookie", await setSessionCookie(new Request("http://localhost/"), token));
    const request = new Request(`http://localhost/attachments/${id}`, { headers });
    try {
      return await loader({ request, params: { id }, context: context() });
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }

  beforeAll(async () => {
    const owner = await registerTestCustomer(ctx);
    ownerToken = owner.token;
    const request = await insertTestRequest(ctx, owner.user.id);
    const [row] = await attach(request.id, owner.user.id, [{ name: "工资 流水(2026).pdf", bytes: PDF_BYTES }]);
    attachmentId = row!.id;
  });

  test("serves the owner a download with the sniffed type, never cached or sniffed by the browser", async () => {
    const response = await download(attachmentId, ownerToken);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="__ __(2026).pdf"; filename*=UTF-8''%E5%B7%A5%E8%B5%84%20%E6%B5%81%E6%B0%B4%282026%29.pdf`,
    );
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(Buffer.compare(Buffer.from(await response.arrayBuffer()), PDF_BYTES)).toBe(0);
  });

  test("another customer's link is a 404, the same as a link to nothing", async () => {
    const other = await registerTestCustomer(ctx);
    const theirs = await download(attachmentId, other.token);
    const nothing = await download("00000000-0000-4000-8000-000000000000", other.token);
    expect(theirs.status).toBe(404);
    expect(nothing.status).toBe(404);
    expect(await theirs.text()).toBe(await nothing.text());
  });

  test("a malformed id is a 404, not a database error", async () => {
    for (const id of ["not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "1 or 1=1", ""]) {
      expect((await download(id, ownerToken)).status).toBe(404);
    }
  });

  test("staff: an agent may download, quality may not", async () => {
    const agent = await createEnrolledStaff(ctx, ["agent"]);
    const quality = await createEnrolledStaff(ctx, ["quality"]);
    expect((await download(attachmentId, agent.token)).status).toBe(200);
    // The role sees no attachments at all: refused before any look-up, a missing file alike.
    expect((await download(attachmentId, quality.token)).status).toBe(403);
    expect((await download(crypto.randomUUID(), quality.token)).status).toBe(403);
  });

  test("without a session, the link leads to sign-in", async () => {
    const response = await download(attachmentId);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/attachments/${attachmentId}`)}`);
  });
});

describe("the orphan sweep", () => {
  test("removes files without a row once they are an hour old, and keeps the rest", async () => {
    const { user: owner } = await registerTestCustomer(ctx);
    const request = await insertTestRequest(ctx, owner.id);
    const [kept] = await attach(request.id, owner.id, [{ name: "kept.pdf", bytes: PDF_BYTES }]);
    // A transaction that stored its files and then rolled back.
    const rolledBack = new Error("rolled back on purpose");
    let orphanKey = "";
    await expect(
      ctx.db.transaction(async (tx) => {
        const [row] = await storeAttachments(ctx, tx, { requestId: request.id, uploadedBy: owner.id, files: validated([{ name: "lost.pdf", bytes: PDF_BYTES }]) });
        orphanKey = row!.storageKey;
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await storedFiles()).toContain(orphanKey);
    // A write that a crash interrupted.
    const dir = services.attachmentsDir;
    await fs.writeFile(path.join(dir, ".incoming", "deadbeef.tmp"), "partial");

    expect(await sweepOrphanAttachments(ctx)).toEqual({ deleted: 0 });
    expect(await storedFiles()).toContain(orphanKey);

    services.clock.advance(ORPHAN_GRACE_MS + HOUR);
    const { deleted } = await sweepOrphanAttachments(ctx);
    expect(deleted).toBeGreaterThanOrEqual(2);
    const left = await storedFiles();
    expect(left).not.toContain(orphanKey);
    expect(left).toContain(kept!.storageKey);
    expect(await fs.readdir(path.join(dir, ".incoming"))).toEqual([]);
    const found = await getAttachmentForViewer(ctx, { attachmentId: kept!.id, viewer: customerViewer(owner.id) });
    expect(Buffer.compare(found.bytes, PDF_BYTES)).toBe(0);
  });
});
