/**
 * The rule text of each item, for the reports' 规则原文 section: the source lines of the item
 * (its line, continuation lines, the comments attached to it) when the rubric source is at hand,
 * else the clauses as the Program keeps them. Every line a trace entry cites gets an anchor.
 */
import type { NodeSpec, Program } from '../runtime/program.js';
import type { FlatNode } from './analysis.js';

export interface RuleLine {
  line: number;
  text: string;
  comment?: boolean;
}

export interface RuleBlock {
  node: FlatNode;
  lines: RuleLine[];
}

function indentOf(s: string): number {
  const m = /^[ \t\u3000]*/.exec(s)!;
  return m[0].length;
}

const isComment = (s: string) => /^\s*#/.test(s);
const isBlank = (s: string) => s.trim() === '';

/** Source lines of each node (1-based line numbers), or the Program's clauses without a source. */
export function ruleBlocks(program: Program, flat: FlatNode[], source?: string): RuleBlock[] {
  if (source === undefined) return flat.map((node) => ({ node, lines: fromSpec(node.spec) }));
  const lines = source.replace(/^\ufeff/, '').split(/\r?\n/);
  const nodeLines = new Set(flat.map((f) => f.spec.line));
  const claimed = new Set<number>();
  const blocks = flat.map((node) => {
    const start = node.spec.line;
    const own = lines[start - 1] ?? '';
    const ind = indentOf(own);
    const out: RuleLine[] = [{ line: start, text: own }];
    claimed.add(start);
    for (let l = start + 1; l <= lines.length; l++) {
      const s = lines[l - 1]!;
      if (nodeLines.has(l) || isBlank(s)) break;
      if (isComment(s) ? indentOf(s) < ind : indentOf(s) <= ind) break;
      out.push({ line: l, text: s, ...(isComment(s) ? { comment: true } : {}) });
      claimed.add(l);
    }
    return { node, lines: out };
  });
  // Comments directly above an item (no blank line between) that no item claimed belong to it.
  for (const b of blocks) {
    const above: RuleLine[] = [];
    for (let l = b.node.spec.line - 1; l >= 1; l--) {
      const s = lines[l - 1]!;
      if (claimed.has(l) || !isComment(s) || isBlank(s)) break;
      above.unshift({ line: l, text: s, comment: true });
      claimed.add(l);
    }
    b.lines.unshift(...above);
  }
  // A clause on a line the layout did not reach (should not happen): add it from the Program.
  for (const b of blocks) {
    const have = new Set(b.lines.map((l) => l.line));
    for (const l of fromSpec(b.node.spec)) if (!have.has(l.line)) b.lines.push(l);
    b.lines.sort((x, y) => x.line - y.line);
  }
  return blocks;
}

function fromSpec(n: NodeSpec): RuleLine[] {
  const byLine = new Map<number, string[]>();
  const add = (line: number, text: string) => {
    const a = byLine.get(line) ?? [];
    if (!a.includes(text)) a.push(text);
    byLine.set(line, a);
  };
  add(n.line, `${n.number}${n.title ? ` ${n.title}` : ''}${n.points ? `（${n.points}分）` : ''}`);
  for (const r of n.rules) for (const c of r.alternatives) add(c.line, c.text);
  for (const o of n.overrides) add(o.line, o.text);
  for (const w of n.waivers) add(w.line, w.text);
  return [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([line, texts]) => ({ line, text: texts.join('；') }));
}

/** Other cited lines: 否优, 等次, 评定 (titles) and 结果运用, with their source text when known. */
export function otherRuleLines(program: Program, source?: string): { heading: string; lines: RuleLine[] }[] {
  const src = source?.replace(/^\ufeff/, '').split(/\r?\n/);
  const text = (line: number, fallback: string) => (src?.[line - 1] !== undefined ? src[line - 1]! : fallback);
  const out: { heading: string; lines: RuleLine[] }[] = [];
  if (program.veto.length) out.push({ heading: '否优', lines: program.veto.map((v) => ({ line: v.line, text: text(v.line, v.text) })) });
  if (program.grades) out.push({ heading: '等次', lines: program.grades.bands.map((b) => ({ line: b.line, text: text(b.line, b.label) })) });
  if (program.titles.length) out.push({ heading: '评定（称号）', lines: program.titles.map((t) => ({ line: t.line, text: text(t.line, t.label) })) });
  if (program.resultUse)
    out.push({ heading: '结果运用', lines: program.resultUse.rules.map((r) => ({ line: r.line, text: text(r.line, `${r.label} ${r.delta}`) })) });
  // One anchor per line: a line already listed under an item is not repeated.
  return out;
}
