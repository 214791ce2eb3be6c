/**
 * Every diagnostic code, once. Codes are stable: a code is never reused for another kind of
 * problem. The tests require a bad fixture for each code, and docs/diagnostics.md lists them.
 */
import type { Diagnostic, RelatedInfo, Severity, Span } from './diagnostic.js';

export interface CodeInfo {
  severity: Severity;
  /** What kind of problem, in Chinese, for the docs and `--format json` consumers. */
  title: string;
}

export const CODES = {
  // lexical and syntax
  E1001: { severity: 'error', title: '无法识别的词语' },
  E1002: { severity: 'error', title: '名称缺少右括号' },
  E1003: { severity: 'error', title: '引号不成对' },
  E1004: { severity: 'error', title: '无法识别的字符' },
  E1101: { severity: 'error', title: '语法错误' },
  E1102: { severity: 'error', title: '句子不完整' },
  E1103: { severity: 'error', title: '多出无法理解的内容' },
  E1104: { severity: 'error', title: '“否则”没有衔接的规则' },
  E1105: { severity: 'error', title: '块标题后的内容须另起一行' },
  E1106: { severity: 'error', title: '标签不在等次、评定或结果运用之下' },
  E1107: { severity: 'error', title: '内容不属于任何项目或声明' },
  E1108: { severity: 'error', title: '属性或计入不在事件声明之下' },
  E1109: { severity: 'error', title: '句子嵌套过深' },
  E1110: { severity: 'error', title: '条件之后缺少“的”' },
  // names
  E2001: { severity: 'error', title: '名称重复声明' },
  E2002: { severity: 'error', title: '名称未声明' },
  E2003: { severity: 'error', title: '事件属性用在该事件的规则之外' },
  E2004: { severity: 'error', title: '与事件内置字段同名' },
  E2005: { severity: 'error', title: '名称的种类不适合此处' },
  E2006: { severity: 'error', title: '名称为空' },
  E2007: { severity: 'error', title: '计算值或项目得分循环引用' },
  E2008: { severity: 'error', title: '引用了未定义的等次或称号' },
  E2009: { severity: 'error', title: '声明缺少类型或量词' },
  W2010: { severity: 'warning', title: '声明缺少中文说明' },
  // types and units
  E3001: { severity: 'error', title: '单位不一致' },
  E3002: { severity: 'error', title: '计件单位与被计数量不一致' },
  E3003: { severity: 'error', title: '分值不是以“分”计' },
  E3004: { severity: 'error', title: '条件不是“是否”判断' },
  E3005: { severity: 'error', title: '取值不在选项之内' },
  E3006: { severity: 'error', title: '计算值与声明的类型不符' },
  E3007: { severity: 'error', title: '不是数量，不能计算' },
  E3008: { severity: 'error', title: '计件规则的数量不是计数' },
  E3009: { severity: 'error', title: '日期计算有误' },
  E3010: { severity: 'error', title: '日期无效' },
  // structure and points
  E4001: { severity: 'error', title: '分值合计不符' },
  E4002: { severity: 'error', title: '下级项目有的设分值有的不设' },
  E4003: { severity: 'error', title: '扣分或加分与计分方式矛盾' },
  E4004: { severity: 'error', title: '项目未指明计分方式' },
  E4005: { severity: 'error', title: '赋分项目须得一个有范围的分值' },
  E4006: { severity: 'error', title: '同级序号重复' },
  E4007: { severity: 'error', title: '达标项目的规则须是一个条件' },
  E4008: { severity: 'error', title: '公式项目缺少“得”' },
  W4009: { severity: 'warning', title: '项目没有任何规则' },
  E4010: { severity: 'error', title: '项目缺少分值' },
  E4011: { severity: 'error', title: '“其中”“凡”缺少按次计分的规则' },
  E4012: { severity: 'error', title: '规则写法不适用于此处' },
  // rules
  E5001: { severity: 'error', title: '封顶分值须为正数' },
  E5002: { severity: 'error', title: '封顶低于单次扣分' },
  E5101: { severity: 'error', title: '“以上”“以下”未写明是否含本数' },
  E5102: { severity: 'error', title: '边界词语互相矛盾' },
  E5103: { severity: 'error', title: '逐级扣分未写明不足一级时如何计' },
  E5104: { severity: 'error', title: '逐级扣分缺少对应的门槛条件' },
  E5105: { severity: 'error', title: '级差须大于0' },
  E5201: { severity: 'error', title: '范围写法有误' },
  E5202: { severity: 'error', title: '酌情分值未声明范围' },
  E5203: { severity: 'error', title: '视情扣分须针对事件' },
  E5301: { severity: 'error', title: '排名表写法有误' },
  E5302: { severity: 'error', title: '排名未写明并列时如何计' },
  E5304: { severity: 'error', title: '分级的取值与分值个数不一致' },
  // outcomes
  E6001: { severity: 'error', title: '等次未覆盖全部分数' },
  E6002: { severity: 'error', title: '等次分数段重叠' },
  E6003: { severity: 'error', title: '限额等次未写明名额外如何评定' },
  E6004: { severity: 'error', title: '未写明否优单位如何评定' },
  E6005: { severity: 'error', title: '否优条件不是“是否”判断' },
  E6006: { severity: 'error', title: '按比例评定未写明取整方式' },
  E6007: { severity: 'error', title: '等次分数段写法有误' },
  // strict: bounds of scores (`rubric check --strict`, src/analysis/strict.ts)
  S7001: { severity: 'warning', title: '扣分可能超过本项分值，且未写明扣完为止' },
  S7002: { severity: 'info', title: '扣分没有上限，按语言规则在0分封底' },
  S7003: { severity: 'info', title: '封底或限扣永远达不到' },
  S7004: { severity: 'info', title: '加分可能超过封顶，超出部分不计' },
  S7005: { severity: 'warning', title: '加分封顶或满分永远达不到' },
  S7006: { severity: 'warning', title: '排名分值不是逐名递增或递减' },
  S7007: { severity: 'warning', title: '排名分值超过本项分值或封顶' },
  S7008: { severity: 'warning', title: '分档永远不适用' },
  S7009: { severity: 'warning', title: '规则或“否则”分句永远不适用' },
  S7010: { severity: 'info', title: '选项未列入任何分档，不计分' },
  S7011: { severity: 'warning', title: '否优条件永远不成立' },
  S7012: { severity: 'warning', title: '等次分数段永远达不到' },
  S7013: { severity: 'warning', title: '得分可能超出本项分值' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

/** A diagnostic of this code, with the code's severity; hint and related only when given. */
export function diagnostic(code: Code, span: Span, message: string, opts: { hint?: string; related?: RelatedInfo[] } = {}): Diagnostic {
  return {
    code,
    severity: CODES[code].severity,
    span,
    message,
    ...(opts.hint ? { hint: opts.hint } : {}),
    ...(opts.related?.length ? { related: opts.related } : {}),
  };
}
