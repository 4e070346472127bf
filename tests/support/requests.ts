import crypto from "node:crypto";
import { serviceRequests, type ServiceRequest } from "../../db/schema";
import type { DomainContext } from "../../domain/context";

/**
 * A bare service request row owned by `customerId`, written straight into the table: for tests
 * of what hangs off a request (attachments, events), not of how requests are submitted.
 */
export async function insertTestRequest(ctx: DomainContext, customerId: string): Promise<ServiceRequest> {
  const now = ctx.now();
  const [request] = await ctx.db
    .insert(serviceRequests)
    .values({
      number: `TL-TEST-${crypto.randomBytes(6).toString("hex")}`,
      customerId,
      type: "inquiry",
      status: "submitted",
      detailsEnc: ctx.cipher.encrypt("{}"),
      trackingKey: "x",
      clockKind: "standard",
      approvalChain: [],
      submittedAt: now,
      updatedAt: now,
    })
    .returning();
  if (!request) throw new Error("insert returned no row");
  return request;
}
