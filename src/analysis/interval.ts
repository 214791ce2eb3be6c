/**
 * Exact intervals for the bounds analysis. An interval is a range every reachable value lies in
 * (a sound over-approximation); an absent end is unbounded (−∞ below, +∞ above). Each end also
 * says whether it is *tight*: the end is the infimum / supremum of values that really occur
 * (approached or attained), not merely a bound. Findings that claim something CAN happen ("can
 * deduct 7 points") are made only from tight ends; findings that claim something can NEVER
 * happen ("the cap is never reached") are sound from any bound.
 *
 * Tightness survives an operation only when its operands are independent: every interval
 * carries the set of independent quantities (inputs, event counts, conditions) it depends on,
 * and two operands that share one lose tightness (x − x is 0, not [−1, 1]). Expressions that are
 * linear in independent quantities keep their linear form, so sums like 满意+基本满意+不满意 and
 * ratios of such sums stay exact.
 */
import { Rational } from '../runtime/rational.js';

/** Σ coefficient × quantity + constant, over independent quantities (by key). */
export interface Lin {
  terms: ReadonlyMap<string, Rational>;
  c: Rational;
}

export interface Num {
  lo?: Rational;
  hi?: Rational;
  loTight: boolean;
  hiTight: boolean;
  /** Keys of the independent quantities the value depends on. */
  vars: ReadonlySet<string>;
  /** Present when the value is exactly linear in independent quantities. */
  lin?: Lin;
}

const NONE: ReadonlySet<string> = new Set();

export function constant(v: Rational): Num {
  return { lo: v, hi: v, loTight: true, hiTight: true, vars: NONE, lin: { terms: new Map(), c: v } };
}

export const ZERO = constant(Rational.ZERO);

/** Nothing known: (−∞, +∞), not tight. */
export function unknown(vars: ReadonlySet<string> = NONE): Num {
  return { loTight: false, hiTight: false, vars };
}

export function range(lo: Rational | undefined, hi: Rational | undefined, tight = true, vars: ReadonlySet<string> = NONE): Num {
  return { ...(lo !== undefined ? { lo } : {}), ...(hi !== undefined ? { hi } : {}), loTight: tight, hiTight: tight, vars };
}

export function union2<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): ReadonlySet<T> {
  if (!a.size) return b;
  if (!b.size) return a;
  const s = new Set(a);
  for (const x of b) s.add(x);
  return s;
}

/** No quantity in common; `*` (depends on everything) meets any non-empty set. */
export function disjoint<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (!a.size || !b.size) return true;
  if (a.has('*' as T) || b.has('*' as T)) return false;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) return false;
  return true;
}

/** The same interval depending on more quantities (e.g. the conditions that let it occur). */
export function withVars(x: Num, vars: ReadonlySet<string>): Num {
  if (!vars.size) return x;
  const { lin: _lin, ...rest } = x;
  return { ...rest, vars: union2(x.vars, vars) };
}

export function loosen(x: Num, lo: boolean, hi: boolean): Num {
  return { ...x, loTight: x.loTight && !lo, hiTight: x.hiTight && !hi };
}

export function isConstant(x: Num): Rational | undefined {
  return x.lo !== undefined && x.hi !== undefined && x.lo.eq(x.hi) ? x.lo : undefined;
}

// ── extended reals for endpoint arithmetic ─────────────────────────────────

/** A finite value, or +∞ (1) / −∞ (−1). */
type Ext = Rational | 1 | -1;

const sgn = (a: Ext): number => (a instanceof Rational ? a.sign() : a);

function extMul(a: Ext, b: Ext): Ext {
  if (a instanceof Rational && b instanceof Rational) return a.mul(b);
  const s = sgn(a) * sgn(b);
  // 0 × ∞ is 0 at an interval's end: [0, 0] × [0, ∞) is {0}.
  return s === 0 ? Rational.ZERO : (s as 1 | -1);
}

function extCmp(a: Ext, b: Ext): number {
  if (a instanceof Rational && b instanceof Rational) return a.cmp(b);
  const va = a instanceof Rational ? 0 : a;
  const vb = b instanceof Rational ? 0 : b;
  if (va !== vb) return va < vb ? -1 : 1;
  if (va === 0) return (a as Rational).cmp(b as Rational);
  return 0;
}

const loExt = (x: Num): Ext => x.lo ?? -1;
const hiExt = (x: Num): Ext => x.hi ?? 1;

function fromEnds(lo: Ext, hi: Ext, loTight: boolean, hiTight: boolean, vars: ReadonlySet<string>): Num {
  return {
    ...(lo instanceof Rational ? { lo } : {}),
    ...(hi instanceof Rational ? { hi } : {}),
    loTight,
    hiTight,
    vars,
  };
}

// ── linear forms ───────────────────────────────────────────────────────────

function linAdd(a: Lin, b: Lin, k: Rational): Lin {
  const terms = new Map(a.terms);
  for (const [key, v] of b.terms) {
    const s = (terms.get(key) ?? Rational.ZERO).add(v.mul(k));
    if (s.isZero()) terms.delete(key);
    else terms.set(key, s);
  }
  return { terms, c: a.c.add(b.c.mul(k)) };
}

function linScale(a: Lin, k: Rational): Lin {
  if (k.isZero()) return { terms: new Map(), c: Rational.ZERO };
  return { terms: new Map([...a.terms].map(([key, v]) => [key, v.mul(k)])), c: a.c.mul(k) };
}

/**
 * The interval of a linear form from the domains of its quantities. Each quantity appears once
 * and they are independent, so the ends are tight when the domains' ends are.
 */
export function linInterval(l: Lin, domain: (key: string) => Num): Num {
  let lo: Ext = l.c;
  let hi: Ext = l.c;
  let loT = true;
  let hiT = true;
  const vars = new Set<string>();
  for (const [key, k] of l.terms) {
    const d = domain(key);
    vars.add(key);
    const [a, b, aT, bT] = k.sign() > 0 ? [loExt(d), hiExt(d), d.loTight, d.hiTight] : [hiExt(d), loExt(d), d.hiTight, d.loTight];
    lo = extAdd(lo, extMul(a, k));
    hi = extAdd(hi, extMul(b, k));
    loT &&= aT;
    hiT &&= bT;
  }
  return { ...fromEnds(lo, hi, loT, hiT, vars), lin: l };
}

function extAdd(a: Ext, b: Ext): Ext {
  if (a instanceof Rational && b instanceof Rational) return a.add(b);
  // −∞ + ∞ does not arise: lower ends add to lower ends.
  return a instanceof Rational ? b : a;
}

// ── operations ─────────────────────────────────────────────────────────────

export function neg(x: Num): Num {
  return {
    ...(x.hi !== undefined ? { lo: x.hi.neg() } : {}),
    ...(x.lo !== undefined ? { hi: x.lo.neg() } : {}),
    loTight: x.hiTight,
    hiTight: x.loTight,
    vars: x.vars,
    ...(x.lin ? { lin: linScale(x.lin, Rational.ONE.neg()) } : {}),
  };
}

export function add(a: Num, b: Num, domain?: (key: string) => Num): Num {
  if (a.lin && b.lin && domain) return linInterval(linAdd(a.lin, b.lin, Rational.ONE), domain);
  const indep = disjoint(a.vars, b.vars);
  // Unbounded above stays unbounded when the other side is bounded below, whatever they share.
  const hiInf = (x: Num, y: Num) => x.hi === undefined && x.hiTight && y.lo !== undefined;
  const loInf = (x: Num, y: Num) => x.lo === undefined && x.loTight && y.hi !== undefined;
  return fromEnds(
    extAdd(loExt(a), loExt(b)),
    extAdd(hiExt(a), hiExt(b)),
    (indep && a.loTight && b.loTight) || loInf(a, b) || loInf(b, a),
    (indep && a.hiTight && b.hiTight) || hiInf(a, b) || hiInf(b, a),
    union2(a.vars, b.vars),
  );
}

export function sub(a: Num, b: Num, domain?: (key: string) => Num): Num {
  return add(a, neg(b), domain);
}

export function sum(xs: Num[], domain?: (key: string) => Num): Num {
  return xs.reduce((s, x) => add(s, x, domain), ZERO);
}

export function mul(a: Num, b: Num, domain?: (key: string) => Num): Num {
  const ka = isConstant(a);
  const kb = isConstant(b);
  if (domain && ka !== undefined && b.lin) return linInterval(linScale(b.lin, ka), domain);
  if (domain && kb !== undefined && a.lin) return linInterval(linScale(a.lin, kb), domain);
  const indep = disjoint(a.vars, b.vars);
  const pairs: [Ext, boolean][] = [
    [extMul(loExt(a), loExt(b)), a.loTight && b.loTight],
    [extMul(loExt(a), hiExt(b)), a.loTight && b.hiTight],
    [extMul(hiExt(a), loExt(b)), a.hiTight && b.loTight],
    [extMul(hiExt(a), hiExt(b)), a.hiTight && b.hiTight],
  ];
  let lo = pairs[0]![0];
  let hi = pairs[0]![0];
  for (const [v] of pairs) {
    if (extCmp(v, lo) < 0) lo = v;
    if (extCmp(v, hi) > 0) hi = v;
  }
  const tightAt = (v: Ext) => indep && pairs.some(([p, t]) => t && extCmp(p, v) === 0);
  return fromEnds(lo, hi, tightAt(lo), tightAt(hi), union2(a.vars, b.vars));
}

/**
 * a ÷ b. A divisor that may be 0 is a data error in the engine, so only its non-zero values
 * count: a divisor in [0, ∞) divides like one in (0, ∞).
 */
export function div(a: Num, b: Num, domain?: (key: string) => Num): Num {
  const kb = isConstant(b);
  if (kb !== undefined) {
    if (kb.isZero()) return unknown(union2(a.vars, b.vars));
    return mul(a, constant(Rational.ONE.div(kb)), domain);
  }
  if (b.lo !== undefined && b.lo.sign() >= 0) {
    if (b.hi !== undefined && b.hi.isZero()) return unknown(union2(a.vars, b.vars));
    const recip: Num = {
      lo: b.hi === undefined ? Rational.ZERO : Rational.ONE.div(b.hi),
      ...(b.lo.sign() > 0 ? { hi: Rational.ONE.div(b.lo) } : {}),
      loTight: b.hiTight,
      hiTight: b.loTight,
      vars: b.vars,
    };
    return mul(a, recip);
  }
  if (b.hi !== undefined && b.hi.sign() <= 0) return div(neg(a), neg(b), domain);
  return unknown(union2(a.vars, b.vars));
}

/** Both ranges possible (the value is one or the other). */
export function union(a: Num, b: Num): Num {
  const lc = extCmp(loExt(a), loExt(b));
  const hc = extCmp(hiExt(a), hiExt(b));
  return fromEnds(
    lc <= 0 ? loExt(a) : loExt(b),
    hc >= 0 ? hiExt(a) : hiExt(b),
    lc < 0 ? a.loTight : lc > 0 ? b.loTight : a.loTight || b.loTight,
    hc > 0 ? a.hiTight : hc < 0 ? b.hiTight : a.hiTight || b.hiTight,
    union2(a.vars, b.vars),
  );
}

/** max(x, c): a floor. */
export function atLeast(x: Num, c: Rational): Num {
  const lo = x.lo === undefined || x.lo.lt(c) ? c : x.lo;
  const hi = x.hi !== undefined && x.hi.lt(c) ? c : x.hi;
  return {
    lo,
    ...(hi !== undefined ? { hi } : {}),
    loTight: x.loTight,
    hiTight: x.hi !== undefined && x.hi.lt(c) ? true : x.hiTight,
    vars: x.vars,
  };
}

/** min(x, c): a cap. */
export function atMost(x: Num, c: Rational): Num {
  return neg(atLeast(neg(x), c.neg()));
}

export function mapMonotone(x: Num, f: (r: Rational) => Rational): Num {
  return {
    ...(x.lo !== undefined ? { lo: f(x.lo) } : {}),
    ...(x.hi !== undefined ? { hi: f(x.hi) } : {}),
    loTight: x.loTight,
    hiTight: x.hiTight,
    vars: x.vars,
  };
}

export function contains(x: Num, v: Rational): boolean {
  return (x.lo === undefined || x.lo.le(v)) && (x.hi === undefined || x.hi.ge(v));
}

/** For messages and tests: [0, 15], [0, ∞), (−∞, 3]. */
export function show(x: Num): string {
  return `${x.lo === undefined ? '(−∞' : `[${x.lo.toString()}`}, ${x.hi === undefined ? '∞)' : `${x.hi.toString()}]`}`;
}
