/** items.csv: one row per unit, one column per item (leaf) id with its exact score, plus the total. */
import type { RunResult } from '../runtime/model.js';
import type { Program } from '../runtime/program.js';
import { renderCsv } from '../cli/table.js';
import { flattenNodes, resultsById } from './analysis.js';

export function renderItemsCsv(program: Program, result: RunResult): string {
  const leaves = flattenNodes(program).filter((f) => f.leaf);
  const header = ['名次', '考核对象', ...leaves.map((f) => f.spec.id), '总分'];
  const rows = result.objects.map((o) => {
    const byId = resultsById(o);
    return [
      String(o.rank),
      o.name,
      ...leaves.map((f) => {
        const r = byId.get(f.spec.id);
        return r && !r.notScored ? r.score : '';
      }),
      o.total,
    ];
  });
  return renderCsv(header, rows);
}
