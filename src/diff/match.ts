/**
 * Pairing the items of two rubric versions, and the rules inside a pair of items.
 *
 * Items. Policy offices renumber freely (an item dropped in the middle shifts every number after
 * it) and reuse titles (in Lishui six items are titled 统筹协调), so neither the number nor the
 * title alone identifies an item. "Similarity" below is the Jaccard index of the names (inputs,
 * events, attributes, computed values, items) read by an item's rules and by every item below it.
 * Candidates for an old item are the new items at the same depth that have
 *   - the same number path (`（一）.5`) and the same title (or both no title), or the same number
 *     path and a similarity ≥ 0.5 (retitled);
 *   - the same title at another number path, with a similarity ≥ 0.2 (renumbered or moved; an
 *     item that shares only a common title such as 统筹协调 is not the same item);
 *   - neither, but a similarity ≥ 0.8 (renumbered and retitled).
 * Anything else is removed on one side and added on the other. Each candidate pair is scored
 *   3 × same title + 2 × same number path + 1 × same number + 1 × same parent path
 *   + 6 × similarity
 * and pairs are accepted greedily, best first. With these weights the number path decides
 * unless another item with the same title reads clearly different names (its similarity must be
 * more than 0.5 better), which is what happens when items shift. A pair is reported ambiguous
 * when another candidate for either side scored within 0.5 of it.
 *
 * Rules inside an item pair: first by position (same position, same form kinds, similarity ≥
 * 0.5), then the rest by similarity among rules of the same form kinds (≥ 0.5), then any rules
 * at all (≥ 0.6: the form changed). Similarity mixes the names a rule reads with its wording,
 * numbers masked. Ties within 0.05 are reported ambiguous.
 */
import type { NodeSpec, RuleSpec } from '../runtime/program.js';
import { deepNames, jaccard, ruleSignature, ruleSimilarity } from './compare.js';
import type { Ambiguity, ItemMatch } from './model.js';
import type { View } from './view.js';

const AMBIGUOUS_ITEM = 0.5;
const AMBIGUOUS_RULE = 0.05;

function normTitle(t: string | undefined): string | undefined {
  return t?.replace(/\s+/g, '') || undefined;
}

function parentPath(id: string): string {
  const i = id.lastIndexOf('.');
  return i < 0 ? '' : id.slice(0, i);
}

interface Candidate {
  o: NodeSpec;
  n: NodeSpec;
  score: number;
  by: ItemMatch['by'];
}

export interface ItemMatching {
  /** Old id → new id. */
  pairs: Map<string, string>;
  /** New id → old id. */
  reverse: Map<string, string>;
  /** Pairs whose id or title differ, with how they were matched. */
  matches: ItemMatch[];
  ambiguities: Ambiguity[];
}

export function matchItems(ov: View, nv: View): ItemMatching {
  const oNames = new Map(ov.order.map((n) => [n.id, deepNames(n, ov)]));
  const nNames = new Map(nv.order.map((n) => [n.id, deepNames(n, nv)]));
  const sim = (o: NodeSpec, n: NodeSpec) => {
    const a = oNames.get(o.id)!;
    const b = nNames.get(n.id)!;
    if (!a.size && !b.size) return 0.5;
    if (!a.size || !b.size) return 0;
    return jaccard(a, b);
  };
  const cands: Candidate[] = [];
  for (const o of ov.order) {
    for (const n of nv.order) {
      if (ov.depth.get(o.id) !== nv.depth.get(n.id)) continue;
      const sameTitle = normTitle(o.title) !== undefined && normTitle(o.title) === normTitle(n.title);
      const sameId = o.id === n.id;
      const s = sim(o, n);
      let by: ItemMatch['by'];
      if (sameId && (sameTitle || s >= 0.5 || (o.title === undefined && n.title === undefined))) by = 'number';
      else if (sameTitle && s >= 0.2) by = 'title';
      else if (s >= 0.8 && oNames.get(o.id)!.size > 0) by = 'content';
      else continue;
      const score = 3 * +sameTitle + 2 * +sameId + +(o.number === n.number) + +(parentPath(o.id) === parentPath(n.id)) + 6 * s;
      cands.push({ o, n, score, by });
    }
  }
  cands.sort((a, b) => b.score - a.score || ov.index.get(a.o.id)! - ov.index.get(b.o.id)! || nv.index.get(a.n.id)! - nv.index.get(b.n.id)!);
  const pairs = new Map<string, string>();
  const reverse = new Map<string, string>();
  const accepted: Candidate[] = [];
  for (const c of cands) {
    if (pairs.has(c.o.id) || reverse.has(c.n.id)) continue;
    pairs.set(c.o.id, c.n.id);
    reverse.set(c.n.id, c.o.id);
    accepted.push(c);
  }
  const matches: ItemMatch[] = [];
  const ambiguities: Ambiguity[] = [];
  for (const c of accepted.sort((a, b) => nv.index.get(a.n.id)! - nv.index.get(b.n.id)!)) {
    const rivals = cands.filter((r) => r !== c && (r.o === c.o || r.n === c.n) && r.score >= c.score - AMBIGUOUS_ITEM);
    const alternatives = [...new Set(rivals.map((r) => (r.o === c.o ? r.n.id : r.o.id)))];
    if (c.o.id !== c.n.id || normTitle(c.o.title) !== normTitle(c.n.title) || alternatives.length) {
      matches.push({ old: c.o.id, new: c.n.id, by: c.by, ...(alternatives.length ? { alternatives } : {}) });
    }
    if (alternatives.length) {
      const forOld = rivals.filter((r) => r.o === c.o).map((r) => r.n.id);
      const forNew = rivals.filter((r) => r.n === c.n).map((r) => r.o.id);
      ambiguities.push({
        what: 'item',
        old: c.o.id,
        new: c.n.id,
        candidates: [...forOld, ...forNew.map((id) => `原${id}`)],
        note: `原${ov.itemName(c.o)}与新${nv.itemName(c.n)}对应，但${[
          ...forOld.map((id) => `新${nv.itemName(nv.byId.get(id)!)}`),
          ...forNew.map((id) => `原${ov.itemName(ov.byId.get(id)!)}`),
        ].join('、')}同样相符`,
      });
    }
  }
  return { pairs, reverse, matches, ambiguities };
}

// ── generic pairing of lists ──

export interface ListPairing {
  /** [old index, new index], in new order. */
  pairs: [number, number][];
  removed: number[];
  added: number[];
  /** Old indices whose pairing had a rival within the tie margin, with the rivals' new indices. */
  ties: { old: number; new: number; rivals: number[] }[];
}

/**
 * Pairs two lists: positionally first (`positional`), then greedily by similarity among
 * compatible elements (`min`), then among any elements (`loose`, if given).
 */
export function pairLists<T>(
  a: readonly T[],
  b: readonly T[],
  sim: (x: T, y: T) => number,
  opts: { compatible?: (x: T, y: T) => boolean; positional: number; min: number; loose?: number; tie?: number },
): ListPairing {
  const tie = opts.tie ?? AMBIGUOUS_RULE;
  const compatible = opts.compatible ?? (() => true);
  const memo = new Map<string, number>();
  const s = (i: number, j: number) => {
    const k = `${i}:${j}`;
    let v = memo.get(k);
    if (v === undefined) memo.set(k, (v = sim(a[i]!, b[j]!)));
    return v;
  };
  const ai = new Map<number, number>();
  const bj = new Map<number, number>();
  const ties: ListPairing['ties'] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (compatible(a[i]!, b[i]!) && s(i, i) >= opts.positional) {
      ai.set(i, i);
      bj.set(i, i);
    }
  }
  const greedy = (min: number, need: (i: number, j: number) => boolean) => {
    const c: [number, number, number][] = [];
    for (let i = 0; i < a.length; i++) {
      if (ai.has(i)) continue;
      for (let j = 0; j < b.length; j++) if (!bj.has(j) && need(i, j) && s(i, j) >= min) c.push([i, j, s(i, j)]);
    }
    c.sort((x, y) => y[2] - x[2] || Math.abs(x[0] - x[1]) - Math.abs(y[0] - y[1]) || x[0] - y[0] || x[1] - y[1]);
    for (const [i, j, v] of c) {
      if (ai.has(i) || bj.has(j)) continue;
      const rivals = c.filter(([i2, j2, v2]) => i2 === i && j2 !== j && !bj.has(j2) && v2 >= v - tie).map(([, j2]) => j2);
      if (rivals.length) ties.push({ old: i, new: j, rivals });
      ai.set(i, j);
      bj.set(j, i);
    }
  };
  greedy(opts.min, (i, j) => compatible(a[i]!, b[j]!));
  if (opts.loose !== undefined) greedy(opts.loose, () => true);
  const pairs = [...ai.entries()].sort((x, y) => x[1] - y[1]);
  return {
    pairs,
    removed: a.map((_, i) => i).filter((i) => !ai.has(i)),
    added: b.map((_, j) => j).filter((j) => !bj.has(j)),
    ties,
  };
}

/** Rules of a matched pair of items. */
export function matchRules(a: readonly RuleSpec[], av: View, b: readonly RuleSpec[], bv: View): ListPairing {
  return pairLists(a, b, (x, y) => ruleSimilarity(x, av, y, bv), {
    compatible: (x, y) => ruleSignature(x) === ruleSignature(y),
    positional: 0.5,
    min: 0.5,
    loose: 0.6,
  });
}
