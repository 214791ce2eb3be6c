/** R35: a veto (否优) condition is a yes/no judgement, never a bare count or a score. */
import type * as A from '../../syntax/ast.js';
import { blockOf } from '../../syntax/walk.js';
import type { CheckContext } from '../context.js';
import { describe } from '../infer.js';
import { formatType } from '../types.js';

function isBoolean(ctx: CheckContext, c: A.Cond): boolean {
  switch (c.kind) {
    case 'Compare':
      return true;
    case 'Not':
      return isBoolean(ctx, c.operand);
    case 'And':
    case 'Or':
      return c.items.every((i) => isBoolean(ctx, i));
    case 'Truthy': {
      const t = ctx.typeOf(c.expr);
      return t === undefined || t.kind === 'bool' || t.kind === 'unknown';
    }
  }
}

export function checkVeto(ctx: CheckContext): void {
  const veto = blockOf(ctx.ast, 'Veto');
  if (!veto) return;
  for (const c of veto.conditions) {
    if (isBoolean(ctx, c)) continue;
    const bad = c.kind === 'Truthy' ? c : c;
    const t = bad.kind === 'Truthy' ? ctx.typeOf(bad.expr) : undefined;
    ctx.report('E6005', c.span, `否优条件须是“是否”判断，${bad.kind === 'Truthy' ? `${describe(bad.expr)}是${formatType(t!)}` : '这里不是'}`, {
      hint: bad.kind === 'Truthy' ? `写明比较，如：${describe(bad.expr)}超过0人` : undefined,
    });
  }
}
