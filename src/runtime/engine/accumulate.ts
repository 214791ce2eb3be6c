/**
 * Events are folded into per-object accumulators as they arrive, so scoring a stream of events
 * needs memory for objects and rules, not for events. For each object: the count of each kind,
 * every filtered count, and for each per-occurrence rule its groups (same tier, multipliers and
 * quarter) with their count and amount. Occurrences that carry a 事项 under an item with
 * 同一事项取最高 are kept one by one, because which of them counts is decided only at the end.
 */
import type { EventData } from '../model.js';
import type { ClauseSpec, ExprIR, NodeSpec, Program } from '../program.js';
import { Rational } from '../rational.js';
import { quarterOf } from '../calendar.js';
import { describeSource } from '../errors.js';
import type { ChargedEvent } from './events.js';
import type { Engine, ObjectState } from './engine.js';
import { truthy } from './ops.js';

export interface Group {
  label: string;
  /** Absent when the rate differs between occurrences (视情, a rate computed per event). */
  rate?: Rational;
  multiplier?: string;
  quarter?: string;
  count: Rational;
  amount: Rational;
}

export interface MatterPart {
  matter: string;
  amount: Rational;
  count: Rational;
  groupKey: string;
  label: string;
  rate?: Rational;
  multiplier?: string;
  quarter?: string;
  source?: EventData['source'];
}

export interface ClauseAcc {
  groups: Map<string, Group>;
  /** Occurrences with a 事项 under 同一事项取最高: decided at the end. */
  matters: MatterPart[];
  /** Occurrences left out because they fall outside the item's 期间. */
  outsidePeriod: number;
}

/**
 * Can a per-event expression be evaluated as its event arrives? Only if it reads nothing that
 * is complete only after all events: counts, item scores, population values — also through
 * computed values.
 */
export function streamable(e: ExprIR, p: Program, seen = new Set<string>()): boolean {
  switch (e.op) {
    case 'count':
    case 'node':
    case 'pop':
    case 'self-score':
    case 'total':
      return false;
    case 'computed': {
      if (seen.has(e.name)) return true;
      seen.add(e.name);
      const c = p.computed.find((x) => x.name === e.name);
      return !c || streamable(p.exprs[c.expr]!, p, seen);
    }
    default:
      for (const v of Object.values(e)) {
        if (v && typeof v === 'object') {
          if (Array.isArray(v)) {
            if (!v.every((x) => typeof x !== 'object' || streamable(x as ExprIR, p, seen))) return false;
          } else if ('op' in v && !streamable(v as ExprIR, p, seen)) return false;
        }
      }
      return true;
  }
}

export function newAcc(): ClauseAcc {
  return { groups: new Map(), matters: [], outsidePeriod: 0 };
}

/** One occurrence of an event for one object: its part in one rule. */
export function foldEvent(eng: Engine, o: ObjectState, node: NodeSpec, c: ClauseSpec, e: ChargedEvent, keepMatters: boolean): void {
  const f = c.form;
  if (f.kind !== 'events') return;
  let acc = o.accs.get(c);
  if (!acc) o.accs.set(c, (acc = newAcc()));
  const d = e.data;
  if (node.period && d.date && (d.date < node.period.from || d.date > node.period.to)) {
    acc.outsidePeriod++;
    return;
  }
  const s = eng.scope(o, node);
  const E = eng.E;
  if (f.filter !== undefined && !truthy(E[f.filter]!(s, e))) return;
  let tier = -1;
  for (let i = 0; i < f.tiers.length; i++) {
    if (truthy(E[f.tiers[i]!.when]!(s, e))) {
      tier = i;
      break;
    }
  }
  let rate: Rational;
  let fixed: Rational | undefined;
  let label = f.event;
  const tierSpec = tier >= 0 ? f.tiers[tier]! : undefined;
  const range = tierSpec ? tierSpec.discretionary : f.discretionary;
  if (tierSpec && tierSpec.rate !== undefined) {
    rate = E[tierSpec.rate]!(s, e) as Rational;
    fixed = eng.constants.get(tierSpec.rate);
    label = tierSpec.label;
  } else if (range) {
    const [lo, hi] = range;
    if (tierSpec) label = tierSpec.label;
    const amt = d.amount;
    const where = d.source ? `（${describeSource(d.source)}）` : '';
    if (!amt) throw eng.problem(o, node, 'D1002', `视情扣分的事件【${d.kind}】须写明【分值】（${lo}-${hi}分）${where}`, d.source ? { source: d.source } : {});
    if (amt.lt(Rational.of(lo)) || amt.gt(Rational.of(hi))) {
      throw eng.problem(o, node, 'D1002', `事件【${d.kind}】的【分值】${amt.toString()}分不在${lo}-${hi}分之内${where}`, d.source ? { source: d.source } : {});
    }
    rate = amt;
  } else if (f.rate !== undefined) {
    rate = E[f.rate]!(s, e) as Rational;
    fixed = eng.constants.get(f.rate);
  } else {
    // A tier list that does not list this event's value: it charges nothing.
    rate = Rational.ZERO;
    fixed = Rational.ZERO;
    label = `${f.event}（未列入分级）`;
  }
  if (f.floorEach !== undefined) {
    const floor = Rational.of(f.floorEach);
    if (rate.lt(floor)) rate = floor;
    fixed = undefined;
  }
  let mask = 0;
  let factor = Rational.ONE;
  let words: string | undefined;
  for (let i = 0; i < f.multipliers.length; i++) {
    const m = f.multipliers[i]!;
    if (truthy(E[m.when]!(s, e))) {
      mask |= 1 << i;
      factor = factor.mul(eng.factors.get(m)!);
      words = words ? `${words}，${m.label}${m.word}` : `${m.label}${m.word}`;
    }
  }
  const count = d.count ?? Rational.ONE;
  const weight = e.share === Rational.ONE ? count : count.mul(e.share);
  let amount = rate;
  if (weight !== Rational.ONE) amount = amount.mul(weight);
  if (mask) amount = amount.mul(factor);
  const quarter = c.quarterly && d.date ? `${d.date.slice(0, 4)}年第${quarterOf(d.date)}季度` : undefined;
  const key = `${tier}|${mask}|${quarter ?? ''}${fixed ? '' : `|${rate.toString()}`}`;
  if (keepMatters && d.matter) {
    acc.matters.push({
      matter: d.matter,
      amount,
      count: weight,
      groupKey: key,
      label,
      ...(fixed || !range ? { rate } : {}),
      ...(words ? { multiplier: words } : {}),
      ...(quarter ? { quarter } : {}),
      ...(d.source ? { source: d.source } : {}),
    });
    return;
  }
  let g = acc.groups.get(key);
  if (!g) {
    g = {
      label,
      ...(fixed || !range ? { rate } : {}),
      ...(words ? { multiplier: words } : {}),
      ...(quarter ? { quarter } : {}),
      count: Rational.ZERO,
      amount: Rational.ZERO,
    };
    acc.groups.set(key, g);
  }
  g.count = g.count.add(weight);
  g.amount = g.amount.add(amount);
}

/** Which per-occurrence rules read each event kind, and whether they keep matters apart. */
export function foldPlan(p: Program): Map<string, { clause: ClauseSpec; node: NodeSpec; keepMatters: boolean }[]> {
  const byKind = new Map<string, { clause: ClauseSpec; node: NodeSpec; keepMatters: boolean }[]>();
  const visit = (n: NodeSpec, underMatter: boolean) => {
    const keep = underMatter || n.sameMatterMax;
    for (const r of n.rules) {
      for (const c of r.alternatives) {
        if (c.form.kind !== 'events') continue;
        let list = byKind.get(c.form.event);
        if (!list) byKind.set(c.form.event, (list = []));
        list.push({ clause: c, node: n, keepMatters: keep && c.sign !== 'deduct' });
      }
    }
    for (const ch of n.children) visit(ch, keep);
  };
  p.nodes.forEach((n) => visit(n, false));
  return byKind;
}
