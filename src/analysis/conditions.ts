/**
 * Can a condition hold? Conditions of a Program are turned into formulas over tests of one value
 * against constants (【持证率】 < 90%, 【级别】 == “省级”, 【通报】 is true); every other comparison
 * (of two values, of dates) becomes an opaque yes/no atom. A formula is decided by enumeration:
 * each value's domain splits at the constants it is compared with into finitely many regions,
 * and one sample per region decides every test on it.
 *
 * The domains over-approximate: values that depend on each other (a computed value and the
 * inputs it reads, two atoms that mean the same thing) are enumerated as if independent. So the
 * answer is three-valued:
 * - `unsat`: no assignment of the over-approximation satisfies it, so nothing in real data does
 *   (sound: "this tier never applies" rests on it);
 * - `exact`: satisfied by an assignment of independent inputs, parameters, attributes and
 *   counts only, with no atoms, so real data can satisfy it too;
 * - `sat`: satisfied in the over-approximation, perhaps not in real data (no claim is made).
 */
import type { CmpOp, ExprIR } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';
import type { Num } from './interval.js';
import type { Ctx, Evaluator } from './values.js';

export type Formula =
  | { t: 'const'; v: boolean }
  | { t: 'num'; key: string; op: CmpOp; cs: Rational[] }
  | { t: 'sym'; key: string; op: '==' | '!='; cs: string[] }
  | { t: 'atom'; key: string }
  | { t: 'not'; f: Formula }
  | { t: 'and' | 'or'; fs: Formula[] };

export type Sat = 'unsat' | 'sat' | 'exact';

/**
 * How far a value's enumeration is true to real data:
 * - `leaf`: an independent quantity over its whole domain;
 * - `private`: a linear combination of independent quantities (it takes every value of its
 *   interval), or a comparison of one unbounded quantity (a date) with values that do not read it
 *   (it can go either way), exact as long as nothing else in the formula reads those quantities;
 * - `none`: an over-approximation.
 */
type Mode = 'leaf' | 'private' | 'none';

type Var = ({ kind: 'num'; dom: Num } | { kind: 'sym'; options?: string[] } | { kind: 'atom' }) & { mode: Mode; reads?: ReadonlySet<string> };

export const TRUE: Formula = { t: 'const', v: true };
export const FALSE: Formula = { t: 'const', v: false };

export const not = (f: Formula): Formula => (f.t === 'const' ? { t: 'const', v: !f.v } : f.t === 'not' ? f.f : { t: 'not', f });
export function and(...fs: Formula[]): Formula {
  const keep = fs.filter((f) => !(f.t === 'const' && f.v));
  if (keep.some((f) => f.t === 'const' && !f.v)) return FALSE;
  return keep.length === 0 ? TRUE : keep.length === 1 ? keep[0]! : { t: 'and', fs: keep };
}
export function or(...fs: Formula[]): Formula {
  return not(and(...fs.map(not)));
}

/** In a set of dependencies: depends on everything. */
export const ANY = '*';

/** Another value of a text whose values are not listed. */
const OTHER = '\u0000其他';
/** More regions than this and the question is left open (answered `sat`). */
const LIMIT = 50_000;

export class Solver {
  private vars = new Map<string, Var>();

  constructor(private ev: Evaluator) {}

  /** The formula of a condition (an expression index or IR), in a context. */
  cond(e: ExprIR | number, ctx: Ctx, seen: ReadonlySet<string> = new Set()): Formula {
    const x = typeof e === 'number' ? this.ev.program.exprs[e]! : e;
    switch (x.op) {
      case 'bool':
        return { t: 'const', v: x.value };
      case 'not':
        return not(this.cond(x.a, ctx, seen));
      case 'and':
        return and(...x.items.map((i) => this.cond(i, ctx, seen)));
      case 'or':
        return or(...x.items.map((i) => this.cond(i, ctx, seen)));
      case 'truthy':
        return this.truthy(x.a, ctx, seen);
      case 'cmp':
        return this.compare(x.cmp, x.a, x.b, ctx);
      case 'computed': {
        // A yes/no computed value is its condition (【免考】 = 【性别】为“男”且…).
        const c = this.ev.computed.get(x.name);
        if (c && this.ev.kind(x, ctx) === 'bool') {
          if (!seen.has(x.name)) return this.cond(c.expr, ctx, new Set([...seen, x.name]));
          return this.boolVar(x, ctx);
        }
        return this.truthy(x, ctx, seen);
      }
      default:
        return this.truthy(x, ctx, seen);
    }
  }

  private truthy(e: ExprIR, ctx: Ctx, seen: ReadonlySet<string>): Formula {
    const k = this.ev.kind(e, ctx);
    if (k === 'bool') {
      if (e.op === 'cmp' || e.op === 'and' || e.op === 'or' || e.op === 'not' || e.op === 'truthy' || e.op === 'bool' || e.op === 'computed')
        return this.cond(e, ctx, seen);
      return this.boolVar(e, ctx);
    }
    if (k === 'num') return { t: 'num', key: this.numVar(e, ctx), op: '>', cs: [Rational.ZERO] };
    if (k === 'choice') return TRUE; // an option is never empty
    return this.atom({ op: 'truthy', a: e }, ctx);
  }

  private boolVar(e: ExprIR, ctx: Ctx): Formula {
    const key = this.symVar(e, ctx);
    return key ? { t: 'sym', key, op: '==', cs: ['true'] } : this.atom(e, ctx);
  }

  private constantOf(e: ExprIR): { num?: Rational; sym?: string } | undefined {
    switch (e.op) {
      case 'num':
        return { num: Rational.of(e.value) };
      case 'str':
        return { sym: e.value };
      case 'bool':
        return { sym: e.value ? 'true' : 'false' };
      case 'neg': {
        const c = this.constantOf(e.a);
        return c?.num ? { num: c.num.neg() } : undefined;
      }
      default:
        return undefined;
    }
  }

  private compare(op: CmpOp, a: ExprIR, bs: ExprIR[], ctx: Ctx): Formula {
    const consts = bs.map((b) => this.constantOf(b));
    if (consts.every((c) => c !== undefined)) return this.test(op, a, consts as { num?: Rational; sym?: string }[], ctx);
    if (bs.length === 1) {
      const ca = this.constantOf(a);
      const flip: Record<CmpOp, CmpOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
      if (ca) return this.test(flip[op], bs[0]!, [ca], ctx);
      // Two numbers compared: the sign of their difference.
      if (this.ev.kind(a, ctx) === 'num' && this.ev.kind(bs[0]!, ctx) === 'num') {
        return this.test(op, { op: 'sub', a, b: bs[0]! }, [{ num: Rational.ZERO }], ctx);
      }
    }
    return this.atom({ op: 'cmp', cmp: op, a, b: bs }, ctx, bs.length === 1 && op !== '==' && op !== '!=' ? this.freeLeaf(a, bs[0]!, ctx) : undefined);
  }

  /**
   * The quantity that decides a comparison alone: one side an independent quantity unbounded both
   * ways (a date, a plain number), the other side not reading it.
   */
  private freeLeaf(a: ExprIR, b: ExprIR, ctx: Ctx): string | undefined {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const key = this.ev.leafKey(x, ctx);
      if (!key) continue;
      const k = this.ev.kind(x, ctx);
      const unbounded = k === 'date' || (k === 'num' && ((d) => d.lo === undefined && d.hi === undefined)(this.ev.num(x, ctx)));
      const other = this.ev.reads(y, ctx);
      if (unbounded && other && !other.has(key)) return key;
    }
    return undefined;
  }

  private test(op: CmpOp, a: ExprIR, cs: { num?: Rational; sym?: string }[], ctx: Ctx): Formula {
    const k = this.ev.kind(a, ctx);
    if (k === 'num' && cs.every((c) => c.num)) return { t: 'num', key: this.numVar(a, ctx), op, cs: cs.map((c) => c.num!) };
    if ((k === 'choice' || k === 'bool' || k === 'text' || k === 'subject') && (op === '==' || op === '!=') && cs.every((c) => c.sym !== undefined)) {
      const key = this.symVar(a, ctx);
      if (key) return { t: 'sym', key, op, cs: cs.map((c) => c.sym!) };
    }
    const b: ExprIR[] = cs.map((c) => (c.num ? { op: 'num', value: c.num.toString() } : { op: 'str', value: c.sym! }));
    return this.atom({ op: 'cmp', cmp: op, a, b }, ctx, b.length === 1 && op !== '==' && op !== '!=' ? this.freeLeaf(a, b[0]!, ctx) : undefined);
  }

  private ctxKey(ctx: Ctx): string {
    return `${ctx.node?.id ?? ''}|${ctx.event?.name ?? ''}`;
  }

  private numVar(e: ExprIR, ctx: Ctx): string {
    const leaf = this.ev.leafKey(e, ctx);
    const key = leaf ?? `expr:${JSON.stringify(e)}@${this.ctxKey(ctx)}`;
    if (!this.vars.has(key)) {
      const dom = this.ev.num(e, ctx);
      const tight = dom.loTight && dom.hiTight;
      const reads = leaf ? new Set([leaf]) : this.ev.reads(e, ctx);
      const mode: Mode = !tight ? 'none' : leaf ? 'leaf' : dom.lin && reads ? 'private' : 'none';
      this.vars.set(key, { kind: 'num', dom, mode, ...(reads ? { reads } : {}) });
    }
    return key;
  }

  private symVar(e: ExprIR, ctx: Ctx): string | undefined {
    const leaf = this.ev.leafKey(e, ctx);
    const key = leaf ?? `expr:${JSON.stringify(e)}@${this.ctxKey(ctx)}`;
    if (!this.vars.has(key)) {
      const k = this.ev.kind(e, ctx);
      const spec = this.ev.spec(e, ctx);
      const options = k === 'bool' ? ['true', 'false'] : k === 'choice' ? spec?.options : undefined;
      const reads = leaf ? new Set([leaf]) : this.ev.reads(e, ctx);
      this.vars.set(key, { kind: 'sym', ...(options ? { options } : {}), mode: leaf ? 'leaf' : 'none', ...(reads ? { reads } : {}) });
    }
    return key;
  }

  private atom(e: ExprIR, ctx: Ctx, free?: string): Formula {
    const key = `atom:${JSON.stringify(e)}@${this.ctxKey(ctx)}`;
    if (!this.vars.has(key)) {
      const reads = this.ev.reads(e, ctx);
      this.vars.set(key, { kind: 'atom', mode: free && reads ? 'private' : 'none', ...(reads ? { reads } : {}) });
    }
    return { t: 'atom', key };
  }

  /** Is there an assignment satisfying f? */
  sat(f: Formula): Sat {
    if (f.t === 'const') return f.v ? 'exact' : 'unsat';
    const used = new Map<string, { nums: Rational[]; syms: Set<string> }>();
    const collect = (g: Formula): void => {
      if (g.t === 'num' || g.t === 'sym' || g.t === 'atom') {
        let u = used.get(g.key);
        if (!u) used.set(g.key, (u = { nums: [], syms: new Set() }));
        if (g.t === 'num') u.nums.push(...g.cs);
        if (g.t === 'sym') g.cs.forEach((c) => u!.syms.add(c));
      } else if (g.t === 'not') collect(g.f);
      else if (g.t === 'and' || g.t === 'or') g.fs.forEach(collect);
    };
    collect(f);
    const keys = [...used.keys()];
    const samples: (Rational | string | boolean)[][] = [];
    let exact = true;
    let size = 1;
    for (const key of keys) {
      const v = this.vars.get(key)!;
      const u = used.get(key)!;
      let s: (Rational | string | boolean)[];
      if (v.kind === 'atom') s = [true, false];
      else if (v.kind === 'num') s = numSamples(v.dom, u.nums);
      else s = v.options ? [...v.options] : [...u.syms, OTHER];
      samples.push(s);
      size *= s.length;
      if (v.mode === 'none') exact = false;
      else if (v.mode === 'private') {
        // Nothing else in the formula may read what this value reads.
        for (const other of keys) {
          if (other === key) continue;
          const r = this.vars.get(other)!.reads;
          if (!r || !v.reads || [...v.reads].some((k) => r.has(k))) exact = false;
        }
      }
    }
    if (size > LIMIT) return 'sat';
    const at = new Map<string, Rational | string | boolean>();
    const search = (i: number): boolean => {
      if (i === keys.length) return evaluate(f, at);
      for (const s of samples[i]!) {
        at.set(keys[i]!, s);
        if (search(i + 1)) return true;
      }
      return false;
    };
    if (!search(0)) return 'unsat';
    return exact ? 'exact' : 'sat';
  }

  /** Do f and g always agree where both are asked (f implies g)? Sound only when true. */
  implies(f: Formula, g: Formula): boolean {
    return this.sat(and(f, not(g))) === 'unsat';
  }

  /**
   * The independent quantities a formula depends on, for independence between rules and amounts;
   * `*` when it reads something that depends on everything (item scores, population values).
   */
  deps(f: Formula): Set<string> {
    const out = new Set<string>();
    for (const key of this.keys(f)) {
      const r = this.vars.get(key)?.reads;
      if (r) r.forEach((k) => out.add(k));
      else out.add(ANY);
    }
    return out;
  }

  /** The keys of the values a formula reads. */
  keys(f: Formula): Set<string> {
    const out = new Set<string>();
    const walk = (g: Formula): void => {
      if (g.t === 'num' || g.t === 'sym' || g.t === 'atom') out.add(g.key);
      else if (g.t === 'not') walk(g.f);
      else if (g.t === 'and' || g.t === 'or') g.fs.forEach(walk);
    };
    walk(f);
    return out;
  }
}

/**
 * One sample per region of the domain cut at the constants: the constants themselves, a point
 * between each two, and one beyond each unbounded end.
 */
function numSamples(dom: Num, cs: Rational[]): Rational[] {
  const inside = (v: Rational) => (dom.lo === undefined || dom.lo.le(v)) && (dom.hi === undefined || dom.hi.ge(v));
  const pts: Rational[] = [];
  const push = (v: Rational) => {
    if (inside(v) && !pts.some((p) => p.eq(v))) pts.push(v);
  };
  cs.forEach(push);
  if (dom.lo !== undefined) push(dom.lo);
  if (dom.hi !== undefined) push(dom.hi);
  pts.sort((a, b) => a.cmp(b));
  if (!pts.length) return [Rational.ZERO];
  const out = [...pts];
  for (let i = 0; i + 1 < pts.length; i++) out.push(pts[i]!.add(pts[i + 1]!).div(2));
  if (dom.lo === undefined) out.push(pts[0]!.sub(1));
  if (dom.hi === undefined) out.push(pts[pts.length - 1]!.add(1));
  return out;
}

function evaluate(f: Formula, at: Map<string, Rational | string | boolean>): boolean {
  switch (f.t) {
    case 'const':
      return f.v;
    case 'not':
      return !evaluate(f.f, at);
    case 'and':
      return f.fs.every((g) => evaluate(g, at));
    case 'or':
      return f.fs.some((g) => evaluate(g, at));
    case 'atom':
      return at.get(f.key) as boolean;
    case 'sym': {
      const v = at.get(f.key) as string;
      const hit = f.cs.includes(v);
      return f.op === '==' ? hit : !hit;
    }
    case 'num': {
      const v = at.get(f.key) as Rational;
      if (f.op === '==') return f.cs.some((c) => v.eq(c));
      if (f.op === '!=') return f.cs.every((c) => !v.eq(c));
      const c = v.cmp(f.cs[0]!);
      return f.op === '<' ? c < 0 : f.op === '<=' ? c <= 0 : f.op === '>' ? c > 0 : c >= 0;
    }
  }
}
