import type { RequestStatus } from "../db/schema";
import type { complaintBusinessLines, complaintCategories } from "../db/schema/enums";
import type { Language } from "../domain/conversations/language";
import { AGENT_HOURS } from "./knowledge";

/**
 * What the bot says in its dialogs, in both languages. Answers to questions come from the
 * approved knowledge base; these are the lines that move a dialog along.
 */
type Lines = Record<Language, string>;
const line = (zh: string, en: string): Lines => ({ zh, en });

export const STATUS_LABELS: Record<RequestStatus, Lines> = {
  submitted: line("已提交", "Submitted"),
  under_review: line("审核中", "Under review"),
  info_requested: line("待补充材料", "Information requested"),
  in_approval: line("审批中", "In approval"),
  approved: line("已批准", "Approved"),
  rejected: line("未获批准", "Not approved"),
  completed: line("已办结", "Completed"),
  closed: line("已关闭", "Closed"),
  withdrawn: line("已撤回", "Withdrawn"),
};

export const CATEGORY_LABELS: Record<(typeof complaintCategories)[number], Lines> = {
  service_attitude: line("服务态度", "Service attitude"),
  processing_delay: line("办理延误", "Processing delay"),
  fees: line("收费问题", "Fees and charges"),
  mis_selling: line("销售误导", "Mis-selling"),
  privacy: line("隐私与个人信息", "Privacy and personal data"),
  system_fault: line("系统故障", "System fault"),
  other: line("其他", "Other"),
};

export const BUSINESS_LINE_LABELS: Record<(typeof complaintBusinessLines)[number], Lines> = {
  deposits: line("存款与账户", "Deposits and accounts"),
  loans: line("贷款", "Loans"),
  cards: line("银行卡", "Cards"),
  payments: line("转账与支付", "Transfers and payments"),
  wealth: line("理财与投资", "Wealth and investments"),
  other: line("其他业务", "Other business"),
};

export const TEXT = {
  signInForStatus: line(
    "查询申请进度需要先登录，这样我只会告诉您本人的申请。没有登录也可以在“进度查询”页用受理号和预留手机号查询。",
    "To check a request I need you to sign in, so that I only ever tell you about your own. Without signing in, you can use the Track page with your acceptance number and mobile number.",
  ),
  noOpenRequests: line("您目前没有进行中的申请。", "You have no requests in progress."),
  openRequests: line("您进行中的申请：", "Your requests in progress:"),
  requestNotYours: line("没有找到这个受理号下属于您的申请，请核对受理号。", "I can't find a request of yours with that acceptance number; please check it."),
  requestLine: line("{number} · {type} · {status}{due}", "{number} · {type} · {status}{due}"),
  dueBy: line("，预计 {date} 前完成初审", ", preliminary review due by {date}"),
  openRequest: line("查看 {number}", "Open {number}"),
  signIn: line("登录", "Sign in"),
  track: line("进度查询", "Track a request"),
  startForm: line("在线填写申请", "Fill in the application"),
  askInWriting: line("书面咨询", "Ask us in writing"),
  signInToApply: line("登录后在线申请", "Sign in to apply online"),
  signInToComplain: line(
    "很抱歉给您带来不好的体验。登录后我可以直接为您登记投诉；您也可以转人工客服。",
    "I'm sorry about your experience. Once you sign in I can record your complaint right here; you can also talk to a person.",
  ),
  handoff: line("转人工客服", "Talk to a person"),
  noAgentCustomer: line(
    `现在没有在线的人工客服（服务时间：${AGENT_HOURS.zh}）。您可以留言，留言会登记为咨询申请并给您受理号，我们会尽快答复。要留言吗？`,
    `No agent is online right now (agents: ${AGENT_HOURS.en}). You can leave a message: it is recorded as an enquiry with an acceptance number, and we will reply. Would you like to leave one?`,
  ),
  noAgentVisitor: line(
    `现在没有在线的人工客服（服务时间：${AGENT_HOURS.zh}）。请在服务时间再来，或登录后留言。`,
    `No agent is online right now (agents: ${AGENT_HOURS.en}). Please come back then, or sign in to leave a message.`,
  ),
  yes: line("好的", "Yes"),
  no: line("不用了", "No thanks"),
  askMessage: line("请输入您的留言（最多 2000 字），输入“取消”可以放弃：", "Please type your message (up to 2,000 characters), or “cancel” to stop:"),
  messageSubject: line("在线客服留言", "Message left in the chat"),
  messageRecorded: line(
    "已收到您的留言，受理号 {number}。我们会在 2 个工作日内答复，您可以在“我的申请”查看进度。",
    "Your message is recorded under acceptance number {number}. We will reply within 2 working days; follow it in “My requests”.",
  ),
  cancelled: line("好的，已取消。还有什么可以帮您？", "All right, cancelled. Anything else I can help with?"),
  askCategory: line("很抱歉给您带来不好的体验，我来为您登记投诉。请选择投诉类别：", "I'm sorry about your experience; let me record your complaint. Which of these best describes it?"),
  askLine: line("涉及哪类业务？", "Which part of our business is it about?"),
  askWhat: line("请描述发生了什么（涉及的业务、网点或员工等）：", "Please describe what happened (the product, service, branch or staff involved):"),
  askWhen: line("这件事大约发生在什么时候？", "When did it happen, roughly?"),
  askWant: line("您希望我们怎样处理？", "What would you like us to do?"),
  confirmComplaint: line(
    "请确认：\n类别：{category}\n业务：{line}\n经过：{what}\n时间：{when}\n诉求：{want}\n确认提交吗？",
    "Please confirm:\nCategory: {category}\nBusiness: {line}\nWhat happened: {what}\nWhen: {when}\nYou ask for: {want}\nSubmit it?",
  ),
  submit: line("确认提交", "Submit"),
  complaintRecorded: line(
    "您的投诉已登记，受理号 {number}，确认邮件已发送。我们会在 15 日内作出处理决定。如需现在与人工客服沟通，请点下面的按钮。",
    "Your complaint is recorded under acceptance number {number} and a confirmation email is on its way. We will decide on it within 15 days. To talk to a person now, use the button below.",
  ),
  twoMisses: line(
    "看来我没能帮上忙，抱歉。要不要转人工客服？",
    "It looks like I haven't been able to help, sorry. Would you like to talk to a person?",
  ),
  cancelWords: line("取消", "cancel"),
} satisfies Record<string, Lines>;

/** The line in the language asked, with `{name}` filled in. */
export function say(lines: Lines, language: Language, params: Record<string, string> = {}): string {
  return lines[language].replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match);
}
