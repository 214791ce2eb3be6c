/**
 * R3: each item's scoring mode fits its rules. 扣分制 items deduct, 加分制 items add, 达标
 * items hold one criterion (or none: the checklist answer), 赋分 items take one ranged value or a
 * rank, 公式 items compute a value. Items that need points to start from have them.
 */
import { Rational } from '../../runtime/rational.js';
import type * as A from '../../syntax/ast.js';
import { describeNode } from '../../syntax/walk.js';
import type { CheckContext, NodeInfo } from '../context.js';

const MODE_NAME: Record<A.ScoringMode, string> = {
  deduct: '扣分制',
  add: '加分制',
  check: '达标',
  assign: '赋分',
  points: '积分制',
  formula: '公式',
};

function clauses(info: NodeInfo): A.Clause[] {
  return info.node.body.flatMap((s) => (s.kind === 'Rule' ? s.alternatives : []));
}

function poolHasError(info: NodeInfo): boolean {
  return info.node.body.some((s) => s.kind === 'Error') || (!info.composite && info.children.some(poolHasError));
}

/** A pool's rules: its own and those of its point-less descendants. */
function poolClauses(info: NodeInfo): A.Clause[] {
  return [...clauses(info), ...(info.composite ? [] : info.children.flatMap(poolClauses))];
}

function signOf(a: A.Action): A.Sign | undefined {
  switch (a.kind) {
    case 'Flat':
    case 'PerUnit':
    case 'Tiered':
    case 'Discretionary':
    case 'Judged':
    case 'Step':
    case 'Rank':
      return a.sign;
    default:
      return undefined;
  }
}

export function checkModes(ctx: CheckContext): void {
  const reportedMissing = new Set<NodeInfo>();
  for (const info of ctx.nodes) {
    const isPool = !info.composite;
    if (!info.mode && !info.node.broken) {
      // Report once, at the highest item without a mode.
      let top = info;
      while (top.parent && !top.parent.mode) top = top.parent;
      // Under a heading that did not parse, the mode may well be written: it is just unknown.
      let brokenAbove = false;
      for (let n: NodeInfo | undefined = info; n; n = n.parent) brokenAbove ||= !!n.node.broken;
      if (isPool && !brokenAbove && !reportedMissing.has(top)) {
        reportedMissing.add(top);
        ctx.report('E4004', top.node.span, `${describeNode(top.node)}未指明计分方式`, {
          hint: '在标题后的括号中写明：扣分制、加分制、达标、赋分、公式或积分制；下级项目沿用上级的方式',
        });
      }
      continue;
    }
    if (!isPool) continue;
    const mode = info.mode;
    if (info.node.broken) continue;
    const inPool = info.parent !== undefined && !info.parent.composite;
    const mixedParent =
      info.parent !== undefined && info.parent.children.some((c) => c.points === undefined) && info.parent.children.some((c) => c.points !== undefined);
    const needsPoints = (mode === 'check' || mode === 'assign' || mode === 'formula' || mode === 'deduct') && !inPool;
    if (needsPoints && !mixedParent && info.points === undefined && !(info.parent === undefined && !ctx.headerQualifier('FullMarks') && mode === 'formula')) {
      ctx.report('E4010', info.node.span, `${describeNode(info.node)}是${MODE_NAME[mode]}项目，须写明分值`, {
        hint: '在标题后的括号中写分值，如（2分）',
      });
    }
    const cs = clauses(info);
    if (!cs.length && !info.children.length && mode !== 'check' && !info.node.body.some((s) => s.kind === 'Error')) {
      ctx.report('W4009', info.node.span, `${describeNode(info.node)}没有任何规则，得分将始终为${mode === 'deduct' ? '满分' : '0分'}`);
    }
    for (const c of cs) {
      const sign = signOf(c.action);
      if (mode === 'deduct' && sign === 'add') {
        ctx.report('E4003', c.action.span, `${describeNode(info.node)}是扣分制，不能加分`, { hint: '加分项目请设为加分制' });
      } else if (mode === 'add' && sign === 'deduct') {
        ctx.report('E4003', c.action.span, `${describeNode(info.node)}是加分制，不能扣分`, { hint: '扣分项目请设为扣分制' });
      } else if ((mode === 'deduct' || mode === 'add') && sign === 'get' && c.action.kind !== 'PerUnit') {
        ctx.report('E4003', c.action.span, `${describeNode(info.node)}是${MODE_NAME[mode]}，“得”只能用于赋分或公式项目`, {
          hint: `写作“${mode === 'deduct' ? '扣' : '加'}…”，或把项目设为赋分、公式`,
        });
      }
    }
    if (mode === 'check') {
      const bad = cs.find((c) => c.action.kind !== 'Criterion' && c.action.kind !== 'Override');
      if (bad) {
        ctx.report('E4007', bad.span, `${describeNode(info.node)}是达标项目，规则应是一个条件（满足得满分，否则0分）`, {
          hint: '如：【持证率】达到95%（含）以上；不写规则则由数据给出是否达标',
        });
      }
    }
    const pool = poolClauses(info);
    // A sentence that did not parse has been reported; what it held is unknown.
    const unparsed = poolHasError(info);
    if (mode === 'assign' && !inPool && !unparsed) {
      const gets = pool.filter((c) => signOf(c.action) === 'get' || c.action.kind === 'Override');
      const ok = gets.length >= 1 && gets.every((c) => assignable(ctx, info, c.action));
      if (!ok) {
        ctx.report('E4005', gets[0]?.action.span ?? info.node.span, `${describeNode(info.node)}是赋分项目，须“得”一个声明了范围的分值输入，或按排名赋分`, {
          hint: `如：输入【领导赋分】分（范围0-${info.points ?? '10'}分）；规则写作“得【领导赋分】”`,
        });
      }
    }
    if (mode === 'formula' && !inPool && !unparsed && !pool.some((c) => signOf(c.action) === 'get' || c.action.kind === 'Override')) {
      ctx.report('E4008', info.node.span, `${describeNode(info.node)}是公式项目，缺少“得…”`, {
        hint: '如：得（【满意】×1+【基本满意】×0.6）÷【总票数】×30分',
      });
    }
  }
}

/** A ranked score, or a 分 input whose declared range lies within [0, points]. */
function assignable(ctx: CheckContext, info: NodeInfo, a: A.Action): boolean {
  if (a.kind === 'Rank' || a.kind === 'Override') return true;
  if (a.kind !== 'Flat' || a.amount.kind !== 'Ref') return false;
  const sym = ctx.refs.get(a.amount);
  if (!sym || (sym.kind !== 'input' && sym.kind !== 'param') || !sym.range) return false;
  if (info.points === undefined) return true;
  return Rational.of(sym.range.min.value).sign() >= 0 && Rational.of(sym.range.max.value).le(Rational.of(info.points));
}
