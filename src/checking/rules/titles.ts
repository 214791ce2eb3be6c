/**
 * R36 and R38: titles (评定) and their use. A title chosen from another title names one that
 * exists; a share of a group (前10%) says how it is rounded; per-group lists pair values with
 * counts; 结果运用 lines name titles or grades that exist and sum by a declared input.
 */
import type * as A from '../../syntax/ast.js';
import { blockOf } from '../../syntax/walk.js';
import type { CheckContext } from '../context.js';

export function checkTitles(ctx: CheckContext): void {
  const titles = blockOf(ctx.ast, 'Titles');
  const grades = blockOf(ctx.ast, 'Grades');
  const known = new Set<string>([...(titles?.defs.map((d) => d.label) ?? []), ...(grades?.bands.map((b) => b.label) ?? [])]);
  const list = () => [...known].map((l) => `“${l}”`).join('、') || '（无）';
  for (const d of titles?.defs ?? []) {
    if (d.from && !known.has(d.from.label)) {
      ctx.report('E2008', d.from.span, `“${d.from.label}”不是已定义的称号或等次`, { hint: `已定义：${list()}` });
    }
    const r = d.rank;
    if (!r) continue;
    const counts: A.CountSpec[] = r.perGroup ? r.perGroup.counts : [r.count];
    if (counts.some((c) => c.kind === 'Share') && !r.rounding) {
      ctx.report('E6006', d.labelSpan, `“${d.label}”按比例评定，未写明人数如何取整`, {
        hint: '在比例后写“（向下取整，至少1名）”或“（向上取整）”',
      });
    }
    if (r.perGroup && r.perGroup.values.length !== r.perGroup.counts.length) {
      ctx.report('E5304', d.span, `列了${r.perGroup.values.length}个组，却有${r.perGroup.counts.length}个名额`);
    }
    for (const g of [r.group, r.perGroup?.attr]) {
      if (!g) continue;
      const sym = ctx.refs.get(g);
      if (sym && !(sym.kind === 'input' && sym.group)) {
        ctx.report('E2005', g.span, `分组【${g.name}】须是声明了“（分组）”的输入`);
      }
    }
  }
  const use = blockOf(ctx.ast, 'ResultUse');
  if (use) {
    if (!use.by) {
      ctx.report('E2005', use.span, '结果运用须写明按什么汇总', { hint: '如：结果运用：按【主管部门】汇总' });
    } else {
      const sym = ctx.refs.get(use.by);
      if (sym && sym.kind !== 'input' && sym.kind !== 'param') {
        ctx.report('E2005', use.by.span, `结果运用按【${use.by.name}】汇总，它须是一个输入`);
      }
    }
    for (const r of use.rules) {
      if (!known.has(r.label.label)) {
        ctx.report('E2008', r.label.span, `“${r.label.label}”不是已定义的称号或等次`, { hint: `已定义：${list()}` });
      }
    }
  }
}
