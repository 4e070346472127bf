import { createInterface } from "node:readline";
import { answer } from "./answer";
import { APPROVED } from "./knowledge";

// The approved seed texts: without a server there is no database to read admins' edits from.
// One utterance a line in, one JSON object a line out: scriptable and diffable.
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  const text = line.trim();
  if (!text) continue;
  const { intent, confidence, reply } = answer(text, APPROVED);
  process.stdout.write(JSON.stringify({ text, intent, confidence, reply }) + "\n");
}
