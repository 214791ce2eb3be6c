/**
 * Attaching comments to the statements they belong to. The printer only has the AST, so a
 * comment's place is read from spans:
 *   - a comment with some token before it on its line is a trailing comment of the statement
 *     that starts last before it;
 *   - a comment on a line of its own inside a statement (the statement that starts last before
 *     it still has tokens after it) is an inner comment of that statement;
 *   - any other comment is a leading comment of the statement that starts first after it, or,
 *     with no statement after it, a comment at the end of the file.
 * A statement's trailing and inner comments are kept in one list, in source order.
 * A "statement" here is anything the printer puts on a line of its own or at the start of a
 * line: the header, a block keyword line, a declaration, an attribute, a 计入 line, an item
 * heading, one sentence of an item, a grade band, a 否优 condition, a title, a 结果运用 line.
 */
import type * as A from '../syntax/ast.js';

export interface Anchor {
  start: number;
  /** Comments on their own lines before the statement. */
  leading: string[];
  /** Comments after its start: at the end of one of its lines, or (own) on a line inside it. */
  after: { text: string; own: boolean }[];
}

export interface Attached {
  /** The anchor of each statement, by AST object. */
  anchors: Map<object, Anchor>;
  /** Comments after the last statement. */
  end: string[];
}

/** Every statement of the file, with the offset where it starts. */
function statements(ast: A.RubricFile): [object, number][] {
  const out: [object, number][] = [];
  const add = (o: { span: A.Span }) => out.push([o, o.span.start]);
  const node = (n: A.ScoreNode) => {
    add(n);
    for (const s of n.body) if (s.kind !== 'Error') add(s);
    n.children.forEach(node);
  };
  for (const b of ast.body) {
    switch (b.kind) {
      case 'Node':
        node(b);
        break;
      case 'Inputs':
      case 'Params':
      case 'Events':
      case 'Computed':
        add(b);
        for (const d of b.decls) {
          add(d);
          if (d.kind === 'Event') {
            d.attributes.forEach(add);
            if (d.charge) add(d.charge);
          }
        }
        break;
      case 'Grades':
        add(b);
        b.bands.forEach(add);
        break;
      case 'Veto':
        add(b);
        b.conditions.forEach(add);
        break;
      case 'Titles':
        add(b);
        b.defs.forEach(add);
        break;
      case 'ResultUse':
        add(b);
        b.rules.forEach(add);
        break;
      default:
        add(b);
    }
  }
  return out;
}

/** Offsets of the first and last token of every AST object: where tokens are known to be. */
function tokenOffsets(ast: A.RubricFile): number[] {
  const out: number[] = [];
  const seen = new Set<object>();
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) {
      x.forEach(walk);
      return;
    }
    for (const [k, v] of Object.entries(x)) {
      if ((k === 'span' || k === 'titleSpan' || k === 'labelSpan') && v && typeof v === 'object') {
        const s = v as A.Span;
        if (s.end > s.start) out.push(s.start, s.end - 1);
      } else if (k !== 'comments') {
        walk(v);
      }
    }
  };
  for (const b of ast.body) walk(b);
  return out.sort((a, b) => a - b);
}

/** How many elements of a sorted array are below `limit`. */
function countBelow(sorted: number[], limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last element of a sorted array below `limit`, or undefined. */
function lastBelow(sorted: number[], limit: number): number | undefined {
  const n = countBelow(sorted, limit);
  return n > 0 ? sorted[n - 1] : undefined;
}

export function attachComments(ast: A.RubricFile): Attached {
  const stmts = statements(ast).sort((a, b) => a[1] - b[1]);
  const anchors = new Map<object, Anchor>();
  for (const [o, start] of stmts) anchors.set(o, { start, leading: [], after: [] });
  const starts = stmts.map(([, s]) => s);
  const offsets = tokenOffsets(ast);
  const end: string[] = [];
  const comments = [...ast.comments].sort((a, b) => a.span.start - b.span.start);
  for (const c of comments) {
    const lineStart = c.span.start - (c.span.col - 1);
    const before = lastBelow(offsets, c.span.start);
    const trailing = before !== undefined && before >= lineStart;
    // The statement that starts last before the comment, and the one that starts first after it.
    const i = countBelow(starts, c.span.start) - 1;
    const next = stmts[i + 1];
    const current = i >= 0 ? anchors.get(stmts[i]![0])! : undefined;
    if (current && trailing) {
      current.after.push({ text: c.text, own: false });
    } else if (current && (lastBelow(offsets, next ? next[1] : Infinity) ?? -1) > c.span.start) {
      current.after.push({ text: c.text, own: true });
    } else if (next) {
      anchors.get(next[0])!.leading.push(c.text);
    } else {
      end.push(c.text);
    }
  }
  return { anchors, end };
}
