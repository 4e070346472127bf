import { asc } from "drizzle-orm";
import { cannedReplies } from "../../db/schema";
import type { DomainContext } from "../context";

export interface CannedReplySummary {
  id: string;
  title: string;
  textZh: string;
  textEn: string;
}

/** Every canned reply, by title: for the agents' desk and the admin page. */
export async function findCannedReplies(ctx: DomainContext): Promise<CannedReplySummary[]> {
  return ctx.db
    .select({ id: cannedReplies.id, title: cannedReplies.title, textZh: cannedReplies.textZh, textEn: cannedReplies.textEn })
    .from(cannedReplies)
    .orderBy(asc(cannedReplies.title), asc(cannedReplies.id));
}
