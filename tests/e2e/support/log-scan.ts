import fs from "node:fs";
import { e2eServerLogFile } from "./constants";

/**
 * After the whole run: the server's log — every request, warning and error of every journey —
 * holds none of the personal data the tests typed in. The shapes are those of tests/e2e's own
 * data (fixtures.ts newCustomer, the forms' ID and account numbers, db/seed.ts): a mainland mobile,
 * a resident ID, a bank card number, a customer's email or name.
 */
const PERSONAL = [
  // Not inside a longer word: a request id (a UUID) has runs of digits too.
  { what: "a mobile number", pattern: /(?<![\w.-])1[3-9]\d{9}(?!\w)/ },
  { what: "a resident ID number", pattern: /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/ },
  { what: "a bank card number", pattern: /(?<![\w.-])62\d{14,17}(?!\w)/ },
  // The demo accounts' addresses are public (README; the start-up banner lists them).
  { what: "a customer's email", pattern: /@e2e\.trustline\.test/ },
  { what: "a customer's name", pattern: /测试客户|张伟|刘洋|Emma Brown/ },
];

export default function scanServerLog(): void {
  const file = e2eServerLogFile();
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const requests = lines.filter((line) => line.includes('"msg":"request"')).length;
  // An empty log would pass for a clean one.
  if (requests === 0) throw new Error(`the e2e server logged no request to ${file}: is it still logging?`);
  const found = lines.flatMap((line, index) =>
    PERSONAL.filter(({ pattern }) => pattern.test(line)).map(({ what }) => `line ${index + 1} holds ${what}: ${line.slice(0, 300)}`),
  );
  if (found.length > 0) throw new Error(`personal data in the server's log (${file}):\n${found.slice(0, 10).join("\n")}`);
}
