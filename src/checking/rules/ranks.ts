/**
 * R22: rank tables are well formed (第1-5名 has five amounts, or a range in equal steps), and
 * every ranking says what ties get (并列取高, 并列取平均, 并列按【x】…), on the rule, an
 * enclosing item or the header. Quotas and ranked titles need a tie rule too.
 */
import type * as A from '../../syntax/ast.js';
import type { CheckContext, NodeInfo } from '../context.js';

export function tieRuleFor(ctx: CheckContext, info: NodeInfo | undefined, clauseQuals: A.Qualifier[] = []): A.TieRule | undefined {
  const find = (qs: A.Qualifier[]) => qs.find((q) => q.kind === 'Tie') as Extract<A.Qualifier, { kind: 'Tie' }> | undefined;
  const own = find(clauseQuals);
  if (own) return own.rule;
  for (let n = info; n; n = n.parent) {
    const q = find([...n.node.qualifiers, ...n.node.body.flatMap((s) => (s.kind === 'ItemQualifiers' ? s.qualifiers : []))]);
    if (q) return q.rule;
  }
  return ctx.headerQualifier('Tie')?.rule;
}

const TIE_HINT = '在规则或评定后写“（并列取高）”“（并列取平均）”或“（并列按【某值】从高到低）”，或在首行括号中为全文统一写明';

export function checkRanks(ctx: CheckContext): void {
  for (const info of ctx.nodes) {
    for (const s of info.node.body) {
      if (s.kind !== 'Rule') continue;
      for (const c of s.alternatives) {
        const a = c.action;
        if (a.kind !== 'Rank') continue;
        if (a.from < 1) {
          ctx.report('E5301', a.span, `名次从第1名起算，这里写了第${a.from}名`);
        } else if (a.to !== undefined && a.to < a.from) {
          ctx.report('E5301', a.span, `名次范围第${a.from}至第${a.to}名前大后小`);
        } else if (a.amounts.kind === 'List') {
          if (a.to === undefined) {
            ctx.report('E5301', a.amounts.span, '“第1名至末名”的分值须写成范围（如2-0.2分），按名次等差赋分', { hint: '或写明名次范围，如第1-5名' });
          } else if (a.amounts.amounts.length !== a.to - a.from + 1) {
            ctx.report('E5301', a.amounts.span, `第${a.from}至第${a.to}名共${a.to - a.from + 1}个名次，却列了${a.amounts.amounts.length}个分值`, {
              hint: '每个名次对应一个分值，或写成范围如1.0-0.2分',
            });
          }
        } else if (a.to === a.from) {
          ctx.report('E5301', a.amounts.span, '只有一个名次时不能写分值范围', { hint: '写作：第1名加1分' });
        }
        if (!tieRuleFor(ctx, info, c.qualifiers)) {
          ctx.report('E5302', a.span, '排名未写明并列时如何计分', { hint: TIE_HINT });
        }
      }
    }
  }
  for (const b of ctx.ast.body) {
    if (b.kind === 'Grades') {
      for (const band of b.bands) {
        if (band.quota && !band.quota.tie && !ctx.headerQualifier('Tie')) {
          ctx.report('E5302', band.quota.span, `“${band.label}”限${band.quota.count}名，但未写明名额边界上并列时如何处理`, { hint: TIE_HINT });
        }
      }
    } else if (b.kind === 'Titles') {
      for (const d of b.defs) {
        if (d.rank && !d.rank.tie && !ctx.headerQualifier('Tie')) {
          ctx.report('E5302', d.labelSpan, `“${d.label}”按排名评定，但未写明并列时如何处理`, { hint: TIE_HINT });
        }
      }
    }
  }
}
