/**
 * The least and greatest score every item of a Program can reach, and the total's, following the
 * engine (src/runtime/engine) step by step: each rule's first alternative whose condition holds,
 * per-occurrence tiers (first match) and multipliers, exemptions, rule caps, point-less children
 * pooled into their parent, waivers, the item's caps, then the mode (扣分制 from the points down to
 * the floor, 加分制 up to the cap and the points, …), overrides (本项得…) and rounding.
 *
 * Assumptions about data are listed in values.ts. Assumptions about the structure:
 * - A count (events, or a count input) can be arbitrarily large, so a rule charging per unit
 *   has no greatest total unless a cap stops it.
 * - A percentage lies in [0, 100%]; an input with 范围 within it; a 是否 either way; a choice any
 *   of its options.
 * - A rank table (第1-5名分别加1.0-0.2分) pays one of its amounts, or 0 to an object ranked
 *   outside it (the population has any size); 第1名至末名 pays an amount between its two ends.
 *   Ties (并列取高, 并列取平均) stay within the same amounts.
 * - 视情扣1-3分: each occurrence between 1 and 3. Tiers: the rate of any tier that can apply.
 * - Multipliers (按1.5倍、减半、加倍): an occurrence is scaled by the product of those whose
 *   conditions it meets; the bounds take the least and greatest product over the sets of
 *   multipliers that can apply together (so ×1.5 for 副职 and ×2.25 for 主要负责人 never combine).
 * - 按季累计 with a rule cap: at most the cap per calendar quarter of the item's period (or the
 *   rubric's), plus one for events without a date; without a period, no bound.
 * - Conditions are decided by conditions.ts; a rule that can never fire counts nothing.
 * Rules of one item are assumed to fire independently, so a bound is a sum of the rules' bounds:
 * sound, and exact when the rules read different inputs (see interval.ts on tightness).
 */
import type { ClauseSpec, EventSpec, EventTier, NodeSpec, Program, RuleSpec } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';
import * as C from './conditions.js';
import type { Formula, Sat } from './conditions.js';
import * as I from './interval.js';
import type { Num } from './interval.js';
import { Evaluator, type Ctx } from './values.js';

// ── the public API (also used by `rubric diff`): keep it small and stable ──

/**
 * Exact bounds of a score. `max` undefined: no greatest value (a count can grow without end).
 * `min` undefined: no least value (only 积分制 or 公式 items whose deductions or formula can go
 * down without end; every 扣分制, 加分制, 达标 and 赋分 item has a finite least score).
 */
export interface Range {
  min: Rational | undefined;
  max: Rational | undefined;
}

/** What one rule clause charges when it fires (after its exemptions and its own cap). */
export interface ClauseBounds extends Range {
  /** The greatest single charge: per occurrence, per unit, per step, or the whole amount; undefined: unbounded. */
  single: Rational | undefined;
}

export interface Bounds {
  /**
   * An item by its id (九.（一）.3); undefined for an id that is not in the Program. A point-less
   * item that pools into its parent has the net it passes up (additions − deductions), as the
   * engine reports it: its parent's floor and caps apply to the pool, not to it.
   */
  node(id: string): Range | undefined;
  /** The total of an object: every top-level item (不计入总分 ones too, as the engine adds them), rounded as declared. */
  readonly total: Range;
  clause(c: ClauseSpec): ClauseBounds;
}

export function analyzeBounds(program: Program): Bounds {
  const a = new Analysis(program);
  const range = (x: Num): Range => ({ min: x.lo, max: x.hi });
  return {
    node: (id) => (a.nodes.has(id) ? range(a.score(id)) : undefined),
    total: range(a.total()),
    clause: (c) => {
      const f = a.clause(c);
      return { min: f.amount.lo, max: f.amount.hi, single: f.single };
    },
  };
}

// ── the analysis behind it (strict.ts reads the details) ──

export type Sign = 'deduct' | 'add' | 'get';
export const SIGNS: Sign[] = ['deduct', 'add', 'get'];

export interface TierFacts {
  index: number;
  formula: Formula;
  /** Can an occurrence reach this tier (pass the filter, miss every earlier tier, meet this one)? */
  live: Sat;
}

export interface ClauseFacts {
  clause: ClauseSpec;
  node: NodeSpec;
  rule: RuleSpec;
  index: number;
  /** Its own condition (TRUE when none). */
  own: Formula;
  /** When it is the alternative that fires: no earlier one holds and its own condition does. */
  fire: Formula;
  live: Sat;
  /** The form's amount, made non-negative for 扣/加, before the rule cap and exemptions. */
  uncapped: Num;
  /** What it adds to its pool when it fires. */
  amount: Num;
  single: Rational | undefined;
  /** Per-occurrence rules: the filter, the tiers, and whether an occurrence can miss every tier. */
  filter?: Formula;
  filterLive?: Sat;
  tiers?: TierFacts[];
  fallThrough?: Sat;
}

export interface PoolFacts {
  /** Per sign, the pool's amount before the item's caps (after waivers). */
  uncapped: Record<Sign, Num>;
  /** After the item's caps: what the item keeps, or passes to its parent. */
  net: Record<Sign, Num>;
}

interface NodeFacts {
  base: Num;
  score: Num;
}

export class Analysis {
  readonly ev: Evaluator;
  readonly solver: C.Solver;
  readonly nodes = new Map<string, NodeSpec>();
  readonly parent = new Map<string, NodeSpec>();
  private facts = new Map<string, NodeFacts>();
  private pools = new Map<string, PoolFacts>();
  private clauses = new Map<ClauseSpec, ClauseFacts>();
  private busy = new Set<string>();
  private totalMemo: Num | undefined;
  private totalBusy = false;

  constructor(readonly program: Program) {
    this.ev = new Evaluator(program, {
      score: (id) => this.score(id),
      base: (id) => this.node(id).base,
      total: () => this.total(),
    });
    this.solver = new C.Solver(this.ev);
    const walk = (n: NodeSpec, p: NodeSpec | undefined) => {
      this.nodes.set(n.id, n);
      if (p) this.parent.set(n.id, p);
      n.children.forEach((c) => walk(c, n));
    };
    program.nodes.forEach((n) => walk(n, undefined));
  }

  score(id: string): Num {
    return this.node(id).score;
  }

  total(): Num {
    if (this.totalMemo) return this.totalMemo;
    if (this.totalBusy) return I.unknown();
    this.totalBusy = true;
    try {
      let t = I.sum(this.program.nodes.map((n) => this.score(n.id)));
      const r = this.program.round;
      if (r) t = I.mapMonotone(t, (x) => x.round(r.places, r.mode));
      this.totalMemo = t;
      return t;
    } finally {
      this.totalBusy = false;
    }
  }

  /** A point-less child pools into its parent: the engine never scores it on its own. */
  isPoolChild(n: NodeSpec): boolean {
    const p = this.parent.get(n.id);
    return p !== undefined && !p.composite;
  }

  private node(id: string): NodeFacts {
    const memo = this.facts.get(id);
    if (memo) return memo;
    const n = this.nodes.get(id);
    if (!n || this.busy.has(id)) return { base: I.unknown(), score: I.unknown() };
    this.busy.add(id);
    try {
      if (this.isPoolChild(n)) {
        // The engine reports a pooled item's net (additions − deductions, after its own caps).
        const net = this.pool(n).net;
        const v = I.add(I.sub(net.add, net.deduct), net.get);
        const f = { base: v, score: v };
        this.facts.set(id, f);
        return f;
      }
      const base = n.composite ? I.sum(n.children.map((c) => this.score(c.id))) : this.poolScore(n);
      // Base first: an override may read 本项得分.
      this.facts.set(id, { base, score: base });
      let score = this.overrides(n, base);
      if (n.round) {
        const r = n.round;
        score = I.mapMonotone(score, (x) => x.round(r.places, r.mode));
      }
      const f = { base, score };
      this.facts.set(id, f);
      return f;
    } finally {
      this.busy.delete(id);
    }
  }

  private overrides(n: NodeSpec, base: Num): Num {
    if (!n.overrides.length) return base;
    const ctx: Ctx = { node: n };
    let noneBefore: Formula = C.TRUE;
    const parts: Num[] = [];
    for (const ov of n.overrides) {
      const own = ov.when === undefined ? C.TRUE : this.solver.cond(ov.when, ctx);
      const live = this.solver.sat(C.and(noneBefore, own));
      if (live !== 'unsat') parts.push(reach(this.ev.num(this.ev.program.exprs[ov.value]!, ctx), live));
      noneBefore = C.and(noneBefore, C.not(own));
    }
    const rest = this.solver.sat(noneBefore);
    if (rest !== 'unsat') parts.push(reach(base, rest));
    return parts.length ? parts.reduce((a, b) => I.union(a, b)) : base;
  }

  private poolScore(n: NodeSpec): Num {
    const points = n.points !== undefined ? Rational.of(n.points) : undefined;
    if (n.mode === 'check') {
      const p = points ?? Rational.ZERO;
      if (typeof n.criterion === 'number') {
        const met = this.solver.cond(n.criterion, { node: n });
        const yes = this.solver.sat(met);
        const no = this.solver.sat(C.not(met));
        if (yes === 'unsat') return I.ZERO;
        if (no === 'unsat') return I.constant(p);
        return I.range(Rational.ZERO, p, yes === 'exact' && no === 'exact');
      }
      return I.range(Rational.ZERO, p);
    }
    const net = this.pool(n).net;
    switch (n.mode) {
      case 'deduct': {
        const start = I.constant(points ?? Rational.ZERO);
        const floor = n.floor !== undefined ? Rational.of(n.floor) : Rational.ZERO;
        return I.atLeast(I.sub(start, net.deduct), floor);
      }
      case 'add':
        // The engine cuts at the points unless a 限加 at or below them already did.
        return points && !(n.capAdd !== undefined && Rational.of(n.capAdd).le(points)) ? I.atMost(net.add, points) : net.add;
      default:
        return I.add(I.sub(net.add, net.deduct), net.get);
    }
  }

  /** Own rules and point-less children, after waivers and the item's caps. */
  pool(n: NodeSpec): PoolFacts {
    const memo = this.pools.get(n.id);
    if (memo) return memo;
    const parts: Record<Sign, Num[]> = { deduct: [], add: [], get: [] };
    for (const rule of n.rules) {
      const c = this.rule(n, rule);
      for (const s of SIGNS) parts[s].push(c[s]);
    }
    for (const child of n.children) {
      const cn = this.pool(child).net;
      for (const s of SIGNS) parts[s].push(cn[s]);
    }
    const uncapped = {} as Record<Sign, Num>;
    const net = {} as Record<Sign, Num>;
    for (const s of SIGNS) {
      let v = I.sum(parts[s]);
      const ws = n.waivers.filter((w) => w.sign === s).map((w) => this.solver.cond(w.when, { node: n }));
      if (ws.length) {
        const any = C.or(...ws);
        const never = this.solver.sat(C.not(any));
        if (never === 'unsat') v = I.ZERO;
        else if (this.solver.sat(any) !== 'unsat') v = I.union(reach(v, never), reach(I.ZERO, this.solver.sat(any)));
      }
      uncapped[s] = v;
      const cap = s === 'deduct' ? n.capDeduct : s === 'add' ? n.capAdd : undefined;
      net[s] = cap !== undefined ? I.atMost(v, Rational.of(cap)) : v;
    }
    const f = { uncapped, net };
    this.pools.set(n.id, f);
    return f;
  }

  /** A rule's contribution to each sign: the first alternative that holds, or none. */
  rule(n: NodeSpec, rule: RuleSpec): Record<Sign, Num> {
    const facts = rule.alternatives.map((c) => this.clause(c, n, rule));
    const none = this.solver.sat(C.and(...facts.map((f) => C.not(f.own))));
    const out = {} as Record<Sign, Num>;
    for (const s of SIGNS) {
      const parts: Num[] = [];
      let zero: Sat = none;
      for (const f of facts) {
        if (f.live === 'unsat') continue;
        if (f.clause.sign === s) parts.push(f.amount);
        else if (zero !== 'exact') zero = f.live === 'exact' ? 'exact' : 'sat';
      }
      if (zero !== 'unsat') parts.push(reach(I.ZERO, zero));
      out[s] = parts.length ? parts.reduce((a, b) => I.union(a, b)) : I.ZERO;
    }
    return out;
  }

  clause(c: ClauseSpec, n?: NodeSpec, rule?: RuleSpec): ClauseFacts {
    const memo = this.clauses.get(c);
    if (memo) return memo;
    if (!n || !rule) {
      // Find the clause's item and rule.
      for (const node of this.nodes.values()) {
        for (const r of node.rules) if (r.alternatives.includes(c)) return this.clause(c, node, r);
      }
      throw new Error(`规则不在本考核中：第${c.line}行`);
    }
    const ctx: Ctx = { node: n };
    const index = rule.alternatives.indexOf(c);
    const earlier = rule.alternatives.slice(0, index).map((a) => (a.when === undefined ? C.TRUE : this.solver.cond(a.when, ctx)));
    const noneBefore = C.and(...earlier.map(C.not));
    const own = c.when === undefined ? C.TRUE : this.solver.cond(c.when, ctx);
    const fire = C.and(noneBefore, own);
    const live = this.solver.sat(fire);
    const form = this.form(c, n);
    let uncapped = form.amount;
    if (c.sign !== 'get') uncapped = I.atLeast(uncapped, Rational.ZERO);
    let amount = uncapped;
    if (c.cap !== undefined && !(c.quarterly && c.form.kind === 'events')) amount = I.atMost(amount, Rational.of(c.cap));
    // When it charges in full: it fires and no exemption holds. A stepwise rule's own condition
    // is its threshold, which holds whenever a step is charged, so it does not restrict the amount.
    const exempts = c.exempt.map((e) => this.solver.cond(e.when, ctx));
    const exempt = C.or(...exempts);
    const charges = C.and(c.form.kind === 'step' ? noneBefore : fire, C.not(exempt));
    const full = this.solver.sat(charges);
    const keys = I.union2(this.solver.deps(fire), this.solver.deps(exempt));
    const coupled = c.form.kind !== 'step' && !I.disjoint(amount.vars, this.solver.deps(own));
    amount = I.withVars(amount, keys);
    if (full !== 'exact' || coupled) amount = I.loosen(amount, true, true);
    if (full === 'unsat') amount = I.ZERO;
    else if (exempts.length && this.solver.sat(C.and(fire, exempt)) !== 'unsat') amount = I.union(amount, reach(I.ZERO, this.solver.sat(C.and(fire, exempt))));
    const f: ClauseFacts = { clause: c, node: n, rule, index, own, fire, live, uncapped, amount, single: form.single, ...form.extra };
    this.clauses.set(c, f);
    return f;
  }

  private form(c: ClauseSpec, n: NodeSpec): { amount: Num; single: Rational | undefined; extra?: Partial<ClauseFacts> } {
    const ctx: Ctx = { node: n };
    const E = this.program.exprs;
    const f = c.form;
    switch (f.kind) {
      case 'flat':
      case 'judged': {
        const v = this.ev.num(E[f.value]!, ctx);
        return { amount: v, single: v.hi };
      }
      case 'quantity': {
        const count = this.ev.num(E[f.quantity]!, ctx);
        const rate = this.ev.num(E[f.rate]!, ctx);
        return { amount: I.mul(count, rate, this.ev.domain), single: rate.hi };
      }
      case 'step': {
        const value = this.ev.num(E[f.quantity]!, ctx);
        const target = this.ev.num(E[f.target]!, ctx);
        const step = this.ev.num(E[f.step]!, ctx);
        const gap = f.dir === 'less' ? I.sub(target, value, this.ev.domain) : I.sub(value, target, this.ev.domain);
        const ratio = I.div(I.atLeast(gap, Rational.ZERO), step);
        const steps = I.mapMonotone(ratio, (x) => (f.partial === 'ceil' ? x.ceil() : x.floor()));
        const amt = Rational.of(f.amount);
        return { amount: I.mul(steps, I.constant(amt)), single: amt };
      }
      case 'rank': {
        const values = 'list' in f.amounts ? f.amounts.list.map((x) => Rational.of(x)) : [Rational.of(f.amounts.from), Rational.of(f.amounts.to)];
        // Outside the table (before its first rank, or after its last when the last is a number) an object gets 0.
        const outside = f.from > 1 || f.to !== undefined;
        const all = outside ? [...values, Rational.ZERO] : values;
        const metric = this.ev.num(E[f.metric]!, ctx);
        return {
          amount: I.range(Rational.min(...all), Rational.max(...all), true, I.union2(metric.vars, new Set([`rank:${f.key}`]))),
          single: Rational.max(...values),
        };
      }
      case 'events':
        return this.events(c, n);
    }
  }

  /**
   * The least and greatest product of the multipliers one occurrence can meet together: over the
   * sets of multipliers whose conditions can hold at once (副职 ×1.5 and 主要负责人 ×2.25 cannot),
   * those that always apply included. Beyond 10 multipliers, each is taken as free.
   */
  private factors(f: Extract<ClauseSpec['form'], { kind: 'events' }>, filter: Formula, ctx: Ctx): { lo: Rational; hi: Rational; hiTight: boolean } {
    const S = this.solver;
    const ms = f.multipliers.map((m) => ({ k: Rational.of(m.factor), w: S.cond(m.when, ctx) })).filter((m) => S.sat(C.and(filter, m.w)) !== 'unsat');
    if (ms.length > 10) {
      let lo = Rational.ONE;
      let hi = Rational.ONE;
      for (const m of ms) {
        if (m.k.lt(Rational.ONE)) lo = lo.mul(m.k);
        else hi = hi.mul(m.k);
      }
      return { lo, hi, hiTight: false };
    }
    let lo: Rational | undefined;
    let hi: Rational | undefined;
    let hiTight = false;
    for (let mask = 0; mask < 1 << ms.length; mask++) {
      // Exactly this set applies: its conditions hold and the others' do not.
      const parts = ms.map((m, i) => (mask & (1 << i) ? m.w : C.not(m.w)));
      const sat = S.sat(C.and(filter, ...parts));
      if (sat === 'unsat') continue;
      const k = ms.reduce((p, m, i) => (mask & (1 << i) ? p.mul(m.k) : p), Rational.ONE);
      if (lo === undefined || k.lt(lo)) lo = k;
      if (hi === undefined || k.gt(hi)) {
        hi = k;
        hiTight = sat === 'exact';
      } else if (k.eq(hi) && sat === 'exact') hiTight = true;
    }
    return { lo: lo ?? Rational.ONE, hi: hi ?? Rational.ONE, hiTight };
  }

  /** What an occurrence in a tier charges (engine: its rate, its 视情 range, else the rule's rate, else 0). */
  private tierRate(f: Extract<ClauseSpec['form'], { kind: 'events' }>, t: EventTier, ctx: Ctx): Num {
    if (t.rate !== undefined) return this.ev.num(this.program.exprs[t.rate]!, ctx);
    if (t.discretionary) return I.range(Rational.of(t.discretionary[0]), Rational.of(t.discretionary[1]));
    return f.rate !== undefined ? this.ev.num(this.program.exprs[f.rate]!, ctx) : I.ZERO;
  }

  private events(c: ClauseSpec, n: NodeSpec): { amount: Num; single: Rational | undefined; extra: Partial<ClauseFacts> } {
    const f = c.form as Extract<ClauseSpec['form'], { kind: 'events' }>;
    const event: EventSpec | undefined = this.ev.events.get(f.event);
    const ctx: Ctx = { node: n, ...(event ? { event } : {}) };
    const S = this.solver;
    const filter = f.filter !== undefined ? S.cond(f.filter, ctx) : C.TRUE;
    const filterLive = S.sat(filter);
    let missed = filter;
    const tiers: TierFacts[] = [];
    const rates: Num[] = [];
    f.tiers.forEach((t, index) => {
      const formula = S.cond(t.when, ctx);
      const live = S.sat(C.and(missed, formula));
      tiers.push({ index, formula, live });
      if (live !== 'unsat') rates.push(reach(this.tierRate(f, t, ctx), live));
      missed = C.and(missed, C.not(formula));
    });
    const fallThrough = S.sat(missed);
    if (fallThrough !== 'unsat') {
      let r: Num;
      if (f.discretionary) r = I.range(Rational.of(f.discretionary[0]), Rational.of(f.discretionary[1]));
      else if (f.rate !== undefined) r = this.ev.num(this.program.exprs[f.rate]!, ctx);
      else r = I.ZERO; // a value listed in no tier charges nothing
      rates.push(reach(r, fallThrough));
    }
    let rate = rates.length ? rates.reduce((a, b) => I.union(a, b)) : I.ZERO;
    if (f.floorEach !== undefined) rate = I.atLeast(rate, Rational.of(f.floorEach));
    // Multipliers: each applies to the occurrences meeting its condition, and they multiply.
    const { lo, hi, hiTight } = this.factors(f, filter, ctx);
    const perOcc = I.mul(rate, { lo, hi, loTight: true, hiTight, vars: new Set() });
    const single = perOcc.hi;
    const vars = I.union2(new Set([`count:${f.event}`]), rate.vars);
    // Any number of occurrences, each charging within perOcc.
    const totalLo = perOcc.lo !== undefined && perOcc.lo.sign() >= 0 ? Rational.ZERO : undefined;
    let totalHi: Rational | undefined = perOcc.hi !== undefined && perOcc.hi.sign() <= 0 ? Rational.ZERO : undefined;
    let hiIsTight = totalHi !== undefined || perOcc.hiTight;
    if (c.quarterly && c.cap !== undefined && totalHi === undefined) {
      const q = quarters(n.period ?? this.program.period);
      if (q !== undefined) {
        totalHi = Rational.of(c.cap).mul(q + 1);
        hiIsTight = false;
      }
    }
    const amount: Num = {
      ...(totalLo !== undefined ? { lo: totalLo } : {}),
      ...(totalHi !== undefined ? { hi: totalHi } : {}),
      loTight: totalLo !== undefined || perOcc.loTight,
      hiTight: hiIsTight && filterLive === 'exact',
      vars,
    };
    return { amount: filterLive === 'unsat' ? I.ZERO : amount, single, extra: { filter, filterLive, tiers, fallThrough } };
  }
}

/** An interval that occurs only when a condition holds: its ends are tight only if that is certain. */
function reach(x: Num, s: Sat): Num {
  return s === 'exact' ? x : I.loosen(x, true, true);
}

/** Calendar quarters a period touches. */
function quarters(p: { from: string; to: string } | undefined): number | undefined {
  if (!p) return undefined;
  const q = (iso: string) => Number(iso.slice(0, 4)) * 4 + Math.floor((Number(iso.slice(5, 7)) - 1) / 3);
  return Math.max(0, q(p.to) - q(p.from) + 1);
}
