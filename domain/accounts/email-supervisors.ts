import { and, eq, isNull } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { userRoles, users } from "../../db/schema";
import { enqueueEmail } from "../../emails/enqueue-email";
import type { DomainContext } from "../context";
import type { TemplatedEmail } from "../service-requests/request-records";

/** An email to every active supervisor, each in their language, sent if and only if the change commits. */
export async function emailSupervisors(ctx: DomainContext, tx: Transaction, email: TemplatedEmail): Promise<void> {
  const supervisors = await tx
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, "supervisor"), isNull(users.disabledAt)));
  for (const supervisor of supervisors) {
    await enqueueEmail(tx, {
      template: email.template,
      to: supervisor.email,
      locale: supervisor.locale,
      params: { ...email.params, publicUrl: ctx.publicUrl } as never,
      now: ctx.now(),
    });
  }
}
