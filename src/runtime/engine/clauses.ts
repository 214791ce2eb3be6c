/**
 * One clause of a rule: its amount by form (flat, per quantity, per event with tiers and
 * multipliers, stepwise, rank table, judged), then its exemptions and its cap, with the trace
 * entries that explain it (none when the run keeps no traces).
 */
import type { EventGroup, Fact, TraceDetail, TraceEntry } from '../model.js';
import { Rational } from '../rational.js';
import type { Group } from './accumulate.js';
import type { Engine } from './engine.js';
import type { ObjectState } from './state.js';
import { truthy } from './ops.js';
import type { ClauseInfo, FactShape } from './plan.js';
import { amountAtRank, type RankTable } from './rank.js';

function traceGroups(groups: Group[]): EventGroup[] {
  const out: EventGroup[] = new Array(groups.length);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    const label = g.quarter ? `${g.label}（${g.quarter}）` : g.label;
    const count = g.count.toString();
    const rate = g.rate ? g.rate.toString() : '视情';
    const amount = g.amount.toString();
    out[i] = g.multiplier ? { label, count, rate, amount, multiplier: g.multiplier } : { label, count, rate, amount };
  }
  return out;
}

/** A rank table's amount at each rank, worked out once per clause and table length. */
const rankAmounts = new WeakMap<ClauseInfo, Map<number, (Rational | undefined)[]>>();

function amountAt(ci: ClauseInfo, t: Omit<RankTable, 'to'>, to: number, r: number): Rational {
  let byTo = rankAmounts.get(ci);
  if (!byTo) rankAmounts.set(ci, (byTo = new Map()));
  let list = byTo.get(to);
  if (!list) byTo.set(to, (list = []));
  let v = list[r];
  if (!v) list[r] = v = amountAtRank({ from: t.from, to, amounts: t.amounts }, r);
  return v;
}

/** The amount for a rank (R22): 并列取平均 averages a tied block's amounts. `to`: the table's last rank, resolved. */
function tableAmount(ci: ClauseInfo, t: Omit<RankTable, 'to'>, to: number, rank: number, tied: number, tie: 'high' | 'average' | 'by'): Rational {
  if (tie !== 'average' || tied <= 1) return amountAt(ci, t, to, rank);
  let sum = Rational.ZERO;
  for (let r = rank; r < rank + tied; r++) sum = sum.add(amountAt(ci, t, to, r));
  return sum.div(Rational.of(tied));
}

/** Parsed once per clause: a stepwise rule's amount per step, a rank rule's metric fact. */
const stepAmounts = new WeakMap<ClauseInfo, Rational>();
const metricShapes = new WeakMap<ClauseInfo, FactShape>();

/** The detail of the last formAmount, when tracing. */
let lastDetail: TraceDetail | undefined;

/**
 * The amount of a clause's form, before exemptions and caps; when tracing, its detail for the
 * trace is left in lastDetail and the caps per quarter in entries.
 */
function formAmount(eng: Engine, o: ObjectState, ci: ClauseInfo, entries: TraceEntry[] | undefined): Rational {
  const node = ci.node.spec;
  const c = ci.spec;
  const E = eng.E;
  const f = c.form;
  const tracing = eng.tracing;
  const s = eng.scopeAt(o, ci.node);
  switch (f.kind) {
    case 'flat': {
      const amount = E[f.value]!(s) as Rational;
      if (tracing) lastDetail = { form: 'flat' };
      return amount;
    }
    case 'judged': {
      const amount = E[f.value]!(s) as Rational;
      if (tracing) lastDetail = { form: 'judged' };
      return amount;
    }
    case 'quantity': {
      const count = E[f.quantity]!(s) as Rational;
      const rate = E[f.rate]!(s) as Rational;
      if (tracing)
        lastDetail = f.per
          ? { form: 'quantity', count: count.toString(), per: f.per, rate: rate.toString() }
          : { form: 'quantity', count: count.toString(), rate: rate.toString() };
      return count.mul(rate);
    }
    case 'step': {
      const value = E[f.quantity]!(s) as Rational;
      const target = E[f.target]!(s) as Rational;
      const step = eng.quiet(() => E[f.step]!(s)) as Rational;
      const gap = f.dir === 'less' ? target.sub(value) : value.sub(target);
      const ratio = gap.sign() > 0 ? gap.div(step) : Rational.ZERO;
      const steps = f.partial === 'ceil' ? ratio.ceil() : ratio.floor();
      let per = stepAmounts.get(ci);
      if (!per) stepAmounts.set(ci, (per = Rational.of(f.amount)));
      if (tracing) {
        lastDetail = {
          form: 'step',
          value: value.toString(),
          target: target.toString(),
          words: f.words,
          step: step.toString(),
          steps: steps.toString(),
          amount: f.amount,
          partial: f.partial,
          ...(f.unit ? { unit: f.unit } : {}),
          ...(f.percent ? { percent: true } : {}),
        };
      }
      return steps.mul(per);
    }
    case 'rank': {
      const ranks = eng.ranks(f, node);
      const mine = ranks[o.index]!;
      if (tracing) {
        let shape = metricShapes.get(ci);
        if (!shape) metricShapes.set(ci, (shape = { name: f.metricText.replace(/^【(.*)】$/, '$1'), ...(f.metricPercent ? { percent: true as const } : {}) }));
        // A measure that is itself a missing input says so as such; one computed from missing inputs lists them.
        const d = mine.defaults;
        const own = d?.find((x) => x.name === shape!.name);
        const rest = own ? d!.filter((x) => x !== own) : d;
        eng.note(shape, mine.value, own?.assumed, rest?.length ? rest : undefined);
      }
      if (tracing)
        lastDetail =
          mine.tied > 1
            ? { form: 'rank', rank: mine.rank, of: mine.of, metric: mine.value.toString(), tie: true }
            : { form: 'rank', rank: mine.rank, of: mine.of, metric: mine.value.toString() };
      return tableAmount(ci, f, f.to ?? mine.of, mine.rank, mine.tied, f.tie.kind);
    }
    case 'events': {
      const acc = o.accs[ci.index];
      if (!tracing && !c.quarterly) {
        // Without traces, only the total: a constant-rate rule keeps just that.
        if (!acc) return Rational.ZERO;
        if (acc.sum !== undefined) return acc.sum;
        let amount = Rational.ZERO;
        for (const g of acc.groups.values()) amount = amount.add(g.amount);
        return amount;
      }
      const groups = acc ? [...acc.groups.values()] : [];
      let amount = Rational.ZERO;
      let capped: string | undefined;
      if (c.quarterly && c.cap !== undefined) {
        // 按季考评，累计扣分: the rule's cap applies within each quarter, then quarters add up.
        const byQuarter = new Map<string, Rational>();
        for (const g of groups) byQuarter.set(g.quarter ?? '无日期', (byQuarter.get(g.quarter ?? '无日期') ?? Rational.ZERO).add(g.amount));
        const cap = ci.cap!;
        for (const [q, a] of [...byQuarter.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
          if (a.gt(cap)) {
            if (entries)
              entries.push({
                kind: 'cap',
                node: node.id,
                line: c.line,
                word: `${c.capWord ?? '限扣'}（${q}）`,
                before: a.toString(),
                after: cap.toString(),
                limit: c.cap,
                scope: 'rule',
              });
            amount = amount.add(cap);
          } else {
            amount = amount.add(a);
          }
        }
        capped = 'quarterly';
      } else {
        for (const g of groups) amount = amount.add(g.amount);
      }
      if (tracing) {
        // Key by key, in the order JSON shows them (spreads are slow here: once per rule and object).
        const d = { form: 'events', event: f.event } as Extract<TraceDetail, { form: 'events' }>;
        if (f.per) d.per = f.per;
        d.groups = traceGroups(groups);
        if (capped) d.capped = capped;
        if (acc?.outsidePeriod) d.outsidePeriod = acc.outsidePeriod;
        lastDetail = d;
      }
      return amount;
    }
  }
}

/**
 * A clause's amount after its exemptions, the floor at zero and its cap. When tracing, its trace
 * entries are appended to `entries` (undefined without traces).
 */
export function evalClause(
  eng: Engine,
  o: ObjectState,
  ci: ClauseInfo,
  alternative: number | undefined,
  condFacts: Fact[],
  entries: TraceEntry[] | undefined,
): Rational {
  const node = ci.node.spec;
  const c = ci.spec;
  const s = eng.scopeAt(o, ci.node);
  if (!entries) {
    for (const ex of c.exempt) if (truthy(eng.E[ex.when]!(s))) return Rational.ZERO;
    let amount = formAmount(eng, o, ci, undefined);
    if (amount.sign() < 0 && c.sign !== 'get') amount = Rational.ZERO;
    if (ci.cap !== undefined && !(c.quarterly && c.form.kind === 'events') && amount.gt(ci.cap)) amount = ci.cap;
    return amount;
  }
  for (const ex of c.exempt) {
    eng.beginRecording();
    let holds: boolean;
    try {
      holds = truthy(eng.E[ex.when]!(s));
    } catch (e) {
      eng.abortRecording();
      throw e;
    }
    const facts = eng.endRecording();
    if (holds) {
      entries.push({ kind: 'exempt', node: node.id, line: ex.line, text: c.text, facts });
      return Rational.ZERO;
    }
  }
  // Caps per quarter (only 按季 rules with a cap have any).
  const capEntries: TraceEntry[] | undefined = c.quarterly && c.cap !== undefined ? [] : undefined;
  eng.beginRecording();
  let amount: Rational;
  let detail: TraceDetail;
  try {
    amount = formAmount(eng, o, ci, capEntries);
    detail = lastDetail!;
    lastDetail = undefined;
  } catch (e) {
    eng.abortRecording();
    throw e;
  }
  const facts = eng.endRecording();
  if (amount.sign() < 0 && c.sign !== 'get') amount = Rational.ZERO;
  const fired = c.sign === 'get' || amount.sign() > 0;
  if (fired) {
    let all: Fact[];
    if (!condFacts.length) all = facts;
    else if (!facts.length) all = [...condFacts];
    else {
      const seen = new Set(condFacts.map((f) => f.name));
      all = [...condFacts, ...facts.filter((f) => !seen.has(f.name))];
    }
    entries.push(ruleEntry(ci, amount, all, detail, alternative));
  }
  if (capEntries) for (const x of capEntries) entries.push(x);
  if (ci.cap !== undefined && !(c.quarterly && c.form.kind === 'events') && amount.gt(ci.cap)) {
    entries.push({
      kind: 'cap',
      node: node.id,
      line: c.line,
      word: c.capWord ?? '限扣',
      before: amount.toString(),
      after: c.cap!,
      limit: c.cap!,
      scope: 'rule',
    });
    amount = ci.cap;
  }
  return amount;
}

function ruleEntry(ci: ClauseInfo, amount: Rational, facts: Fact[], detail: TraceDetail, alternative: number | undefined): TraceEntry {
  const c = ci.spec;
  const e: Extract<TraceEntry, { kind: 'rule' }> = {
    kind: 'rule',
    node: ci.node.spec.id,
    line: c.line,
    text: c.text,
    sign: c.sign,
    amount: amount.toString(),
    facts,
    detail,
  };
  if (alternative !== undefined) e.alternative = alternative;
  return e;
}
