/**
 * Which items moved a result: compare two item trees of one object (the rubric before and
 * after an edit, or the expected item scores and the actual ones) and find the items where
 * the change happens — the deepest changed items whose change is the whole story of their
 * parent's change, or the parent itself when a cap, a floor or rounding there cut it.
 */
import { itemName, nodeIndex, sentence } from '../report/explain.js';
import type { NodeResult, ObjectResult } from '../runtime/model.js';
import type { NodeSpec, Program } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';

export interface ItemRef {
  id: string;
  number: string;
  /** As a reader cites it: 第16项「执法办案质量」. */
  name: string;
  /** The rubric line of the item (of the rubric it is in). */
  line: number;
}

export interface MovedItem extends ItemRef {
  /** Score before and after; missing when the item exists on one side only. */
  before?: string;
  after?: string;
  delta: string;
  status: 'changed' | 'added' | 'removed';
  /** The trace of the item for this object, as sentences (explain.ts): now, and before when known. */
  sentences: string[];
  beforeSentences?: string[];
  /** Changed items inside it that its own cap, floor or rounding cut. */
  inner?: MovedItem[];
}

/** One trace entry as a sentence (explain.ts), with its item and rubric line. */
export interface TraceLine {
  node: string;
  item: string;
  line: number;
  kind: string;
  sentence: string;
}

/**
 * explain.ts's sentences for an object's trace, one entry at a time, so that one entry the
 * explainer cannot word does not lose the others.
 */
export function traceLines(program: Program, obj: ObjectResult): TraceLine[] {
  const nodes = nodeIndex(program);
  return obj.trace.map((e) => {
    let text: string;
    try {
      text = sentence(e, { nodes });
    } catch (err) {
      text = `（这一条无法写成句子：${(err as Error).message}）`;
    }
    return { node: e.node, item: itemName(nodes.get(e.node), e.node), line: e.line, kind: e.kind, sentence: text };
  });
}

/** Items of a result tree by id. */
export function flatten(nodes: NodeResult[]): Map<string, NodeResult> {
  const m = new Map<string, NodeResult>();
  const walk = (n: NodeResult) => {
    m.set(n.id, n);
    n.children?.forEach(walk);
  };
  nodes.forEach(walk);
  return m;
}

export function itemRef(spec: NodeSpec | undefined, n: { id: string; number: string; line: number } | undefined, id: string): ItemRef {
  return { id, number: spec?.number ?? n?.number ?? id, name: itemName(spec, id), line: spec?.line ?? n?.line ?? 0 };
}

function q(v: string | undefined): Rational {
  return v === undefined ? Rational.ZERO : Rational.of(v);
}

export function signed(r: Rational): string {
  return r.sign() > 0 ? `+${r.toString()}` : r.toString();
}

/** Trace sentences of an item and the items under it (score lines only when nothing else happened). */
export function itemSentences(lines: TraceLine[], id: string): string[] {
  const mine = lines.filter((l) => l.node === id || l.node.startsWith(`${id}.`));
  const real = mine.filter((l) => l.kind !== 'score');
  const use = real.length ? real : mine.filter((l) => l.node === id);
  return use.map((l) => `${l.node === id ? '' : `${l.item}：`}${l.sentence}〔第${l.line}行〕`);
}

export interface Side {
  program: Program;
  object: ObjectResult;
}

/**
 * The items that moved `after` away from `before`, biggest change first. Both are runs of a
 * rubric (possibly two versions of it) for the same object.
 */
export function movedBetween(before: Side, after: Side): MovedItem[] {
  const b = flatten(before.object.nodes);
  const a = flatten(after.object.nodes);
  const specA = nodeIndex(after.program);
  const specB = nodeIndex(before.program);
  const linesA = traceLines(after.program, after.object);
  const linesB = traceLines(before.program, before.object);
  const delta = (id: string) => q(a.get(id)?.score).sub(q(b.get(id)?.score));
  const changed = (id: string) => !delta(id).isZero() || a.has(id) !== b.has(id);
  const childIds = (id: string) => {
    const ids = new Set<string>();
    for (const c of a.get(id)?.children ?? []) ids.add(c.id);
    for (const c of b.get(id)?.children ?? []) ids.add(c.id);
    return [...ids];
  };
  const make = (id: string): MovedItem => {
    const an = a.get(id);
    const bn = b.get(id);
    const ref = itemRef(specA.get(id) ?? specB.get(id), an ?? bn, id);
    const now = an ? itemSentences(linesA, id) : [];
    const was = bn ? itemSentences(linesB, id) : [];
    return {
      ...ref,
      ...(bn ? { before: bn.score } : {}),
      ...(an ? { after: an.score } : {}),
      delta: signed(delta(id)),
      status: an && bn ? 'changed' : an ? 'added' : 'removed',
      sentences: now,
      ...(was.length && was.join('\n') !== now.join('\n') ? { beforeSentences: was } : {}),
    };
  };
  const explain = (id: string): MovedItem[] => {
    const kids = childIds(id).filter(changed);
    if (!kids.length) return [make(id)];
    const sum = Rational.sum(kids.map(delta));
    const deeper = kids.flatMap(explain);
    if (sum.eq(delta(id))) return deeper;
    return [{ ...make(id), inner: sort(deeper) }];
  };
  const roots = new Set<string>([...after.object.nodes.map((n) => n.id), ...before.object.nodes.map((n) => n.id)]);
  return sort([...roots].filter(changed).flatMap(explain));
}

export function sort(items: MovedItem[]): MovedItem[] {
  return items.sort((x, y) => Rational.of(y.delta).abs().cmp(Rational.of(x.delta).abs()) || x.line - y.line);
}

/**
 * Without a second run, the expectations are the only "before": the expected item scores
 * that differ from the actual ones, keeping the deepest of nested ones.
 */
export function movedAgainstExpected(after: Side, expected: Map<string, Rational>): MovedItem[] {
  const a = flatten(after.object.nodes);
  const spec = nodeIndex(after.program);
  const lines = traceLines(after.program, after.object);
  const diff = [...expected].filter(([id, v]) => a.has(id) && !v.eq(a.get(id)!.score)).map(([id]) => id);
  const deepest = diff.filter((id) => !diff.some((o) => o !== id && o.startsWith(`${id}.`)));
  return sort(
    deepest.map((id) => {
      const an = a.get(id)!;
      const before = expected.get(id)!;
      return {
        ...itemRef(spec.get(id), an, id),
        before: before.toString(),
        after: an.score,
        delta: signed(Rational.of(an.score).sub(before)),
        status: 'changed' as const,
        sentences: itemSentences(lines, id),
      };
    }),
  );
}
