/**
 * The bounds agree with the engine: random datasets (within the assumptions of
 * src/analysis/values.ts: counts ≥ 0, percentages in [0, 100%], inputs within their 范围, any
 * option, any yes/no) are scored by the real engine, and every item's score and every total
 * must lie within the bounds. What the strict findings call impossible must not happen either:
 * a rule or tier that "never applies" never shows in a trace, a veto that "never holds" never
 * vetoes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Analysis, analyzeBounds, type Range } from '../../src/analysis/bounds.js';
import { compileRubric, score } from '../../src/api.js';
import { ScoringError } from '../../src/runtime/errors.js';
import type { Dataset, EventData, NodeResult, ObjectData, Scalar } from '../../src/runtime/model.js';
import type { ClauseSpec, InputSpec, NodeSpec, Program, ValueSpec } from '../../src/runtime/program.js';
import { Rational } from '../../src/runtime/rational.js';
import { FIXTURES, RUBRICS } from '../checking/helpers.js';

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}
type Rng = ReturnType<typeof rng>;

function date(r: Rng, p: { from: string; to: string } | undefined): string {
  const from = Date.parse(p?.from ?? '2023-01-01');
  const to = Date.parse(p?.to ?? '2023-12-31');
  return new Date(from + r.int(Math.max(1, (to - from) / 86400000 + 1)) * 86400000).toISOString().slice(0, 10);
}

/** How often a count is 0 (a divisor of 0 makes the dataset unscorable, so some datasets have none). */
let zeros = 0.15;

function value(r: Rng, t: ValueSpec, range: [string, string] | undefined, names: string[], period: Program['period']): Scalar {
  switch (t.kind) {
    case 'num': {
      if (range) {
        const lo = Rational.of(range[0]);
        const hi = Rational.of(range[1]);
        const k = r.int(5);
        return k === 0
          ? lo
          : k === 1
            ? hi
            : lo.add(
                hi
                  .sub(lo)
                  .mul(Rational.of(r.int(101)))
                  .div(100),
              );
      }
      if (t.percent) return Rational.of(r.pick([0, 100, r.int(101), r.int(101), 40, 90, 95])).div(100);
      if (t.unit) return r.next() < zeros ? Rational.ZERO : Rational.of(r.pick([1, 1, 2, 3, 1 + r.int(20), 1 + r.int(200)]));
      return Rational.of(r.int(61) - 10);
    }
    case 'bool':
      return r.next() < 0.5;
    case 'choice':
      return r.pick(t.options ?? ['']);
    case 'date':
      return date(r, period);
    case 'subject':
      return r.pick(names);
    default:
      return `文本${r.int(3)}`;
  }
}

/** Per event kind, the 视情 ranges of its rules; an amount must lie in all of them to be valid everywhere. */
function discretionary(p: Program): Map<string, [Rational, Rational] | null> {
  const out = new Map<string, [Rational, Rational] | null>();
  const walk = (n: NodeSpec) => {
    for (const r of n.rules) {
      for (const c of r.alternatives) {
        if (c.form.kind !== 'events') continue;
        const ranges = [c.form.discretionary, ...c.form.tiers.map((t) => t.discretionary)].filter((x): x is [string, string] => !!x);
        for (const [a, b] of ranges) {
          const prev = out.get(c.form.event);
          if (prev === null) continue;
          const lo = prev ? Rational.max(prev[0], Rational.of(a)) : Rational.of(a);
          const hi = prev ? Rational.min(prev[1], Rational.of(b)) : Rational.of(b);
          out.set(c.form.event, lo.le(hi) ? [lo, hi] : null);
        }
      }
    }
    n.children.forEach(walk);
  };
  p.nodes.forEach(walk);
  return out;
}

function dataset(p: Program, r: Rng): Dataset {
  zeros = r.pick([0, 0, 0.02, 0.15]);
  const names = Array.from({ length: 2 + r.int(7) }, (_, i) => `对象${i + 1}`);
  const checklist: string[] = [];
  const walk = (n: NodeSpec) => {
    if (n.mode === 'check' && n.criterion === 'checklist') checklist.push(n.id);
    n.children.forEach(walk);
  };
  p.nodes.forEach(walk);
  const inputValue = (i: InputSpec) => value(r, i.type, i.range, names, p.period);
  const objects: ObjectData[] = names.map((name) => ({
    name,
    values: Object.fromEntries(p.inputs.map((i) => [i.name, inputValue(i)])),
    checklist: Object.fromEntries(checklist.map((id) => [id, r.next() < 0.7])),
  }));
  const params = Object.fromEntries(p.params.map((i) => [i.name, inputValue(i)]));
  const amounts = discretionary(p);
  const kinds = p.events.filter((e) => amounts.get(e.name) !== null);
  const events: EventData[] = [];
  for (let k = r.int(80); k > 0 && kinds.length; k--) {
    const e = r.pick(kinds);
    const range = amounts.get(e.name);
    const attrs: Record<string, Scalar> = {};
    for (const a of e.attrs) if (!a.builtin) attrs[a.name] = value(r, a.type, undefined, names, p.period);
    events.push({
      kind: e.name,
      ...(e.charge.length ? {} : { object: r.pick(names) }),
      date: date(r, p.period),
      ...(r.next() < 0.2 ? { count: Rational.of(r.pick([0, 2, 3])).add(Rational.of(r.int(2)).div(2)) } : {}),
      ...(range
        ? {
            amount: range[0].add(
              range[1]
                .sub(range[0])
                .mul(Rational.of(r.int(5)))
                .div(4),
            ),
          }
        : {}),
      ...(r.next() < 0.3 ? { matter: `事项${r.int(3)}` } : {}),
      attrs,
    });
  }
  return { objects, params, events };
}

const within = (r: Range | undefined, v: Rational) => !!r && (r.min === undefined || r.min.le(v)) && (r.max === undefined || r.max.ge(v));
const show = (r: Range | undefined) => (r ? `[${r.min?.toString() ?? '-∞'}, ${r.max?.toString() ?? '∞'}]` : 'none');

function rubricsToTest(): { name: string; source: string }[] {
  const real = readdirSync(RUBRICS)
    .filter((f) => f.endsWith('.rubric'))
    .map((f) => ({ name: f, source: readFileSync(join(RUBRICS, f), 'utf8') }));
  const dir = join(FIXTURES, 'codes');
  const strict = readdirSync(dir)
    .filter((f) => f.startsWith('S') && f.endsWith('.rubric'))
    .map((f) => ({ name: f, source: readFileSync(join(dir, f), 'utf8') }));
  return [...real, ...strict];
}

describe('the bounds hold for every score the engine gives', () => {
  for (const { name, source } of rubricsToTest()) {
    it(name, () => {
      const p = compileRubric(source, name).program!;
      const b = analyzeBounds(p);
      const a = new Analysis(p);
      // What the analysis says never happens.
      const dead: ClauseSpec[] = [];
      const deadTiers: string[] = [];
      const walk = (n: NodeSpec) => {
        for (const rule of n.rules) {
          for (const c of rule.alternatives) {
            const f = a.clause(c, n, rule);
            if (f.live === 'unsat' || f.filterLive === 'unsat') dead.push(c);
            if (c.form.kind !== 'events') continue;
            const tiers = c.form.tiers;
            // A dead tier's label, when no live tier of the rule shares it (a value listed twice).
            for (const t of f.tiers ?? []) {
              const label = tiers[t.index]!.label;
              if (t.live === 'unsat' && !(f.tiers ?? []).some((u) => u.live !== 'unsat' && tiers[u.index]!.label === label)) deadTiers.push(label);
            }
          }
        }
        n.children.forEach(walk);
      };
      p.nodes.forEach(walk);
      const deadVetoes = p.veto.filter((v) => a.solver.sat(a.solver.cond(v.when, {})) === 'unsat').map((v) => v.line);
      let scored = 0;
      for (let seed = 1; seed <= 40; seed++) {
        let result;
        try {
          result = score(p, dataset(p, rng(seed * 7919 + name.length)));
        } catch (e) {
          if (e instanceof ScoringError) continue; // e.g. a divisor of 0 in this dataset
          throw e;
        }
        scored++;
        for (const o of result.objects) {
          expect(within(b.total, Rational.of(o.total)), `${name} seed ${seed} ${o.name}: total ${o.total} outside ${show(b.total)}`).toBe(true);
          const check = (n: NodeResult) => {
            if (!n.notScored)
              expect(within(b.node(n.id), Rational.of(n.score)), `${name} seed ${seed} ${o.name}: ${n.id} = ${n.score} outside ${show(b.node(n.id))}`).toBe(
                true,
              );
            n.children?.forEach(check);
          };
          o.nodes.forEach(check);
          for (const t of o.trace) {
            if (t.kind !== 'rule') continue;
            expect(
              dead.some((c) => c.line === t.line && c.text === t.text),
              `${name}: a rule said never to apply fired: ${t.text}`,
            ).toBe(false);
            if (t.detail.form === 'events')
              for (const g of t.detail.groups) expect(deadTiers, `${name}: a tier said never to apply was used`).not.toContain(g.label);
          }
          for (const v of o.vetoReasons) expect(deadVetoes).not.toContain(v.line);
        }
      }
      expect(scored, `${name}: no dataset could be scored`).toBeGreaterThan(10);
    });
  }
});
