import { type Example } from "./classifier";
import { type Intent, type Label, UNANSWERED } from "./intents";
import { type Language } from "../../domain/conversations/language";

type Utterances = Record<Intent, string[]>;

const zh: Utterances = {
  greeting: ["你好", "您好", "嗨", "早上好", "下午好", "晚上好", "在吗", "有人在吗", "哈喽", "你好，我想咨询一下", "您好客服", "喂，你好"],
  goodbye: ["再见", "谢谢", "谢谢你", "多谢", "好的，谢谢", "拜拜", "没有别的问题了", "明白了，谢谢帮助", "感谢", "就这样吧，再见", "辛苦了", "好的知道了，谢谢"],
  account_opening: [
    "怎么开户", "我想开个账户", "开户需要什么材料", "开借记卡要带什么证件", "可以网上开户吗", "开户必须去网点吗",
    "办一张银行卡需要什么", "企业开户流程是怎样的", "开户要审核多久", "外国人能开户吗", "开户需要身份证吗", "新开账户怎么办理",
  ],
  loan_application: [
    "怎么申请贷款", "我想贷款", "申请房贷需要什么材料", "贷款条件是什么", "消费贷怎么办理", "可以在网上申请贷款吗",
    "贷款需要征信吗", "经营贷申请流程", "贷款审批要经过哪些环节", "申请车贷要准备什么", "我能贷多少钱", "贷款利率是多少",
  ],
  large_transfer: [
    "大额转账有限额吗", "为什么我的转账被暂停了", "大额转账要审核多久", "转账超过五万怎么办", "我的汇款被冻结了",
    "大额汇款为什么要审核", "转账金额太大被拦截", "转一大笔钱需要什么手续", "大额转账多久到账", "转账被风控了", "转账限额是多少", "大额资金转出需要审批吗",
  ],
  request_status: [
    "我的申请到哪一步了", "查询受理号TL20261128000123", "我的业务办得怎么样了", "查一下我最近的申请", "怎么查询申请进度",
    "我提交的申请有结果了吗", "我的最新申请状态", "受理号怎么查进度", "帮我看看申请处理好了没有", "我的贷款申请批了吗", "在哪里跟踪我的申请", "申请进度查询",
  ],
  processing_time: [
    "审核需要多长时间", "多久能审核完", "初审要几个工作日", "办理要多少天", "为什么还没审核完", "审核时间是怎么算的",
    "周末算不算工作日", "节假日审核吗", "补充材料后时间怎么算", "一般几天出结果", "要等多久才有回复", "处理时限是多少",
  ],
  file_complaint: [
    "我要投诉", "我想投诉你们的服务", "投诉一下柜台工作人员", "我对处理结果很不满意要投诉", "你们服务太差了我要投诉",
    "怎么提交投诉", "我要举报乱收费", "我要投诉客服态度", "我受到了不公平对待想投诉", "在哪里投诉", "我想反映一个问题，很不满", "帮我登记一个投诉",
  ],
  complaint_process: [
    "投诉多久会处理", "投诉处理流程是什么", "投诉多少天给答复", "对投诉结果不满意可以复核吗", "投诉处理时限",
    "投诉后会怎么处理", "投诉处理超期了怎么办", "投诉结果可以申请复议吗", "复杂的投诉要多久", "投诉受理后多久有结果", "投诉最长处理多少天", "不服投诉处理决定怎么办",
  ],
  update_info: [
    "怎么修改手机号", "我换了手机号码", "更新地址", "修改邮箱", "身份证到期了怎么办", "换了新身份证要更新吗",
    "怎么变更预留手机号", "我搬家了要改地址", "证件过期怎么更新", "修改个人资料", "更换联系电话", "改一下我的电子邮箱",
  ],
  privacy: [
    "你们怎么保护我的个人信息", "我的数据安全吗", "我想导出我的个人数据", "怎么删除我的个人信息", "我的信息会泄露吗",
    "你们会把我的数据给别人吗", "查看你们保存了我哪些信息", "个人信息保护政策", "申请删除我的数据", "隐私怎么保护", "我的身份证号会被加密吗", "复制一份我的个人信息",
  ],
  human_agent: [
    "转人工", "我要人工客服", "找真人", "人工服务", "我想和客服人员说话", "机器人听不懂，转人工",
    "帮我接通客服", "我要跟真人聊", "有没有人工", "让工作人员来回答", "联系客服人员", "请转接人工坐席",
  ],
  service_hours: [
    "你们几点上班", "人工客服什么时候在线", "营业时间是几点", "周末有人工服务吗", "客服几点下班", "晚上有人工吗",
    "服务时间", "节假日人工客服上班吗", "网上银行24小时可以用吗", "你们几点开门", "人工客服工作时间", "什么时间可以找到客服",
  ],
  login_help: [
    "忘记密码了", "登录不上", "账户被锁定了", "密码输错了好几次", "收不到验证码", "怎么开启双因素认证",
    "重置登录密码", "登录提示账户锁定", "动态口令不对", "怎么修改密码", "两步验证怎么设置", "账号锁了多久解锁",
  ],
  risk_assessment: [
    "风险评估怎么做", "我的风险等级是什么", "风险测评问卷在哪", "产品风险等级怎么看", "为什么要做风险评估",
    "风险承受能力测评", "风险评估过期了", "我能买高风险产品吗", "重新做风险测评", "理财产品风险等级", "风险问卷怎么填", "风险评估结果不匹配怎么办",
  ],
  fallback: [
    "今天天气怎么样", "推荐一只股票", "讲个笑话", "明天会下雨吗", "哪只基金会涨", "你喜欢吃什么", "asdfgh", "啊啊啊啊",
    "帮我写首诗", "最近有什么好看的电影", "比特币会涨吗", "附近有什么好吃的",
    "现在买黄金划算吗", "国庆去哪里旅游好", "足球比赛谁赢了", "红烧肉怎么做", "我的电脑开不了机", "地球到月球有多远",
    "应该买哪个公司的股票", "下周股市会跌吗", "中国人口有多少", "你是男的还是女的",
  ],
};

const en: Utterances = {
  greeting: ["hello", "hi", "hey there", "good morning", "good afternoon", "good evening", "hi, is anyone there", "hello, I have a question", "greetings", "howdy", "hey", "hi bot"],
  goodbye: ["bye", "goodbye", "thanks", "thank you", "thanks a lot", "that's all, thanks", "see you", "thank you for your help", "cheers", "ok thanks bye", "many thanks", "have a nice day"],
  account_opening: [
    "how do I open an account", "I want to open a bank account", "what documents do I need to open an account", "can I open an account online",
    "do I have to go to a branch to open an account", "how to get a debit card", "open a business account", "account opening requirements",
    "can a foreigner open an account", "how long does account opening take", "new account application", "do I need my ID card to open an account",
  ],
  loan_application: [
    "how do I apply for a loan", "I want a loan", "what documents are needed for a mortgage", "loan eligibility conditions", "can I apply for a loan online",
    "personal loan application", "does a loan check my credit report", "how is a loan approved", "car loan requirements", "how much can I borrow",
    "what is the interest rate on loans", "apply for a business loan",
  ],
  large_transfer: [
    "why is my transfer on hold", "is there a limit on large transfers", "my big transfer was stopped", "how long does a large transfer review take",
    "transfer over 50000 yuan", "why does a large transfer need review", "my payment is held for review", "large transfer limit",
    "when will my large transfer be released", "send a large amount of money", "my wire transfer is pending review", "transfer blocked by risk control",
  ],
  request_status: [
    "where is my request", "status of TL20261128000123", "check my application status", "what happened to my latest request", "track my request",
    "has my application been approved", "how do I track an acceptance number", "my most recent request status", "any update on my application",
    "is my loan request approved yet", "progress of my request", "where can I see my requests",
  ],
  processing_time: [
    "how long does the review take", "how many working days for review", "how long until I get a decision", "processing time for requests",
    "why is my review taking so long", "do weekends count as working days", "are holidays counted", "what happens to the deadline if you ask for more information",
    "when will the preliminary review be done", "how many days to process", "review deadline", "how fast do you process applications",
  ],
  file_complaint: [
    "I want to complain", "I want to file a complaint", "I'm not happy with your service and want to complain", "make a complaint about a staff member",
    "how do I submit a complaint", "your service is terrible, I want to complain", "complain about a fee", "I was treated unfairly",
    "lodge a complaint", "where do I complain", "I'd like to report a problem with your staff", "register my complaint",
  ],
  complaint_process: [
    "how are complaints handled", "how long does a complaint take", "complaint handling process", "complaint deadline",
    "can I ask for a review of the complaint decision", "what if I disagree with the complaint outcome", "how many days to resolve a complaint",
    "what happens after I complain", "complex complaint time limit", "maximum time for complaint resolution", "appeal a complaint decision", "when will I hear back about my complaint",
  ],
  update_info: [
    "how do I change my phone number", "update my address", "change my email", "my ID card expired", "renew my identity document",
    "I moved, how do I update my address", "change my mobile number", "update personal details", "new phone number", "update contact information",
    "edit my email address", "my ID has been renewed",
  ],
  privacy: [
    "how do you protect my personal data", "is my data safe", "export my personal data", "delete my data", "will you share my information",
    "privacy policy", "what data do you keep about me", "request a copy of my data", "is my ID number encrypted", "right to erasure",
    "personal information protection", "can I see the data you hold on me",
  ],
  human_agent: [
    "talk to a human", "I want a real person", "connect me to an agent", "human agent please", "speak to customer service",
    "can I talk to someone", "transfer me to a person", "the bot doesn't understand, get me a human", "live agent", "I need a representative",
    "let me speak with staff", "operator",
  ],
  service_hours: [
    "what are your opening hours", "when are agents available", "service hours", "are you open on weekends", "what time do you close",
    "is customer service available at night", "are human agents available on holidays", "is the online portal open 24/7", "business hours",
    "when can I reach an agent", "what time do agents start", "hours of operation",
  ],
  login_help: [
    "I forgot my password", "I can't log in", "my account is locked", "I entered the wrong password too many times", "I didn't get the verification code",
    "how do I turn on two-factor authentication", "reset my password", "account locked after failed logins", "my two-factor code doesn't work",
    "change my password", "set up 2FA", "how long is my account locked",
  ],
  risk_assessment: [
    "how do I take the risk assessment", "what is my risk level", "where is the risk questionnaire", "product risk levels", "why do I need a risk assessment",
    "risk tolerance test", "my risk assessment expired", "can I buy high risk products", "redo my risk questionnaire", "risk rating of investment products",
    "fill in the risk profile questionnaire", "my risk level does not match the product",
  ],
  fallback: [
    "what's the weather today", "recommend a stock", "tell me a joke", "will it rain tomorrow", "which fund will go up", "what's your favourite food",
    "qwerty asdf", "blah blah", "write me a poem", "any good movies", "will bitcoin go up", "who won the football match",
    "is gold a good buy right now", "where should we travel on holiday", "how do I cook rice", "my laptop won't turn on",
    "how far is the moon", "which shares will rise next week", "what is the capital of France", "are you a man or a woman",
    "what crypto should I invest in", "who is the president", "what should I do this evening",
  ],
};

// Questions about the bank that only an agent may answer: no fee, rate or limit is promised here.
const unanswered: Record<Language, string[]> = {
  zh: [
    "银行卡丢了怎么挂失", "借记卡被吞了", "手续费是多少", "存款利率多少", "储蓄利息怎么算", "今天美元汇率多少", "怎么销户", "注销银行账户",
    "我的钱被盗刷了", "遇到诈骗了怎么办", "怎么查个人征信报告", "信用卡额度能提高吗", "最近的网点在哪里", "怎么打印银行流水", "年费怎么收",
  ],
  en: [
    "I lost my bank card", "report a stolen card", "what are the fees", "deposit interest rate", "savings interest", "exchange rate for dollars", "how do I close my account",
    "someone stole money from my account", "I think I've been scammed", "how do I get my credit report", "raise my credit card limit",
    "where is the nearest branch", "print a bank statement", "annual card fee", "the ATM kept my card",
  ],
};

function flatten(utterances: Utterances, extra: string[]): Example[] {
  return [
    ...Object.entries(utterances).flatMap(([intent, texts]) => texts.map((text) => ({ text, intent: intent as Intent }))),
    ...extra.map((text) => ({ text, intent: UNANSWERED as Label })),
  ];
}

/** The training examples, written by the team; the held-out evaluation set lives in tests/bot. */
export const TRAINING: Record<Language, Example[]> = { zh: flatten(zh, unanswered.zh), en: flatten(en, unanswered.en) };
