import { eq } from "drizzle-orm";
import { surveyInvitations } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import { fileComplaint } from "../../domain/complaints/file-complaint";
import { acceptRequest, assignRequest, completeRequest } from "../../domain/service-requests/review-request";
import { submitRequest } from "../../domain/service-requests/submit-request";
import { getUser, registerTestCustomer, uniqueEmail } from "./accounts";
import { complaintAbout } from "./complaints";
import type { TestServices } from "./test-database";

export interface DueWork {
  requests: { id: string; number: string }[];
  complaints: { id: string; number: string }[];
  /** Survey invitation ids. */
  surveys: string[];
}

/**
 * What the background jobs find waiting: `each` requests past their review deadline, complaints
 * past their decision date and surveys past their expiry, all made on a Monday six weeks back,
 * with `supervisors` supervisors to alert. The clock is brought back to now afterwards.
 */
export async function seedDueWork(services: TestServices, options: { each: number; supervisors: number }): Promise<DueWork> {
  const { domain: ctx, clock } = services;
  clock.set(new Date("2026-10-19T09:00:00+08:00"));
  for (let i = 0; i < options.supervisors; i++) {
    await createStaff(ctx, { actorId: "system:test", name: `Supervisor ${i}`, email: uniqueEmail("supervisor"), roles: ["supervisor"] });
  }
  const { user: agentUser } = await createStaff(ctx, { actorId: "system:test", name: "Agent", email: uniqueEmail("agent"), roles: ["agent"] });
  const agent = { userId: agentUser.id, roles: ["agent" as const] };
  const customer = await getUser(ctx, (await registerTestCustomer(ctx)).user.id);
  const inquiry = { type: "inquiry" as const, subject: "Card fees", message: "Which fees apply to my card?" };
  const due: DueWork = { requests: [], complaints: [], surveys: [] };
  for (let i = 0; i < options.each; i++) {
    const { id, number } = await submitRequest(ctx, { customer, details: inquiry });
    due.requests.push({ id, number });
    const complaint = await fileComplaint(ctx, { customer, details: complaintAbout(`Overdue ${i}`), channel: "portal" });
    due.complaints.push({ id: complaint.id, number: complaint.number });
    const completed = await submitRequest(ctx, { customer, details: inquiry });
    await assignRequest(ctx, { actor: agent, requestId: completed.id });
    await acceptRequest(ctx, { actor: agent, requestId: completed.id });
    await completeRequest(ctx, { actor: agent, requestId: completed.id });
    const [invitation] = await ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.subjectId, completed.id));
    due.surveys.push(invitation!.id);
  }
  clock.set(new Date());
  return due;
}
