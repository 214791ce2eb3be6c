/**
 * The HTML report: one self-contained file (styles and script inline, no network, system fonts)
 * that a policy office opens offline or prints on A4. It shows the ranking with grades, veto marks
 * and quota lines (sortable by any column), charts of totals, section scores and grades, a panel
 * per unit (anchor #unit-<n>, n = 1-based position in the ranking) with its breakdown by section
 * and item and its trace in Chinese sentences, each linked to the rule text (#rule-<line>), the
 * items that cost most units points, data notes, and the rules' source text.
 *
 * Size: up to STATIC_PANEL_LIMIT units every panel is written out as HTML (readable without
 * script, printable). Above that the panels are built in the page when a unit is opened, from
 * compact JSON embedded in the file: node scores as indices into a table of numbers, and each
 * trace sentence as a template (numbers taken out) plus its numbers, so that the thousands of
 * sentences that differ only in numbers share one template (Lishui, 10,000 units: 14 MB instead of
 * 138 MB; bench/report.js). The ranking table stays HTML; beyond RANKING_PAGE rows it shows one
 * page of rows at a time, since laying out 10,000 rows at once takes the browser seconds.
 *
 * Every text from a rubric or data is HTML-escaped here; the page script sets text with
 * textContent only.
 */
import { describeSource } from '../runtime/errors.js';
import type { ObjectResult, RunResult } from '../runtime/model.js';
import type { Program } from '../runtime/program.js';
import { shortNumber } from '../cli/format.js';
import {
  bites,
  type FlatNode,
  flattenNodes,
  gradeOrder,
  isBonus,
  type ItemStat,
  numericKeys,
  type QuotaLine,
  quotaLines,
  type SectionStat,
  sectionStats,
  textKeys,
  type UnitNodes,
  unitNodes,
} from './analysis.js';
import { bitesChart, GRADE_COLORS, gradesChart, sectionsChart, totalsChart } from './charts.js';
import { esc, scriptJson } from './escape.js';
import { type ExplainLine, explainObject, heading, itemName } from './explain.js';
import { otherRuleLines, ruleBlocks } from './rules.js';
import { CLIENT_SCRIPT } from './html-client.js';
import { STYLES } from './html-style.js';

export interface HtmlOptions {
  /** The rubric's source text: the rules section then shows each item's source lines and comments. */
  source?: string;
  /** 'static': every unit panel written out; 'lazy': built in the page when opened; 'auto' (default): static up to STATIC_PANEL_LIMIT units. */
  panels?: 'static' | 'lazy' | 'auto';
}

export const STATIC_PANEL_LIMIT = 200;
/** A ranking longer than this shows a page of rows at a time (laying out 10,000 rows takes seconds). */
export const RANKING_PAGE = 500;

/** A number as exact decimal text; a value that does not terminate as four decimals, the fraction in the title. */
export function numHtml(v: string | undefined): string {
  if (v === undefined || v === '') return '';
  if (!v.includes('/')) return esc(v);
  return `<span class="inexact" title="${esc(`精确值 ${v}`)}">${esc(shortNumber(v))}</span>`;
}

/** The class of a grade's badge: its band's colour (g0 best … g5). */
function gradeClass(program: Program, grade: string): string {
  return `grade g${Math.min(gradeOrder(program, grade), GRADE_COLORS.length - 1)}`;
}

const GRADE_CSS = GRADE_COLORS.map((c, i) => `.g${i}{--c:${c}}`).join('');

/**
 * A sortable table's body and keys: cells carry no attributes (the file stays small for many
 * rows); numeric columns are right-aligned by a rule per column, and the sort keys sit beside
 * the table as JSON, one array per column, indexed by the row's data-i.
 */
function tableExtras(id: string, numeric: number[], keys: number[][], strong: number[] = []): { css: string; keys: string } {
  const sel = (cols: number[]) => cols.map((j) => `#${id} tr[data-i] td:nth-child(${j + 1})`).join(',');
  const css = [
    numeric.length ? `${sel(numeric)}{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}` : '',
    strong.length ? `${sel(strong)}{font-weight:bold}` : '',
  ].join('');
  return { css, keys: `<script type="application/json" class="sort-keys" data-table="${id}">${scriptJson(keys)}</script>` };
}

/** Everything the sections of the report share. */
interface Ctx {
  program: Program;
  result: RunResult;
  flat: FlatNode[];
  sectionIdx: number[];
  units: UnitNodes[];
  stats: SectionStat[];
  bites: ItemStat[];
  /** Per flat node: how many units lost points on it. */
  lostCount: number[];
  quotas: QuotaLine[];
  /** Lines that have an anchor (#rule-<line>) in the rules section. */
  anchored: Set<number>;
  rulesHtml: string;
  explained: ExplainLine[][];
  flatById: Map<string, FlatNode>;
  /** Style rules made for this report's tables (column alignment). */
  css: string[];
}

function context(program: Program, result: RunResult, source?: string): Ctx {
  const flat = flattenNodes(program);
  const flatById = new Map(flat.map((f) => [f.spec.id, f]));
  const sectionIdx = program.nodes.map((n) => flatById.get(n.id)!.index);
  const units = result.objects.map((o) => unitNodes(flat, o));
  const stats = sectionStats(program, flat, units);
  const lostCount = flat.map((f) => units.reduce((a, u) => a + (u.lost[f.index] && !u.lost[f.index]!.isZero() ? 1 : 0), 0));
  const anchored = new Set<number>();
  const rulesHtml = renderRules(program, flat, source, anchored);
  return {
    program,
    result,
    flat,
    sectionIdx,
    units,
    stats,
    bites: bites(flat, units),
    lostCount,
    quotas: quotaLines(program, result),
    anchored,
    rulesHtml,
    explained: result.objects.map((o) => explainObject(program, o)),
    flatById,
    css: [GRADE_CSS],
  };
}

/** The anchor a trace line links to: its own line, or the item's line when the line has none. */
function anchorLine(ctx: Ctx, node: string, line: number): number {
  if (ctx.anchored.has(line)) return line;
  return ctx.flatById.get(node)?.spec.line ?? line;
}

export function renderHtml(program: Program, result: RunResult, opts: HtmlOptions = {}): string {
  const ctx = context(program, result, opts.source);
  const mode = opts.panels === 'static' || opts.panels === 'lazy' ? opts.panels : result.objects.length <= STATIC_PANEL_LIMIT ? 'static' : 'lazy';
  const n = result.objects.length;
  const period = result.period ?? program.period;
  const meta = [
    period ? `考核期：${period.from} 至 ${period.to}` : '',
    program.total ? `满分：${program.total}分` : '',
    `考核对象：${n}个`,
    `规则文件：${program.file}`,
  ].filter(Boolean);
  const body = [
    `<header><h1>${esc(program.title)}</h1><p class="meta">${meta.map((m) => `<span>${esc(m)}</span>`).join('')}</p></header>`,
    `<nav class="toc no-print"><a href="#ranking">排名与等次</a><a href="#charts">图表</a><a href="#bites">失分集中项</a><a href="#units">各单位明细</a><a href="#notes">数据说明</a><a href="#rules">规则原文</a></nav>`,
    renderRanking(ctx),
    renderCharts(ctx),
    renderBites(ctx),
    mode === 'static' ? renderPanelsStatic(ctx) : renderPanelsLazy(ctx),
    renderNotes(ctx),
    ctx.rulesHtml,
    mode === 'lazy' ? `<script type="application/json" id="report-data">${scriptJson(lazyData(ctx))}</script>` : '',
    `<script>${CLIENT_SCRIPT}</script>`,
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network: nothing in the page may load from anywhere, itself included.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(`${program.title} — 考核结果`)}</title>`,
    `<style>${STYLES}${ctx.css.join('')}</style>`,
    '</head>',
    `<body data-panels="${mode}">`,
    ...body.filter(Boolean),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ── ranking ──────────────────────────────────────────────────────────────────

interface Column {
  head: string;
  /** Sort keys per unit. */
  keys: number[];
  /** First click sorts descending (scores) or ascending (rank, names). */
  first: 'asc' | 'desc';
  cell: (o: ObjectResult, i: number) => string;
  cls?: string;
  title?: string;
}

function rankingColumns(ctx: Ctx): Column[] {
  const { program, result } = ctx;
  const objs = result.objects;
  const bonus = objs.some((o) => o.bonus !== undefined);
  const cols: Column[] = [
    { head: '名次', keys: objs.map((o) => o.rank), first: 'asc', cell: (o) => esc(o.rank), cls: 'num' },
    { head: '考核对象', keys: textKeys(objs.map((o) => o.name)), first: 'asc', cell: (o, i) => `<a href="#unit-${i + 1}">${esc(o.name)}</a>`, cls: 'name' },
    { head: '总分', keys: numericKeys(objs.map((o) => o.total)), first: 'desc', cell: (o) => numHtml(o.total), cls: 'num total' },
  ];
  if (bonus) {
    cols.push({ head: '基本分', keys: numericKeys(objs.map((o) => o.base ?? o.total)), first: 'desc', cell: (o) => numHtml(o.base ?? o.total), cls: 'num' });
    cols.push({ head: '加分', keys: numericKeys(objs.map((o) => o.bonus ?? '0')), first: 'desc', cell: (o) => numHtml(o.bonus ?? '0'), cls: 'num' });
  }
  program.nodes.forEach((s, j) => {
    const k = ctx.sectionIdx[j]!;
    cols.push({
      head: heading(s),
      title: s.points ? `满分${s.points}分` : undefined,
      keys: numericKeys(ctx.units.map((u) => u.scores[k])),
      first: 'desc',
      cell: (_o, i) => numHtml(ctx.units[i]!.scores[k]),
      cls: 'num',
    });
  });
  if (program.grades) {
    cols.push({
      head: '等次',
      keys: objs.map((o) => gradeOrder(program, o.grade)),
      first: 'asc',
      cell: (o) =>
        o.grade === undefined
          ? ''
          : `<span class="${gradeClass(program, o.grade)}">${esc(o.grade)}</span>${o.gradeNote ? `<sup class="mark" title="${esc(o.gradeNote)}">*</sup>` : ''}`,
    });
  }
  if (program.veto.length) {
    cols.push({
      head: '否优',
      keys: objs.map((o) => (o.vetoed ? 0 : 1)),
      first: 'asc',
      cell: (o) => {
        if (!o.vetoed) return '';
        const why = o.vetoReasons.map((v) => `第${v.line}行：${v.text}`).join('；');
        const line = o.vetoReasons[0]?.line;
        const mark = `<span class="veto" title="${esc(`否优（${why}）`)}">否优</span>`;
        return line !== undefined && ctx.anchored.has(line) ? `<a class="veto-link" href="#rule-${line}">${mark}</a>` : mark;
      },
    });
  }
  if (program.titles.length) {
    cols.push({ head: '称号', keys: textKeys(objs.map((o) => o.titles.join('、'))), first: 'asc', cell: (o) => esc(o.titles.join('、')), cls: 'titles' });
  }
  return cols;
}

function renderRanking(ctx: Ctx): string {
  const { result } = ctx;
  const cols = rankingColumns(ctx);
  const quotaAfter = new Map<number, QuotaLine[]>();
  for (const q of ctx.quotas) quotaAfter.set(q.after, [...(quotaAfter.get(q.after) ?? []), q]);
  const head = cols
    .map(
      (c, j) =>
        `<th class="sortable${c.cls?.includes('num') ? ' num' : ''}" data-col="${j}" data-first="${c.first}" aria-sort="none"${c.title ? ` title="${esc(c.title)}"` : ''} tabindex="0">${esc(c.head)}<span class="arrow" aria-hidden="true"></span></th>`,
    )
    .join('');
  const rows: string[] = [];
  const paged = result.objects.length > RANKING_PAGE;
  result.objects.forEach((o, i) => {
    const cls = [o.vetoed ? 'vetoed' : '', quotaAfter.has(i) ? 'quota-last' : ''].filter(Boolean).join(' ');
    const hidden = paged && i >= RANKING_PAGE ? ' hidden' : '';
    rows.push(`<tr data-i="${i}"${cls ? ` class="${cls}"` : ''}${hidden}>${cols.map((c) => `<td>${c.cell(o, i)}</td>`).join('')}</tr>`);
    for (const q of quotaAfter.get(i) ?? [])
      rows.push(`<tr class="quota-row" data-after="${i}"${hidden}><td colspan="${cols.length}">${esc(q.label)}</td></tr>`);
  });
  const pager = paged
    ? `<div class="pager no-print" data-for="ranking-table"><button type="button" data-act="page-prev">上一页</button><span class="page-info">第1–${RANKING_PAGE}行，共${result.objects.length}行</span><button type="button" data-act="page-next">下一页</button><button type="button" data-act="page-all">显示全部</button></div>`
    : '';
  const notes: string[] = [];
  for (const [note, names] of gradeNotes(result)) notes.push(`<li>* ${esc(`${note}：${nameList(names)}`)}</li>`);
  for (const v of vetoGroups(result)) notes.push(`<li>否优${ruleRef(ctx, v.line)}${esc(`${v.text}：${nameList(v.names)}`)}</li>`);
  for (const q of ctx.quotas) notes.push(`<li>名额线：${esc(q.label)}</li>`);
  const extras = tableExtras(
    'ranking-table',
    cols.flatMap((c, j) => (c.cls?.includes('num') ? [j] : [])),
    cols.map((c) => c.keys),
    cols.flatMap((c, j) => (c.cls?.includes('total') ? [j] : [])),
  );
  ctx.css.push(
    extras.css,
    cols
      .flatMap((c, j) =>
        c.cls?.includes('name')
          ? [`#ranking-table tr[data-i] td:nth-child(${j + 1}){white-space:nowrap}`]
          : c.cls?.includes('titles')
            ? [`#ranking-table tr[data-i] td:nth-child(${j + 1}){min-width:16em}`]
            : [],
      )
      .join(''),
  );
  return [
    `<section id="ranking"><h2>排名与等次</h2>`,
    `<p class="hint no-print">点击表头按该列排序，再点一次反向；点击单位名称查看其得分明细。</p>`,
    pager,
    `<div class="table-wrap"><table id="ranking-table" class="sortable-table ranking"${paged ? ` data-page="${RANKING_PAGE}"` : ''}><thead><tr>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table>${extras.keys}</div>`,
    pager,
    notes.length ? `<ul class="table-notes">${notes.join('')}</ul>` : '',
    `</section>`,
  ].join('\n');
}

/** Names in a note: all of them up to a point, then how many more. */
function nameList(names: string[], limit = 30): string {
  return names.length <= limit ? names.join('、') : `${names.slice(0, limit).join('、')}等${names.length}个单位`;
}

/** Units by the note on their grade (名额外评为良好 …), in ranking order. */
function gradeNotes(result: RunResult): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const o of result.objects) if (o.gradeNote) m.set(o.gradeNote, [...(m.get(o.gradeNote) ?? []), o.name]);
  return m;
}

/** Vetoed units by the veto rule that caught them. */
function vetoGroups(result: RunResult): { line: number; text: string; names: string[] }[] {
  const m = new Map<number, { line: number; text: string; names: string[] }>();
  for (const o of result.objects) {
    for (const v of o.vetoReasons) {
      const g = m.get(v.line) ?? { line: v.line, text: v.text, names: [] };
      g.names.push(o.name);
      m.set(v.line, g);
    }
  }
  return [...m.values()].sort((a, b) => a.line - b.line);
}

function ruleRef(ctx: Ctx, line: number): string {
  return ctx.anchored.has(line) ? `<a class="ref" href="#rule-${line}">〔第${line}行〕</a>` : `〔第${line}行〕`;
}

// ── charts ───────────────────────────────────────────────────────────────────

function renderCharts(ctx: Ctx): string {
  const { program, result } = ctx;
  const many = result.objects.length > 60;
  const figs = [
    `<figure><figcaption>${many ? '总分分布（各分数段的单位数）' : '各单位总分（颜色为等次，虚线为等次分数线）'}</figcaption>${totalsChart(program, result, ctx.quotas)}</figure>`,
    program.nodes.length
      ? `<figure><figcaption>${many ? '各部分得分：范围（浅色）、平均（竖线）与满分（底色）' : '各部分得分（格内为得分；颜色越红，失分越多；加分部分颜色越绿，得分越多）'}</figcaption>${sectionsChart(program, result, ctx.sectionIdx, ctx.units, ctx.stats)}</figure>`
      : '',
    program.grades ? `<figure><figcaption>等次分布</figcaption>${gradesChart(program, result)}</figure>` : '',
  ];
  return `<section id="charts"><h2>图表</h2>${figs.filter(Boolean).join('\n')}</section>`;
}

// ── where the rubric bites ─────────────────────────────────────────────────────

function renderBites(ctx: Ctx): string {
  const N = ctx.result.objects.length;
  const list = ctx.bites;
  const head = ['细项', '所属部分', '失分单位数', '合计失分', '单项最多失分'];
  const firsts = ['asc', 'asc', 'desc', 'desc', 'desc'];
  const keys = [
    list.map((s) => s.node.index),
    list.map((s) => s.node.section * 1e6 + s.node.index),
    list.map((s) => s.units),
    numericKeys(list.map((s) => s.total.toString())),
    numericKeys(list.map((s) => s.max.toString())),
  ];
  const rows = list.map((s, i) => {
    const n = s.node.spec;
    const sec = ctx.program.nodes[s.node.section]!;
    const cells = [
      `<a href="#rule-${n.line}">${esc(`${n.label}${n.title ? ` ${n.title}` : ''}`)}</a>`,
      esc(heading(sec)),
      `${s.units}/${N}`,
      numHtml(s.total.toString()),
      numHtml(s.max.toString()),
    ];
    return `<tr data-i="${i}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  const th = head
    .map(
      (h, j) =>
        `<th class="sortable${j >= 2 ? ' num' : ''}" data-col="${j}" data-first="${firsts[j]}" aria-sort="none" tabindex="0">${h}<span class="arrow" aria-hidden="true"></span></th>`,
    )
    .join('');
  const extras = tableExtras('bites-table', [2, 3, 4], keys);
  ctx.css.push(extras.css);
  const bonusNote = ctx.flat.some((f) => f.leaf && isBonus(f.spec)) ? '<p class="hint">加分项不计入本表（未得加分不算失分）。</p>' : '';
  return [
    `<section id="bites"><h2>失分集中项：多数单位在哪里失分</h2>`,
    list.length
      ? `<p>共${list.length}个细项有单位失分，按失分单位数、合计失分排序。</p><figure><figcaption>失分单位最多的细项（前${Math.min(15, list.length)}项）</figcaption>${bitesChart(list, N)}</figure>` +
        `<div class="table-wrap"><table id="bites-table" class="sortable-table"><thead><tr>${th}</tr></thead><tbody>${rows.join('\n')}</tbody></table>${extras.keys}</div>`
      : '<p>没有单位在任何细项上失分。</p>',
    bonusNote,
    `</section>`,
  ].join('\n');
}

// ── unit panels ───────────────────────────────────────────────────────────────

/** Which nodes below the sections a unit's breakdown shows: where it lost points, gained a bonus, or a rule fired. */
function shownNodes(ctx: Ctx, i: number, traced: Set<string>): boolean[] {
  const u = ctx.units[i]!;
  const shown = ctx.flat.map((f) => {
    if (f.depth === 0) return true;
    const lost = u.lost[f.index];
    const score = u.scores[f.index] ?? '';
    return (lost !== undefined && !lost.isZero()) || (isBonus(f.spec) && score !== '' && score !== '0') || traced.has(f.spec.id);
  });
  // Parents of shown items give them context.
  for (let k = ctx.flat.length - 1; k >= 0; k--) {
    const p = ctx.flat[k]!.parent;
    if (shown[k] && p !== undefined) shown[p] = true;
  }
  return shown;
}

function unitSummary(ctx: Ctx, o: ObjectResult): string {
  const total = ctx.program.total ? `（满分${ctx.program.total}分）` : '';
  return (
    `<span class="rank">第${esc(o.rank)}名</span><span class="name">${esc(o.name)}</span><span class="total">${numHtml(o.total)}分${esc(total)}</span>` +
    (o.grade !== undefined ? `<span class="${gradeClass(ctx.program, o.grade)}">${esc(o.grade)}</span>` : '') +
    (o.vetoed ? '<span class="veto">否优</span>' : '') +
    (o.titles.length ? `<span class="titles">${esc(o.titles.join('、'))}</span>` : '')
  );
}

function unitFacts(ctx: Ctx, o: ObjectResult): string {
  const N = ctx.result.objects.length;
  const parts = [
    `<p class="facts">总分<b>${numHtml(o.total)}</b>分${ctx.program.total ? esc(`（满分${ctx.program.total}分）`) : ''}，第${esc(o.rank)}名（共${N}个）${o.grade !== undefined ? `，等次：<b>${esc(o.grade)}</b>${o.gradeNote ? esc(`（${o.gradeNote}）`) : ''}` : ''}</p>`,
  ];
  if (o.bonus !== undefined) parts.push(`<p class="facts">其中基本分${numHtml(o.base ?? o.total)}分，加分${numHtml(o.bonus)}分</p>`);
  for (const v of o.vetoReasons) parts.push(`<p class="facts veto-note">否优：${ruleRef(ctx, v.line)}${esc(v.text)}</p>`);
  if (o.titles.length) parts.push(`<p class="facts">称号：${esc(o.titles.join('、'))}</p>`);
  return parts.join('');
}

const BREAKDOWN_HEAD =
  '<thead><tr><th>项目</th><th class="num">满分</th><th class="num">得分</th><th class="num">失分</th><th>与其他单位比较</th></tr></thead>';

function renderBreakdown(ctx: Ctx, i: number): string {
  const u = ctx.units[i]!;
  const N = ctx.result.objects.length;
  const traced = new Set(ctx.explained[i]!.filter((e) => e.kind !== 'score').map((e) => e.node));
  const shown = shownNodes(ctx, i, traced);
  const rows: string[] = [];
  ctx.program.nodes.forEach((sec, j) => {
    const k = ctx.sectionIdx[j]!;
    const st = ctx.stats[j]!;
    rows.push(
      `<tr class="sec"><td>${esc(heading(sec))}</td><td class="num">${numHtml(sec.points)}</td><td class="num">${numHtml(u.scores[k])}</td>` +
        `<td class="${lostClass(u, k)}">${lostHtml(ctx, k, u)}</td><td>平均${numHtml(st.mean.toString())}，第${st.ranks[i]}名/共${N}个</td></tr>`,
    );
    let rest = 0;
    for (const f of ctx.flat) {
      if (f.section !== j || f.depth === 0) continue;
      if (!shown[f.index]) {
        if (f.leaf) rest++;
        continue;
      }
      const n = f.spec;
      rows.push(
        `<tr class="item d${Math.min(f.depth, 4)}"><td><a href="#rule-${n.line}">${esc(`${n.label}${n.title ? ` ${n.title}` : ''}`)}</a></td><td class="num">${numHtml(n.points)}</td><td class="num">${numHtml(u.scores[f.index])}</td>` +
          `<td class="${lostClass(u, f.index)}">${lostHtml(ctx, f.index, u)}</td><td>${isBonus(n) ? '加分项' : `${ctx.lostCount[f.index]}/${N}个单位失分`}</td></tr>`,
      );
    }
    if (rest) rows.push(`<tr class="rest"><td colspan="5">其余${rest}项${isBonus(sec) ? '未得加分' : '未失分'}</td></tr>`);
  });
  return `<table class="breakdown">${BREAKDOWN_HEAD}<tbody>${rows.join('')}</tbody></table>`;
}

function lostClass(u: UnitNodes, k: number): string {
  const l = u.lost[k];
  return l !== undefined && !l.isZero() ? 'num lost' : 'num';
}

function lostHtml(ctx: Ctx, k: number, u: UnitNodes): string {
  const l = u.lost[k];
  if (l === undefined) return isBonus(ctx.flat[k]!.spec) ? '<span class="na" title="加分项：未得加分不算失分">—</span>' : '';
  return l.isZero() ? '0' : numHtml(l.toString());
}

function sectionHeading(ctx: Ctx, j: number, u: UnitNodes): string {
  const sec = ctx.program.nodes[j]!;
  const score = u.scores[ctx.sectionIdx[j]!] ?? '';
  return `${esc(`${heading(sec)}：`)}${numHtml(score || '0')}分${sec.points ? esc(`（满分${sec.points}分）`) : ''}`;
}

function renderTrace(ctx: Ctx, i: number): string {
  const lines = ctx.explained[i]!;
  const u = ctx.units[i]!;
  const out: string[] = [];
  ctx.program.nodes.forEach((_sec, j) => {
    const mine = lines.filter((e) => ctx.flatById.get(e.node)?.section === j);
    out.push(`<h4>${sectionHeading(ctx, j, u)}</h4>`);
    if (!mine.length) {
      out.push('<p class="none">（无扣分、加分记录）</p>');
      return;
    }
    out.push('<ol class="trace">');
    for (const e of mine) {
      const line = anchorLine(ctx, e.node, e.line);
      const eff = e.effect ? `<span class="eff ${e.effect.startsWith('-') ? 'neg' : 'pos'}">${numHtml(e.effect)}</span>` : '';
      out.push(
        `<li class="k-${e.kind}"><a class="ref" href="#rule-${line}">${esc(`${e.item}〔第${e.line}行〕`)}</a><span class="s">${esc(e.sentence)}</span>${eff}</li>`,
      );
    }
    out.push('</ol>');
  });
  return out.join('');
}

const PANEL_TOOLS = '<div class="panel-tools no-print"><button type="button" data-act="print-unit">打印本单位</button><a href="#ranking">返回排名</a></div>';

function renderPanelsStatic(ctx: Ctx): string {
  const panels = ctx.result.objects.map(
    (o, i) =>
      `<details class="unit" id="unit-${i + 1}" data-i="${i}"><summary>${unitSummary(ctx, o)}</summary><div class="panel">${PANEL_TOOLS}${unitFacts(ctx, o)}` +
      `<h3>分项得分</h3>${renderBreakdown(ctx, i)}<h3>得分说明（逐条<span class="no-print">，点击条目查看规则原文</span>）</h3>${renderTrace(ctx, i)}</div></details>`,
  );
  return [
    `<section id="units"><h2>各单位得分明细</h2>`,
    `<p class="no-print unit-tools"><button type="button" data-act="expand">全部展开</button><button type="button" data-act="collapse">全部收起</button></p>`,
    panels.join('\n'),
    `</section>`,
  ].join('\n');
}

function renderPanelsLazy(ctx: Ctx): string {
  const n = ctx.result.objects.length;
  return [
    `<section id="units"><h2>各单位得分明细</h2>`,
    `<p class="hint">本报告共${n}个考核对象；为控制文件大小，各单位的明细在打开时由页面生成（需启用脚本）。点击排名表中的单位名称，或在下面输入名称查找。打印时只包含已打开的单位。</p>`,
    `<p class="no-print unit-tools"><input type="search" id="unit-search" placeholder="输入单位名称查找" aria-label="查找单位"><button type="button" data-act="collapse">全部收起</button></p>`,
    `<ul id="unit-results" class="no-print"></ul>`,
    `<div id="unit-panels"></div>`,
    `<noscript><p>浏览器未启用脚本，无法显示各单位明细；排名、图表和规则原文不受影响。</p></noscript>`,
    `</section>`,
  ].join('\n');
}

// ── compact data for lazy panels ───────────────────────────────────────────────

/**
 * Encoded for the page script (html-client.ts):
 *   nums     every number text once; a value that does not terminate as "exact short" (one space);
 *   tmpl     sentence templates, numbers replaced by U+0001;
 *   shapes   [node, line, template, kind] shared by the trace entries of all units;
 *   sb, lb   per node, the most common score / lost-points index over all units;
 *   units[i] s, l: [node, number index, …] where the unit differs from sb / lb;
 *            t: [shape, numbers of the sentence joined by ",", effect index or -1, …];
 *            r: rank in each section; g, n: grade and grade note (indices into grades, notes).
 */
function lazyData(ctx: Ctx): unknown {
  const nums: string[] = [];
  const numIdx = new Map<string, number>();
  const num = (v: string | undefined): number => {
    if (v === undefined) return -1;
    let k = numIdx.get(v);
    if (k === undefined) {
      k = nums.length;
      nums.push(v.includes('/') ? `${v} ${shortNumber(v)}` : v);
      numIdx.set(v, k);
    }
    return k;
  };
  const tmpl: string[] = [];
  const tmplIdx = new Map<string, number>();
  const sentence = (s: string): [number, string] => {
    const args: string[] = [];
    // A sentence holding the marker itself is kept whole (no numbers taken out).
    const t = s.includes('\u0001')
      ? s
      : s.replace(/\d+(?:\.\d+)?/g, (m) => {
          args.push(m);
          return '\u0001';
        });
    let k = tmplIdx.get(t);
    if (k === undefined) {
      k = tmpl.length;
      tmpl.push(t);
      tmplIdx.set(t, k);
    }
    return [k, args.join(',')];
  };
  const kinds = ['rule', 'score', 'criterion', 'exempt', 'same-matter', 'cap', 'floor', 'override', 'round'];
  const shapes: number[][] = [];
  const shapeIdx = new Map<string, number>();
  const shape = (node: number, line: number, t: number, kind: number): number => {
    const key = `${node},${line},${t},${kind}`;
    let k = shapeIdx.get(key);
    if (k === undefined) {
      k = shapes.length;
      shapes.push([node, line, t, kind]);
      shapeIdx.set(key, k);
    }
    return k;
  };
  const grades: string[] = [];
  const notes: string[] = [];
  const intern = (list: string[], v: string) => {
    const k = list.indexOf(v);
    return k >= 0 ? k : list.push(v) - 1;
  };
  const S = ctx.units.map((u) => u.scores.map((v) => (v === '' ? -1 : num(v))));
  const L = ctx.units.map((u) => u.lost.map((v) => (v === undefined ? -1 : num(v.toString()))));
  const mode = (rows: number[][]) =>
    ctx.flat.map((f) => {
      const count = new Map<number, number>();
      let best = -1;
      let most = 0;
      for (const r of rows) {
        const c = (count.get(r[f.index]!) ?? 0) + 1;
        count.set(r[f.index]!, c);
        if (c > most) {
          most = c;
          best = r[f.index]!;
        }
      }
      return best;
    });
  const sb = mode(S);
  const lb = mode(L);
  const diff = (row: number[], base: number[]) => row.flatMap((v, k) => (v === base[k] ? [] : [k, v]));
  const units = ctx.result.objects.map((o, i) => {
    const t: (number | string)[] = [];
    for (const e of ctx.explained[i]!) {
      const [tm, args] = sentence(e.sentence);
      t.push(shape(ctx.flatById.get(e.node)?.index ?? -1, e.line, tm, Math.max(0, kinds.indexOf(e.kind))), args, num(e.effect));
    }
    return {
      name: o.name,
      total: num(o.total),
      rank: o.rank,
      ...(o.grade !== undefined ? { g: intern(grades, o.grade) } : {}),
      ...(o.gradeNote ? { n: intern(notes, o.gradeNote) } : {}),
      ...(o.base !== undefined ? { base: num(o.base) } : {}),
      ...(o.bonus !== undefined ? { bonus: num(o.bonus) } : {}),
      ...(o.vetoReasons.length ? { veto: o.vetoReasons.map((v) => [v.line, v.text]) } : {}),
      ...(o.titles.length ? { titles: o.titles } : {}),
      s: diff(S[i]!, sb),
      l: diff(L[i]!, lb),
      r: ctx.stats.map((st) => st.ranks[i]),
      t,
    };
  });
  return {
    v: 1,
    total: ctx.program.total ?? null,
    kinds,
    nodes: ctx.flat.map((f) => ({
      label: `${f.spec.label}${f.spec.title ? ` ${f.spec.title}` : ''}`,
      head: heading(f.spec),
      item: itemName(f.spec, f.spec.id),
      points: f.spec.points ?? null,
      depth: f.depth,
      section: f.section,
      parent: f.parent ?? -1,
      leaf: f.leaf ? 1 : 0,
      bonus: isBonus(f.spec) ? 1 : 0,
      line: f.spec.line,
      lostCount: ctx.lostCount[f.index],
    })),
    grades: grades.map((g) => [g, gradeClass(ctx.program, g)]),
    notes,
    sections: ctx.sectionIdx,
    means: ctx.stats.map((s) => num(s.mean.toString())),
    nums,
    tmpl,
    shapes,
    sb,
    lb,
    units,
  };
}

// ── notes ─────────────────────────────────────────────────────────────────────

function renderNotes(ctx: Ctx): string {
  const r = ctx.result;
  const parts: string[] = [];
  const issues = r.issues.map((i) => {
    const ex = i.examples.map(describeSource).filter(Boolean);
    return `<li>${esc(`${i.count}条事件${i.message.replace(/^事件/, '')}`)}${ex.length ? `<ul class="examples">${ex.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>` : ''}</li>`;
  });
  parts.push(`<h3>未计入的事件</h3>${issues.length ? `<ul>${issues.join('')}</ul>` : '<p>无：读入的事件全部计入。</p>'}`);
  const quota: string[] = [];
  for (const q of ctx.quotas) quota.push(`<li>${esc(q.label)}</li>`);
  for (const [note, names] of gradeNotes(r)) quota.push(`<li>${esc(`${note}：${nameList(names)}`)}</li>`);
  for (const n of r.notes) quota.push(`<li>${esc(n)}</li>`);
  parts.push(`<h3>名额、并列与等次调整</h3>${quota.length ? `<ul>${quota.join('')}</ul>` : '<p>无。</p>'}`);
  const veto: string[] = [];
  for (const v of vetoGroups(r)) veto.push(`<li>${ruleRef(ctx, v.line)}${esc(`${v.text}：${nameList(v.names)}`)}</li>`);
  if (ctx.program.veto.length) parts.push(`<h3>否优</h3>${veto.length ? `<ul>${veto.join('')}</ul>` : '<p>无单位触及否优情形。</p>'}`);
  if (r.resultUse) {
    const rows = r.resultUse.adjustments.map(
      (a) =>
        `<tr><td>${esc(a.group)}</td><td class="num">${numHtml(a.delta.startsWith('-') ? a.delta : `+${a.delta}`)}</td><td>${esc(a.from.join('、'))}</td></tr>`,
    );
    parts.push(
      `<h3>结果运用（按${esc(r.resultUse.by)}）</h3><table class="plain"><thead><tr><th>${esc(r.resultUse.by)}</th><th class="num">调整（分）</th><th>依据</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  return `<section id="notes"><h2>数据说明</h2>${parts.join('\n')}</section>`;
}

// ── rules ─────────────────────────────────────────────────────────────────────

function renderRules(program: Program, flat: FlatNode[], source: string | undefined, anchored: Set<number>): string {
  const blocks = ruleBlocks(program, flat, source);
  const out: string[] = [
    `<section id="rules"><h2>评分规则原文</h2>`,
    `<p class="hint">${source !== undefined ? '以下为考核规则文件中各项的原文（含注释），行号为规则文件的行号。' : '以下为各项的规则条文，行号为规则文件的行号。'}</p>`,
  ];
  const line = (l: { line: number; text: string; comment?: boolean }) => {
    const id = anchored.has(l.line) ? '' : ` id="rule-${l.line}"`;
    anchored.add(l.line);
    return `<div class="src${l.comment ? ' comment' : ''}"${id}><span class="ln">${l.line}</span><span class="code">${esc(l.text.replace(/\s+$/, ''))}</span></div>`;
  };
  for (const b of blocks) {
    const n = b.node.spec;
    const tag = b.node.depth === 0 ? 'h3' : 'div';
    out.push(
      `<div class="rule-block d${Math.min(b.node.depth, 4)}"><${tag} class="rule-head">${esc(b.node.depth === 0 ? heading(n) : `${n.label}${n.title ? ` ${n.title}` : ''}`)}${n.points ? `<span class="pts">${esc(`${n.points}分`)}</span>` : ''}</${tag}>` +
        `<div class="src-lines">${b.lines.map(line).join('')}</div></div>`,
    );
  }
  for (const g of otherRuleLines(program, source)) {
    out.push(`<div class="rule-block d0"><h3 class="rule-head">${esc(g.heading)}</h3><div class="src-lines">${g.lines.map(line).join('')}</div></div>`);
  }
  out.push('</section>');
  return out.join('\n');
}
