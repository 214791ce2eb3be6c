/**
 * An item's score must not depend on itself: through an alias (简称), through 总分, through
 * computed values, or through its own children. Otherwise scoring could only fail (D1005);
 * the checker says so at the reference instead.
 */
import type * as A from '../../syntax/ast.js';
import { describeNode, visitAll } from '../../syntax/walk.js';
import type { CheckContext, NodeInfo } from '../context.js';

interface Edge {
  to: NodeInfo;
  /** Where the dependency is written (absent for parent → child). */
  at?: A.Span;
  via?: string;
}

export function checkCycles(ctx: CheckContext): void {
  const computedDeps = new Map<string, { node: NodeInfo; via: string }[]>();
  const depsOfComputed = (name: string, seen: Set<string>): { node: NodeInfo; via: string }[] => {
    const memo = computedDeps.get(name);
    if (memo) return memo;
    if (seen.has(name)) return [];
    seen.add(name);
    const sym = ctx.scope.globals.get(name);
    const out: { node: NodeInfo; via: string }[] = [];
    if (sym?.kind === 'computed') {
      for (const r of refsIn(ctx, sym.decl, seen)) out.push({ node: r.node, via: `【${name}】` });
    }
    computedDeps.set(name, out);
    return out;
  };
  function refsIn(c: CheckContext, root: unknown, seen: Set<string>): { node: NodeInfo; at: A.Span; via?: string }[] {
    const out: { node: NodeInfo; at: A.Span; via?: string }[] = [];
    visitAll(root, (n) => {
      if (n.kind === 'Ref') {
        const ref = n as A.RefExpr;
        const sym = c.refs.get(ref);
        if (sym?.kind === 'alias') out.push({ node: c.byNode.get(sym.node)!, at: ref.span, via: `【${ref.name}】` });
        else if (sym?.kind === 'computed')
          for (const d of depsOfComputed(sym.name, seen)) out.push({ node: d.node, at: ref.span, via: `${d.via}（经【${ref.name}】）` });
      } else if (n.kind === 'Special' && (n as A.SpecialExpr).which === 'total') {
        for (const r of c.roots) out.push({ node: r, at: (n as A.SpecialExpr).span, via: '总分' });
      }
    });
    return out;
  }
  const edges = new Map<NodeInfo, Edge[]>();
  for (const info of ctx.nodes) {
    const own: Edge[] = info.children.map((c) => ({ to: c }));
    // The item's own sentences and qualifiers, not its children's (they are edges of their own).
    for (const r of refsIn(ctx, [info.node.body, info.node.qualifiers], new Set())) own.push({ to: r.node, at: r.at, ...(r.via ? { via: r.via } : {}) });
    edges.set(info, own);
  }
  const state = new Map<NodeInfo, 'open' | 'done'>();
  const reported = new Set<NodeInfo>();
  const visit = (n: NodeInfo, path: { node: NodeInfo; edge?: Edge }[]): void => {
    state.set(n, 'open');
    for (const e of edges.get(n) ?? []) {
      if (state.get(e.to) === 'open') {
        // A cycle: report it once, at the first written reference on it.
        const start = path.findIndex((p) => p.node === e.to);
        const cycle = [...path.slice(start + 1).map((p) => p.edge!), e];
        const written = cycle.find((x) => x.at);
        if (written?.at && !reported.has(e.to)) {
          reported.add(e.to);
          ctx.report('E2007', written.at, `${describeNode(e.to.node)}的得分通过${written.via ?? '引用'}依赖它自己`, {
            hint: '项目得分不能引用自己、自己的上级或总分；把需要的值写成“计算：”中的计算值',
          });
        }
      } else if (!state.has(e.to)) {
        visit(e.to, [...path, { node: e.to, edge: e }]);
      }
    }
    state.set(n, 'done');
  };
  for (const r of ctx.nodes) if (!state.has(r)) visit(r, [{ node: r }]);
}
