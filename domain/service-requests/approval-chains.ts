import { eq } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { settings, type StaffRole } from "../../db/schema";
import type { SubmittableType } from "./request-schemas";

/** Approval chains (SPEC §1, §3.2), "review first, then operate"; admins may change them. */
export type ChainKey = SubmittableType | "large_transfer";
export type ApprovalChains = Record<ChainKey, StaffRole[]>;

export const DEFAULT_APPROVAL_CHAINS: ApprovalChains = {
  loan: ["manager", "risk", "compliance"],
  account_opening: ["manager", "compliance"],
  large_transfer: ["risk", "compliance"],
  transfer: [],
  info_update: [],
  inquiry: [],
};

/** Transfers at or above this many fen are fund movements: one-day clock, risk review. */
export const DEFAULT_LARGE_TRANSFER_FEN = 50_000 * 100;

export interface RequestSettings {
  chains: ApprovalChains;
  largeTransferFen: number;
}

export async function getRequestSettings(db: Executor): Promise<RequestSettings> {
  const rows = await db.select().from(settings).where(eq(settings.key, "service_requests"));
  const stored = (rows[0]?.value ?? {}) as Partial<RequestSettings>;
  return {
    chains: { ...DEFAULT_APPROVAL_CHAINS, ...stored.chains },
    largeTransferFen: stored.largeTransferFen ?? DEFAULT_LARGE_TRANSFER_FEN,
  };
}

export function isLargeTransfer(type: SubmittableType, amountFen: number | null, s: RequestSettings): boolean {
  return type === "transfer" && amountFen !== null && amountFen >= s.largeTransferFen;
}

export function chainFor(type: SubmittableType, amountFen: number | null, s: RequestSettings): StaffRole[] {
  return isLargeTransfer(type, amountFen, s) ? s.chains.large_transfer : s.chains[type];
}
