/**
 * R11: every threshold says whether its boundary is included. 不足90% is <, 达到80分 is >=;
 * 以上 and 以下 must be written with （含） or （不含）. Words that contradict each other
 * (超过80分（含）) are errors too. Applies to every condition and every grade bound.
 */
import type * as A from '../../syntax/ast.js';
import { visitAll } from '../../syntax/walk.js';
import type { CheckContext } from '../context.js';

export function checkBoundaries(ctx: CheckContext): void {
  visitAll(ctx.ast.body, (n) => {
    if (n.kind === 'Compare') {
      const c = n as A.CompareCond;
      if (c.unstatedBoundary) unstated(ctx, c.span, c.words);
      if (c.contradictory) {
        const value = c.right[0]?.kind === 'Number' ? c.right[0].raw : '';
        ctx.report('E5102', c.span, `“${c.words}”（${value || '比较的值'}）前后矛盾：无法确定是否含本数`, {
          hint: '如“超过80分”表示不含80分，“达到80分”表示含80分',
        });
      }
    } else if (n.kind === 'Band') {
      for (const b of (n as A.GradeBand).bounds) if (b.unstatedBoundary) unstated(ctx, b.span, b.words);
    }
  });
}

function unstated(ctx: CheckContext, span: A.Span, words: string): void {
  ctx.report('E5101', span, `“${words}”未写明是否含本数`, {
    hint: '写作“80分（含）以上”或“80分（不含）以上”；也可用“达到”（含）、“超过”（不含）、“不足”（不含）',
  });
}
