/** Items keep the document's numbering, so siblings must not share a number: results cite them. */
import type * as A from '../../syntax/ast.js';
import { describeNode, itemNumber } from '../../syntax/walk.js';
import type { CheckContext } from '../context.js';

export function checkNumbering(ctx: CheckContext): void {
  const siblings = (nodes: A.ScoreNode[]) => {
    const seen = new Map<string, A.ScoreNode>();
    for (const n of nodes) {
      const key = `${n.marker.style}:${itemNumber(n.marker)}`;
      const first = seen.get(key);
      if (first) {
        ctx.report('E4006', n.marker.span, `同一级下有两个${describeNode(n)}`, {
          hint: '同级项目的序号不能重复；结果和报告按序号引用项目',
          related: [{ span: first.marker.span, message: '第一次出现在此' }],
        });
      } else {
        seen.set(key, n);
      }
    }
  };
  siblings(ctx.roots.map((r) => r.node));
  for (const info of ctx.nodes) siblings(info.node.children);
}
