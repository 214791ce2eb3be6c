/**
 * The state a check builds up: the node tree with resolved modes and points, the symbol
 * table, the type of every expression and the symbol of every name. Rules read it and
 * report diagnostics; lowering reads the finished context.
 */
import type { Diagnostic, RelatedInfo, Span } from '../diagnostics/diagnostic.js';
import { type Code, diagnostic } from '../diagnostics/codes.js';
import type * as A from '../syntax/ast.js';
import { blockOf, nodePath, rootNodes } from '../syntax/walk.js';
import type { EventSym, Scope, Sym } from './scope.js';
import type { ValueType } from './types.js';

export interface NodeInfo {
  node: A.ScoreNode;
  parent?: NodeInfo;
  children: NodeInfo[];
  /** 九.（一）.3 */
  path: string;
  depth: number;
  mode?: A.ScoringMode;
  /** Exact decimal text of the points, when written. */
  points?: string;
  pointsSpan?: Span;
  /** Children carry points: the item is the sum of its children. */
  composite: boolean;
  outsideTotal: boolean;
}

export interface ReportOptions {
  hint?: string;
  related?: RelatedInfo[];
}

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly types = new Map<A.Expr, ValueType>();
  readonly refs = new Map<A.RefExpr, Sym>();
  /** The event kind a per-occurrence clause counts (explicit subject or the 【x】的 form). */
  readonly clauseEvents = new Map<A.Clause, EventSym>();
  /** For 其中 and 凡 sentences: the event kinds they refine. */
  readonly refineEvents = new Map<A.Sentence, EventSym[]>();
  readonly nodes: NodeInfo[] = [];
  readonly byNode = new Map<A.ScoreNode, NodeInfo>();
  readonly roots: NodeInfo[] = [];
  readonly header?: A.Header;

  constructor(
    readonly ast: A.RubricFile,
    readonly scope: Scope,
  ) {
    this.header = blockOf(ast, 'Header');
    const headerMode = this.headerQualifier('Mode');
    const build = (node: A.ScoreNode, parent: NodeInfo | undefined, parents: A.ScoreNode[]): NodeInfo => {
      const points = node.qualifiers.find((q) => q.kind === 'Points');
      const mode = node.qualifiers.find((q) => q.kind === 'Mode');
      const info: NodeInfo = {
        node,
        ...(parent ? { parent } : {}),
        children: [],
        path: nodePath(node, parents),
        depth: parents.length,
        ...((mode?.kind === 'Mode' ? mode.mode : (parent?.mode ?? headerMode?.mode)) !== undefined
          ? { mode: mode?.kind === 'Mode' ? mode.mode : (parent?.mode ?? headerMode!.mode) }
          : {}),
        ...(points?.kind === 'Points' ? { points: points.amount.value, pointsSpan: points.span } : {}),
        composite: false,
        outsideTotal: node.qualifiers.some((q) => q.kind === 'OutsideTotal'),
      };
      this.nodes.push(info);
      this.byNode.set(node, info);
      for (const c of node.children) info.children.push(build(c, info, [...parents, node]));
      info.composite = info.children.length > 0 && info.children.some((c) => c.points !== undefined);
      return info;
    };
    for (const r of rootNodes(ast)) this.roots.push(build(r, undefined, []));
  }

  headerQualifier<K extends A.Qualifier['kind']>(kind: K): Extract<A.Qualifier, { kind: K }> | undefined {
    return this.header?.qualifiers.find((q) => q.kind === kind) as Extract<A.Qualifier, { kind: K }> | undefined;
  }

  report(code: Code, span: Span, message: string, opts: ReportOptions = {}): void {
    this.diagnostics.push(diagnostic(code, span, message, opts));
  }

  typeOf(e: A.Expr): ValueType | undefined {
    return this.types.get(e);
  }
}
