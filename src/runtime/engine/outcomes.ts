/**
 * Outcomes over the population: vetoes (R35), grade bands with quotas and their fallbacks (R33,
 * R34), titles by rank or condition within groups (R36) and what titles mean elsewhere (R38).
 */
import type { ObjectResult, RunResult } from '../model.js';
import type { GradeBandSpec, Program, TitleSpec } from '../program.js';
import { Rational } from '../rational.js';
import type { Engine } from './engine.js';
import type { ObjectState } from './state.js';
import { fmt, truthy } from './ops.js';
import { rankValues } from './rank.js';

const bounds = new WeakMap<GradeBandSpec, { lo?: Rational; hi?: Rational }>();

function inBand(b: GradeBandSpec, total: Rational): boolean {
  let x = bounds.get(b);
  if (!x) bounds.set(b, (x = { ...(b.lo ? { lo: Rational.of(b.lo.value) } : {}), ...(b.hi ? { hi: Rational.of(b.hi.value) } : {}) }));
  if (b.lo) {
    const c = total.cmp(x.lo!);
    if (c < 0 || (c === 0 && !b.lo.closed)) return false;
  }
  if (b.hi) {
    const c = total.cmp(x.hi!);
    if (c > 0 || (c === 0 && !b.hi.closed)) return false;
  }
  return true;
}

export interface Outcome {
  vetoed: boolean;
  vetoReasons: { line: number; text: string }[];
  grade?: string;
  gradeNote?: string;
  titles: string[];
}

/** Outcomes by object index; totals by object index. */
export function decideOutcomes(eng: Engine, totals: Rational[], notes: string[]): Outcome[] {
  const p = eng.program;
  const out: Outcome[] = new Array(eng.objects.length);
  const whats = p.veto.map((v) => `否优条件（第${v.line}行）`);
  for (const o of eng.objects) {
    const s = eng.scope(o);
    const reasons: { line: number; text: string }[] = [];
    for (let i = 0; i < p.veto.length; i++) {
      const v = p.veto[i]!;
      if (truthy(eng.quiet(() => eng.guard(o, undefined, () => eng.E[v.when]!(s), whats[i])))) reasons.push({ line: v.line, text: v.text });
    }
    out[o.index] = { vetoed: reasons.length > 0, vetoReasons: reasons, titles: [] };
  }
  if (p.grades) grade(eng, p, totals, out, notes);
  const holders = new Map<string, Set<string>>();
  for (const o of eng.objects) {
    const oc = out[o.index]!;
    if (!oc.grade) continue;
    let set = holders.get(oc.grade);
    if (!set) holders.set(oc.grade, (set = new Set()));
    set.add(o.name);
  }
  for (const t of p.titles) {
    const chosen = title(eng, t, holders, notes);
    holders.set(t.label, chosen);
    for (const name of chosen) out[eng.byName.get(name)!.index]!.titles.push(t.label);
  }
  return out;
}

function grade(eng: Engine, p: Program, totals: Rational[], out: Outcome[], notes: string[]): void {
  const bands = p.grades!.bands;
  const byBand = new Map<GradeBandSpec, ObjectState[]>();
  for (const o of eng.objects) {
    const total = totals[o.index]!;
    const band = bands.find((b) => !b.rest && inBand(b, total)) ?? bands.find((b) => b.rest);
    if (!band) continue;
    out[o.index]!.grade = band.label;
    let list = byBand.get(band);
    if (!list) byBand.set(band, (list = []));
    list.push(o);
  }
  for (const band of bands) {
    const members = byBand.get(band) ?? [];
    const eligible: ObjectState[] = [];
    for (const o of members) {
      const oc = out[o.index]!;
      if (oc.vetoed && band.vetoTo) {
        oc.grade = band.vetoTo;
        oc.gradeNote = `否优，${band.label}评为${band.vetoTo}`;
      } else {
        eligible.push(o);
      }
    }
    if (!band.quota) continue;
    const { count, tie } = band.quota;
    const tb = tie?.kind === 'by' ? tie : undefined;
    const ranked = rankValues(
      eligible.map((o) => ({
        key: o.index,
        name: o.name,
        value: totals[o.index]!,
        ...(tb ? { tiebreak: eng.quiet(() => eng.E[tb.metric]!(eng.scope(o))) as Rational } : {}),
      })),
      'desc',
      tb?.order,
    );
    const admitted = ranked.filter((r) => r.rank <= count);
    if (admitted.length > count) {
      notes.push(`“${band.label}”限${count}名：第${count}名并列，${admitted.length}个对象均评为${band.label}（${admitted.map((a) => a.name).join('、')}）`);
    }
    for (const r of ranked) {
      if (r.rank <= count) continue;
      const oc = out[r.key]!;
      oc.grade = band.outsideQuota ?? band.label;
      oc.gradeNote = `总分在${band.label}分数段，名额外评为${oc.grade}`;
    }
  }
}

function title(eng: Engine, t: TitleSpec, holders: Map<string, Set<string>>, notes: string[]): Set<string> {
  let pool = eng.objects;
  if (t.from) {
    const from = holders.get(t.from) ?? new Set<string>();
    pool = pool.filter((o) => from.has(o.name));
  }
  const where = `评定“${t.label}”（第${t.line}行）`;
  const test = (o: ObjectState, idx: number) => truthy(eng.quiet(() => eng.guard(o, undefined, () => eng.E[idx]!(eng.scope(o)), where)));
  if (t.among !== undefined) pool = pool.filter((o) => test(o, t.among!));
  const chosen = new Set<string>();
  if (t.when !== undefined) {
    for (const o of pool) if (test(o, t.when)) chosen.add(o.name);
  }
  const r = t.rank;
  if (r) {
    const groups = new Map<string, ObjectState[]>();
    for (const o of pool) {
      const g = r.group ? fmt(eng.quiet(() => eng.input(o, r.group!, undefined, false))) : '';
      let list = groups.get(g);
      if (!list) groups.set(g, (list = []));
      list.push(o);
    }
    const tb = r.tie.kind === 'by' ? r.tie : undefined;
    for (const [g, members] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const spec = r.counts.find((c) => c.group === undefined || c.group === g);
      if (!spec) continue;
      let n: number;
      if (spec.n !== undefined) {
        n = spec.n;
      } else {
        const exact = Rational.of(members.length).mul(Rational.of(spec.percent!));
        n = Number((r.rounding === 'ceil' ? exact.ceil() : exact.floor()).toString());
      }
      if (r.atLeast !== undefined) n = Math.max(n, r.atLeast);
      const ranked = rankValues(
        members.map((o) => {
          const s = eng.scope(o);
          return {
            key: o.name,
            name: o.name,
            value: eng.quiet(() => eng.guard(o, undefined, () => eng.E[r.metric]!(s), where)) as Rational,
            ...(tb ? { tiebreak: eng.quiet(() => eng.E[tb.metric]!(s)) as Rational } : {}),
          };
        }),
        r.order,
        tb?.order,
      );
      const picked = ranked.filter((x) => x.rank <= n);
      if (picked.length > n) notes.push(`“${t.label}”${g ? `（${g}）` : ''}取${n}名：名额边界并列，${picked.length}个对象均入选`);
      for (const x of picked) chosen.add(x.key);
    }
  }
  if (t.plus !== undefined) {
    for (const o of eng.objects) if (test(o, t.plus)) chosen.add(o.name);
  }
  return chosen;
}

export function resultUse(eng: Engine, out: Outcome[]): RunResult['resultUse'] {
  const u = eng.program.resultUse;
  if (!u) return undefined;
  const groups = new Map<string, { delta: Rational; from: string[] }>();
  for (const o of eng.objects) {
    const oc = out[o.index]!;
    const held = new Set([...(oc.grade ? [oc.grade] : []), ...oc.titles]);
    const rule = u.rules.find((r) => held.has(r.label));
    if (!rule) continue;
    const g = fmt(eng.quiet(() => eng.input(o, u.by, undefined, false)));
    let entry = groups.get(g);
    if (!entry) groups.set(g, (entry = { delta: Rational.ZERO, from: [] }));
    entry.delta = entry.delta.add(Rational.of(rule.delta));
    entry.from.push(`${o.name}（${rule.label}${rule.delta.startsWith('-') ? rule.delta : `+${rule.delta}`}）`);
  }
  return {
    by: u.by,
    adjustments: [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([group, v]) => ({ group, delta: v.delta.toString(), from: v.from })),
  };
}

export type { ObjectResult };
