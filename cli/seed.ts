import { describeDemoAccounts, DEMO_CUSTOMERS, DEMO_STAFF, isEmpty, seedDemoData } from "../db/seed";
import { findUserByEmail } from "../domain/accounts/find-account";
import { loadEnv } from "../server/env";
import { openServices } from "../server/open-services";
import { describeDatabase, runCommand } from "./command";

runCommand(async () => {
  const env = loadEnv();
  if (env.NODE_ENV === "production") {
    console.error("Refusing to add demo accounts, whose password is published, to a production installation.");
    return 1;
  }
  const { database, domain } = await openServices(env);
  try {
    const demoEmails = [...DEMO_STAFF, ...DEMO_CUSTOMERS].map((a) => a.email);
    if (!(await isEmpty(domain))) {
      const demoFound = await Promise.all(demoEmails.map((email) => findUserByEmail(domain.db, email)));
      if (!demoFound.some(Boolean)) {
        console.error(
          `${describeDatabase(env)} already holds real accounts; demo accounts are added only to an empty database.`,
        );
        return 1;
      }
    }
    const created = await seedDemoData(domain);
    console.log(
      created.length === 0
        ? `${describeDatabase(env)}: every demo account already exists`
        : `${describeDatabase(env)}: created ${created.length} demo account(s): ${created.join(", ")}`,
    );
    console.log(describeDemoAccounts());
    return 0;
  } finally {
    await database.close();
  }
});
