/**
 * Name resolution and type inference for expressions and conditions. Every Ref gets its
 * symbol, every expression its type; mismatches become diagnostics (E2xxx names, E3xxx units).
 * After an error the type is `unknown`, which is accepted everywhere, so one mistake gives one
 * diagnostic.
 */
import type * as A from '../syntax/ast.js';
import type { CheckContext, NodeInfo } from './context.js';
import type { EventSym, Sym } from './scope.js';
import { BOOL, DATE, formatType, NUMBER_T, PERCENT_T, POINTS_T, TEXT, UNKNOWN, type ValueType } from './types.js';
import { divDim, isDimensionless, mulDim, POINTS, sameDim, unitDim, type Dim } from './units.js';

export interface Env {
  node?: NodeInfo;
  /** Inside a rule about this event kind: its attributes resolve first. */
  events?: EventSym[];
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length]![b.length]!;
}

/** Up to three declared names close to the one written: shared characters, small edit distance. */
export function suggestNames(name: string, candidates: Iterable<string>): string[] {
  const scored: { c: string; score: number }[] = [];
  for (const c of candidates) {
    // Edit distance is quadratic; very long names are compared by containment only.
    if (name.length * c.length > 20_000) {
      if (c.includes(name) || name.includes(c)) scored.push({ c, score: 0 });
      continue;
    }
    const d = editDistance(name, c);
    const overlap = c.includes(name) || name.includes(c);
    if (d <= Math.max(1, Math.floor(Math.max(name.length, c.length) / 3)) || overlap) scored.push({ c, score: overlap ? d - 1 : d });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.c.localeCompare(b.c))
    .slice(0, 3)
    .map((s) => s.c);
}

function isZeroLiteral(e: A.Expr): boolean {
  return e.kind === 'Number' && !e.unit && Number(e.value) === 0;
}

export class Inferrer {
  private computing = new Set<string>();
  private computedTypes = new Map<string, ValueType>();

  constructor(private ctx: CheckContext) {}

  private record(e: A.Expr, t: ValueType): ValueType {
    this.ctx.types.set(e, t);
    return t;
  }

  resolve(ref: A.RefExpr, env: Env): Sym | undefined {
    if (ref.name === '') {
      this.ctx.report('E2006', ref.span, '名称为空：【】中须写名称');
      return undefined;
    }
    for (const ev of env.events ?? []) {
      const attr = ev.attributes.get(ref.name);
      if (attr) {
        this.ctx.refs.set(ref, attr);
        return attr;
      }
    }
    const sym = this.ctx.scope.globals.get(ref.name);
    if (sym) {
      this.ctx.refs.set(ref, sym);
      return sym;
    }
    const owner = this.ctx.scope.events.find((ev) => ev.attributes.get(ref.name)?.decl);
    if (owner) {
      this.ctx.report('E2003', ref.span, `【${ref.name}】是事件【${owner.name}】的属性，只能用在关于【${owner.name}】的规则中`, {
        hint: `写作：【${owner.name}】中【${ref.name}】…的，…；或在“其中”“凡”句中使用`,
      });
      return undefined;
    }
    const pool = [...this.ctx.scope.globals.keys(), ...(env.events ?? []).flatMap((e) => [...e.attributes.keys()])];
    const near = suggestNames(ref.name, pool);
    this.ctx.report('E2002', ref.span, `名称【${ref.name}】未声明`, {
      hint: near.length ? `是否想写：${near.map((n) => `【${n}】`).join('、')}？` : '在“输入：”“事件：”“参数：”或“计算：”中声明它，写明类型和说明',
    });
    return undefined;
  }

  /** The type of a name where it is used as a value. */
  private symType(sym: Sym, ref: A.RefExpr): ValueType {
    switch (sym.kind) {
      case 'input':
      case 'param':
        return sym.type;
      case 'computed':
        return this.computedType(sym.name, ref);
      case 'event':
        // An event kind used as a value is its count.
        return sym.unit ? { kind: 'num', dim: unitDim(sym.unit) } : UNKNOWN;
      case 'attribute':
        return sym.type;
      case 'alias':
        return POINTS_T;
    }
  }

  computedType(name: string, at?: A.RefExpr): ValueType {
    const done = this.computedTypes.get(name);
    if (done) return done;
    const sym = this.ctx.scope.globals.get(name);
    if (!sym || sym.kind !== 'computed') return UNKNOWN;
    if (this.computing.has(name)) {
      this.ctx.report('E2007', at?.span ?? sym.decl.span, `计算值【${name}】循环引用了自己`, {
        hint: '计算值之间不能互相依赖成环',
      });
      return UNKNOWN;
    }
    this.computing.add(name);
    const decl = sym.decl as A.ComputedDecl;
    let t: ValueType;
    if (decl.value.kind === 'Truthy') {
      t = this.expr(decl.value.expr, {});
    } else {
      this.cond(decl.value, {});
      t = BOOL;
    }
    this.computing.delete(name);
    if (sym.type.kind !== 'unknown' && t.kind !== 'unknown' && !this.assignable(t, sym.type)) {
      this.ctx.report('E3006', decl.span, `计算值【${name}】声明为${formatType(sym.type)}，但算出的是${formatType(t)}`);
    }
    const result = sym.type.kind !== 'unknown' ? sym.type : t;
    this.computedTypes.set(name, result);
    return result;
  }

  private assignable(from: ValueType, to: ValueType): boolean {
    if (from.kind === 'num' && to.kind === 'num') return sameDim(from.dim, to.dim);
    if (to.kind === 'bool' && from.kind === 'num') return false;
    return from.kind === to.kind;
  }

  expr(e: A.Expr, env: Env): ValueType {
    switch (e.kind) {
      case 'Number': {
        if (e.percent) return this.record(e, PERCENT_T);
        let dim: Dim = e.unit ? unitDim(e.unit.word) : {};
        if (e.per) dim = divDim(dim, unitDim(e.per.word));
        return this.record(e, { kind: 'num', dim });
      }
      case 'Ref': {
        const sym = this.resolve(e, env);
        return this.record(e, sym ? this.symType(sym, e) : UNKNOWN);
      }
      case 'Str':
        return this.record(e, TEXT);
      case 'Bool':
        return this.record(e, BOOL);
      case 'Date':
        return this.record(e, DATE);
      case 'Paren':
        return this.record(e, this.expr(e.inner, env));
      case 'Neg': {
        const t = this.expr(e.operand, env);
        return this.record(e, this.requireNum(t, e.operand) ? t : UNKNOWN);
      }
      case 'Binary':
        return this.record(e, this.binary(e, env));
      case 'Pop': {
        const t = this.expr(e.arg, env);
        if (e.filter) this.cond(e.filter, { ...(env.node ? { node: env.node } : {}) });
        return this.record(e, this.requireNum(t, e.arg) ? t : UNKNOWN);
      }
      case 'Special':
        if (e.which !== 'total' && !env.node) {
          this.ctx.report('E4012', e.span, `“${e.which === 'self-score' ? '本项得分' : '满分'}”只能用在考核项目的规则中`);
          return this.record(e, UNKNOWN);
        }
        return this.record(e, POINTS_T);
      case 'If': {
        this.cond(e.cond, env);
        const a = this.expr(e.then, env);
        const b = this.expr(e.else, env);
        if (!this.compatible(a, b, e.then, e.else)) {
          this.ctx.report('E3001', e.span, `“若…则…否则…”两个结果的单位不一致：${formatType(a)}与${formatType(b)}`);
          return this.record(e, UNKNOWN);
        }
        return this.record(e, a.kind === 'unknown' ? b : a);
      }
      case 'Filter': {
        const sym = this.resolve(e.event, env);
        if (!sym) return this.record(e, UNKNOWN);
        if (sym.kind !== 'event') {
          this.ctx.report('E2005', e.event.span, `“…中…的”只能用于事件，【${e.event.name}】不是事件`, {
            hint: '如：【案件】中【程序】为“普通程序”的',
          });
          return this.record(e, UNKNOWN);
        }
        this.cond(e.cond, { ...env, events: [sym] });
        return this.record(e, sym.unit ? { kind: 'num', dim: unitDim(sym.unit) } : UNKNOWN);
      }
      case 'DateOffset': {
        const d = this.expr(e.date, env);
        this.expr(e.amount, env);
        const unit = e.amount.unit?.word;
        if (d.kind !== 'date' && d.kind !== 'unknown') {
          this.ctx.report('E3009', e.date.span, `“起…天/工作日”前须是日期，这里是${formatType(d)}`);
          return this.record(e, UNKNOWN);
        }
        if (unit !== '天' && unit !== '工作日') {
          this.ctx.report('E3009', e.amount.span, '日期之后只能加“天”或“工作日”', { hint: '如：【决定日期】起7个工作日' });
          return this.record(e, UNKNOWN);
        }
        return this.record(e, DATE);
      }
    }
  }

  private requireNum(t: ValueType, at: A.Expr): boolean {
    if (t.kind === 'num' || t.kind === 'unknown') return true;
    this.ctx.report('E3007', at.span, `这里需要数量，但这是${formatType(t)}`);
    return false;
  }

  /** Two values can be added or compared: same dimension (0 fits any). */
  compatible(a: ValueType, b: ValueType, ea?: A.Expr, eb?: A.Expr): boolean {
    if (a.kind === 'unknown' || b.kind === 'unknown') return true;
    if (a.kind === 'num' && b.kind === 'num') {
      if (sameDim(a.dim, b.dim)) return true;
      return (ea !== undefined && isZeroLiteral(ea)) || (eb !== undefined && isZeroLiteral(eb));
    }
    if ((a.kind === 'choice' && b.kind === 'text') || (a.kind === 'text' && b.kind === 'choice')) return true;
    return a.kind === b.kind;
  }

  private binary(e: A.BinaryExpr, env: Env): ValueType {
    const a = this.expr(e.left, env);
    const b = this.expr(e.right, env);
    if (!this.requireNum(a, e.left) || !this.requireNum(b, e.right)) return UNKNOWN;
    if (a.kind !== 'num' || b.kind !== 'num') return UNKNOWN;
    switch (e.op) {
      case '+':
      case '-':
        if (!this.compatible(a, b, e.left, e.right)) {
          this.ctx.report('E3001', e.span, `单位不一致：不能把${formatType(a)}与${formatType(b)}相${e.op === '+' ? '加' : '减'}`, {
            hint: sameKindHint(a.dim, b.dim),
          });
          return UNKNOWN;
        }
        return isZeroLiteral(e.left) ? b : a;
      case '*': {
        const dim = mulDim(a.dim, b.dim);
        return { kind: 'num', dim, ...(isDimensionless(dim) && (a.percent || b.percent) ? { percent: true } : {}) };
      }
      case '/':
        return { kind: 'num', dim: divDim(a.dim, b.dim) };
    }
  }

  cond(c: A.Cond, env: Env): void {
    switch (c.kind) {
      case 'Not':
        return this.cond(c.operand, env);
      case 'And':
      case 'Or':
        for (const i of c.items) this.cond(i, env);
        return;
      case 'Truthy': {
        const t = this.expr(c.expr, env);
        if (t.kind === 'choice' || t.kind === 'text' || t.kind === 'date' || t.kind === 'subject') {
          this.ctx.report('E3004', c.span, `${describe(c.expr)}是${formatType(t)}，不能直接作为条件`, {
            hint: t.kind === 'choice' ? `写作：${describe(c.expr)}为“${t.options[0] ?? '…'}”` : '与一个值比较，如“为”“超过”',
          });
        }
        return;
      }
      case 'Compare': {
        const l = this.expr(c.left, env);
        for (const r of c.right) {
          const t = this.expr(r, env);
          this.compareTypes(c, l, t, r);
        }
        return;
      }
    }
  }

  private compareTypes(c: A.CompareCond, l: ValueType, r: ValueType, re: A.Expr): void {
    if (l.kind === 'unknown' || r.kind === 'unknown') return;
    const ordered = c.op !== '==' && c.op !== '!=';
    if (l.kind === 'choice') {
      if (re.kind === 'Str' && !l.options.includes(re.value)) {
        this.ctx.report('E3005', re.span, `“${re.value}”不是${describe(c.left)}的选项`, {
          hint: `可选：${l.options.map((o) => `“${o}”`).join('、')}`,
        });
        return;
      }
      if (ordered || (r.kind !== 'text' && r.kind !== 'choice')) {
        this.ctx.report('E3001', c.span, `${describe(c.left)}是${formatType(l)}，只能用“为”与选项比较`);
      }
      return;
    }
    if (l.kind === 'bool') {
      if (ordered || r.kind !== 'bool') this.ctx.report('E3001', c.span, `${describe(c.left)}是“是否”，只能写“为是”或“为否”`);
      return;
    }
    if (l.kind === 'num' && l.percent && re.kind === 'Number' && !re.percent && !isZeroLiteral(re)) {
      // 【持证率】不足90 would compare with 9000%.
      this.ctx.report('E3001', re.span, `${describe(c.left)}是百分比，“${re.raw}”须写成百分比`, { hint: `写作“${re.raw}%”` });
      return;
    }
    if (!this.compatible(l, r, c.left, re)) {
      this.ctx.report('E3001', c.span, `单位不一致：${describe(c.left)}是${formatType(l)}，比较的值是${formatType(r)}`, {
        hint: l.kind === 'num' && r.kind === 'num' ? sameKindHint(l.dim, r.dim) : undefined,
      });
    }
  }
}

function sameKindHint(a: Dim, b: Dim): string | undefined {
  if (isDimensionless(b) && !isDimensionless(a)) return '给数字写上单位，如“14件”“3分”';
  if (isDimensionless(a) && !isDimensionless(b)) return '百分比与数量不能直接比较；数量之比写作【甲】÷【乙】';
  if (sameDim(a, POINTS) || sameDim(b, POINTS)) return '分值只能与分值相加减、比较；计件扣分写作“每件扣1分”';
  return undefined;
}

export function describe(e: A.Expr): string {
  switch (e.kind) {
    case 'Ref':
      return `【${e.name}】`;
    case 'Number':
      return e.raw;
    case 'Str':
      return `“${e.value}”`;
    default:
      return '该值';
  }
}

export { NUMBER_T };
