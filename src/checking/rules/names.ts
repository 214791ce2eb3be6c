/**
 * Names: every input, event kind and attribute is declared once, with a type and a Chinese
 * description; every name used resolves; every expression gets its type. Runs first: the other
 * rules read the types and symbols it records.
 */
import type * as A from '../../syntax/ast.js';
import { declarations } from '../../syntax/walk.js';
import type { CheckContext, NodeInfo } from '../context.js';
import { Inferrer, type Env } from '../infer.js';
import { BUILTIN_EVENT_FIELDS, type EventSym } from '../scope.js';
import { formatType } from '../types.js';
import { sameDim, unitDim } from '../units.js';

const PER_OCCURRENCE = new Set<A.Action['kind']>(['PerUnit', 'Tiered', 'Discretionary']);

export function checkNames(ctx: CheckContext): Inferrer {
  const inf = new Inferrer(ctx);

  for (const { name, first } of ctx.scope.duplicates) {
    ctx.report('E2001', name.span, `名称【${name.name}】重复声明`, {
      related: [{ span: first.span, message: '第一次声明在此' }],
    });
  }

  for (const d of declarations(ctx.ast)) {
    if (d.kind === 'Event') {
      if (!d.unit) {
        ctx.report('E2009', d.name.span, `事件【${d.name.name}】缺少量词`, { hint: '写作：【不履行法定职责】件：…' });
      }
      if (d.desc === undefined) ctx.report('W2010', d.name.span, `事件【${d.name.name}】缺少中文说明`, { hint: '在冒号后写明它的含义' });
      const ev = ctx.scope.globals.get(d.name.name);
      for (const a of d.attributes) {
        if ((BUILTIN_EVENT_FIELDS as readonly string[]).includes(a.name.name)) {
          ctx.report('E2004', a.name.span, `【${a.name.name}】是每个事件都有的内置字段，不能再声明为属性`, {
            hint: `内置字段：${BUILTIN_EVENT_FIELDS.map((f) => `【${f}】`).join('')}`,
          });
        }
        if (!a.type) ctx.report('E2009', a.name.span, `属性【${a.name.name}】缺少类型`);
        if (a.desc === undefined) ctx.report('W2010', a.name.span, `属性【${a.name.name}】缺少中文说明`);
        const attrSym = ev?.kind === 'event' ? ev.attributes.get(a.name.name) : undefined;
        for (const q of a.qualifiers) {
          if (q.kind !== 'Missing') continue;
          // A default may name parameters and inputs (not the event's own attributes).
          const t = inf.expr(q.value, {});
          if (attrSym && attrSym.type.kind !== 'unknown' && !inf.compatible(attrSym.type, t, undefined, q.value)) {
            ctx.report('E3001', q.value.span, `缺失时的取值是${formatType(t)}，与属性【${a.name.name}】的类型${formatType(attrSym.type)}不符`);
          }
        }
      }
      if (d.charge && ev?.kind === 'event') {
        for (const t of d.charge.targets) {
          const attr = ev.attributes.get(t.attr.name);
          if (!attr) {
            ctx.report('E2002', t.attr.span, `事件【${d.name.name}】没有属性【${t.attr.name}】`);
          } else if (attr.type.kind !== 'subject') {
            ctx.report('E2005', t.attr.span, `“计入”的【${t.attr.name}】须是“对象”类型的属性，这里是${formatType(attr.type)}`);
          } else {
            ctx.refs.set(t.attr, attr);
          }
        }
      }
      continue;
    }
    if (d.kind === 'Computed') {
      if (d.desc === undefined) ctx.report('W2010', d.name.span, `计算值【${d.name.name}】缺少中文说明`);
      inf.computedType(d.name.name);
      continue;
    }
    const what = d.kind === 'Input' ? '输入' : '参数';
    if (!d.type) ctx.report('E2009', d.name.span, `${what}【${d.name.name}】缺少类型或量词`, { hint: '如：件、人、分、百分比、是否' });
    if (d.desc === undefined) ctx.report('W2010', d.name.span, `${what}【${d.name.name}】缺少中文说明`);
    const sym = ctx.scope.globals.get(d.name.name);
    for (const q of d.qualifiers) {
      if (q.kind === 'Missing' && sym && (sym.kind === 'input' || sym.kind === 'param')) {
        const t = inf.expr(q.value, {});
        if (!inf.compatible(sym.type, t, undefined, q.value) && sym.type.kind !== 'unknown') {
          ctx.report('E3001', q.value.span, `缺失时的取值是${formatType(t)}，与【${d.name.name}】的类型${formatType(sym.type)}不符`);
        }
      }
      if (q.kind === 'Range' && sym && (sym.kind === 'input' || sym.kind === 'param')) {
        for (const bound of [q.min, q.max]) {
          const t = inf.expr(bound, {});
          if (sym.type.kind === 'num' && sym.type.percent && !bound.percent && Number(bound.value) !== 0) {
            ctx.report('E3001', bound.span, `【${d.name.name}】是百分比，范围须写成百分比`, { hint: '如：范围0-100%' });
            continue;
          }
          if (!inf.compatible(sym.type, t) && sym.type.kind !== 'unknown') {
            ctx.report('E3001', bound.span, `范围的单位是${formatType(t)}，与【${d.name.name}】的类型${formatType(sym.type)}不符`);
          }
        }
      }
    }
  }

  for (const n of ctx.roots) walkNode(ctx, inf, n);
  checkOutcomes(ctx, inf);
  return inf;
}

/** The event kind a clause counts, if it is about events. */
function clauseEvent(ctx: CheckContext, c: A.Clause): EventSym | undefined {
  const fromExpr = (e: A.Expr | undefined): EventSym | undefined => {
    if (e?.kind === 'Filter') return fromExpr(e.event);
    if (e?.kind !== 'Ref') return undefined;
    const sym = ctx.scope.globals.get(e.name);
    return sym?.kind === 'event' ? sym : undefined;
  };
  if (c.subject) return fromExpr(c.subject.expr);
  // 【不履行法定职责】的，扣1分/件: the condition names what is counted.
  if (c.condition?.kind === 'Truthy' && PER_OCCURRENCE.has(c.action.kind)) return fromExpr(c.condition.expr);
  return undefined;
}

/** Event kinds counted by per-occurrence rules of a node and all its descendants (for 凡…的). */
function subtreeEvents(ctx: CheckContext, info: NodeInfo): EventSym[] {
  const out: EventSym[] = [];
  const visit = (n: NodeInfo) => {
    for (const s of n.node.body) {
      if (s.kind !== 'Rule') continue;
      for (const c of s.alternatives) {
        const ev = clauseEvent(ctx, c);
        if (ev && !out.includes(ev)) out.push(ev);
      }
    }
    n.children.forEach(visit);
  };
  visit(info);
  return out;
}

function walkNode(ctx: CheckContext, inf: Inferrer, info: NodeInfo): void {
  const env: Env = { node: info };
  let last: EventSym[] = [];
  const nodeEvents = subtreeEvents(ctx, info);
  for (const q of info.node.qualifiers) qualifier(ctx, inf, q, env);
  for (const s of info.node.body) {
    switch (s.kind) {
      case 'Rule': {
        last = [];
        for (const c of s.alternatives) {
          const ev = clauseEvent(ctx, c);
          if (ev) {
            ctx.clauseEvents.set(c, ev);
            last.push(ev);
          }
          clause(ctx, inf, c, env, ev);
        }
        break;
      }
      case 'Refine': {
        ctx.refineEvents.set(s, last);
        const e: Env = { ...env, events: last };
        inf.cond(s.condition, e);
        action(ctx, inf, s.action, e);
        for (const q of s.qualifiers) qualifier(ctx, inf, q, e);
        break;
      }
      case 'ForAll': {
        ctx.refineEvents.set(s, nodeEvents.slice());
        // 凡 covers the item and everything under it; the attribute must exist on each kind.
        for (const ev of nodeEvents.length ? nodeEvents : [undefined]) {
          inf.cond(s.condition, { ...env, ...(ev ? { events: [ev] } : {}) });
        }
        action(ctx, inf, s.action, env);
        break;
      }
      case 'ItemQualifiers':
        for (const q of s.qualifiers) qualifier(ctx, inf, q, env);
        break;
      case 'Error':
        break;
    }
  }
  for (const c of info.children) walkNode(ctx, inf, c);
}

function clause(ctx: CheckContext, inf: Inferrer, c: A.Clause, env: Env, ev: EventSym | undefined): void {
  const inner: Env = { ...env, ...(ev ? { events: [ev] } : {}) };
  if (c.condition) inf.cond(c.condition, env);
  if (c.subject) inf.expr(c.subject.expr, env);
  action(ctx, inf, c.action, inner);
  for (const q of c.qualifiers) qualifier(ctx, inf, q, inner);
}

function action(ctx: CheckContext, inf: Inferrer, a: A.Action, env: Env): void {
  switch (a.kind) {
    case 'Flat':
    case 'PerUnit':
    case 'Judged':
    case 'Override':
      inf.expr(a.amount, env);
      return;
    case 'Tiered': {
      const ev = env.events?.[0];
      const attr = ev?.attributes.get(a.attr.name);
      if (!ev) {
        ctx.report('E2005', a.attr.span, '“按【属性】分别…”须写在关于某个事件的规则中', {
          hint: '如：【政策文件载入】按【级别】，“国家级”、“省级”每项分别加5分、3分',
        });
      } else if (!attr) {
        ctx.report('E2002', a.attr.span, `事件【${ev.name}】没有属性【${a.attr.name}】`);
      } else {
        ctx.refs.set(a.attr, attr);
        ctx.types.set(a.attr, attr.type);
      }
      for (const v of a.values) inf.expr(v, env);
      for (const x of a.amounts) inf.expr(x, env);
      return;
    }
    case 'Discretionary':
      inf.expr(a.min, env);
      inf.expr(a.max, env);
      return;
    case 'Step':
      inf.expr(a.step, env);
      inf.expr(a.amount, env);
      return;
    case 'Rank': {
      const objectEnv: Env = env.node ? { node: env.node } : {};
      inf.expr(a.metric, objectEnv);
      if (a.group) {
        inf.expr(a.group, objectEnv);
        const g = ctx.scope.globals.get(a.group.name);
        if (g && !(g.kind === 'input' && g.group)) {
          ctx.report('E2005', a.group.span, `排名的分组【${a.group.name}】须是声明了“（分组）”的输入`);
        }
      }
      const amounts = a.amounts.kind === 'List' ? a.amounts.amounts : [a.amounts.from, a.amounts.to];
      for (const x of amounts) inf.expr(x, env);
      return;
    }
    case 'Multiplier':
      inf.expr(a.factor, env);
      return;
    case 'Exempt':
    case 'Criterion':
      return;
  }
}

function qualifier(ctx: CheckContext, inf: Inferrer, q: A.Qualifier, env: Env): void {
  switch (q.kind) {
    case 'Exempt':
      inf.cond(q.cond, env);
      return;
    case 'Tie':
      if (q.rule.kind === 'by') inf.expr(q.rule.metric, env.node ? { node: env.node } : {});
      return;
    case 'Points':
    case 'FullMarks':
    case 'Cap':
    case 'Floor':
    case 'StepPartial':
      inf.expr('amount' in q ? q.amount : q.step, env);
      return;
    case 'DeductUntil':
      if (q.amount) inf.expr(q.amount, env);
      return;
    default:
      return;
  }
}

function checkOutcomes(ctx: CheckContext, inf: Inferrer): void {
  for (const b of ctx.ast.body) {
    if (b.kind === 'Grades') {
      for (const band of b.bands) {
        if (band.quota?.tie?.kind === 'by') inf.expr(band.quota.tie.metric, {});
        for (const bound of band.bounds) {
          const t = inf.expr(bound.value, {});
          if (t.kind === 'num' && !sameDim(t.dim, unitDim('分')) && !(Object.keys(t.dim).length === 0 && !bound.value.percent)) {
            ctx.report('E3001', bound.value.span, `等次按总分划分，分数界限须以“分”计，这里是${formatType(t)}`);
          }
        }
      }
    } else if (b.kind === 'Veto') {
      for (const c of b.conditions) inf.cond(c, {});
    } else if (b.kind === 'Titles') {
      for (const d of b.defs) {
        if (d.rank) {
          inf.expr(d.rank.metric, {});
          if (d.rank.group) inf.expr(d.rank.group, {});
          if (d.rank.perGroup) {
            const t = inf.expr(d.rank.perGroup.attr, {});
            for (const v of d.rank.perGroup.values) {
              inf.expr(v, {});
              if (t.kind === 'choice' && v.kind === 'Str' && !t.options.includes(v.value)) {
                ctx.report('E3005', v.span, `“${v.value}”不是【${d.rank.perGroup.attr.name}】的选项`, {
                  hint: `可选：${t.options.map((o) => `“${o}”`).join('、')}`,
                });
              }
            }
          }
        }
        if (d.condition) inf.cond(d.condition, {});
        if (d.among) inf.cond(d.among, {});
        if (d.plus) inf.cond(d.plus, {});
      }
    } else if (b.kind === 'ResultUse' && b.by) {
      inf.expr(b.by, {});
    }
  }
}
