/**
 * Events are folded into per-object accumulators as they arrive, so scoring a stream of events
 * needs memory for objects and rules, not for events. For each object: the count of each kind
 * that an expression counts, every filtered count, and for each per-occurrence rule its groups
 * (same tier, multipliers and quarter) with their count and amount.
 *
 * Counts are kept as whole numbers while the shares and 数量 are whole (exact below 2^53), with
 * the fractional rest as a Rational beside them. A rule whose rates are constants keeps only a
 * counter per (tier, multipliers) slot: the group's amount is the slot's rate × multipliers ×
 * its count, computed once when the rule is scored. Other rules (视情, rates computed per event,
 * 按季, 最低N分 per occurrence) keep groups of exact amounts.
 *
 * 同一事项取最高: occurrences with a 事项 under such an item are not added to groups as they
 * come; per object and item, only the best occurrence of each 事项 is kept (highest amount, the
 * earlier rule in the document and then the earlier event on a tie). When traces are wanted,
 * each such occurrence also leaves two integers (its 事项 and its amount) so that the trace can
 * list the dropped ones in order.
 */
import { quarterOf } from '../calendar.js';
import { describeSource } from '../errors.js';
import { Rational } from '../rational.js';
import type { ChargedEvent } from './events.js';
import type { Engine } from './engine.js';
import type { ObjectScope } from './scope.js';
import type { ObjectState } from './state.js';
import { truthy } from './ops.js';
import type { AttrTest, FastFold, FoldPlan } from './plan.js';

export { streamable } from './plan.js';

export interface Group {
  label: string;
  /** Absent when the rate differs between occurrences (视情, a rate computed per event). */
  rate?: Rational;
  multiplier?: string;
  quarter?: string;
  count: Rational;
  amount: Rational;
}

export interface ClauseAcc {
  /** In order of first occurrence. Keys: the slot (constant rates) or tier|mask|quarter|rate. */
  groups: Map<string | number, Group>;
  /** Occurrences left out because they fall outside the item's 期间. */
  outsidePeriod: number;
  /** Without traces, a constant-rate rule keeps no groups, only the sum of their amounts. */
  sum?: Rational;
}

/** An occurrence with a 事项 under 同一事项取最高: kept only while it is the best of its 事项. */
export interface MatterPart {
  clause: number;
  /** Its index among the clause's recorded occurrences (when tracing). */
  rec: number;
  matter: string;
  amount: Rational;
  count: Rational;
  key: string | number;
  label: string;
  rate?: Rational;
  multiplier?: string;
  quarter?: string;
}

/** The occurrences with a 事项 of one rule for one object, in order: 事项 (interned) and amount. */
export class MatterRecords {
  buf = new Int32Array(16);
  len = 0;
  /** Amounts other than a constant-rate slot's unit, referred to as −(i + 1). */
  amounts: Rational[] = [];
  push(matter: number, amount: number): number {
    if (this.len + 2 > this.buf.length) {
      const b = new Int32Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.len++] = matter;
    this.buf[this.len++] = amount;
    return (this.len >> 1) - 1;
  }
}

const LIMIT = 2 ** 52;

/** Weight of an event as a small whole number, or NaN. */
export function smallInt(r: Rational): number {
  if (r === Rational.ONE) return 1;
  if (r.d !== 1n) return Number.NaN;
  const n = r.n;
  return n <= 2147483647n && n >= -2147483647n ? Number(n) : Number.NaN;
}

/** Adds a weight to a slot of the object's numbers: whole while it can, else exactly beside it. */
export function addWeight(o: ObjectState, slot: number, wi: number, wr: Rational): void {
  if (wi === wi) {
    const a = o.num;
    const i = o.off + slot;
    const x = a[i]! + wi;
    if (x < LIMIT && x > -LIMIT) {
      a[i] = x;
      return;
    }
  }
  const frac = (o.frac ??= new Map());
  const prev = frac.get(slot);
  frac.set(slot, prev ? prev.add(wr) : wr);
}

/** The exact value of a slot. */
export function slotValue(o: ObjectState, slot: number): Rational {
  const whole = o.num[o.off + slot]!;
  const r = whole === 0 ? Rational.ZERO : Rational.of(whole);
  const f = o.frac?.get(slot);
  return f ? r.add(f) : r;
}

/** An attribute test, or undefined when the event does not give the attribute (the expression decides). */
export function testAttr(t: AttrTest, e: ChargedEvent): boolean | undefined {
  const v = e.data.attrs[t.attr];
  if (v === undefined) return undefined;
  return (typeof v === 'string' && t.values.has(v)) !== t.negate;
}

/**
 * One occurrence of an event for one object: its part in one per-occurrence rule. `s`: the
 * scope for the rule's per-event expressions (the object at the rule's item).
 */
export function foldEvent(eng: Engine, o: ObjectState, p: FoldPlan, e: ChargedEvent, wi: number, wr: Rational, s: ObjectScope): void {
  const d = e.data;
  const ff = p.fast;
  let acc: ClauseAcc | undefined;
  if (!ff) {
    acc = o.accs[p.clause.index];
    if (!acc) o.accs[p.clause.index] = acc = { groups: new Map(), outsidePeriod: 0 };
  }
  if (p.period && d.date && (d.date < p.period.from || d.date > p.period.to)) {
    if (acc) acc.outsidePeriod++;
    else o.num[o.off + ff!.outside]++;
    return;
  }
  const E = eng.E;
  const f = p.form;
  if (f.filter !== undefined) {
    const t = p.filterTest ? testAttr(p.filterTest, e) : undefined;
    if (t === undefined ? !truthy(E[f.filter]!(s, e)) : !t) return;
  }
  let tier = -1;
  const lookup = p.tierLookup;
  const v = lookup ? d.attrs[lookup.attr] : undefined;
  if (v !== undefined) {
    if (typeof v === 'string') tier = lookup!.tiers.get(v) ?? -1;
  } else {
    for (let i = 0; i < f.tiers.length; i++) {
      if (truthy(E[f.tiers[i]!.when]!(s, e))) {
        tier = i;
        break;
      }
    }
  }
  if (ff) {
    let mask = 0;
    for (let i = 0; i < ff.nMult; i++) if (truthy(E[f.multipliers[i]!.when]!(s, e))) mask |= 1 << i;
    const slot = ((tier + 1) << ff.nMult) | mask;
    if (p.keepMatters && d.matter) {
      const unit = ff.unit[slot]!;
      const amount = wr === Rational.ONE ? unit : unit.mul(wr);
      offerMatter(eng, o, p, d.matter, amount, wr, slot, wr === Rational.ONE ? slot : -1);
      return;
    }
    addWeight(o, ff.counts + slot, wi, wr);
    // The order of first occurrence only orders the groups in traces.
    if (eng.tracing) {
      const a = o.num;
      const i = o.off + ff.first + slot;
      if (a[i] === 0) a[i] = eng.seq;
    }
    return;
  }
  foldGeneric(eng, o, p, e, s, tier, wr, acc!);
}

function foldGeneric(eng: Engine, o: ObjectState, p: FoldPlan, e: ChargedEvent, s: ObjectScope, tier: number, weight: Rational, acc: ClauseAcc): void {
  const d = e.data;
  const f = p.form;
  const E = eng.E;
  let rate: Rational;
  let fixed: Rational | undefined;
  let label = f.event;
  const tierSpec = tier >= 0 ? f.tiers[tier]! : undefined;
  const range = tierSpec ? tierSpec.discretionary : f.discretionary;
  if (tierSpec && tierSpec.rate !== undefined) {
    rate = E[tierSpec.rate]!(s, e) as Rational;
    fixed = eng.plan.constants.get(tierSpec.rate);
    label = tierSpec.label;
  } else if (range) {
    const [lo, hi] = range;
    const [loR, hiR] = p.ranges[tier + 1]!;
    if (tierSpec) label = tierSpec.label;
    const amt = d.amount;
    const where = d.source ? `（${describeSource(d.source)}）` : '';
    if (!amt) throw eng.problem(o, p.node, 'D1002', `视情扣分的事件【${d.kind}】须写明【分值】（${lo}-${hi}分）${where}`, d.source ? { source: d.source } : {});
    if (amt.lt(loR) || amt.gt(hiR)) {
      throw eng.problem(
        o,
        p.node,
        'D1002',
        `事件【${d.kind}】的【分值】${amt.toString()}分不在${lo}-${hi}分之内${where}`,
        d.source ? { source: d.source } : {},
      );
    }
    rate = amt;
  } else if (f.rate !== undefined) {
    rate = E[f.rate]!(s, e) as Rational;
    fixed = eng.plan.constants.get(f.rate);
  } else {
    // A tier list that does not list this event's value: it charges nothing.
    rate = Rational.ZERO;
    fixed = Rational.ZERO;
    label = `${f.event}（未列入分级）`;
  }
  if (p.floorEach !== undefined) {
    if (rate.lt(p.floorEach)) rate = p.floorEach;
    fixed = undefined;
  }
  let mask = 0;
  let factor = Rational.ONE;
  let words: string | undefined;
  for (let i = 0; i < f.multipliers.length; i++) {
    const m = f.multipliers[i]!;
    if (truthy(E[m.when]!(s, e))) {
      mask |= 1 << i;
      factor = factor.mul(p.factors[i]!);
      words = words ? `${words}，${m.label}${m.word}` : `${m.label}${m.word}`;
    }
  }
  let amount = rate;
  if (weight !== Rational.ONE) amount = amount.mul(weight);
  if (mask) amount = amount.mul(factor);
  const quarter = p.clause.spec.quarterly && d.date ? `${d.date.slice(0, 4)}年第${quarterOf(d.date)}季度` : undefined;
  const key = `${tier}|${mask}|${quarter ?? ''}${fixed ? '' : `|${rate.toString()}`}`;
  const showRate = fixed || !range ? rate : undefined;
  if (p.keepMatters && d.matter) {
    offerMatter(eng, o, p, d.matter, amount, weight, key, -1, label, showRate, words, quarter);
    return;
  }
  let g = acc.groups.get(key);
  if (!g) {
    g = { label, rate: showRate, multiplier: words || undefined, quarter: quarter || undefined, count: Rational.ZERO, amount: Rational.ZERO };
    acc.groups.set(key, g);
  }
  g.count = g.count.add(weight);
  g.amount = g.amount.add(amount);
}

/** A compiled module's occurrence with a 事项 of a constant-rate rule's slot, 数量 1 (what foldEvent does for it). */
export function offerSlot(eng: Engine, o: ObjectState, p: FoldPlan, matter: string, slot: number): void {
  offerMatter(eng, o, p, matter, p.fast!.unit[slot]!, Rational.ONE, slot, slot);
}

/**
 * An occurrence with a 事项 under 同一事项取最高: it replaces the best of its 事项 under each such
 * item if it is higher (or as high and from an earlier rule). `unitSlot` ≥ 0: the amount is that
 * constant-rate slot's unit, so the record need not keep it.
 */
function offerMatter(
  eng: Engine,
  o: ObjectState,
  p: FoldPlan,
  matter: string,
  amount: Rational,
  count: Rational,
  key: string | number,
  unitSlot: number,
  label?: string,
  rate?: Rational,
  multiplier?: string,
  quarter?: string,
): void {
  const ci = p.clause.index;
  let rec = -1;
  let id = -1;
  if (eng.tracing) {
    let ids = o.matterIds;
    if (!ids) {
      ids = o.matterIds = new Map();
      o.matterNames = [];
    }
    const known = ids.get(matter);
    if (known === undefined) {
      id = o.matterNames!.length;
      // A copy, so that the record does not keep the event's text alive.
      const own = (' ' + matter).slice(1);
      ids.set(own, id);
      o.matterNames!.push(own);
    } else id = known;
    const recs = (o.matterRecs[ci] ??= new MatterRecords());
    let code = unitSlot;
    if (code < 0) {
      code = -(recs.amounts.length + 1);
      recs.amounts.push(amount);
    }
    rec = recs.push(id, code);
  }
  let part: MatterPart | undefined;
  for (const owner of p.owners) {
    const oi = owner.owner!.index;
    // When tracing, the bests are found by 事项 id: one text lookup per occurrence, not one per item.
    const byId = id >= 0 ? (o.matterBestById[oi] ??= []) : undefined;
    const bests = byId ? undefined : (o.matterBest[oi] ??= new Map());
    const b = byId ? byId[id] : bests!.get(matter);
    if (b) {
      const c = amount.cmp(b.amount);
      if (c < 0 || (c === 0 && ci >= b.clause)) continue;
    }
    if (!part) {
      const ff = p.fast;
      part = {
        clause: ci,
        rec,
        matter: b ? b.matter : id >= 0 ? o.matterNames![id]! : (' ' + matter).slice(1),
        amount,
        count,
        key,
        label: ff ? ff.label[key as number]! : label!,
        rate: ff ? ff.rate[key as number]! : rate || undefined,
        multiplier: (ff ? ff.words[key as number] : multiplier) || undefined,
        quarter: quarter || undefined,
      };
    }
    if (byId) byId[id] = part;
    else bests!.set(part.matter, part);
  }
}

const EMPTY = new Map<string | number, Group>();
const NO_GROUPS: ClauseAcc = Object.freeze({ groups: EMPTY, outsidePeriod: 0, sum: Rational.ZERO }) as ClauseAcc;

/** Σ unit × count over a constant-rate rule's slots: in doubles over the common denominator while exact. */
function slotsSum(o: ObjectState, ff: FastFold): Rational {
  let n = 0;
  const frac = o.frac;
  const a = o.num;
  const at = o.off + ff.counts;
  for (let s = 0; s < ff.slots; s++) {
    const c = a[at + s]!;
    if (c === 0 && !frac) continue;
    const t = ff.unitNum[s]! * c;
    n += t;
    if (!(t <= LIMIT && t >= -LIMIT && n <= LIMIT && n >= -LIMIT) || frac?.has(ff.counts + s)) {
      // Exactly, slot by slot (a count with a fractional part, or too large for doubles).
      let sum = Rational.ZERO;
      for (let k = 0; k < ff.slots; k++) sum = sum.add(ff.unit[k]!.mul(slotValue(o, ff.counts + k)));
      return sum;
    }
  }
  return n === 0 ? Rational.ZERO : Rational.fraction(BigInt(n), ff.den);
}

/**
 * A constant-rate rule's groups from its counters, in order of first occurrence; without traces
 * only their total amount.
 */
export function materialise(o: ObjectState, p: FoldPlan, tracing: boolean): ClauseAcc {
  const ff = p.fast!;
  const a = o.num;
  const off = o.off;
  if (!tracing) {
    const sum = slotsSum(o, ff);
    const outsidePeriod = a[off + ff.outside]!;
    return (o.accs[p.clause.index] = sum.isZero() && !outsidePeriod ? NO_GROUPS : { groups: EMPTY, outsidePeriod, sum });
  }
  let seen: number[] | undefined;
  const first = off + ff.first;
  for (let s = 0; s < ff.slots; s++) if (a[first + s] !== 0) (seen ??= []).push(s);
  const outsidePeriod = a[off + ff.outside]!;
  if (!seen && !outsidePeriod) return (o.accs[p.clause.index] = NO_GROUPS);
  const groups = new Map<number, Group>();
  if (seen) {
    if (seen.length > 1) seen.sort((x, y) => a[first + x]! - a[first + y]!);
    for (const s of seen) {
      const count = slotValue(o, ff.counts + s);
      const unit = ff.unit[s]!;
      const words = ff.words[s];
      groups.set(s, {
        label: ff.label[s]!,
        rate: ff.rate[s]!,
        multiplier: words || undefined,
        quarter: undefined,
        count,
        amount: count === Rational.ONE ? unit : unit.mul(count),
      });
    }
  }
  const acc: ClauseAcc = { groups, outsidePeriod };
  o.accs[p.clause.index] = acc;
  return acc;
}

/** Adds a kept occurrence to its rule's groups (or, without traces, to a constant-rate rule's sum). */
export function addKept(o: ObjectState, part: MatterPart, tracing: boolean): void {
  let acc = o.accs[part.clause]!;
  if (acc === NO_GROUPS)
    o.accs[part.clause] = acc = tracing ? { groups: new Map(), outsidePeriod: 0 } : { groups: EMPTY, outsidePeriod: 0, sum: Rational.ZERO };
  if (acc.sum !== undefined) {
    acc.sum = acc.sum.add(part.amount);
    return;
  }
  let g = acc.groups.get(part.key);
  if (!g) {
    g = {
      label: part.label,
      rate: part.rate || undefined,
      multiplier: part.multiplier || undefined,
      quarter: part.quarter || undefined,
      count: Rational.ZERO,
      amount: Rational.ZERO,
    };
    acc.groups.set(part.key, g);
  }
  g.count = g.count.add(part.count);
  g.amount = g.amount.add(part.amount);
}

/** The amount of a recorded occurrence. */
export function recordAmount(p: FoldPlan, recs: MatterRecords, code: number): Rational {
  return code >= 0 ? p.fast!.unit[code]! : recs.amounts[-code - 1]!;
}
