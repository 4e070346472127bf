/**
 * Banking terms jieba must keep whole. Its general dictionary splits some of them or glues
 * them to neighbours (大额转账 → 大/额/转账 in some contexts), which would blur intents.
 */
export const BANKING_TERMS: readonly string[] = [
  "大额", "大额转账", "身份证", "借记卡", "信用卡", "挂失", "征信", "受理号", "受理编号", "开户", "销户",
  "贷款", "房贷", "车贷", "消费贷", "经营贷", "放款", "审批", "初审", "复核", "风控", "合规",
  "转账", "汇款", "限额", "额度", "冻结", "解冻", "投诉", "申诉", "复议", "工作日", "自然日",
  "人工客服", "转人工", "客服", "柜台", "网点", "网银", "手机银行", "营业时间", "服务时间",
  "密码", "登录", "锁定", "验证码", "双因素", "两步验证", "动态口令", "风险评估", "风险等级",
  "风险测评", "问卷", "理财", "个人信息", "个人数据", "隐私", "脱敏", "加密", "导出", "删除",
  "手机号", "手机号码", "地址", "邮箱", "证件", "到期", "换证", "进度", "办理", "材料",
];

/** jieba's dictionary format: one "word frequency" a line; a high frequency makes the word win. */
export function dictionaryText(): string {
  return BANKING_TERMS.map((term) => `${term} 100000`).join("\n") + "\n";
}
