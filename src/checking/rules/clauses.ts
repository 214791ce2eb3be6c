/**
 * Each rule's action against its quantity (R40): 扣1分/件 counts something measured in 件;
 * amounts are in 分; a stepwise rule sits on a threshold; 视情 amounts come from events and have
 * a well-formed range (R13); tier lists pair every value with an amount (R14, R21).
 */
import { Rational } from '../../runtime/rational.js';
import type * as A from '../../syntax/ast.js';
import type { CheckContext, NodeInfo } from '../context.js';
import { describe } from '../infer.js';
import { formatType, type ValueType } from '../types.js';
import { countUnit, normalizeUnit, POINTS, sameDim } from '../units.js';

export function checkClauses(ctx: CheckContext): void {
  for (const info of ctx.nodes) {
    for (const s of info.node.body) {
      if (s.kind === 'Rule') {
        for (const c of s.alternatives) clause(ctx, info, c);
      } else if (s.kind === 'Refine' || s.kind === 'ForAll') {
        refinement(ctx, s);
      }
    }
  }
}

function isPoints(t: ValueType | undefined): boolean {
  return t === undefined || t.kind === 'unknown' || (t.kind === 'num' && sameDim(t.dim, POINTS));
}

function requirePoints(ctx: CheckContext, e: A.Expr, what: string): void {
  const t = ctx.typeOf(e);
  if (!isPoints(t)) {
    ctx.report('E3003', e.span, `${what}须以“分”计，这里是${formatType(t!)}`, { hint: '如：扣1分、每件扣0.5分' });
  }
}

/** The quantity a per-occurrence rule counts: its subject, or 【x】 in 【x】的，扣1分/件. */
function quantityOf(c: A.Clause): A.Expr | undefined {
  if (c.subject) return c.subject.expr;
  if (c.condition?.kind === 'Truthy') return c.condition.expr;
  return undefined;
}

function checkPer(ctx: CheckContext, c: A.Clause, per: A.UnitWord | undefined, at: A.Expr | A.Action): void {
  const q = quantityOf(c);
  if (!q) {
    ctx.report('E4012', at.span, '按次计分的规则须写明对什么计数', { hint: '如：【不履行法定职责】每件扣1分' });
    return;
  }
  const t = ctx.typeOf(q);
  if (!t || t.kind === 'unknown') return;
  const unit = t.kind === 'num' ? countUnit(t.dim) : undefined;
  if (!unit) {
    ctx.report('E3008', q.span, `${describe(q)}是${formatType(t)}，不是计数，不能按次计分`, {
      hint: '按次计分的数量须以件、次、项、人等计；门槛比较写作“不足90%的，扣1分”',
    });
    return;
  }
  if (per && normalizeUnit(per.word) !== unit) {
    ctx.report('E3002', per.span, `按“${per.word}”计分，但${describe(q)}以“${unit}”计`, {
      hint: `写作“每${unit}…”，或把${describe(q)}声明为以“${per.word}”计`,
    });
  }
}

const PER_OCCURRENCE = new Set<A.Action['kind']>(['PerUnit', 'Tiered', 'Discretionary']);

function clause(ctx: CheckContext, info: NodeInfo, c: A.Clause): void {
  const a = c.action;
  const ev = ctx.clauseEvents.get(c);
  // A step rule without its threshold has its own, more precise diagnostic (E5104).
  if (c.subject && !PER_OCCURRENCE.has(a.kind) && a.kind !== 'Step') {
    // 【持证率】扣1分: the quantity is written, then a flat amount; a condition or 每 is missing.
    ctx.report('E4012', c.subject.span, `${describe(c.subject.expr)}之后直接写了${a.kind === 'Flat' ? '扣分' : '规则'}，缺少条件或“每”`, {
      hint: `写作：${describe(c.subject.expr)}不足90%的，扣1分；或${describe(c.subject.expr)}每件扣1分`,
    });
    return;
  }
  switch (a.kind) {
    case 'Flat':
      requirePoints(ctx, a.amount, a.sign === 'get' ? '得分' : a.sign === 'deduct' ? '扣分' : '加分');
      return;
    case 'PerUnit':
      requirePoints(ctx, a.amount, '每次的分值');
      checkPer(ctx, c, a.per, a.amount);
      return;
    case 'Tiered': {
      checkPer(ctx, c, a.per, a);
      if (a.values.length !== a.amounts.length) {
        ctx.report('E5304', a.span, `列了${a.values.length}个取值，却有${a.amounts.length}个分值`, {
          hint: '“分别”前后一一对应，如：“国家级”、“省级”、“市级”每项分别加5分、3分、2分',
        });
      }
      const attrType = ctx.typeOf(a.attr);
      for (const v of a.values) {
        if (attrType?.kind === 'choice' && v.kind === 'Str' && !attrType.options.includes(v.value)) {
          ctx.report('E3005', v.span, `“${v.value}”不是【${a.attr.name}】的选项`, {
            hint: `可选：${attrType.options.map((o) => `“${o}”`).join('、')}`,
          });
        } else if (attrType?.kind === 'bool' && v.kind !== 'Bool') {
          ctx.report('E3005', v.span, `【${a.attr.name}】是“是否”，取值只能是“是”或“否”`);
        }
      }
      for (const x of a.amounts) requirePoints(ctx, x, '分值');
      return;
    }
    case 'Discretionary': {
      if (!ev) {
        ctx.report('E5203', a.span, '视情扣分的分值由每条事件记录给出，须针对一个事件', {
          hint: '如：【明察暗访问题】视情每例扣1-3分；若是一个总分值，声明带范围的输入并写“酌情扣【…】”',
        });
      } else {
        checkPer(ctx, c, a.per, a);
      }
      requirePoints(ctx, a.min, '视情分值');
      requirePoints(ctx, a.max, '视情分值');
      checkRange(ctx, a.min, a.max, a.span);
      return;
    }
    case 'Judged': {
      requirePoints(ctx, a.amount, '酌情分值');
      const sym = a.amount.kind === 'Ref' ? ctx.refs.get(a.amount) : undefined;
      if (!(sym && (sym.kind === 'input' || sym.kind === 'param') && sym.range)) {
        ctx.report('E5202', a.amount.span, '酌情扣分或加分的分值须是一个声明了范围的输入', {
          hint: '如：输入 【统筹协调酌情扣分】分（范围0-3分）：…；规则写作“酌情扣【统筹协调酌情扣分】”',
        });
      }
      return;
    }
    case 'Step':
      step(ctx, c, a);
      return;
    case 'Rank':
      for (const x of a.amounts.kind === 'List' ? a.amounts.amounts : [a.amounts.from, a.amounts.to]) {
        requirePoints(ctx, x, '名次分值');
      }
      return;
    case 'Multiplier':
      ctx.report('E4012', a.span, '倍数只能写在“其中…的”或“凡…的”句中', {
        hint: '如：【处分】每人次扣4分；其中【职务】为“副职”的，按1.5倍扣分',
      });
      return;
    case 'Criterion':
      if (info.mode !== 'check') {
        ctx.report('E4012', c.span, '只有条件没有扣分或加分；单独的条件只能用于“达标”项目', {
          hint: '写作“…的，扣1分”，或把项目设为“达标”',
        });
      }
      return;
    case 'Override':
    case 'Exempt':
      return;
  }
}

function checkRange(ctx: CheckContext, min: A.NumberLit, max: A.NumberLit, span: A.Span): void {
  const lo = Rational.of(min.value);
  const hi = Rational.of(max.value);
  if (lo.gt(hi)) {
    ctx.report('E5201', span, `范围${min.value}-${max.value}的下限大于上限`, { hint: '范围写作“小-大”，如1-3分' });
  } else if (lo.sign() < 0) {
    ctx.report('E5201', span, '范围的下限不能为负数');
  }
}

function step(ctx: CheckContext, c: A.Clause, a: Extract<A.Action, { kind: 'Step' }>): void {
  requirePoints(ctx, a.amount, '每级分值');
  if (Rational.of(a.step.value).sign() <= 0) {
    ctx.report('E5105', a.step.span, `级差须大于0，这里是${a.step.raw}`, { hint: '如：每少5%（含不足5%）扣0.5分' });
  }
  const cond = c.condition;
  const wanted = a.dir === 'less' ? ['<', '<='] : ['>', '>='];
  if (!cond || cond.kind !== 'Compare' || !wanted.includes(cond.op)) {
    ctx.report('E5104', a.span, `“${a.dir === 'less' ? '每少' : '每多'}…”须跟在门槛条件之后`, {
      hint: a.dir === 'less' ? '如：【覆盖率】未达到40%的，每少5%（含不足5%）扣0.5分' : '如：【超时件数】超过3件的，每多1件扣0.5分',
    });
  } else {
    const qt = ctx.typeOf(cond.left);
    const st = ctx.typeOf(a.step);
    if (qt?.kind === 'num' && st?.kind === 'num' && !sameDim(qt.dim, st.dim)) {
      ctx.report('E3001', a.step.span, `每级的单位${formatType(st)}与${describe(cond.left)}的单位${formatType(qt)}不一致`);
    }
  }
  if (a.partialStep && a.partialStep.value !== a.step.value) {
    ctx.report('E5103', a.partialStep.span, `“不足${a.partialStep.raw}”与级差“${a.step.raw}”不一致`, {
      hint: `写作：每少${a.step.raw}（含不足${a.step.raw}）`,
    });
  }
  if (!a.partial) {
    ctx.report('E5103', a.span, `未写明不足${a.step.raw}的部分如何计`, {
      hint: `写“（含不足${a.step.raw}）”表示不足一级也扣，或“（不足${a.step.raw}不计）”表示不扣`,
    });
  }
}

function refinement(ctx: CheckContext, s: Extract<A.Sentence, { kind: 'Refine' | 'ForAll' }>): void {
  const events = ctx.refineEvents.get(s) ?? [];
  const word = s.kind === 'Refine' ? '其中' : '凡';
  if (!events.length) {
    ctx.report('E4011', s.span, `“${word}…的”须跟在按次计分的事件规则之后`, {
      hint: '如：【不履行法定职责】扣1分/件；其中【造成危害后果】的，扣2分/件',
    });
    return;
  }
  const a = s.action;
  const allowed: A.Action['kind'][] = s.kind === 'Refine' ? ['PerUnit', 'Tiered', 'Multiplier', 'Exempt', 'Discretionary'] : ['Multiplier', 'Exempt'];
  if (!allowed.includes(a.kind)) {
    ctx.report('E4012', a.span, `“${word}…的”之后只能写${s.kind === 'Refine' ? '每次的分值、倍数或不扣分' : '倍数或不扣分'}`);
    return;
  }
  if (a.kind === 'PerUnit') requirePoints(ctx, a.amount, '每次的分值');
  if (a.kind === 'Multiplier') {
    const t = ctx.typeOf(a.factor);
    if (t && t.kind === 'num' && Object.keys(t.dim).length) ctx.report('E3007', a.factor.span, '倍数须是不带单位的数');
  }
}
