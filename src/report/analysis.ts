/**
 * What the reports compute from a run beyond the engine's result: the item tree flattened, points
 * lost per item, how many units lost points on each item ("where the rubric bites"), section
 * statistics, the quota lines of the ranking, and sort keys. Exact arithmetic throughout
 * (Rational); numbers become text only when printed.
 */
import type { NodeResult, ObjectResult, RunResult } from '../runtime/model.js';
import type { NodeSpec, Program } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';

/** One node of the item tree in document (pre-)order. */
export interface FlatNode {
  spec: NodeSpec;
  /** Position in the flat list. */
  index: number;
  depth: number;
  /** Index of the top-level node (section) it belongs to, in program.nodes. */
  section: number;
  parent?: number;
  leaf: boolean;
}

export function flattenNodes(program: Program): FlatNode[] {
  const out: FlatNode[] = [];
  const walk = (n: NodeSpec, depth: number, section: number, parent: number | undefined) => {
    const index = out.length;
    out.push({ spec: n, index, depth, section, ...(parent !== undefined ? { parent } : {}), leaf: n.children.length === 0 });
    for (const c of n.children) walk(c, depth + 1, section, index);
  };
  program.nodes.forEach((n, i) => walk(n, 0, i, undefined));
  return out;
}

/** The object's node results by id. */
export function resultsById(o: ObjectResult): Map<string, NodeResult> {
  const m = new Map<string, NodeResult>();
  const walk = (n: NodeResult) => {
    m.set(n.id, n);
    n.children?.forEach(walk);
  };
  o.nodes.forEach(walk);
  return m;
}

/** A bonus: 加分 items and anything outside the total. Their shortfall is not a loss. */
export function isBonus(n: NodeSpec): boolean {
  return n.mode === 'add' || n.outsideTotal;
}

/**
 * Points lost on an item: full points − score where the item has points; the deduction (−score)
 * for a deduction item without points of its own; otherwise the sum of the deductions the trace
 * charged to it (积分制 items have no maximum). Undefined for bonuses and unscored items.
 */
export function lostPoints(n: NodeSpec, r: NodeResult | undefined, deducted?: Rational): Rational | undefined {
  if (isBonus(n)) return undefined;
  if (!r || r.notScored || r.score === '') return undefined;
  const score = Rational.of(r.score);
  if (n.points !== undefined) return Rational.max(Rational.ZERO, Rational.of(n.points).sub(score));
  if (n.mode === 'deduct') return Rational.max(Rational.ZERO, score.neg());
  return deducted ?? Rational.ZERO;
}

/** Deductions charged by rules, per node id (used only for items without points that are not 扣分制). */
export function deductionsByNode(o: ObjectResult): Map<string, Rational> {
  const m = new Map<string, Rational>();
  for (const e of o.trace) {
    if (e.kind === 'rule' && e.sign === 'deduct') m.set(e.node, (m.get(e.node) ?? Rational.ZERO).add(e.amount));
  }
  return m;
}

/** Per unit, per flat node: score text and lost points (undefined where not applicable). */
export interface UnitNodes {
  scores: string[];
  lost: (Rational | undefined)[];
}

export function unitNodes(flat: FlatNode[], o: ObjectResult): UnitNodes {
  const byId = resultsById(o);
  const ded = deductionsByNode(o);
  const scores: string[] = [];
  const lost: (Rational | undefined)[] = [];
  for (const f of flat) {
    const r = byId.get(f.spec.id);
    scores.push(r && !r.notScored ? r.score : '');
    lost.push(lostPoints(f.spec, r, ded.get(f.spec.id)));
  }
  return { scores, lost };
}

/** How often an item cost points, over all units. */
export interface ItemStat {
  node: FlatNode;
  /** Units that lost points on it. */
  units: number;
  total: Rational;
  max: Rational;
}

/** Leaf items (not bonuses) on which at least one unit lost points: most units first, then most points. */
export function bites(flat: FlatNode[], units: UnitNodes[]): ItemStat[] {
  const out: ItemStat[] = [];
  for (const f of flat) {
    if (!f.leaf || isBonus(f.spec)) continue;
    let count = 0;
    let total = Rational.ZERO;
    let max = Rational.ZERO;
    for (const u of units) {
      const l = u.lost[f.index];
      if (!l || l.isZero()) continue;
      count++;
      total = total.add(l);
      if (l.gt(max)) max = l;
    }
    if (count) out.push({ node: f, units: count, total, max });
  }
  return out.sort((a, b) => b.units - a.units || b.total.cmp(a.total) || a.node.index - b.node.index);
}

/** Per top-level section: mean, min and max score over units, and each unit's rank in it. */
export interface SectionStat {
  spec: NodeSpec;
  mean: Rational;
  min: Rational;
  max: Rational;
  /** Competition rank (1 = best) of each unit, by result order. */
  ranks: number[];
}

export function sectionStats(program: Program, flat: FlatNode[], units: UnitNodes[]): SectionStat[] {
  return program.nodes.map((spec) => {
    const idx = flat.find((f) => f.spec === spec)!.index;
    const values = units.map((u) => (u.scores[idx] ? Rational.of(u.scores[idx]!) : Rational.ZERO));
    const n = values.length;
    const mean = n ? Rational.sum(values).div(n) : Rational.ZERO;
    // A loop, not Rational.min(...values): no argument-count limit for many units.
    let min = values[0] ?? Rational.ZERO;
    let max = min;
    for (const v of values) {
      if (v.lt(min)) min = v;
      if (v.gt(max)) max = v;
    }
    return { spec, mean, min, max, ranks: competitionRanks(values) };
  });
}

/** 1 + the number of strictly greater values (ties share a rank). */
export function competitionRanks(values: Rational[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => b.v.cmp(a.v));
  const ranks = new Array<number>(values.length);
  order.forEach((x, k) => {
    ranks[x.i] = k > 0 && order[k - 1]!.v.eq(x.v) ? ranks[order[k - 1]!.i]! : k + 1;
  });
  return ranks;
}

/** A quota line: drawn under the last unit admitted to a grade with a quota. */
export interface QuotaLine {
  /** Index in result.objects of the last admitted unit. */
  after: number;
  grade: string;
  count: number;
  admitted: number;
  label: string;
}

export function quotaLines(program: Program, result: RunResult): QuotaLine[] {
  const out: QuotaLine[] = [];
  for (const b of program.grades?.bands ?? []) {
    if (!b.quota) continue;
    let last = -1;
    let admitted = 0;
    result.objects.forEach((o, i) => {
      if (o.grade === b.label) {
        last = i;
        admitted++;
      }
    });
    if (last < 0) continue;
    const over = admitted > b.quota.count ? `（名额边界并列，实际${admitted}名）` : '';
    out.push({
      after: last,
      grade: b.label,
      count: b.quota.count,
      admitted,
      label: `${b.label}限${b.quota.count}名${over}：以上${admitted}个单位评为${b.label}`,
    });
  }
  return out;
}

/** The band order of a grade (0 = best); grades outside the bands sort last. */
export function gradeOrder(program: Program, grade: string | undefined): number {
  const bands = program.grades?.bands ?? [];
  const i = grade === undefined ? -1 : bands.findIndex((b) => b.label === grade);
  return i < 0 ? bands.length : i;
}

/**
 * Sort keys for a column: dense integer ranks of the values in ascending order, so that the page
 * sorts by comparing integers while the order is that of exact arithmetic (or of Chinese
 * collation for text). Equal values share a key.
 */
export function numericKeys(values: (string | undefined)[]): number[] {
  const parsed = values.map((v, i) => ({ i, r: v === undefined || v === '' ? undefined : Rational.of(v) }));
  const sorted = parsed.slice().sort((a, b) => (a.r === undefined ? (b.r === undefined ? 0 : -1) : b.r === undefined ? 1 : a.r.cmp(b.r)));
  const keys = new Array<number>(values.length);
  let k = 0;
  sorted.forEach((x, j) => {
    const prev = sorted[j - 1];
    if (j > 0 && !(prev!.r === undefined ? x.r === undefined : x.r !== undefined && prev!.r.eq(x.r))) k++;
    keys[x.i] = k;
  });
  return keys;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

export function textKeys(values: string[]): number[] {
  const sorted = values.map((v, i) => ({ v, i })).sort((a, b) => collator.compare(a.v, b.v));
  const keys = new Array<number>(values.length);
  let k = 0;
  sorted.forEach((x, j) => {
    if (j > 0 && sorted[j - 1]!.v !== x.v) k++;
    keys[x.i] = k;
  });
  return keys;
}
