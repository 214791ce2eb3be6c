/**
 * Comparing expressions of two Programs by meaning: structure, names and exact values, with
 * expression-table references (event filters) followed on each side and item references taken
 * through the item matching. Also the names an expression, a rule or an item uses, which the
 * matcher compares.
 */
import type { ClauseSpec, ExprIR, FormSpec, NodeSpec, RuleSpec } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';
import type { View } from './view.js';

/** Old item id → new item id. */
export type NodePairs = ReadonlyMap<string, string>;

function numEq(a: string, b: string): boolean {
  try {
    return Rational.of(a).eq(Rational.of(b));
  } catch {
    return a === b;
  }
}

/** A pair of comparisons whose numbers or operator differ while everything else agrees. */
export type CmpPair = [Extract<ExprIR, { op: 'cmp' }>, Extract<ExprIR, { op: 'cmp' }>];

/**
 * Walks two expressions side by side. Returns false at the first difference, except that, when
 * `thresholds` is given, a comparison of the same left side whose right side differs only in its
 * numbers (90% → 95%, 【x】×0.1 → 【x】×0.2), or whose operator differs, is collected there
 * instead. `loose`: numbers are not compared at all.
 */
function walk(x: ExprIR, xv: View, y: ExprIR, yv: View, nodes: NodePairs, thresholds?: CmpPair[], loose = false): boolean {
  if (x.op !== y.op) return false;
  const same = (a: ExprIR, b: ExprIR) => walk(a, xv, b, yv, nodes, thresholds, loose);
  switch (x.op) {
    case 'num':
      return loose || numEq(x.value, (y as typeof x).value);
    case 'bool':
    case 'str':
    case 'date':
      return x.value === (y as typeof x).value;
    case 'input':
    case 'param':
    case 'computed':
    case 'attr':
      return x.name === (y as typeof x).name;
    case 'node':
      return (nodes.get(x.id) ?? `old:${x.id}`) === (y as typeof x).id;
    case 'count': {
      const z = y as typeof x;
      if (x.event !== z.event || (x.filter === undefined) !== (z.filter === undefined)) return false;
      return x.filter === undefined || same(xv.expr(x.filter), yv.expr(z.filter!));
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'div': {
      const z = y as typeof x;
      return same(x.a, z.a) && same(x.b, z.b);
    }
    case 'neg':
      return same(x.a, (y as typeof x).a);
    case 'if': {
      const z = y as typeof x;
      return same(x.c, z.c) && same(x.a, z.a) && same(x.b, z.b);
    }
    case 'pop': {
      const z = y as typeof x;
      if (x.fn !== z.fn || !same(x.arg, z.arg) || (x.filter === undefined) !== (z.filter === undefined)) return false;
      return x.filter === undefined || same(x.filter, z.filter!);
    }
    case 'self-score':
    case 'self-points':
    case 'total':
      return true;
    case 'date-add': {
      const z = y as typeof x;
      return same(x.date, z.date) && numEq(x.days, z.days) && x.workdays === z.workdays;
    }
    case 'cmp': {
      const z = y as typeof x;
      if (!walk(x.a, xv, z.a, yv, nodes, undefined, loose) || x.b.length !== z.b.length) return false;
      if (x.cmp === z.cmp && x.b.every((b, i) => walk(b, xv, z.b[i]!, yv, nodes, undefined, loose))) return true;
      if (thresholds && !loose && x.b.every((b, i) => walk(b, xv, z.b[i]!, yv, nodes, undefined, true))) {
        thresholds.push([x, z]);
        return true;
      }
      return false;
    }
    case 'truthy':
    case 'not':
      return same(x.a, (y as typeof x).a);
    case 'and':
    case 'or': {
      const z = y as typeof x;
      return x.items.length === z.items.length && x.items.every((it, i) => same(it, z.items[i]!));
    }
  }
}

/** Same meaning (as far as structure and exact values tell). */
export function exprEq(x: ExprIR, xv: View, y: ExprIR, yv: View, nodes: NodePairs): boolean {
  return walk(x, xv, y, yv, nodes);
}

export function indexEq(i: number | undefined, xv: View, j: number | undefined, yv: View, nodes: NodePairs): boolean {
  if (i === undefined || j === undefined) return i === j;
  return exprEq(xv.expr(i), xv, yv.expr(j), yv, nodes);
}

/**
 * How two conditions differ: not at all, only in thresholds (the comparisons listed), or in
 * structure.
 */
export function condDiff(
  x: ExprIR,
  xv: View,
  y: ExprIR,
  yv: View,
  nodes: NodePairs,
): { kind: 'same' } | { kind: 'thresholds'; pairs: CmpPair[] } | { kind: 'other' } {
  const pairs: CmpPair[] = [];
  if (!walk(x, xv, y, yv, nodes, pairs)) return { kind: 'other' };
  return pairs.length ? { kind: 'thresholds', pairs } : { kind: 'same' };
}

// ── names used ──

/** Adds the names an expression reads: `名:x` for values, `事件:x`, `属性:事件/x`, `项:id`. */
export function namesOf(e: ExprIR, v: View, out: Set<string>, event?: string): void {
  switch (e.op) {
    case 'input':
    case 'param':
    case 'computed':
      out.add(`名:${e.name}`);
      return;
    case 'attr':
      out.add(`属性:${event ?? ''}/${e.name}`);
      return;
    case 'count':
      out.add(`事件:${e.event}`);
      if (e.filter !== undefined) namesOf(v.expr(e.filter), v, out, e.event);
      return;
    case 'node': {
      const n = v.byId.get(e.id);
      out.add(`项:${n?.alias ?? n?.title ?? e.id}`);
      return;
    }
    default:
      for (const val of Object.values(e)) {
        if (Array.isArray(val)) for (const x of val) if (x && typeof x === 'object' && 'op' in x) namesOf(x as ExprIR, v, out, event);
        if (val && typeof val === 'object' && !Array.isArray(val) && 'op' in val) namesOf(val as ExprIR, v, out, event);
      }
  }
}

function formNames(f: FormSpec, v: View, out: Set<string>): void {
  const x = (i: number | undefined, event?: string) => i !== undefined && namesOf(v.expr(i), v, out, event);
  switch (f.kind) {
    case 'flat':
    case 'judged':
      x(f.value);
      return;
    case 'quantity':
      x(f.quantity);
      x(f.rate);
      return;
    case 'events':
      out.add(`事件:${f.event}`);
      x(f.filter, f.event);
      x(f.rate, f.event);
      for (const t of f.tiers) {
        x(t.when, f.event);
        x(t.rate, f.event);
      }
      for (const m of f.multipliers) x(m.when, f.event);
      return;
    case 'step':
      x(f.quantity);
      x(f.target);
      return;
    case 'rank':
      x(f.metric);
      if (f.group) out.add(`名:${f.group}`);
      return;
  }
}

export function clauseNames(c: ClauseSpec, v: View, out = new Set<string>()): Set<string> {
  if (c.when !== undefined) namesOf(v.expr(c.when), v, out);
  formNames(c.form, v, out);
  for (const e of c.exempt) namesOf(v.expr(e.when), v, out, c.form.kind === 'events' ? c.form.event : undefined);
  return out;
}

export function ruleNames(r: RuleSpec, v: View, out = new Set<string>()): Set<string> {
  for (const c of r.alternatives) clauseNames(c, v, out);
  return out;
}

/** The names an item's own rules, criterion, overrides and waivers read (not its children's). */
export function ownNames(n: NodeSpec, v: View, out = new Set<string>()): Set<string> {
  for (const r of n.rules) ruleNames(r, v, out);
  if (typeof n.criterion === 'number') namesOf(v.expr(n.criterion), v, out);
  for (const o of n.overrides) {
    if (o.when !== undefined) namesOf(v.expr(o.when), v, out);
    namesOf(v.expr(o.value), v, out);
  }
  for (const w of n.waivers) namesOf(v.expr(w.when), v, out);
  return out;
}

/** An item's names together with those of every item under it. */
export function deepNames(n: NodeSpec, v: View, out = new Set<string>()): Set<string> {
  ownNames(n, v, out);
  for (const c of n.children) deepNames(c, v, out);
  return out;
}

// ── similarity ──

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size && !b.size) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  const t = [...s];
  for (let i = 0; i + 1 < t.length; i++) {
    const g = t[i]! + t[i + 1]!;
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Sørensen–Dice over character bigrams, with digits masked (so 扣1分 and 扣2分 read alike). */
export function textSimilarity(a: string, b: string): number {
  const mask = (s: string) => s.replace(/[0-9０-９.．%％]+/g, '#').replace(/\s+/g, '');
  const x = bigrams(mask(a));
  const y = bigrams(mask(b));
  let total = 0;
  let inter = 0;
  for (const [g, n] of x) {
    total += n;
    inter += Math.min(n, y.get(g) ?? 0);
  }
  for (const n of y.values()) total += n;
  if (!total) return a === b ? 1 : 0;
  return (2 * inter) / total;
}

function ruleText(r: RuleSpec): string {
  return r.alternatives.map((c) => c.text).join('；');
}

/** How alike two rules are, 0…1: the names they read and their wording (numbers masked). */
export function ruleSimilarity(a: RuleSpec, av: View, b: RuleSpec, bv: View): number {
  const na = ruleNames(a, av);
  const nb = ruleNames(b, bv);
  const t = textSimilarity(ruleText(a), ruleText(b));
  if (!na.size && !nb.size) return t;
  return 0.5 * jaccard(na, nb) + 0.5 * t;
}

export function clauseSimilarity(a: ClauseSpec, av: View, b: ClauseSpec, bv: View): number {
  return ruleSimilarity({ alternatives: [a] }, av, { alternatives: [b] }, bv);
}

/** The form kinds of a rule's alternatives: flat|flat. */
export function ruleSignature(r: RuleSpec): string {
  return r.alternatives.map((c) => c.form.kind).join('|');
}
