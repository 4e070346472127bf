import type { Transaction } from "../../db/client";
import type { Locale } from "../../db/schema";
import { users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { hashPassword } from "../identity/password";
import { startSession } from "../sessions/sessions";
import { findUserByEmail } from "./find-account";

export interface RegisterCustomerInput {
  name: string;
  email: string;
  mobile: string;
  password: string;
  locale: Locale;
}

/** A customer opens an online account and is signed in at once. */
export async function registerCustomer(ctx: DomainContext, input: RegisterCustomerInput & { userAgent: string }) {
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const user = await insertCustomer(ctx, tx, { ...input, passwordHash });
    const token = await startSession(tx, { user, stage: "active", userAgent: input.userAgent, now: ctx.now() });
    return { user, token };
  });
}

/** Writes the account and its audit entry; shared by registration and the demo seed. */
export async function insertCustomer(
  ctx: DomainContext,
  tx: Transaction,
  input: Omit<RegisterCustomerInput, "password"> & { passwordHash: string },
) {
  if (await findUserByEmail(tx, input.email)) {
    throw new AppError("CONFLICT", {
      message: "registration with an email already in use",
      userMessage: "error.email_taken",
      field: "email",
    });
  }
  const [user] = await tx
    .insert(users)
    .values({
      kind: "customer",
      name: input.name,
      email: input.email,
      mobileEnc: ctx.cipher.encrypt(input.mobile),
      mobileIndex: ctx.cipher.blindIndex(input.mobile),
      passwordHash: input.passwordHash,
      locale: input.locale,
    })
    .returning();
  if (!user) throw new Error("insert returned no row");
  await recordAudit(tx, {
    actorId: user.id,
    action: "account.registered",
    objectType: "user",
    objectId: user.id,
    after: { kind: "customer", locale: input.locale },
  });
  return user;
}
