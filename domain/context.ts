import type { Database } from "../db/client";
import type { PiiCipher } from "./identity/pii-cipher";

/** What every use case may need; built once by the server and handed down. */
export interface DomainContext {
  db: Database;
  cipher: PiiCipher;
  now: () => Date;
}
