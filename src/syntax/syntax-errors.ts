/** Chevrotain's recognition errors, turned into diagnostics with Chinese messages and hints. */
import type { IRecognitionException, IToken } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { EACH_N, MISSING_DE, STEP_PAREN, tokenSpan } from './parser.js';

/** The innermost grammar rule that failed decides the example offered in the hint. */
const HINTS: Record<string, string> = {
  numberLit: '此处应为数字，如 0.5分、90%、14件',
  range: '范围写作“1-3分”',
  amountList: '分值写作“3分、2分、1分”或“1.2-0.2分”',
  rankTail: '排名写作：按【人均办案数】排名，第1-5名分别加1.0-0.2分（并列取高）',
  tierTail: '分级写作：按【级别】，“国家级”、“省级”、“市级”每项分别加5分、3分、2分',
  qualifier: '括号内可写：15分、扣分制、限扣3分、扣完为止、同一事项取最高、简称【名称】等',
  qualParen: '括号内可写：15分、扣分制、限扣3分、扣完为止、同一事项取最高、简称【名称】等',
  action: '扣分或加分写作：扣1分、每件扣1分、扣1分/件、视情每例扣1-3分',
  signedAmount: '扣分或加分写作：扣1分、扣1分/件、得（…）×30分',
  clause: '规则写作：【持证率】不足90%的，扣1分；或【不履行法定职责】每件扣1分',
  sentence: '规则写作：【持证率】不足90%的，扣1分；或【不履行法定职责】每件扣1分',
  atomCond: '条件写作：【持证率】不足90%、【总分】达到80分（含）以上、【已组织培训】为否',
  orCond: '条件写作：【持证率】不足90%、【总分】达到80分（含）以上、【已组织培训】为否',
  primary: '此处应为数字、【名称】或“取值”',
  typeSpec: '类型可写：分、件、次、人、百分比、是否、选项“甲”“乙”、日期、文本、数值、对象',
  valueDecl: '声明写作：【持证率】百分比：持有执法证件率',
  eventDecl: '事件写作：【不履行法定职责】件：发生不履行法定职责情形',
  attributeDecl: '属性写作：属性【级别】选项“国家级”“省级”：表彰级别',
  computedDecl: '计算写作：【满意度得分】分 = （【满意】×1 + 【基本满意】×0.6）÷【总票数】×30分',
  gradeLine: '等次写作：优秀：80分（含）以上；限4名，名额外的评为“良好”',
  bound: '分数界限写作：80分（含）以上、70分（不含）以下',
  titleLine: '评定写作：满意单位：按总分从高到低前10名',
  nodeHeading: '标题行写作：1. 标题（2分，扣分制）：规则',
  header: '首行写作：考核 标题（满分100分）',
};

export function parseErrorDiagnostic(err: IRecognitionException, tokens: IToken[], what: string): Diagnostic {
  const stack = err.context?.ruleStack ?? [];
  const rule = [...stack].reverse().find((r) => HINTS[r]);
  const hint = rule ? HINTS[rule] : undefined;
  const tok = err.token;
  if (err.message === MISSING_DE) {
    return {
      code: 'E1110',
      severity: 'error',
      span: tokenSpan(tok),
      message: '条件之后缺少“的”',
      hint: '条件写完后加“的”再写扣分，如：【持证率】不足90%的，扣1分',
    };
  }
  if (err.message === EACH_N) {
    return {
      code: 'E1101',
      severity: 'error',
      span: tokenSpan(tok),
      message: `“每${tok.image}…”只能按每一件（每件、每1件）计`,
      hint: '如按每几件计，请写成逐级扣分：【x】超过0件的，每多2件（不足2件不计）扣0.1分',
    };
  }
  if (err.message === STEP_PAREN) {
    return {
      code: 'E1101',
      severity: 'error',
      span: tokenSpan(tok),
      message: '逐级扣分的括号中只能写“含不足…”或“不足…不计”',
      hint: '其他限定（如限扣）写在分值之后：每少5%（含不足5%）扣0.5分（限扣2分）',
    };
  }
  if (err.name === 'NotAllInputParsedException') {
    return {
      code: 'E1103',
      severity: 'error',
      span: tokenSpan(tok, tokens[tokens.length - 1]!),
      message: `${what}在「${tok.image}」处多出了无法理解的内容`,
      hint: '检查是否漏写了“；”或“。”，或把一句话拆成两句',
    };
  }
  if (!tok || tok.tokenType?.name === 'EOF' || Number.isNaN(tok.startOffset)) {
    const last = tokens[tokens.length - 1]!;
    return {
      code: 'E1102',
      severity: 'error',
      span: tokenSpan(last),
      message: `${what}不完整：「${last.image}」之后还缺少内容`,
      ...(hint ? { hint } : {}),
    };
  }
  return {
    code: 'E1101',
    severity: 'error',
    span: tokenSpan(tok),
    message: `${what}中不能理解「${tok.image}」`,
    ...(hint ? { hint } : {}),
  };
}
