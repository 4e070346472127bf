import { describe, expect, it } from "vitest";
import { answer, CONFIDENT_FROM } from "../../bot/answer";
import { readEvalSet } from "../../bot/eval";
import { AGENT_HOURS, APPROVED } from "../../bot/knowledge";
import { INTENTS } from "../../bot/nlu/intents";
import { detectLanguage } from "../../domain/conversations/language";
import { segment } from "../../bot/nlu/tokenize";
import { TRAINING } from "../../bot/nlu/training";
import { LOCKOUT_MS } from "../../domain/accounts/sign-in-throttle";
import { DEFAULT_LARGE_TRANSFER_FEN } from "../../domain/service-requests/approval-chains";

const han = /\p{Script=Han}/u;

describe("language detection", () => {
  it.each([
    ["你好", "zh"],
    ["我的申请 TL20261128000123 到哪了", "zh"],
    ["where is my request TL20261128000123", "en"],
    ["hello", "en"],
    ["我想开 debit card 账户", "zh"],
    ["!!!", "en"],
  ] as const)("%s → %s", (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });
});

describe("segmentation", () => {
  it("keeps banking terms whole", () => {
    const words = segment("大额的转账要带身份证和借记卡吗？银行卡挂失会影响征信吗");
    for (const term of ["大额", "身份证", "借记卡", "挂失", "征信"]) expect(words).toContain(term);
    expect(segment("我要办理大额转账，受理号在哪看")).toEqual(expect.arrayContaining(["大额转账", "受理号"]));
  });
});

describe("intents", () => {
  it.each([
    ["您好", "greeting"],
    ["开户需要带什么证件", "account_opening"],
    ["我想申请一笔房贷", "loan_application"],
    ["我的大额转账为什么被暂停", "large_transfer"],
    ["TL20261128000123 审核到哪一步了", "request_status"],
    ["我要投诉你们的服务", "file_complaint"],
    ["帮我转人工", "human_agent"],
    ["hi there", "greeting"],
    ["what documents do I need to open an account", "account_opening"],
    ["my account got locked after wrong passwords", "login_help"],
    ["how long does a complaint take to be decided", "complaint_process"],
    ["I want to speak to a real person", "human_agent"],
    ["thanks a lot, bye", "goodbye"],
  ] as const)("%s → %s", (text, intent) => {
    const result = answer(text, APPROVED);
    expect(result.intent).toBe(intent);
    expect(result.kind).toBe("answer");
    expect(result.reply).toBe(APPROVED[intent][result.language].answer);
  });

  it.each(["今天天气怎么样", "推荐一只会涨的股票", "tell me a joke", "what's the weather like in Paris", "xkcd qqq zzz", "？？？"])(
    "out of scope: %s",
    (text) => {
      const result = answer(text, APPROVED);
      expect(result.intent).toBe("fallback");
      expect(result.reply).toBe(APPROVED.fallback[result.language].answer);
    },
  );
});

describe("low confidence", () => {
  it("says it is not sure, offers the three closest topics and a human agent", () => {
    // Shares words with several topics and none strongly.
    for (const text of ["帮帮我", "documents for the request"]) {
      const result = answer(text, APPROVED);
      expect(result.confidence).toBeLessThan(CONFIDENT_FROM);
      expect(result.kind).toBe("unsure");
      expect(result.offersHuman).toBe(true);
      expect(result.reply).toBe(APPROVED.unsure[result.language].answer);
      expect(result.suggestions).toHaveLength(3);
      for (const s of result.suggestions) expect(s.title).toBe(APPROVED[s.intent][result.language].title);
    }
  });
});

describe("bank questions without an approved answer", () => {
  it.each(["我的信用卡丢了，要挂失", "转账手续费怎么收", "how much interest do I get on my savings", "my card was stolen"])("%s goes to an agent", (text) => {
    const result = answer(text, APPROVED);
    expect(result.kind).toBe("agent_only");
    expect(result.offersHuman).toBe(true);
    expect(result.reply).toBe(APPROVED.agent_only[result.language].answer);
    expect(result.suggestions.length).toBeGreaterThan(0);
  });
});

describe("reply language", () => {
  it("answers in the language of the question", () => {
    for (const text of ["怎么修改手机号", "人工客服几点上班", "转账被拦截了", "谢谢", "你喜欢什么电影"]) {
      expect(answer(text, APPROVED).reply).toMatch(han);
    }
    for (const text of ["how do I change my phone number", "what are your service hours", "thanks", "recommend a movie"]) {
      expect(answer(text, APPROVED).reply).not.toMatch(han);
    }
  });
});

describe("knowledge base", () => {
  it("has a title and an answer for every intent in both languages", () => {
    for (const intent of INTENTS) {
      for (const language of ["zh", "en"] as const) {
        expect(APPROVED[intent][language].title.length).toBeGreaterThan(0);
        expect(APPROVED[intent][language].answer.length).toBeGreaterThan(0);
      }
      expect(APPROVED[intent].zh.answer).toMatch(han);
      expect(APPROVED[intent].en.answer).not.toMatch(han);
    }
  });

  it("states the product's own limits", () => {
    const yuan = (DEFAULT_LARGE_TRANSFER_FEN / 100).toLocaleString("en-US");
    expect(APPROVED.large_transfer.en.answer).toContain(`¥${yuan}`);
    expect(APPROVED.large_transfer.zh.answer).toContain(`${yuan} 元`);
    const minutes = String(LOCKOUT_MS / 60_000);
    expect(APPROVED.login_help.en.answer).toContain(`${minutes} minutes`);
    expect(APPROVED.login_help.zh.answer).toContain(`${minutes} 分钟`);
    expect(APPROVED.service_hours.en.answer).toContain(AGENT_HOURS.en);
    expect(APPROVED.human_agent.zh.answer).toContain(AGENT_HOURS.zh);
  });
});

describe("training and evaluation data", () => {
  const normalize = (text: string) => text.toLowerCase().replace(/[\s\p{P}]+/gu, "");
  const evalSet = readEvalSet();

  it("has at least 10 training examples per intent and language", () => {
    for (const language of ["zh", "en"] as const) {
      for (const intent of INTENTS) expect(TRAINING[language].filter((e) => e.intent === intent).length).toBeGreaterThanOrEqual(10);
    }
  });

  it("holds out at least 10 utterances per intent and language", () => {
    for (const language of ["zh", "en"] as const) {
      for (const intent of INTENTS) expect(evalSet.filter((e) => e.intent === intent && e.language === language).length).toBeGreaterThanOrEqual(10);
    }
  });

  it("does not share an utterance between training and evaluation", () => {
    const trained = new Set([...TRAINING.zh, ...TRAINING.en].map((e) => normalize(e.text)));
    expect(evalSet.filter((e) => trained.has(normalize(e.text))).map((e) => e.text)).toEqual([]);
  });

  it("stays above the agreed floor on the held-out set", () => {
    const hits = evalSet.filter((e) => answer(e.text, APPROVED).intent === e.intent).length;
    expect(hits / evalSet.length).toBeGreaterThanOrEqual(0.9);
    for (const intent of INTENTS) {
      const items = evalSet.filter((e) => e.intent === intent);
      expect(items.filter((e) => answer(e.text, APPROVED).intent === intent).length / items.length).toBeGreaterThanOrEqual(0.8);
    }
  });
});
