import path from "node:path";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { indexCustomerMobiles } from "../domain/accounts/index-customer-mobiles";
import { createFileAttachmentStore } from "../domain/attachments/attachment-store";
import type { DomainContext } from "../domain/context";
import { loadWorkingDayCalendar } from "../domain/calendar/load-calendar";
import { createPiiCipher } from "../domain/identity/pii-cipher";
import { loadLiveKnowledge } from "../domain/knowledge/live-knowledge";
import { seedApprovedKnowledge } from "../domain/knowledge/seed-approved-knowledge";
import { resolveDataKeys } from "./data-key";
import type { Env } from "./env";

export interface Services {
  env: Env;
  database: DatabaseHandle;
  domain: DomainContext;
}

/** Opens the database chosen by the environment, migrates it, and builds the domain context. */
export async function openServices(env: Env): Promise<Services> {
  const database = await openDatabase(
    env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.DATA_DIR },
  );
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  // The bot answers only from the knowledge base, so every installation starts with it.
  await seedApprovedKnowledge(database.db, new Date());
  const dataKeys = resolveDataKeys(env);
  const domain: DomainContext = {
    db: database.db,
    cipher: createPiiCipher(dataKeys),
    calendar: await loadWorkingDayCalendar(database.db),
    knowledge: await loadLiveKnowledge(database.db),
    attachments: createFileAttachmentStore({
      dir: env.ATTACHMENTS_DIR ?? path.join(env.DATA_DIR, "attachments"),
      // The original key, as for the blind index: files are not rewritten by a rotation (ADR 013).
      dataKeyHex: dataKeys.at(-1)!,
    }),
    publicUrl: env.PUBLIC_URL,
    now: () => new Date(),
  };
  await indexCustomerMobiles(domain);
  return { env, database, domain };
}
