/** Traversal helpers over the AST, shared by every later phase. */
import type * as A from './ast.js';

export function rootNodes(ast: A.RubricFile): A.ScoreNode[] {
  return ast.body.filter((b): b is A.ScoreNode => b.kind === 'Node');
}

/** Every node, parents before children, with its ancestors. */
export function* allNodes(ast: A.RubricFile): Generator<{ node: A.ScoreNode; parents: A.ScoreNode[] }> {
  function* walk(n: A.ScoreNode, parents: A.ScoreNode[]): Generator<{ node: A.ScoreNode; parents: A.ScoreNode[] }> {
    yield { node: n, parents };
    for (const c of n.children) yield* walk(c, [...parents, n]);
  }
  for (const n of rootNodes(ast)) yield* walk(n, []);
}

export function declarations(ast: A.RubricFile): A.Decl[] {
  return ast.body.flatMap((b) => (b.kind === 'Inputs' || b.kind === 'Params' || b.kind === 'Events' || b.kind === 'Computed' ? b.decls : []));
}

export function blockOf<K extends A.TopLevel['kind']>(ast: A.RubricFile, kind: K): Extract<A.TopLevel, { kind: K }> | undefined {
  return ast.body.find((b) => b.kind === kind) as Extract<A.TopLevel, { kind: K }> | undefined;
}

/** The number as a reader cites it: 一、 → 一, （三） → （三）, 16. → 16. */
export function itemNumber(m: A.Marker): string {
  switch (m.style) {
    case 'cn-dun':
    case 'arabic-dot':
    case 'circled':
      return m.ordinal;
    case 'cn-paren':
    case 'arabic-paren':
      return `（${m.ordinal}）`;
  }
}

/** A stable id for a node: the numbers on its path, 九（一）3; unique when siblings are. */
export function nodePath(node: A.ScoreNode, parents: A.ScoreNode[]): string {
  return [...parents, node].map((n) => itemNumber(n.marker)).join('.');
}

/** How a message names an item: 第16项「执法办案质量」 / （一）队伍建设. */
export function describeNode(node: A.ScoreNode): string {
  const num = itemNumber(node.marker);
  const label = node.marker.style === 'arabic-dot' ? `第${num}项` : num;
  return node.title ? `${label}「${node.title}」` : label;
}

/**
 * Every AST object with a `kind`, depth first. The AST is plain data, so rules that care
 * about one kind of thing wherever it sits (every comparison, every rank table) need no
 * per-node plumbing. The AST is a tree, so no visited set is needed; positions are skipped.
 */
export function visitAll(root: unknown, visit: (node: { kind: string }) => void): void {
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) walk(x[i]);
      return;
    }
    const o = x as Record<string, unknown>;
    if (typeof o.kind === 'string') visit(o as { kind: string });
    for (const k in o) {
      if (k === 'span' || k === 'titleSpan' || k === 'labelSpan') continue;
      const v = o[k];
      if (v !== null && typeof v === 'object') walk(v);
    }
  };
  walk(root);
}
