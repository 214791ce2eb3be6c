// Compares the engine's RunResult with the baseline's result, unit by unit: total, grade, veto,
// and (for diagnosis) every section's and item's score. Returns a list of differences.
export function compareResults(engine, baseline, { limit = 20 } = {}) {
  const diffs = [];
  const byName = new Map(engine.objects.map((o) => [o.name, o]));
  if (engine.objects.length !== baseline.objects.length)
    diffs.push(`对象数不同 / object count differs: engine ${engine.objects.length}, baseline ${baseline.objects.length}`);
  let itemDiffs = 0;
  for (const b of baseline.objects) {
    const e = byName.get(b.name);
    if (!e) {
      diffs.push(`${b.name}: 引擎结果中没有 / missing from engine result`);
      continue;
    }
    const bt = b.total.toString();
    if (e.total !== bt) diffs.push(`${b.name}: 总分 total engine ${e.total} ≠ baseline ${bt}`);
    if (e.grade !== b.grade) diffs.push(`${b.name}: 等次 grade engine ${e.grade} ≠ baseline ${b.grade} (total ${bt})`);
    if (e.vetoed !== b.vetoed) diffs.push(`${b.name}: 否优 veto engine ${e.vetoed} ≠ baseline ${b.vetoed}`);
    e.nodes.forEach((sec, si) => {
      const bs = b.sections[si].toString();
      if (sec.score !== bs) diffs.push(`${b.name}: ${sec.number} engine ${sec.score} ≠ baseline ${bs}`);
      for (const item of sec.children ?? []) {
        const bi = b.items[Number(item.number)].toString();
        if (item.score !== bi) {
          itemDiffs++;
          diffs.push(`${b.name}: 第${item.number}项 item engine ${item.score} ≠ baseline ${bi}`);
        }
      }
    });
    if (diffs.length >= limit) break;
  }
  return diffs;
}
