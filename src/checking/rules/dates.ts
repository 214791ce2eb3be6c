/** Dates are real calendar days (2022年2月30日 is not), and a period does not end before it starts. */
import { parseDate } from '../../runtime/calendar.js';
import type * as A from '../../syntax/ast.js';
import { visitAll } from '../../syntax/walk.js';
import type { CheckContext } from '../context.js';

export function checkDates(ctx: CheckContext): void {
  visitAll(ctx.ast.body, (n) => {
    // The type 日期 is a TypeSpec of kind Date too; only literals carry a value.
    if (n.kind === 'Date' && 'value' in n) {
      const d = n as A.DateExpr;
      try {
        parseDate(d.value);
      } catch {
        ctx.report('E3010', d.span, `“${d.raw}”不是有效的日期`, { hint: '日期写作2022年12月31日或2022-12-31' });
      }
    }
  });
  const periods = [...(ctx.header?.qualifiers ?? []), ...ctx.nodes.flatMap((n) => n.node.qualifiers)].filter(
    (q): q is Extract<A.Qualifier, { kind: 'Period' }> => q.kind === 'Period',
  );
  for (const p of periods) {
    if (p.from.value > p.to.value) {
      ctx.report('E5201', p.span, `期间从${p.from.raw}到${p.to.raw}，结束早于开始`, { hint: '期间写作“开始日期至结束日期”' });
    }
  }
}
