import { z } from "zod";
import { type complaintChannels, complaintSeverities } from "../../db/schema/enums";
import { ComplaintDetailsSchema } from "./complaint-schemas";

// The desk's complaint forms, shared by the screens and the use cases. Messages are i18n keys.

const text = (max: number) =>
  z.string({ error: "error.required" }).trim().min(1, "error.required").max(max, "error.too_long");

/** What the investigator records: findings, evidence, the root cause, a call or visit with the customer. */
export const complaintNoteKinds = ["finding", "evidence", "root_cause", "contact"] as const;
export type ComplaintNoteKind = (typeof complaintNoteKinds)[number];

/** The channels an agent takes a complaint down on; the portal and the chat file their own. */
export const onBehalfChannels = ["phone", "counter", "email"] as const satisfies readonly (typeof complaintChannels)[number][];

export const RESPONSE_MAX = 4000;

// A checkbox posts "on" when ticked and nothing otherwise.
const checkbox = z
  .literal("on")
  .optional()
  .transform((v) => v === "on");

export const ComplaintDeskActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("assign"), investigatorId: z.uuid({ error: "complaint_desk.investigator_invalid" }) }),
  z.object({
    intent: z.literal("note"),
    noteKind: z.enum(complaintNoteKinds, { error: "error.choose_one" }),
    text: text(4000),
    shared: checkbox,
  }),
  z.object({ intent: z.literal("propose"), remedy: text(2000), response: text(RESPONSE_MAX) }),
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("reject"), reason: text(2000) }),
  z.object({
    intent: z.literal("extend"),
    totalDays: z.coerce
      .number({ error: "complaint_desk.extend_days_invalid" })
      .int("complaint_desk.extend_days_invalid")
      .min(16, "complaint_desk.extend_days_invalid")
      .max(60, "complaint_desk.extension.beyond_limit"),
    reason: text(2000),
  }),
  z.object({ intent: z.literal("severity"), severity: z.enum(complaintSeverities, { error: "error.choose_one" }) }),
]);

export type ComplaintDeskAction = z.output<typeof ComplaintDeskActionSchema>;

/** Finding the customer a complaint is taken down for. */
export const CustomerLookupSchema = z.object({
  customer: z.string({ error: "error.required" }).trim().min(1, "error.required").max(254, "error.too_long"),
});

/** A complaint taken down on a customer's behalf: who, on which channel, and the portal form's fields. */
export const OnBehalfComplaintSchema = ComplaintDetailsSchema.extend({
  customer: CustomerLookupSchema.shape.customer,
  channel: z.enum(onBehalfChannels, { error: "error.choose_one" }),
  // The customer's separate consent to the privacy notice, given by voice or in writing and
  // recorded with the channel.
  verbalConsent: z
    .literal("on")
    .optional()
    .transform((v) => v === "on"),
});
