import type { Locale, RequestType, SurveySubject } from "../db/schema";

export const DEFAULT_PUBLIC_URL = "http://127.0.0.1:3000";
export const DEFAULT_EMAIL_LOCALE: Locale = "zh-CN";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The web address links in emails point at (PUBLIC_URL). */
interface LinkBase {
  publicUrl?: string;
}

// NOTE: no template takes an ID number, an account number or an amount: email crosses networks
// and mailboxes we don't control, so it carries the acceptance number and a link, nothing more.
export interface TemplateParams {
  "request.received": { number: string; requestType: RequestType; dueAt: Date | null };
  "request.info_requested": { number: string; question: string };
  "request.decided": { number: string; outcome: "approved" | "rejected"; reason?: string | null };
  "request.completed": { number: string };
  "sla.alert": { number: string; state: "at_risk" | "overdue"; dueAt: Date };
  "complaint.acknowledged": { number: string; dueAt: Date };
  "complaint.resolution_sent": { number: string; answerBy: Date };
  "complaint.extended": { number: string; dueAt: Date; reason: string };
  "complaint.supervisor_alert": { number: string; alert: "overdue" | "reopened" | "review_requested"; dueAt: Date };
  // The link carries the survey's id and signature only: the number says what it is about.
  "survey.invitation": { subject: SurveySubject; number: string | null; token: string; expiresAt: Date };
  "privacy.received": { number: string; dueAt: Date };
  // A completed request closed the account: the email has no link, there is nowhere to sign in.
  "privacy.closed": { number: string; outcome: "completed" | "refused"; reason?: string | null };
}

export type TemplateName = keyof TemplateParams;
export type EmailParams<T extends TemplateName> = TemplateParams[T] & LinkBase;

export const TEMPLATE_NAMES = [
  "request.received",
  "request.info_requested",
  "request.decided",
  "request.completed",
  "sla.alert",
  "complaint.acknowledged",
  "complaint.resolution_sent",
  "complaint.extended",
  "complaint.supervisor_alert",
  "survey.invitation",
  "privacy.received",
  "privacy.closed",
] as const satisfies readonly TemplateName[];

export const REQUEST_TYPE_LABELS: Record<Locale, Record<RequestType, string>> = {
  "zh-CN": {
    account_opening: "开户申请",
    transfer: "转账汇款",
    loan: "贷款申请",
    info_update: "个人信息变更",
    inquiry: "业务咨询",
    complaint: "投诉",
  },
  en: {
    account_opening: "Account opening",
    transfer: "Transfer",
    loan: "Loan application",
    info_update: "Personal details update",
    inquiry: "Enquiry",
    complaint: "Complaint",
  },
};

export function requestTypeLabel(type: RequestType, locale: Locale): string {
  return REQUEST_TYPE_LABELS[locale][type];
}

// ---------------------------------------------------------------------------------------------
// One description of the content renders both the text and the HTML part, so they never drift.

type Segment = string | { strong: string } | { link: string };
type Paragraph = Segment[];
type Audience = "customer" | "staff";

interface Content {
  subject: string;
  paragraphs: Paragraph[];
}

const CHROME: Record<Locale, Record<Audience, { greeting: string; footer: string[] }>> = {
  "zh-CN": {
    customer: {
      greeting: "尊敬的客户：",
      footer: ["我们不会通过邮件向您索要密码、验证码或账户信息。此邮件由系统自动发送，请勿直接回复。", "Trustline 客户服务"],
    },
    staff: { greeting: "您好：", footer: ["此邮件由系统自动发送，请勿直接回复。", "Trustline 客户服务"] },
  },
  en: {
    customer: {
      greeting: "Dear customer,",
      footer: [
        "We will never ask for your password, a verification code or account details by email. This message was sent automatically; please do not reply to it.",
        "Trustline Customer Service",
      ],
    },
    staff: { greeting: "Hello,", footer: ["This message was sent automatically; please do not reply to it.", "Trustline Customer Service"] },
  },
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function segmentText(segment: Segment): string {
  if (typeof segment === "string") return segment;
  return "strong" in segment ? segment.strong : segment.link;
}

function segmentHtml(segment: Segment): string {
  if (typeof segment === "string") return escapeHtml(segment).replace(/\r?\n/g, "<br>\n");
  if ("strong" in segment) return `<strong>${escapeHtml(segment.strong)}</strong>`;
  const href = escapeHtml(segment.link);
  return `<a href="${href}">${href}</a>`;
}

// No styles, no images, nothing remote: plain markup reads the same in every mail client and
// in the admin's sandboxed preview, whose page forbids inline styles.
function render(locale: Locale, audience: Audience, content: Content): RenderedEmail {
  const chrome = CHROME[locale][audience];
  const paragraphs: Paragraph[] = [[chrome.greeting], ...content.paragraphs, ...chrome.footer.map((line) => [line])];
  const text = `${paragraphs.map((p) => p.map(segmentText).join("")).join("\n\n")}\n`;
  const html = [
    "<!doctype html>",
    `<html lang="${locale}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    "<body>",
    ...paragraphs.map((p) => `<p>${p.map(segmentHtml).join("")}</p>`),
    "</body>",
    "</html>",
    "",
  ].join("\n");
  return { subject: content.subject, text, html };
}

function linkTo(params: LinkBase, path: string, number?: string): Segment {
  const base = (params.publicUrl ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, "");
  return { link: number === undefined ? `${base}${path}` : `${base}${path}/${encodeURIComponent(number)}` };
}

const portalLink = (params: LinkBase & { number: string }) => linkTo(params, "/portal/requests", params.number);
const complaintLink = (params: LinkBase & { number: string }) => linkTo(params, "/portal/complaints", params.number);
const deskLink = (params: LinkBase & { number: string }) => linkTo(params, "/desk/requests", params.number);
const deskComplaintLink = (params: LinkBase & { number: string }) => linkTo(params, "/desk/complaints", params.number);
// The customer's privacy requests are listed on one page: the email names the number.
const privacyLink = (params: LinkBase) => linkTo(params, "/account/privacy");
const surveyLink = (params: LinkBase & { token: string }) => linkTo(params, "/survey", params.token);

const SURVEY_SUBJECTS: Record<Locale, Record<SurveySubject, string>> = {
  "zh-CN": { request: "服务申请", chat: "在线咨询", complaint: "投诉" },
  en: { request: "service request", chat: "chat", complaint: "complaint" },
};

const SUPERVISOR_ALERTS: Record<Locale, Record<TemplateParams["complaint.supervisor_alert"]["alert"], { subject: string; body: string }>> = {
  "zh-CN": {
    overdue: { subject: "【已超时】投诉 {n} 已超过处理时限", body: "投诉 {n} 已超过处理时限仍未作出处理决定，请立即督办。" },
    reopened: { subject: "【重新处理】投诉 {n} 已重新打开", body: "客户对投诉 {n} 的处理结果不满意，投诉已重新打开，请指派调查人员。" },
    review_requested: { subject: "【核查申请】投诉 {n} 客户申请核查", body: "客户对投诉 {n} 的处理决定申请核查，请指派首次调查人员以外的调查人员。" },
  },
  en: {
    overdue: { subject: "[Overdue] Complaint {n} is past its deadline", body: "Complaint {n} is past its deadline without a decision; please see to it now." },
    reopened: { subject: "[Reopened] Complaint {n} has been reopened", body: "The customer is not satisfied with the outcome of complaint {n}; it has been reopened. Please assign an investigator." },
    review_requested: {
      subject: "[Review requested] The customer asks for a review of complaint {n}",
      body: "The customer asks for a review of the decision on complaint {n}. Please assign an investigator other than the first one.",
    },
  },
};

// Deadlines are stated in China time whatever the server's zone, and say so.
function formatDue(at: Date, locale: Locale): string {
  const formatted = new Intl.DateTimeFormat(locale === "zh-CN" ? "zh-CN" : "en-GB", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
  return locale === "zh-CN" ? `${formatted}（北京时间）` : `${formatted} (Beijing time)`;
}

type Templates = { [T in TemplateName]: Record<Locale, (params: EmailParams<T>) => RenderedEmail> };

const complaintTemplates: Pick<Templates, "complaint.resolution_sent" | "complaint.extended" | "complaint.supervisor_alert"> = {
  // The response itself is in the portal, where the customer accepts or disputes it.
  "complaint.resolution_sent": {
    "zh-CN": (p) =>
      render("zh-CN", "customer", {
        subject: `投诉处理结果通知（受理编号：${p.number}）`,
        paragraphs: [
          ["我们已对您的投诉 ", { strong: p.number }, " 作出处理决定，请登录查看处理结果，并告诉我们您是否接受：", complaintLink(p)],
          [`如您在 ${formatDue(p.answerBy, "zh-CN")}前未作答复，将视为接受处理结果。如对处理决定有异议，您可在作出决定之日起 30 日内申请核查。`],
        ],
      }),
    en: (p) =>
      render("en", "customer", {
        subject: `Our decision on your complaint (${p.number})`,
        paragraphs: [
          ["We have decided on your complaint ", { strong: p.number }, ". Please read our response and tell us whether you accept it: ", complaintLink(p)],
          [
            `If we have not heard from you by ${formatDue(p.answerBy, "en")}, we will take it that you accept. If you disagree with the decision, you may ask for a review within 30 days of it.`,
          ],
        ],
      }),
  },
  "complaint.extended": {
    "zh-CN": (p) =>
      render("zh-CN", "customer", {
        subject: `投诉处理期限延长通知（受理编号：${p.number}）`,
        paragraphs: [
          ["您的投诉 ", { strong: p.number }, " 情况较为复杂，处理期限延长至 ", { strong: formatDue(p.dueAt, "zh-CN") }, "。"],
          [`延长原因：${p.reason}`],
          ["查看处理进度：", complaintLink(p)],
        ],
      }),
    en: (p) =>
      render("en", "customer", {
        subject: `More time is needed for your complaint (${p.number})`,
        paragraphs: [
          ["Your complaint ", { strong: p.number }, " needs more work than usual; we will decide on it by ", { strong: formatDue(p.dueAt, "en") }, "."],
          [`Why: ${p.reason}`],
          ["Follow its progress: ", complaintLink(p)],
        ],
      }),
  },
  "complaint.supervisor_alert": {
    "zh-CN": (p) => {
      const alert = SUPERVISOR_ALERTS["zh-CN"][p.alert];
      return render("zh-CN", "staff", {
        subject: alert.subject.replace("{n}", p.number),
        paragraphs: [[alert.body.replace("{n}", p.number)], [`处理时限：${formatDue(p.dueAt, "zh-CN")}`], ["查看投诉：", deskComplaintLink(p)]],
      });
    },
    en: (p) => {
      const alert = SUPERVISOR_ALERTS.en[p.alert];
      return render("en", "staff", {
        subject: alert.subject.replace("{n}", p.number),
        paragraphs: [[alert.body.replace("{n}", p.number)], [`Deadline: ${formatDue(p.dueAt, "en")}`], ["Open the complaint: ", deskComplaintLink(p)]],
      });
    },
  },
};

// No personal data and no content: what the survey is about, its link and when the link expires.
const surveyTemplates: Pick<Templates, "survey.invitation"> = {
  "survey.invitation": {
    "zh-CN": (p) => {
      const about = SURVEY_SUBJECTS["zh-CN"][p.subject];
      return render("zh-CN", "customer", {
        subject: p.number ? `满意度调查：您的${about}（${p.number}）` : `满意度调查：您的${about}`,
        paragraphs: [
          p.number ? ["感谢您使用我们的服务。您的", about, " ", { strong: p.number }, " 已办结，请花一分钟告诉我们您的评价："] : ["感谢您使用我们的服务。请花一分钟告诉我们您对本次", about, "的评价："],
          [surveyLink(p)],
          [`链接仅可使用一次，有效期至 ${formatDue(p.expiresAt, "zh-CN")}。您也可以登录网上服务大厅作答。`],
        ],
      });
    },
    en: (p) => {
      const about = SURVEY_SUBJECTS.en[p.subject];
      return render("en", "customer", {
        subject: p.number ? `How did we do? Your ${about} ${p.number}` : `How did we do? Your ${about}`,
        paragraphs: [
          p.number
            ? ["Thank you for banking with us. Your ", about, " ", { strong: p.number }, " is finished; please take a minute to tell us how we did:"]
            : ["Thank you for banking with us. Please take a minute to tell us how we did in this ", about, ":"],
          [surveyLink(p)],
          [`The link works once, until ${formatDue(p.expiresAt, "en")}. You can also answer in the online portal.`],
        ],
      });
    },
  },
};

const privacyTemplates: Pick<Templates, "privacy.received" | "privacy.closed"> = {
  "privacy.received": {
    "zh-CN": (p) =>
      render("zh-CN", "customer", {
        subject: `账户注销申请受理通知（受理编号：${p.number}）`,
        paragraphs: [
          ["我们已收到您注销账户并删除个人信息的申请，受理编号为 ", { strong: p.number }, "。"],
          [`我们将于 ${formatDue(p.dueAt, "zh-CN")}前答复。法律要求保存的记录将依法保存至期限届满。`],
          ["您可随时登录查看处理进度：", privacyLink(p)],
        ],
      }),
    en: (p) =>
      render("en", "customer", {
        subject: `We have received your request to close your account (${p.number})`,
        paragraphs: [
          ["We have received your request to close your account and delete your data. Your acceptance number is ", { strong: p.number }, "."],
          [`We will answer by ${formatDue(p.dueAt, "en")}. Records the law requires us to keep are kept until their retention period ends.`],
          ["You can follow its progress at any time: ", privacyLink(p)],
        ],
      }),
  },
  "privacy.closed": {
    "zh-CN": (p) =>
      render("zh-CN", "customer", {
        subject: p.outcome === "completed" ? `您的账户已注销（受理编号：${p.number}）` : `账户注销申请处理结果（受理编号：${p.number}）`,
        paragraphs:
          p.outcome === "completed"
            ? [
                ["您的注销申请（受理编号 ", { strong: p.number }, "）已办结：账户已注销，个人信息已删除。"],
                ["法律要求保存的业务记录和投诉记录将在保存期限内封存，期满后删除。这是我们就该账户发送的最后一封邮件。"],
              ]
            : [
                ["很抱歉，我们无法办理您的注销申请（受理编号 ", { strong: p.number }, "）。"],
                [`理由：${p.reason ?? ""}`],
                ["详情请登录查看：", privacyLink(p)],
              ],
      }),
    en: (p) =>
      render("en", "customer", {
        subject: p.outcome === "completed" ? `Your account has been closed (${p.number})` : `About your request to close your account (${p.number})`,
        paragraphs:
          p.outcome === "completed"
            ? [
                ["Your request (acceptance number ", { strong: p.number }, ") is complete: your account is closed and your data deleted."],
                ["Records the law requires us to keep are sealed for their retention period, then deleted. This is the last email about this account."],
              ]
            : [
                ["We are sorry: we cannot close your account as you asked (acceptance number ", { strong: p.number }, ")."],
                [`Reason: ${p.reason ?? ""}`],
                ["Sign in for the details: ", privacyLink(p)],
              ],
      }),
  },
};

export const templates: Templates = {
  ...complaintTemplates,
  ...surveyTemplates,
  ...privacyTemplates,
  "request.received": {
    "zh-CN": (p) =>
      render("zh-CN", "customer", {
        subject: `业务受理通知（受理编号：${p.number}）`,
        paragraphs: [
          ["我们已收到您提交的业务申请，受理编号为 ", { strong: p.number }, "，请妥善保存以便查询。"],
          [`业务类型：${requestTypeLabel(p.requestType, "zh-CN")}`],
          ...(p.dueAt ? [[`我们预计于 ${formatDue(p.dueAt, "zh-CN")}前办理完毕，办理结果将通过邮件通知您。`]] : []),
          ["您可随时登录查看办理进度：", portalLink(p)],
        ],
      }),
    en: (p) =>
      render("en", "customer", {
        subject: `We have received your request (${p.number})`,
        paragraphs: [
          ["We have received your request. Your acceptance number is ", { strong: p.number }, "; please keep it for reference."],
          [`Request type: ${requestTypeLabel(p.requestType, "en")}`],
          ...(p.dueAt ? [[`We expect to complete it by ${formatDue(p.dueAt, "en")} and will tell you the outcome by email.`]] : []),
          ["You can follow its progress at any time: ", portalLink(p)],
        ],
      }),
  },

  "request.info_requested": {
    "zh-CN": (p) =>
      render("zh-CN", "customer", {
        subject: `请补充申请信息（受理编号：${p.number}）`,
        paragraphs: [
          ["为继续办理您的业务申请（受理编号 ", { strong: p.number }, "），我们需要您补充以下信息："],
          [p.question],
          ["请登录后在申请详情页回复：", portalLink(p)],
          ["在您回复之前，办理时限暂停计算。"],
        ],
      }),
    en: (p) =>
      render("en", "customer", {
        subject: `More information needed for your request (${p.number})`,
        paragraphs: [
          ["To continue with your request (acceptance number ", { strong: p.number }, "), we need some more information from you:"],
          [p.question],
          ["Please sign in and reply on the request page: ", portalLink(p)],
          ["The processing time is paused until you reply."],
        ],
      }),
  },

  "request.decided": {
    "zh-CN": (p) =>
      render("zh-CN", "customer", {
        subject: p.outcome === "approved" ? `您的申请已获批准（受理编号：${p.number}）` : `申请审批结果通知（受理编号：${p.number}）`,
        paragraphs:
          p.outcome === "approved"
            ? [
                ["您的业务申请（受理编号 ", { strong: p.number }, "）已审批通过，我们将尽快为您办理后续手续。"],
                ["详情请登录查看：", portalLink(p)],
              ]
            : [
                ["很抱歉，经审核，您的业务申请（受理编号 ", { strong: p.number }, "）未能获得批准。"],
                ...(p.reason ? [[`原因：${p.reason}`]] : []),
                ["如对结果有疑问，请登录查看详情或与我们联系：", portalLink(p)],
              ],
      }),
    en: (p) =>
      render("en", "customer", {
        subject: p.outcome === "approved" ? `Your request has been approved (${p.number})` : `Decision on your request (${p.number})`,
        paragraphs:
          p.outcome === "approved"
            ? [
                ["Your request (acceptance number ", { strong: p.number }, ") has been approved. We will carry out the next steps shortly."],
                ["You can see the details after signing in: ", portalLink(p)],
              ]
            : [
                ["We are sorry to tell you that, after review, your request (acceptance number ", { strong: p.number }, ") could not be approved."],
                ...(p.reason ? [[`Reason: ${p.reason}`]] : []),
                ["If you have questions about this decision, sign in to see the details or to contact us: ", portalLink(p)],
              ],
      }),
  },

  "request.completed": {
    "zh-CN": (p) =>
      render("zh-CN", "customer", {
        subject: `业务办理完成通知（受理编号：${p.number}）`,
        paragraphs: [
          ["您的业务申请（受理编号 ", { strong: p.number }, "）已办理完成。感谢您对 Trustline 的信任与支持。"],
          ["详情请登录查看：", portalLink(p)],
        ],
      }),
    en: (p) =>
      render("en", "customer", {
        subject: `Your request is complete (${p.number})`,
        paragraphs: [
          ["Your request (acceptance number ", { strong: p.number }, ") has been completed. Thank you for banking with Trustline."],
          ["You can see the details after signing in: ", portalLink(p)],
        ],
      }),
  },

  "sla.alert": {
    "zh-CN": (p) =>
      render("zh-CN", "staff", {
        subject: p.state === "overdue" ? `【已超时】服务申请 ${p.number} 已超过办理时限` : `【时限预警】服务申请 ${p.number} 即将超时`,
        paragraphs: [
          p.state === "overdue"
            ? ["服务申请 ", { strong: p.number }, " 已超过办理时限，请立即处理。"]
            : ["服务申请 ", { strong: p.number }, " 即将超过办理时限，请及时跟进。"],
          [`办理时限：${formatDue(p.dueAt, "zh-CN")}`],
          ["查看申请：", deskLink(p)],
        ],
      }),
    en: (p) =>
      render("en", "staff", {
        subject:
          p.state === "overdue" ? `[SLA overdue] Request ${p.number} is past its deadline` : `[SLA at risk] Request ${p.number} is close to its deadline`,
        paragraphs: [
          p.state === "overdue"
            ? ["Service request ", { strong: p.number }, " is past its deadline; please act on it now."]
            : ["Service request ", { strong: p.number }, " is close to its deadline; please follow it up."],
          [`Deadline: ${formatDue(p.dueAt, "en")}`],
          ["Open the request: ", deskLink(p)],
        ],
      }),
  },

  // Only the number, the deadline and a link: the complaint's content stays in the portal.
  "complaint.acknowledged": {
    "zh-CN": (p) =>
      render("zh-CN", "customer", {
        subject: `投诉受理通知（受理编号：${p.number}）`,
        paragraphs: [
          ["我们已收到并受理您的投诉，受理编号为 ", { strong: p.number }, "，请妥善保存以便查询。"],
          [`我们将于 ${formatDue(p.dueAt, "zh-CN")}前作出处理决定并告知您。`],
          ["您可随时登录查看处理进度：", complaintLink(p)],
        ],
      }),
    en: (p) =>
      render("en", "customer", {
        subject: `We have received your complaint (${p.number})`,
        paragraphs: [
          ["We have received and accepted your complaint. Your acceptance number is ", { strong: p.number }, "; please keep it for reference."],
          [`We will decide on it and tell you by ${formatDue(p.dueAt, "en")}.`],
          ["You can follow its progress at any time: ", complaintLink(p)],
        ],
      }),
  },
};

/** Renders `template` in the recipient's language (Chinese when they have not chosen one). */
export function renderEmail<T extends TemplateName>(template: T, locale: Locale | null | undefined, params: EmailParams<T>): RenderedEmail {
  const compose = templates[template][locale ?? DEFAULT_EMAIL_LOCALE] as (params: EmailParams<T>) => RenderedEmail;
  return compose(params);
}
