import type { Database } from "../db/client";
import type { AttachmentStore } from "./attachments/attachment-store";
import type { LiveCalendar } from "./calendar/load-calendar";
import type { PiiCipher } from "./identity/pii-cipher";
import type { LiveKnowledge } from "./knowledge/live-knowledge";

/** What every use case may need; built once by the server and handed down. */
export interface DomainContext {
  db: Database;
  cipher: PiiCipher;
  /** Mainland working days: the maintained package merged with the admin's holiday table. */
  calendar: LiveCalendar;
  /** The approved knowledge base the bot answers from, kept in memory. */
  knowledge: LiveKnowledge;
  /** The bytes of request attachments, outside the web root. */
  attachments: AttachmentStore;
  /** The portal's public address, for links in emails. */
  publicUrl: string;
  now: () => Date;
}
