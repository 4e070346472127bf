import type { Language } from "../conversations/language";

/**
 * The approved knowledge base as the bank signed it off: the seed of the `knowledge_entries`
 * table, which admins edit from then on. Every fact here must match SPEC and the bank's process
 * standard; anything not listed (fees, rates, other limits) is left to an agent.
 */
export interface KnowledgeText {
  /** Short topic title, for suggestion buttons. */
  title: string;
  answer: string;
}

/** When human agents answer; the portal and the bot run around the clock. */
export const AGENT_HOURS = { from: "08:00", to: "20:00", zh: "每天 08:00–20:00（北京时间，节假日照常）", en: "08:00–20:00 China time, every day including holidays" };

/**
 * One entry per bot intent, plus the replies that are not answers to a topic: `fallback` is what
 * the bot says out of scope, `unsure` below its confidence threshold, `agent_only` to bank
 * questions only an agent may answer.
 */
export const APPROVED_KNOWLEDGE = {
  greeting: {
    zh: { title: "打招呼", answer: "您好！我是在线客服助手，可以解答开户、贷款、大额转账、申请进度、投诉等问题。请问有什么可以帮您？" },
    en: { title: "Hello", answer: "Hello! I'm the bank's online assistant. I can help with account opening, loans, large transfers, request status, complaints and more. How can I help?" },
  },
  goodbye: {
    zh: { title: "结束对话", answer: "不客气，感谢您的咨询！如有其他问题，欢迎随时再来。" },
    en: { title: "Goodbye", answer: "You're welcome, thank you for contacting us! Come back any time if you have other questions." },
  },
  account_opening: {
    zh: {
      title: "开户",
      answer:
        "您可以在网上门户提交开户申请，也可以到网点柜台办理。请准备有效身份证件（个人为身份证）及联系方式，企业另需营业执照等材料，具体以工作人员要求为准。提交后会得到受理号（如 TL20261128000123），客服在 2 个工作日内完成初审，之后依次由客户经理和合规审批。如需补充材料，我们会通知您，补充期间审核时限暂停。",
    },
    en: {
      title: "Opening an account",
      answer:
        "You can apply to open an account in the online portal or at a branch counter. Have a valid ID document (an ID card for individuals) and your contact details ready; businesses also need their business licence and any documents staff ask for. You get an acceptance number (like TL20261128000123); an agent completes the preliminary review within 2 working days, then a customer manager and compliance approve it in turn. If we need more information we will ask, and the clock pauses until you reply.",
    },
  },
  loan_application: {
    zh: {
      title: "申请贷款",
      answer:
        "您可以在网上门户提交贷款申请，或到网点办理。请按申请页面的要求提供身份证件、收入及用途等材料，是否符合条件以审批结果为准。客服在 2 个工作日内完成初审，之后依次由客户经理、风控和合规审批。利率、额度等具体条件我无法在此答复，请咨询人工客服。",
    },
    en: {
      title: "Applying for a loan",
      answer:
        "You can apply for a loan in the online portal or at a branch. Provide the ID, income and purpose documents the application form asks for; eligibility is decided in the review. An agent completes the preliminary review within 2 working days, then a customer manager, risk and compliance approve it in turn. I can't quote rates or amounts here — please ask a human agent for those.",
    },
  },
  large_transfer: {
    zh: {
      title: "大额转账",
      answer:
        "超过阈值（默认 50,000 元）的转账属于大额资金变动，会暂缓执行，先经过风控和合规审核，这是为了保护您的资金安全并满足监管要求。大额转账的初审时限为 1 个工作日，审核通过后才会执行。如需补充信息，补充期间时限暂停。您可以用受理号在 /track 或门户的“我的申请”中查看进度。其他限额问题请咨询人工客服。",
    },
    en: {
      title: "Large transfers",
      answer:
        "Transfers above a threshold (by default ¥50,000) are large fund movements: they are held until risk and compliance have reviewed them, to protect your money and meet regulatory requirements. The preliminary review of a large transfer takes 1 working day, and the transfer is made only after approval. If we need more information, the clock pauses until you reply. Track it with its acceptance number at /track or under “My requests” in the portal. For other limits, please ask a human agent.",
    },
  },
  request_status: {
    zh: {
      title: "查询申请进度",
      answer:
        "您可以登录门户，在“我的申请”中查看所有申请的最新状态；也可以在 /track 页面输入受理号（如 TL20261128000123）和账户绑定的手机号查询。登录后，您也可以直接在这里问我某个受理号或“我最近的申请”的进度。",
    },
    en: {
      title: "Request status",
      answer:
        "Sign in to the portal and open “My requests” to see the current status of each request, or go to /track and enter the acceptance number (like TL20261128000123) with the account's mobile number. Once signed in, you can also ask me here about an acceptance number or “my latest request”.",
    },
  },
  processing_time: {
    zh: {
      title: "审核时限",
      answer:
        "服务申请的初审在受理后 2 个工作日内完成（工作人员标记的特殊情况为 5 个工作日，大额转账为 1 个工作日）。工作日按中国大陆法定节假日和调休安排计算，周末和节假日不计入。如我们请您补充材料，补充期间时限暂停，收到材料后继续计算。",
    },
    en: {
      title: "Review times",
      answer:
        "The preliminary review of a service request is done within 2 working days of acceptance (5 for special cases flagged by staff, 1 for large transfers). Working days follow the mainland China calendar, so weekends and public holidays don't count, and adjusted working days do. If we ask you for more information, the clock pauses until you reply.",
    },
  },
  file_complaint: {
    zh: {
      title: "提交投诉",
      answer:
        "很抱歉给您带来不好的体验。您可以转人工客服登记投诉，也可以通过电话或到网点柜台由工作人员代为登记。投诉受理后会立即确认并给您受理号，我们会在受理后 15 个自然日内给出处理决定。",
    },
    en: {
      title: "Making a complaint",
      answer:
        "We're sorry about your experience. A human agent can record your complaint here, or staff can record it for you by phone or at a branch counter. We acknowledge it at once with an acceptance number and decide within 15 calendar days of acceptance.",
    },
  },
  complaint_process: {
    zh: {
      title: "投诉处理流程",
      answer:
        "投诉受理后立即确认；一般在受理后 15 个自然日内作出处理决定，复杂情况最长 30 日，特别复杂的经批准可再延长 30 日并告知您，最长不超过 60 日。对处理决定不满意的，您可以在收到决定后 30 日内申请复核。",
    },
    en: {
      title: "How complaints are handled",
      answer:
        "A complaint is acknowledged at once and decided within 15 calendar days of acceptance; complex cases may take up to 30 days, and especially complex ones another 30 with approval, in which case we tell you — never more than 60 days in all. If you disagree with the decision, you may ask for a review within 30 days of it.",
    },
  },
  update_info: {
    zh: {
      title: "更新个人信息",
      answer:
        "手机号、地址、邮箱的变更或身份证件到期换证，可以登录门户提交“信息变更”申请，也可以到网点柜台办理。请准备新的有效证件。客服在 2 个工作日内完成初审。",
    },
    en: {
      title: "Updating your details",
      answer:
        "To change your phone number, address or email, or to update a renewed ID document, sign in to the portal and submit an information update request, or visit a branch. Have your valid (new) ID document ready. An agent completes the preliminary review within 2 working days.",
    },
  },
  privacy: {
    zh: {
      title: "个人信息保护",
      answer:
        "我们依照《个人信息保护法》处理您的个人信息：敏感信息加密存储，在页面上脱敏显示，员工登录须双因素认证。您可以登录门户查看和导出本人数据，也可以申请删除。",
    },
    en: {
      title: "Your personal data",
      answer:
        "We handle your personal data under China's Personal Information Protection Law (PIPL): it is encrypted at rest, masked on screen, and staff sign in with two-factor authentication. Signed in to the portal, you can see and export your own data and ask for it to be deleted.",
    },
  },
  human_agent: {
    zh: { title: "转人工客服", answer: "好的，我来为您转接人工客服。人工客服服务时间为" + AGENT_HOURS.zh + "；其他时间可以使用 7×24 小时在线的门户和本助手。" },
    en: { title: "Talk to an agent", answer: "Sure, I'll connect you to a human agent. Agents are available " + AGENT_HOURS.en + "; at other times the portal and this assistant are open 24/7." },
  },
  service_hours: {
    zh: { title: "服务时间", answer: "网上门户和在线助手 7×24 小时可用；人工客服服务时间为" + AGENT_HOURS.zh + "。审核时限按工作日计算。" },
    en: { title: "Service hours", answer: "The online portal and this assistant are available 24/7. Human agents are available " + AGENT_HOURS.en + ". Review deadlines count working days." },
  },
  login_help: {
    zh: {
      title: "登录与密码",
      answer:
        "连续输错 5 次密码，账户会被锁定 15 分钟，之后可以再次尝试。忘记密码请联系人工客服核实身份后处理。您可以在账户设置中开启双因素认证（动态验证码）；验证码不正确时，请检查手机时间是否准确。仍无法登录请联系人工客服。",
    },
    en: {
      title: "Signing in",
      answer:
        "After 5 wrong passwords in a row, an account is locked for 15 minutes; then you can try again. If you forgot your password, a human agent will help once they have verified who you are. You can turn on two-factor authentication (one-time codes) in your account settings; if a code is refused, check your phone's clock. If you still can't sign in, please contact a human agent.",
    },
  },
  risk_assessment: {
    zh: {
      title: "风险评估",
      answer:
        "本行的产品有风险等级，购买前需要您完成风险承受能力评估问卷，只能购买与您的评估结果相匹配的产品。您的评估结果和具体产品的风险等级，请咨询人工客服或客户经理。",
    },
    en: {
      title: "Risk assessment",
      answer:
        "Our products carry risk levels, and before buying one you complete a risk tolerance questionnaire; you can only buy products that match its result. For your own result or a product's level, please ask a human agent or your customer manager.",
    },
  },
  fallback: {
    zh: {
      title: "其他问题（超出服务范围时的答复）",
      answer: "抱歉，这个问题不在本行的服务范围内，我只能回答与本行业务相关的问题，例如开户、贷款、转账、申请进度和投诉。如需帮助，也可以转人工客服。",
    },
    en: {
      title: "Something else (reply when out of scope)",
      answer:
        "Sorry, that is outside what I can help with. I can only answer questions about the bank's services, such as accounts, loans, transfers, request status and complaints. You can also ask for a human agent.",
    },
  },
  unsure: {
    zh: {
      title: "没有把握时的答复",
      answer: "抱歉，我不太确定您想了解什么。您可以选择下面相近的话题，或者直接转人工客服（" + AGENT_HOURS.zh + "）。",
    },
    en: {
      title: "Reply when the bot is not sure",
      answer: "Sorry, I'm not sure what you are asking. You can pick one of the closest topics below, or talk to a human agent (" + AGENT_HOURS.en + ").",
    },
  },
  agent_only: {
    zh: {
      title: "只能由人工客服答复的问题",
      answer:
        "这个问题我没有可以直接答复的内容，请转人工客服为您处理（" + AGENT_HOURS.zh + "）。如涉及银行卡丢失或资金被盗，请尽快联系人工客服。您也可以看看下面相关的话题。",
    },
    en: {
      title: "Questions only an agent answers",
      answer:
        "I don't have an approved answer for that — a human agent can help (" + AGENT_HOURS.en + "). If a card is lost or money has been taken, please contact an agent straight away. You can also look at the related topics below.",
    },
  },
} satisfies Record<string, Record<Language, KnowledgeText>>;

export type KnowledgeTopic = keyof typeof APPROVED_KNOWLEDGE;

/** The approved texts the bot answers from, every topic in both languages. */
export type Knowledge = Record<KnowledgeTopic, Record<Language, KnowledgeText>>;

/** In the order admins see them: the bot's topics, then its other replies. */
export const KNOWLEDGE_TOPICS = Object.keys(APPROVED_KNOWLEDGE) as KnowledgeTopic[];

export function isKnowledgeTopic(value: string): value is KnowledgeTopic {
  return Object.hasOwn(APPROVED_KNOWLEDGE, value);
}
