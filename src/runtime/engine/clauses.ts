/**
 * One clause of a rule: its amount by form (flat, per quantity, per event with tiers and
 * multipliers, stepwise, rank table, judged), then its exemptions and its cap, with the trace
 * entries that explain it.
 */
import { quarterOf } from '../calendar.js';
import type { EventGroup, Fact, TraceDetail, TraceEntry } from '../model.js';
import type { ClauseSpec, NodeSpec } from '../program.js';
import { Rational } from '../rational.js';
import type { Group } from './accumulate.js';
import type { Engine, ObjectState } from './engine.js';
import { truthy } from './ops.js';
import { rankTableAmount } from './rank.js';

export interface ClauseResult {
  amount: Rational;
  entries: TraceEntry[];
}

function traceGroups(groups: Group[]): EventGroup[] {
  return groups.map((g) => ({
    label: g.quarter ? `${g.label}（${g.quarter}）` : g.label,
    count: g.count.toString(),
    rate: g.rate ? g.rate.toString() : '视情',
    amount: g.amount.toString(),
    ...(g.multiplier ? { multiplier: g.multiplier } : {}),
  }));
}

/** The amount of a clause's form, with its detail for the trace; before exemptions and caps. */
function formAmount(eng: Engine, o: ObjectState, node: NodeSpec, c: ClauseSpec, entries: TraceEntry[]): { amount: Rational; detail: TraceDetail } {
  const s = eng.scope(o, node);
  const E = eng.E;
  const f = c.form;
  switch (f.kind) {
    case 'flat':
      return { amount: E[f.value]!(s) as Rational, detail: { form: 'flat' } };
    case 'judged':
      return { amount: E[f.value]!(s) as Rational, detail: { form: 'judged' } };
    case 'quantity': {
      const count = E[f.quantity]!(s) as Rational;
      const rate = E[f.rate]!(s) as Rational;
      return { amount: count.mul(rate), detail: { form: 'quantity', count: count.toString(), ...(f.per ? { per: f.per } : {}), rate: rate.toString() } };
    }
    case 'step': {
      const value = E[f.quantity]!(s) as Rational;
      const target = E[f.target]!(s) as Rational;
      const step = eng.quiet(() => E[f.step]!(s)) as Rational;
      const gap = f.dir === 'less' ? target.sub(value) : value.sub(target);
      const ratio = gap.sign() > 0 ? gap.div(step) : Rational.ZERO;
      const steps = f.partial === 'ceil' ? ratio.ceil() : ratio.floor();
      const amount = steps.mul(Rational.of(f.amount));
      return {
        amount,
        detail: {
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
        },
      };
    }
    case 'rank': {
      const tiebreak = f.tie.kind === 'by' ? { metric: f.tie.metric, order: f.tie.order } : undefined;
      const ranks = eng.ranks(f.key, f.metric, f.order, f.group, tiebreak, node);
      const mine = ranks.get(o.name)!;
      eng.record({ name: f.metricText.replace(/^【(.*)】$/, '$1'), value: mine.value.toString(), ...(f.metricPercent ? { percent: true } : {}) });
      const table = { from: f.from, to: f.to ?? mine.of, amounts: f.amounts };
      const amount = rankTableAmount(table, mine.rank, mine.tied, f.tie.kind);
      return { amount, detail: { form: 'rank', rank: mine.rank, of: mine.of, metric: mine.value.toString(), ...(mine.tied > 1 ? { tie: true } : {}) } };
    }
    case 'events': {
      const acc = o.accs.get(c);
      const groups = [...(acc?.groups.values() ?? [])];
      let amount = Rational.ZERO;
      let capped: string | undefined;
      if (c.quarterly && c.cap !== undefined) {
        // 按季考评，累计扣分: the rule's cap applies within each quarter, then quarters add up.
        const byQuarter = new Map<string, Rational>();
        for (const g of groups) byQuarter.set(g.quarter ?? '无日期', (byQuarter.get(g.quarter ?? '无日期') ?? Rational.ZERO).add(g.amount));
        const cap = Rational.of(c.cap);
        for (const [q, a] of [...byQuarter.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
          if (a.gt(cap)) {
            entries.push({ kind: 'cap', node: node.id, line: c.line, word: `${c.capWord ?? '限扣'}（${q}）`, before: a.toString(), after: cap.toString(), limit: c.cap, scope: 'rule' });
            amount = amount.add(cap);
          } else {
            amount = amount.add(a);
          }
        }
        capped = 'quarterly';
      } else {
        for (const g of groups) amount = amount.add(g.amount);
      }
      const detail: TraceDetail = {
        form: 'events',
        event: f.event,
        ...(f.per ? { per: f.per } : {}),
        groups: traceGroups(groups),
        ...(capped ? { capped } : {}),
        ...(acc?.outsidePeriod ? { outsidePeriod: acc.outsidePeriod } : {}),
      };
      return { amount, detail };
    }
  }
}

export function evalClause(eng: Engine, o: ObjectState, node: NodeSpec, c: ClauseSpec, alternative: number | undefined, condFacts: Fact[] = []): ClauseResult {
  const entries: TraceEntry[] = [];
  const s = eng.scope(o, node);
  for (const ex of c.exempt) {
    const r = eng.recording(() => truthy(eng.E[ex.when]!(s)));
    if (r.value) {
      entries.push({ kind: 'exempt', node: node.id, line: ex.line, text: c.text, facts: r.facts });
      return { amount: Rational.ZERO, entries };
    }
  }
  const capEntries: TraceEntry[] = [];
  const { value, facts } = eng.recording(() => formAmount(eng, o, node, c, capEntries));
  let amount = value.amount;
  if (amount.sign() < 0 && c.sign !== 'get') amount = Rational.ZERO;
  const fired = c.sign === 'get' || amount.sign() > 0;
  const seen = new Set(condFacts.map((f) => f.name));
  if (fired) entries.push(ruleEntry(node, c, amount, [...condFacts, ...facts.filter((f) => !seen.has(f.name))], value.detail, alternative));
  entries.push(...capEntries);
  if (c.cap !== undefined && !(c.quarterly && c.form.kind === 'events') && amount.gt(Rational.of(c.cap))) {
    entries.push({ kind: 'cap', node: node.id, line: c.line, word: c.capWord ?? '限扣', before: amount.toString(), after: c.cap, limit: c.cap, scope: 'rule' });
    amount = Rational.of(c.cap);
  }
  return { amount, entries };
}

function ruleEntry(node: NodeSpec, c: ClauseSpec, amount: Rational, facts: Fact[], detail: TraceDetail, alternative: number | undefined): TraceEntry {
  return {
    kind: 'rule',
    node: node.id,
    line: c.line,
    text: c.text,
    sign: c.sign,
    amount: amount.toString(),
    facts,
    detail,
    ...(alternative !== undefined ? { alternative } : {}),
  };
}
