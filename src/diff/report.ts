/**
 * The two faces of a diff: a Markdown report in Chinese (for a pull-request comment) and JSON.
 *
 * Markdown
 *   # 考核规则变化, the two rubrics (title and file), then one bold summary line counting the
 *   changes by category (新增N项、删除N项、…, only categories that occur, in a fixed order).
 *   Then, each only when it has rows:
 *   - ## 总体: the header (考核名称, 满分, 考核期, 保留小数).
 *   - ## 得分范围: the total and every level with points whose least or greatest reachable
 *     score moved (needs a bounds analysis).
 *   - one ## per top-level item, in the new rubric's order (a removed section after the item
 *     before it): 项目 | 变化 | 原 | 新 | 行（原→新）. Items are named by their new number, with
 *     the old one in parentheses when it changed; rule changes add ，第N条 (第N条（情形M） for the
 *     M-th 否则 alternative). Three or more consecutive items that were only renumbered, by the
 *     same shift, share one row.
 *   - ## 声明, ## 等次与否优, ## 评定与结果运用: 名称/对象 | 变化 | 原 | 新 | 行.
 *   - ## 匹配存疑: pairings the matcher could not decide with confidence.
 *   A side that does not exist is shown as —. `|` in a cell is escaped.
 *
 * JSON (`toJson`), keys always in this order:
 *   { "format": "rubric-diff", "version": 1,
 *     "old": { "file", "title", "total"? }, "new": { … },
 *     "summary": { "itemsAdded": n, … every key of SUMMARY in model.ts, zeros included },
 *     "groups": [ { "id", "label" } ],
 *     "changes": [ Change … ]            in report order; see Change in model.ts
 *     "matches": [ ItemMatch … ]         item pairings whose number path or title differ
 *     "ambiguities": [ Ambiguity … ]
 *     "bounds": [ BoundsChange … ]       only when a bounds analysis ran; min/max absent = unbounded
 *     "boundsError": "…"                 instead of bounds, when the analysis failed
 *   }
 *   A Change is { kind, group, item?: {old?, new?}, label?, rule?: {old?, new?}, subject?, old?,
 *   new?, line: {old?, new?}, points? }: `old`/`new` are the texts the Markdown shows.
 */
import { DIFF_FORMAT_VERSION, KIND_LABEL, SUMMARY, summarize, type BoundsChange, type Change, type DiffResult } from './model.js';

function cell(s: string | undefined): string {
  if (s === undefined || s === '') return '—';
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function lines(c: Change): string {
  return `${c.line.old ?? '—'} → ${c.line.new ?? '—'}`;
}

function ruleSuffix(c: Change): string {
  const pos = c.rule?.new ?? c.rule?.old;
  if (!pos) return '';
  const [r, a] = pos.split('.');
  return `，第${r}条${a ? `（情形${a}）` : ''}`;
}

function what(c: Change): string {
  return c.subject && (c.kind.startsWith('item.') || c.kind.startsWith('rule.')) ? `${KIND_LABEL[c.kind]}：${c.subject}` : KIND_LABEL[c.kind];
}

/** The summary line: 新增1项、删除1项、分值变化3处。 */
export function summaryLine(result: DiffResult): string {
  const counts = summarize(result.changes);
  const parts = SUMMARY.filter((s) => counts[s.key]! > 0).map((s) => s.label(counts[s.key]!));
  return parts.length ? `${parts.join('、')}。` : '两个版本的含义没有差别。';
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

const RENUMBERED = /^第(\d+)项$/;

/** Rows of one item group, with runs of three or more plain renumberings folded into one row. */
function itemRows(changes: Change[]): string[][] {
  const perItem = new Map<string, number>();
  for (const c of changes) if (c.item?.new) perItem.set(c.item.new, (perItem.get(c.item.new) ?? 0) + 1);
  /** The old and new number of an item whose only change is its number. */
  const plain = (c: Change | undefined) => {
    if (!c || c.kind !== 'item.renumbered' || perItem.get(c.item?.new ?? '') !== 1) return undefined;
    const a = RENUMBERED.exec(c.old ?? '');
    const b = RENUMBERED.exec(c.new ?? '');
    return a && b ? { o: Number(a[1]), n: Number(b[1]) } : undefined;
  };
  const rows: string[][] = [];
  let i = 0;
  while (i < changes.length) {
    const c = changes[i]!;
    const first = plain(c);
    if (first) {
      let k = i + 1;
      for (let prev = first; ; k++) {
        const s = plain(changes[k]);
        if (!s || s.o !== prev.o + 1 || s.n !== prev.n + 1) break;
        prev = s;
      }
      if (k - i >= 3) {
        const last = plain(changes[k - 1])!;
        const a = changes[i]!;
        const b = changes[k - 1]!;
        rows.push([
          `第${first.n}—${last.n}项（原第${first.o}—${last.o}项）`,
          `${KIND_LABEL['item.renumbered']}（${k - i}项依次${first.n > first.o ? '后移' : '前移'}）`,
          `第${first.o}—${last.o}项`,
          `第${first.n}—${last.n}项`,
          `${a.line.old ?? '—'}—${b.line.old ?? '—'} → ${a.line.new ?? '—'}—${b.line.new ?? '—'}`,
        ]);
        i = k;
        continue;
      }
    }
    rows.push([cell(`${c.label ?? ''}${ruleSuffix(c)}`), cell(what(c)), cell(c.old), cell(c.new), lines(c)]);
    i++;
  }
  return rows;
}

function boundsText(v: string | undefined, side: 'min' | 'max'): string {
  return v ?? (side === 'max' ? '不封顶' : '无下限');
}

function boundsChanged(rows: BoundsChange[]): boolean {
  return rows.some((r) => r.old.min !== r.new.min || r.old.max !== r.new.max);
}

export function toMarkdown(result: DiffResult): string {
  const out: string[] = ['# 考核规则变化', ''];
  out.push(`- 原：${result.old.title}（\`${result.old.file}\`）`);
  out.push(`- 新：${result.new.title}（\`${result.new.file}\`）`);
  out.push('', `**${summaryLine(result)}**`);
  const byGroup = new Map<string, Change[]>();
  for (const c of result.changes) {
    if (!byGroup.has(c.group)) byGroup.set(c.group, []);
    byGroup.get(c.group)!.push(c);
  }
  const header = byGroup.get('总体');
  if (header?.length) {
    out.push(
      '',
      '## 总体',
      '',
      ...table(
        ['变化', '原', '新'],
        header.map((c) => [KIND_LABEL[c.kind], cell(c.old), cell(c.new)]),
      ),
    );
  }
  if (result.bounds && boundsChanged(result.bounds)) {
    out.push('', '## 得分范围', '', '总分和设有分值的各级项目中，可得最低分或最高分有变化的：', '');
    out.push(
      ...table(
        ['项目', '原最低分', '新最低分', '原最高分', '新最高分'],
        result.bounds.map((r) => [
          cell(r.label),
          boundsText(r.old.min, 'min'),
          boundsText(r.new.min, 'min'),
          boundsText(r.old.max, 'max'),
          boundsText(r.new.max, 'max'),
        ]),
      ),
    );
  }
  if (result.boundsError) out.push('', '## 得分范围', '', `未能计算得分范围：${result.boundsError}`);
  for (const g of result.groups) {
    if (g.id === '总体') continue;
    const changes = byGroup.get(g.id) ?? [];
    if (!changes.length) continue;
    out.push('', `## ${g.label}`, '');
    if (g.id === '声明' || g.id === '等次与否优' || g.id === '评定与结果运用') {
      out.push(
        ...table(
          [g.id === '声明' ? '名称' : '对象', '变化', '原', '新', '行（原→新）'],
          changes.map((c) => [cell(c.subject), KIND_LABEL[c.kind], cell(c.old), cell(c.new), lines(c)]),
        ),
      );
    } else {
      out.push(...table(['项目', '变化', '原', '新', '行（原→新）'], itemRows(changes)));
    }
  }
  if (result.ambiguities.length) {
    out.push('', '## 匹配存疑', '', '以下对应关系没有把握，请人工核对：', '');
    for (const a of result.ambiguities) out.push(`- ${a.note}`);
  }
  return `${out.join('\n')}\n`;
}

function orderedChange(c: Change): Record<string, unknown> {
  const o: Record<string, unknown> = { kind: c.kind, group: c.group };
  if (c.item) o.item = { ...(c.item.old !== undefined ? { old: c.item.old } : {}), ...(c.item.new !== undefined ? { new: c.item.new } : {}) };
  if (c.label !== undefined) o.label = c.label;
  if (c.rule) o.rule = { ...(c.rule.old !== undefined ? { old: c.rule.old } : {}), ...(c.rule.new !== undefined ? { new: c.rule.new } : {}) };
  if (c.subject !== undefined) o.subject = c.subject;
  if (c.old !== undefined) o.old = c.old;
  if (c.new !== undefined) o.new = c.new;
  o.line = { ...(c.line.old !== undefined ? { old: c.line.old } : {}), ...(c.line.new !== undefined ? { new: c.line.new } : {}) };
  if (c.points !== undefined) o.points = c.points;
  return o;
}

/** The JSON document (an object; `JSON.stringify(toJson(r), null, 2)` is what the command prints). */
export function toJson(result: DiffResult): Record<string, unknown> {
  const info = (r: DiffResult['old']) => ({ file: r.file, title: r.title, ...(r.total !== undefined ? { total: r.total } : {}) });
  return {
    format: 'rubric-diff',
    version: DIFF_FORMAT_VERSION,
    old: info(result.old),
    new: info(result.new),
    summary: summarize(result.changes),
    groups: result.groups.map((g) => ({ id: g.id, label: g.label })),
    changes: result.changes.map(orderedChange),
    matches: result.matches.map((m) => ({ old: m.old, new: m.new, by: m.by, ...(m.alternatives ? { alternatives: m.alternatives } : {}) })),
    ambiguities: result.ambiguities.map((a) => ({
      what: a.what,
      old: a.old,
      ...(a.new !== undefined ? { new: a.new } : {}),
      candidates: a.candidates,
      note: a.note,
    })),
    ...(result.bounds
      ? {
          bounds: result.bounds.map((b) => ({
            ...(b.item ? { item: { old: b.item.old, new: b.item.new } } : {}),
            label: b.label,
            old: { ...(b.old.min !== undefined ? { min: b.old.min } : {}), ...(b.old.max !== undefined ? { max: b.old.max } : {}) },
            new: { ...(b.new.min !== undefined ? { min: b.new.min } : {}), ...(b.new.max !== undefined ? { max: b.new.max } : {}) },
          })),
        }
      : {}),
    ...(result.boundsError !== undefined ? { boundsError: result.boundsError } : {}),
  };
}

export function toJsonText(result: DiffResult): string {
  return `${JSON.stringify(toJson(result), null, 2)}\n`;
}
