// Opens the embedded database in the folder given as the argument and keeps it open, as a
// running server would, until SIGTERM or until its stdin closes (the test process went away).
import { openDatabase } from "../../db/client";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: tsx tests/support/hold-data-dir.ts <data dir>");

const database = await openDatabase({ dataDir });
let closing = false;
const keepAlive = setInterval(() => {}, 60_000);
async function stop() {
  if (closing) return;
  closing = true;
  clearInterval(keepAlive);
  await database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.stdin.on("end", () => void stop());
process.stdin.resume();
console.log("ready");
