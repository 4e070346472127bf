import crypto from "node:crypto";
import { canonicalJson } from "./canonical";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditContent {
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  before: unknown;
  after: unknown;
}

/** Each row's hash covers the previous row's hash and its own canonical content. */
export function hashAuditRow(prevHash: string, row: AuditContent): string {
  const content = canonicalJson({
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    action: row.action,
    objectType: row.objectType,
    objectId: row.objectId,
    before: row.before ?? null,
    after: row.after ?? null,
  });
  return crypto.createHash("sha256").update(prevHash).update("\n").update(content).digest("hex");
}
