/** The one-line summary `rubric check` prints: nodes per level, scored items, total points. */
import type * as A from '../syntax/ast.js';
import { rootNodes } from '../syntax/walk.js';

export interface RubricSummary {
  title?: string;
  /** Number of nodes on each level, top first. */
  levels: number[];
  /** Leaves: the items that carry rules. */
  items: number;
  /** 满分 when declared, else the sum of the top level's points; undefined for open points. */
  total?: string;
}

export function summarize(ast: A.RubricFile, total: string | undefined): RubricSummary {
  const levels: number[] = [];
  let items = 0;
  const walk = (n: A.ScoreNode, depth: number) => {
    levels[depth] = (levels[depth] ?? 0) + 1;
    if (n.children.length === 0) items++;
    for (const c of n.children) walk(c, depth + 1);
  };
  for (const n of rootNodes(ast)) walk(n, 0);
  const header = ast.body.find((b): b is A.Header => b.kind === 'Header');
  return { ...(header?.title ? { title: header.title } : {}), levels, items, ...(total !== undefined ? { total } : {}) };
}

export function formatSummary(file: string, s: RubricSummary, errors: number, warnings: number): string {
  const levels = s.levels.length > 1 ? `${s.levels.length}级 ${s.levels.join('/')}` : `${s.levels[0] ?? 0}项`;
  const total = s.total !== undefined ? `，总分${s.total}分` : '，不设总分';
  const status = errors ? `，${errors}个错误` : '，通过';
  const warn = warnings ? `，${warnings}个警告` : '';
  return `${file}：${levels}，计分项${s.items}个${total}${status}${warn}`;
}
