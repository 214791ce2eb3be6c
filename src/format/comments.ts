/**
 * Attaching comments to the statements they belong to, and finding the source's blank lines.
 * The printer only has the AST, so both are read from spans (offsets, lines and columns).
 *
 * A "statement" here is anything the printer puts on a line of its own or at the start of a
 * line: the header, a block keyword line, a declaration, an attribute, a 计入 line, an item
 * heading, one sentence of an item, a grade band, a 否优 condition, a title, a 结果运用 line.
 *
 * Where a comment goes:
 *   - a comment with some token before it on its line is an end-of-line comment of the
 *     statement that starts last before it;
 *   - a comment on a line of its own inside a statement (the statement that starts last before
 *     it still has tokens after it) is an inner comment of that statement;
 *   - the other comments stand on lines of their own between two statements P and N (either
 *     may be missing, at the ends of the file). Such a run of comments is split in two: the
 *     first part trails P (it is printed after P), the rest leads N (printed before N, at N's
 *     indentation; with no N, it ends the file, unindented):
 *       · a comment separated from P by a blank line leads N, and so do the comments after it;
 *       · the comments directly after P, up to the first blank line, trail P when a blank line
 *         or the end of the file follows them;
 *       · with no blank line anywhere between P and N, the comments indented deeper than N
 *         trail P (end of P's block: N belongs to an outer block), the rest lead N;
 *       · between the sentences of one item (and between its heading and its first sentence)
 *         every comment leads the sentence after it: an item's rules are one unit.
 *     Both parts keep their place in the text; what differs is the indentation and which
 *     blank lines are kept (see print.ts). A trailing comment is indented like the statement
 *     it trails or one of the blocks around that statement, whichever its own column in the
 *     source matches (the item for a sentence; one level deeper than that item when the
 *     comment was indented deeper than the item).
 * A statement's end-of-line and inner comments are kept in one list, in source order.
 */
import type * as A from '../syntax/ast.js';

/** A comment's text and where it was. */
export interface Placed {
  text: string;
  /** Its source line. */
  line: number;
  /** Its source offset. */
  start: number;
}

export interface Anchor {
  start: number;
  /** Comments on their own lines before the statement. */
  leading: Placed[];
  /** Comments after its start: at the end of one of its lines, or (own) on a line inside it. */
  after: (Placed & { own: boolean })[];
  /** Comments on their own lines after the statement, printed after it at `depth` (two spaces each). */
  trail: (Placed & { depth: number })[];
}

export interface Attached {
  /** The anchor of each statement, by AST object. */
  anchors: Map<object, Anchor>;
  /** Comments after the last statement, separated from it by a blank line (or all, with no statement). */
  end: Placed[];
  /** Did the source have a blank line between lines `a` and `b`? */
  blankBetween(a: number, b: number): boolean;
}

/** One level a trailing comment can be indented at: a statement's source column and printed depth. */
interface Level {
  col: number;
  depth: number;
}

interface Stmt {
  obj: object;
  span: A.Span;
  /** For a sentence: the item whose rules it is one of. */
  sentenceOf?: A.ScoreNode;
  /**
   * The statement (the item, for a sentence) and the blocks around it out to the top level,
   * innermost first: where a comment after it may be indented.
   */
  chain: Level[];
}

/** Every statement of the file. */
function statements(ast: A.RubricFile): Stmt[] {
  const out: Stmt[] = [];
  const level = (o: { span: A.Span }, depth: number): Level => ({ col: o.span.col, depth });
  const add = (o: { span: A.Span }, chain: Level[], sentenceOf?: A.ScoreNode) => out.push({ obj: o, span: o.span, chain, sentenceOf });
  const node = (n: A.ScoreNode, depth: number, outer: Level[]) => {
    const chain = [level(n, depth), ...outer];
    add(n, chain);
    for (const s of n.body) if (s.kind !== 'Error') add(s, chain, n);
    for (const c of n.children) node(c, depth + 1, chain);
  };
  for (const b of ast.body) {
    const top = [level(b, 0)];
    const inner = (o: { span: A.Span }) => add(o, [level(o, 1), ...top]);
    switch (b.kind) {
      case 'Node':
        node(b, 0, []);
        break;
      case 'Inputs':
      case 'Params':
      case 'Events':
      case 'Computed':
        add(b, top);
        for (const d of b.decls) {
          const chain = [level(d, 1), ...top];
          add(d, chain);
          if (d.kind === 'Event') {
            for (const a of d.attributes) add(a, [level(a, 2), ...chain]);
            if (d.charge) add(d.charge, [level(d.charge, 2), ...chain]);
          }
        }
        break;
      case 'Grades':
        add(b, top);
        b.bands.forEach(inner);
        break;
      case 'Veto':
        add(b, top);
        b.conditions.forEach(inner);
        break;
      case 'Titles':
        add(b, top);
        b.defs.forEach(inner);
        break;
      case 'ResultUse':
        add(b, top);
        b.rules.forEach(inner);
        break;
      default:
        add(b, top);
    }
  }
  return out;
}

interface Token {
  offset: number;
  line: number;
}

/** The first and last token of every AST object, by offset: where tokens are known to be. */
function tokens(ast: A.RubricFile): Token[] {
  const out: Token[] = [];
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
        if (s.end > s.start) out.push({ offset: s.start, line: s.line }, { offset: s.end - 1, line: s.endLine });
      } else if (k !== 'comments') {
        walk(v);
      }
    }
  };
  for (const b of ast.body) walk(b);
  return out.sort((a, b) => a.offset - b.offset);
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

/** The depth a comment after statement `p` is printed at, read from the comment's column. */
function depthAfter(p: Stmt, c: A.Comment): number {
  const { chain } = p;
  for (let j = 0; j < chain.length; j++) {
    const l = chain[j]!;
    // Deeper than the innermost level: one level further in (under the item, with its rules).
    if (l.col <= c.span.col) return l.depth + (j === 0 && c.span.col > l.col ? 1 : 0);
  }
  return chain[chain.length - 1]!.depth;
}

export function attachComments(ast: A.RubricFile): Attached {
  const stmts = statements(ast).sort((a, b) => a.span.start - b.span.start);
  const anchors = new Map<object, Anchor>();
  for (const s of stmts) anchors.set(s.obj, { start: s.span.start, leading: [], after: [], trail: [] });
  const starts = stmts.map((s) => s.span.start);
  const toks = tokens(ast);
  const offsets = toks.map((t) => t.offset);

  // Lines holding a token, a comment or part of a statement; a line with none of them is blank
  // (or holds nothing but punctuation, which no span covers).
  const occupied = new Set<number>();
  for (const t of toks) occupied.add(t.line);
  for (const c of ast.comments) occupied.add(c.span.line);
  for (const s of stmts) for (let l = s.span.line; l <= s.span.endLine; l++) occupied.add(l);
  const blankBetween = (a: number, b: number): boolean => {
    for (let l = a + 1; l < b; l++) if (!occupied.has(l)) return true;
    return false;
  };

  const end: Placed[] = [];
  const placed = (c: A.Comment): Placed => ({ text: c.text, line: c.span.line, start: c.span.start });

  /** Share out a run of own-line comments between statement i and statement i + 1. */
  function place(i: number, run: A.Comment[]): void {
    const p = i >= 0 ? stmts[i] : undefined;
    const n = stmts[i + 1];
    const lead = (from: number) => {
      for (const c of run.slice(from)) (n ? anchors.get(n.obj)!.leading : end).push(placed(c));
    };
    if (!p || n?.sentenceOf) return lead(0);
    const pLast = toks[countBelow(offsets, run[0]!.span.start) - 1]!.line;
    const lines = run.map((c) => c.span.line);
    if (blankBetween(pLast, lines[0]!)) return lead(0);
    let k: number;
    const gap = lines.findIndex((l, j) => j + 1 < lines.length && blankBetween(l, lines[j + 1]!));
    if (gap >= 0) k = gap + 1;
    else if (!n || blankBetween(lines[lines.length - 1]!, n.span.line)) k = run.length;
    else {
      const dn = n.chain[0]!.depth;
      k = 0;
      while (k < run.length && depthAfter(p, run[k]!) > dn) k++;
    }
    const anchor = anchors.get(p.obj)!;
    for (const c of run.slice(0, k)) anchor.trail.push({ ...placed(c), depth: depthAfter(p, c) });
    lead(k);
  }

  const comments = [...ast.comments].sort((a, b) => a.span.start - b.span.start);
  let run: A.Comment[] = [];
  let runAt = -2;
  for (const c of comments) {
    const lineStart = c.span.start - (c.span.col - 1);
    const before = lastBelow(offsets, c.span.start);
    const trailing = before !== undefined && before >= lineStart;
    // The statement that starts last before the comment, and the one that starts first after it.
    const i = countBelow(starts, c.span.start) - 1;
    const next = stmts[i + 1];
    const current = i >= 0 ? anchors.get(stmts[i]!.obj)! : undefined;
    if (current && trailing) {
      current.after.push({ ...placed(c), own: false });
    } else if (current && (lastBelow(offsets, next ? next.span.start : Infinity) ?? -1) > c.span.start) {
      current.after.push({ ...placed(c), own: true });
    } else {
      if (i !== runAt && run.length) place(runAt, run);
      if (i !== runAt) run = [];
      runAt = i;
      run.push(c);
    }
  }
  if (run.length) place(runAt, run);
  return { anchors, end, blankBetween };
}
