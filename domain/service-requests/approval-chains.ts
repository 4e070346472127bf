import type { Executor } from "../../db/client";
import type { StaffRole } from "../../db/schema";
import { z } from "zod";
import type { DomainContext } from "../context";
import { readSetting, writeSetting } from "../settings/stored-settings";
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
  const stored = await readSetting<RequestSettings>(db, "service_requests");
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

const CHAIN_KEYS = Object.keys(DEFAULT_APPROVAL_CHAINS) as ChainKey[];
const APPROVER_ROLES = ["manager", "risk", "compliance", "supervisor"] as const satisfies readonly StaffRole[];

// Steps left empty in the form are skipped, so [manager, —, compliance] is manager → compliance.
const chain = z.preprocess(
  (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v) => v !== undefined && v !== ""),
  z
    .array(z.enum(APPROVER_ROLES, { error: "error.role_invalid" }))
    .max(3, "settings.chain_too_long")
    .refine((roles) => new Set(roles).size === roles.length, "settings.chain_repeats_role"),
);

/** The admin's form: up to three approval steps a chain, and the large-transfer threshold in yuan. */
export const RequestSettingsSchema = z.object({
  largeTransferYuan: z.coerce
    .number({ error: "error.amount_invalid" })
    .int("error.amount_invalid")
    .min(1, "error.amount_positive")
    .max(1_000_000_000, "error.amount_too_large"),
  chains: z.object({
    loan: chain,
    account_opening: chain,
    large_transfer: chain,
    transfer: chain,
    info_update: chain,
    inquiry: chain,
  } satisfies Record<ChainKey, typeof chain>),
});

export { APPROVER_ROLES, CHAIN_KEYS };

/**
 * Changes the chains and threshold for requests submitted from now on: a request keeps the
 * chain it was submitted with.
 */
export async function updateRequestSettings(
  ctx: DomainContext,
  input: { actorId: string; largeTransferYuan: number; chains: Record<ChainKey, StaffRole[]> },
): Promise<void> {
  await writeSetting(ctx, {
    key: "service_requests",
    actorId: input.actorId,
    action: "settings.requests_changed",
    value: { chains: input.chains, largeTransferFen: input.largeTransferYuan * 100 },
    read: getRequestSettings,
  });
}
