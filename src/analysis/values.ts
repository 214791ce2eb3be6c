/**
 * What an expression of a Program can evaluate to, for every object and every dataset: an
 * interval (see interval.ts) for numbers, a kind for the rest. The assumptions about data, which
 * every bound in this folder rests on:
 *
 * - A number input or parameter declared with 范围 lies in that range (data outside is rejected).
 * - A 百分比 without 范围 lies in [0, 100%]. (Assumed: the data layer accepts 120%.)
 * - A quantity in a measure word (件, 人, 个…), a rate (件/人) or 分 without 范围 is ≥ 0 and can be
 *   arbitrarily large. (Assumed: nothing counts below zero.)
 * - A plain 数值 can be any number.
 * - An event count (Σ 数量 × share) is ≥ 0 and arbitrarily large; so are the built-in 数量 and
 *   分值 of an event.
 * - Inputs, parameters, event attributes and event counts of different kinds are independent of
 *   each other: any combination can occur. Computed values, filtered counts, item scores and
 *   population values (全体平均) depend on them and are not independent.
 * - 全体平均/最高/最低 of a value lie within that value's range; 全体合计 of a value ≥ 0 can be
 *   arbitrarily large (the population has any size from one object up).
 * - A division whose divisor can be 0 is a data error in the engine, so it is bounded over the
 *   divisor's other values.
 */
import { type AttrSpec, type EventSpec, type ExprIR, type InputSpec, isBooleanExpr, type NodeSpec, type Program, type ValueSpec } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';
import * as I from './interval.js';
import type { Num } from './interval.js';

export type Kind = ValueSpec['kind'];

/** Where an expression is evaluated: inside an item, and within a rule about an event kind. */
export interface Ctx {
  node?: NodeSpec;
  event?: EventSpec;
}

/** What the evaluator asks of the item analysis (scores of items and the total). */
export interface ScoreSource {
  score(id: string): Num;
  base(id: string): Num;
  total(): Num;
}

const BUILTIN: Record<string, ValueSpec> = {
  对象: { kind: 'subject' },
  日期: { kind: 'date' },
  数量: { kind: 'num' },
  分值: { kind: 'num', unit: '分' },
  事项: { kind: 'text' },
  编号: { kind: 'text' },
};

/** The values a declared number can take (see the assumptions above). */
export function declaredRange(t: ValueSpec, range?: [string, string]): Num {
  if (range) return I.range(Rational.of(range[0]), Rational.of(range[1]));
  if (t.percent) return I.range(Rational.ZERO, Rational.ONE);
  if (t.unit) return I.range(Rational.ZERO, undefined);
  return I.range(undefined, undefined);
}

export class Evaluator {
  readonly inputs: Map<string, InputSpec>;
  readonly params: Map<string, InputSpec>;
  readonly computed: Map<string, Program['computed'][number]>;
  readonly events: Map<string, EventSpec>;
  /** Domains of the independent quantities, by key. */
  private leaves = new Map<string, Num>();
  private memo = new Map<string, Num | null>();
  private busy = new Set<string>();
  readonly domain = (key: string): Num => this.leaves.get(key) ?? I.unknown(new Set([key]));

  constructor(
    readonly program: Program,
    private scores: ScoreSource,
  ) {
    this.inputs = new Map(program.inputs.map((i) => [i.name, i]));
    this.params = new Map(program.params.map((i) => [i.name, i]));
    this.computed = new Map(program.computed.map((c) => [c.name, c]));
    this.events = new Map(program.events.map((e) => [e.name, e]));
  }

  attrSpec(event: EventSpec | undefined, name: string): ValueSpec | undefined {
    const a: AttrSpec | undefined = event?.attrs.find((x) => x.name === name);
    return a?.type ?? BUILTIN[name];
  }

  /** The key of an independent quantity, or undefined when the expression is not one. */
  leafKey(e: ExprIR, ctx: Ctx): string | undefined {
    switch (e.op) {
      case 'input':
        return `input:${e.name}`;
      case 'param':
        return `param:${e.name}`;
      case 'count':
        return e.filter === undefined ? `count:${e.event}` : undefined;
      case 'attr':
        return ctx.event ? `attr:${ctx.event.name}:${e.name}` : undefined;
      case 'computed': {
        // A computed value that is just another name for a quantity (【季度办案数】 = 【案件】).
        const c = this.computed.get(e.name);
        return c && !this.busy.has(`k:${e.name}`) ? this.guarded(`k:${e.name}`, () => this.leafKey(this.program.exprs[c.expr]!, ctx)) : undefined;
      }
      default:
        return undefined;
    }
  }

  private guarded<T>(key: string, f: () => T): T | undefined {
    if (this.busy.has(key)) return undefined;
    this.busy.add(key);
    try {
      return f();
    } finally {
      this.busy.delete(key);
    }
  }

  /**
   * The independent quantities an expression reads; undefined when it reads item scores, the
   * total, population values or filtered counts (which depend on everything).
   */
  reads(e: ExprIR, ctx: Ctx, seen: ReadonlySet<string> = new Set()): Set<string> | undefined {
    const leaf = this.leafKey(e, ctx);
    if (leaf) return new Set([leaf]);
    switch (e.op) {
      case 'node':
      case 'self-score':
      case 'total':
      case 'pop':
      case 'count':
        return undefined;
      case 'attr':
        return ctx.event ? new Set([`attr:${ctx.event.name}:${e.name}`]) : undefined;
      case 'computed': {
        const c = this.computed.get(e.name);
        if (!c || seen.has(e.name)) return undefined;
        return this.reads(this.program.exprs[c.expr]!, ctx, new Set([...seen, e.name]));
      }
      default: {
        const out = new Set<string>();
        for (const v of Object.values(e)) {
          const subs = Array.isArray(v) ? v : [v];
          for (const x of subs) {
            if (!x || typeof x !== 'object' || !('op' in x)) continue;
            const r = this.reads(x as ExprIR, ctx, seen);
            if (!r) return undefined;
            r.forEach((k) => out.add(k));
          }
        }
        return out;
      }
    }
  }

  kind(e: ExprIR, ctx: Ctx): Kind {
    if (isBooleanExpr(e)) return 'bool';
    switch (e.op) {
      case 'input':
        return this.inputs.get(e.name)?.type.kind ?? 'num';
      case 'param':
        return this.params.get(e.name)?.type.kind ?? 'num';
      case 'computed':
        return this.computed.get(e.name)?.type.kind ?? 'num';
      case 'attr':
        return this.attrSpec(ctx.event, e.name)?.kind ?? 'text';
      case 'str':
        return 'text';
      case 'date':
      case 'date-add':
        return 'date';
      case 'if':
        return this.kind(e.a, ctx);
      default:
        return 'num';
    }
  }

  /** The type of a named value, for choice options. */
  spec(e: ExprIR, ctx: Ctx): ValueSpec | undefined {
    switch (e.op) {
      case 'input':
        return this.inputs.get(e.name)?.type;
      case 'param':
        return this.params.get(e.name)?.type;
      case 'computed':
        return this.computed.get(e.name)?.type;
      case 'attr':
        return this.attrSpec(ctx.event, e.name);
      default:
        return undefined;
    }
  }

  private leaf(key: string, d: Num): Num {
    const v: Num = { ...d, vars: new Set([key]) };
    this.leaves.set(key, v);
    return { ...v, lin: { terms: new Map([[key, Rational.ONE]]), c: Rational.ZERO } };
  }

  /** The interval of a numeric expression. */
  num(e: ExprIR, ctx: Ctx): Num {
    switch (e.op) {
      case 'num':
        return I.constant(Rational.of(e.value));
      case 'input':
      case 'param': {
        const spec = (e.op === 'input' ? this.inputs : this.params).get(e.name);
        if (!spec || spec.type.kind !== 'num') return I.unknown();
        return this.leaf(`${e.op}:${e.name}`, declaredRange(spec.type, spec.range));
      }
      case 'count':
        if (e.filter !== undefined) return I.range(Rational.ZERO, undefined, true, new Set([`count:${e.event}`, `filter:${e.filter}`]));
        return this.leaf(`count:${e.event}`, I.range(Rational.ZERO, undefined));
      case 'attr': {
        const t = this.attrSpec(ctx.event, e.name);
        if (!ctx.event || !t || t.kind !== 'num') return I.unknown();
        return this.leaf(`attr:${ctx.event.name}:${e.name}`, declaredRange(t));
      }
      case 'computed': {
        const c = this.computed.get(e.name);
        if (!c) return I.unknown();
        const key = `computed:${e.name}@${ctx.node?.id ?? ''}@${ctx.event?.name ?? ''}`;
        const m = this.memo.get(key);
        if (m) return m;
        if (m === null || this.busy.has(key)) return I.unknown();
        this.busy.add(key);
        try {
          const v = this.num(this.program.exprs[c.expr]!, ctx);
          this.memo.set(key, v);
          return v;
        } finally {
          this.busy.delete(key);
        }
      }
      case 'node':
        return this.scores.score(e.id);
      case 'self-score':
        return ctx.node ? this.scores.base(ctx.node.id) : I.unknown();
      case 'self-points':
        return I.constant(ctx.node?.points !== undefined ? Rational.of(ctx.node.points) : Rational.ZERO);
      case 'total':
        return this.scores.total();
      case 'neg':
        return I.neg(this.num(e.a, ctx));
      case 'add':
        return I.add(this.num(e.a, ctx), this.num(e.b, ctx), this.domain);
      case 'sub':
        return I.sub(this.num(e.a, ctx), this.num(e.b, ctx), this.domain);
      case 'mul':
        return I.mul(this.num(e.a, ctx), this.num(e.b, ctx), this.domain);
      case 'div':
        return this.divide(this.num(e.a, ctx), this.num(e.b, ctx));
      case 'if': {
        // Which branch is taken is not decided here; either may be.
        const u = I.union(this.num(e.a, ctx), this.num(e.b, ctx));
        return I.loosen(u, true, true);
      }
      case 'pop': {
        const arg = this.num(e.arg, { ...(ctx.node ? { node: ctx.node } : {}) });
        const vars = I.union2(arg.vars, new Set([`pop:${e.id}`]));
        if (e.fn !== 'sum') return { ...arg, lin: undefined, vars } as Num;
        // Σ over a population of any size ≥ 1.
        const lo = arg.lo !== undefined && arg.lo.sign() >= 0 ? arg.lo : undefined;
        const hi = arg.hi !== undefined && arg.hi.sign() <= 0 ? arg.hi : undefined;
        return { ...(lo !== undefined ? { lo } : {}), ...(hi !== undefined ? { hi } : {}), loTight: arg.loTight, hiTight: arg.hiTight, vars };
      }
      default:
        return I.unknown();
    }
  }

  /**
   * A ratio of two sums of the same non-negative quantities (votes: (满意×1+基本满意×0.6) ÷
   * (满意+基本满意+不满意)) is a weighted average of the coefficients' ratios, so it lies between
   * the least and the greatest of them. Otherwise interval division.
   */
  private divide(a: Num, b: Num): Num {
    if (a.lin && b.lin && a.lin.c.isZero() && b.lin.c.isZero() && b.lin.terms.size) {
      let ok = true;
      let tight = true;
      for (const [key, k] of b.lin.terms) {
        const d = this.domain(key);
        if (k.sign() <= 0 || d.lo === undefined || d.lo.sign() < 0) ok = false;
        // Each quantity alone can be positive with the others at 0.
        if (!d.lo?.isZero() || (d.hi !== undefined && d.hi.sign() <= 0)) tight = false;
      }
      for (const key of a.lin.terms.keys()) if (!b.lin.terms.has(key)) ok = false;
      if (ok) {
        const ratios = [...b.lin.terms].map(([key, k]) => (a.lin!.terms.get(key) ?? Rational.ZERO).div(k));
        return I.range(Rational.min(...ratios), Rational.max(...ratios), tight, I.union2(a.vars, b.vars));
      }
    }
    return I.div(a, b, this.domain);
  }
}
