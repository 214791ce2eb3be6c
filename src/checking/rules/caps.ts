/**
 * R7: caps are positive, and a cap is never below a single charge of the rule it caps (限扣2分
 * on 扣3分/件 could never let one occurrence count in full, which is a typo, not a rule).
 */
import { Rational } from '../../runtime/rational.js';
import type * as A from '../../syntax/ast.js';
import { describeNode } from '../../syntax/walk.js';
import type { CheckContext } from '../context.js';

/** The most one occurrence (or one firing) of a clause can charge, when written as numbers. */
export function singleCharge(a: A.Action): Rational | undefined {
  const lit = (e: A.Expr) => (e.kind === 'Number' && !e.percent ? Rational.of(e.value) : undefined);
  switch (a.kind) {
    case 'Flat':
    case 'PerUnit':
      return lit(a.amount);
    case 'Tiered':
      return a.amounts.length ? Rational.max(...a.amounts.map((x) => Rational.of(x.value))) : undefined;
    case 'Discretionary':
      return Rational.of(a.max.value);
    case 'Step':
      return Rational.of(a.amount.value);
    default:
      return undefined;
  }
}

type CapQ = Extract<A.Qualifier, { kind: 'Cap' | 'DeductUntil' }>;

function capAmount(q: CapQ): A.NumberLit | undefined {
  return q.kind === 'Cap' ? q.amount : q.amount;
}

export function checkCaps(ctx: CheckContext): void {
  const checkPositive = (q: A.Qualifier) => {
    if ((q.kind === 'Cap' || q.kind === 'DeductUntil') && q.amount && Rational.of(q.amount.value).sign() <= 0) {
      ctx.report('E5001', q.span, `封顶分值须大于0，这里是${q.amount.value}分`);
    }
  };
  const belowSingle = (q: A.Qualifier, c: A.Clause, where: string) => {
    if (q.kind !== 'Cap' && q.kind !== 'DeductUntil') return;
    const amount = capAmount(q);
    const single = singleCharge(c.action);
    if (!amount || !single) return;
    if (Rational.of(amount.value).lt(single)) {
      ctx.report(
        'E5002',
        q.span,
        `${where}的${q.kind === 'Cap' ? q.word : '扣完'}${amount.value}分低于单次${c.action.kind === 'Discretionary' ? '最多' : ''}扣分${single.toString()}分`,
        {
          hint: '封顶应不低于单次扣分，否则一次都不能足额计分；请核对分值',
          related: [{ span: c.action.span, message: '单次分值' }],
        },
      );
    }
  };
  for (const info of ctx.nodes) {
    const nodeCaps = [...info.node.qualifiers, ...info.node.body.flatMap((s) => (s.kind === 'ItemQualifiers' ? s.qualifiers : []))];
    for (const q of nodeCaps) checkPositive(q);
    for (const s of info.node.body) {
      if (s.kind !== 'Rule') continue;
      for (const c of s.alternatives) {
        for (const q of c.qualifiers) {
          checkPositive(q);
          belowSingle(q, c, '该规则');
        }
        for (const q of nodeCaps) belowSingle(q, c, describeNode(info.node));
      }
    }
  }
}
