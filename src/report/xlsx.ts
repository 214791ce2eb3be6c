/**
 * The results as an Excel workbook (docs/report.md):
 *
 *  - 汇总: the ranking — 名次, 考核对象, 总分, 基本分/加分 (when items lie outside the total),
 *    each top-level section, 等次, 否优, 称号, 备注 — with the full marks in a second header row;
 *  - one sheet per top-level section: its score and every item under it, one row per unit, the
 *    item's number and title in the first header row and its points in the second;
 *  - 说明: every trace line (unit, item, title, rubric line, sentence, effect on the score);
 *  - 附注, when there is something to note: ties at a quota, events not counted, 结果运用.
 *
 * Scores are numbers, not text, with a number format showing the rubric's decimals: the declared
 * rounding (保留一位小数) of the item or of the total when there is one, else as many decimals as
 * the exact values of the column need, at most 4. A value that does not terminate (or needs more
 * than 4 decimals) is shown with 4, and its exact value is in the cell's comment.
 */
import type ExcelJS from 'exceljs';
import { displayWidth } from '../diagnostics/width.js';
import type { NodeResult, ObjectResult, RunResult } from '../runtime/model.js';
import type { NodeSpec, Program } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';
import { describeSource } from '../runtime/errors.js';
import { explainObject } from './explain.js';

/** Most decimals a cell shows when the rubric declares no rounding. */
export const MAX_DECIMALS = 4;

// ── numbers ─────────────────────────────────────────────────────────────────

/** Decimals an exact value needs: 81.975 → 3; 244/3 (does not terminate) → Infinity. */
export function decimalsOf(v: string): number {
  if (v.includes('/')) return Infinity;
  const dot = v.indexOf('.');
  return dot < 0 ? 0 : v.length - dot - 1;
}

/** Decimals a column shows: the declared rounding, else what its values need (at most 4). */
export function columnDecimals(values: (string | undefined)[], declared?: number): number {
  if (declared !== undefined) return declared;
  let d = 0;
  for (const v of values) if (v) d = Math.max(d, decimalsOf(v));
  return Math.min(d, MAX_DECIMALS);
}

export function numberFormat(places: number, signed = false): string {
  const f = places > 0 ? `0.${'0'.repeat(places)}` : '0';
  return signed ? `+${f};-${f};0` : f;
}

// ── sheet names and headers ─────────────────────────────────────────────────

const SHEET_CHARS: Record<string, string> = { '[': '〔', ']': '〕', ':': '：', '*': '＊', '?': '？', '/': '／', '\\': '＼' };

/** A valid Excel sheet name: no []:*?/\, not starting or ending with ', at most 31 characters, unique. */
export function sheetName(wanted: string, taken: Set<string>): string {
  let base =
    wanted
      .replace(/[[\]:*?/\\]/g, (c) => SHEET_CHARS[c]!)
      .replace(/^'+|'+$/g, '')
      .trim() || '工作表';
  if (base.toLowerCase() === 'history') base = `${base}（表）`;
  const cut = (s: string, n: number) => {
    if (s.length <= n) return s;
    let t = s.slice(0, n - 1);
    if (/[\uD800-\uDBFF]$/.test(t)) t = t.slice(0, -1);
    return `${t}…`;
  };
  let name = cut(base, 31);
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = `（${i}）`;
    name = cut(base, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** As the rubric writes a number before its title: 一、 （一） 1. （1） ①. */
function numbered(number: string, title: string | undefined): string {
  if (!title) return number;
  const sep = /^[一二三四五六七八九十百零]+$/.test(number) ? '、' : /^\d+$/.test(number) ? '.' : '';
  return `${number}${sep}${title}`;
}

// ── layout helpers ──────────────────────────────────────────────────────────

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const SUBTOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};
/** Every cell names its font: 等线, Excel's default for Chinese (others substitute their own CJK font). */
const FONT: Partial<ExcelJS.Font> = { name: '等线', size: 11 };
/** Points per line of 11-point text, CJK included. */
const LINE_HEIGHT = 16;

/** Text a cell shows, for widths. */
type Shown = { text: string };

/** One column of a table: its header, full marks (second header row), format and cells. */
interface ColumnSpec {
  header: string;
  points?: string;
  /** Number format of the values (numbers); undefined: text. */
  numFmt?: string;
  places?: number;
  /** Widest and narrowest the column may be, in characters of '0'. */
  max?: number;
  min?: number;
  wrap?: boolean;
  center?: boolean;
  subtotal?: boolean;
}

type CellValue = string | number | undefined | { number: string };

/** A score as a number cell; its exact value in a comment when the cell cannot show it. */
function putValue(cell: ExcelJS.Cell, v: CellValue, col: ColumnSpec): Shown {
  if (v === undefined || v === '') return { text: '' };
  if (typeof v === 'object') {
    const exact = v.number;
    if (exact === '') return { text: '' };
    const r = Rational.of(exact);
    cell.value = r.toNumber();
    cell.numFmt = col.numFmt ?? numberFormat(col.places ?? 0);
    const places = col.places ?? 0;
    if (decimalsOf(exact) > places) cell.note = `精确值：${exact}`;
    return { text: `${col.numFmt?.startsWith('+') && r.sign() > 0 ? '+' : ''}${r.toFixed(places)}` };
  }
  cell.value = v;
  if (typeof v === 'number' && col.numFmt) cell.numFmt = col.numFmt;
  return { text: String(v) };
}

interface Table {
  columns: ColumnSpec[];
  rows: CellValue[][];
  /** Rows with a full-marks row under the header. */
  pointsRow: boolean;
  /** Columns frozen at the left. */
  frozenColumns: number;
  filter?: boolean;
}

function writeTable(ws: ExcelJS.Worksheet, t: Table): void {
  const head = t.pointsRow ? 2 : 1;
  const widths = t.columns.map((c) => Math.max(c.min ?? 6, Math.min(displayWidth(c.header), 12)));
  const header = ws.getRow(1);
  t.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { ...FONT, bold: true };
    cell.fill = c.subtotal ? SUBTOTAL_FILL : HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = THIN;
  });
  if (t.pointsRow) {
    const row = ws.getRow(2);
    t.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      if (c.points !== undefined)
        putValue(
          cell,
          { number: c.points },
          { numFmt: numberFormat(Math.min(decimalsOf(c.points), MAX_DECIMALS)), places: Math.min(decimalsOf(c.points), MAX_DECIMALS), header: '' },
        );
      else if (i === 1) cell.value = '满分';
      cell.font = { ...FONT, bold: true, color: { argb: 'FF595959' } };
      cell.fill = c.subtotal ? SUBTOTAL_FILL : HEADER_FILL;
      cell.alignment = { vertical: 'middle', horizontal: 'center' };
      cell.border = THIN;
    });
  }
  const lines = new Array<number>(t.rows.length).fill(1);
  t.rows.forEach((values, r) => {
    const row = ws.getRow(head + 1 + r);
    t.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const shown = putValue(cell, values[i], c);
      cell.font = FONT;
      cell.border = THIN;
      if (c.subtotal) cell.fill = SUBTOTAL_FILL;
      cell.alignment = { vertical: 'top', ...(c.wrap ? { wrapText: true } : {}), ...(c.center ? { horizontal: 'center' } : {}) };
      const w = displayWidth(shown.text);
      const max = c.max ?? 40;
      widths[i] = Math.min(max, Math.max(widths[i]!, w + 2));
      if (c.wrap && w + 2 > max) lines[r] = Math.max(lines[r]!, Math.ceil((w * 1.3) / (max - 2)));
    });
    if (lines[r]! > 1) row.height = LINE_HEIGHT * lines[r]!;
  });
  t.columns.forEach((_c, i) => (ws.getColumn(i + 1).width = widths[i]!));
  // The header wraps within its column: as many lines as its longest heading needs.
  // (CJK text takes rather more than two '0' widths a character.)
  const headerLines = Math.max(1, ...t.columns.map((c, i) => Math.ceil((displayWidth(c.header) * 1.3) / Math.max(1, widths[i]! - 1))));
  header.height = LINE_HEIGHT * Math.min(headerLines, 12) + 4;
  ws.views = [{ state: 'frozen', xSplit: t.frozenColumns, ySplit: head, topLeftCell: ws.getCell(head + 1, t.frozenColumns + 1).address, activeCell: 'A1' }];
  if (t.filter && t.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `1:${head}`, paperSize: 9 };
}

// ── the sheets ──────────────────────────────────────────────────────────────

function byRank(r: RunResult): ObjectResult[] {
  return r.objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => a.o.rank - b.o.rank || a.i - b.i)
    .map((x) => x.o);
}

function flatResults(nodes: NodeResult[], out = new Map<string, NodeResult>()): Map<string, NodeResult> {
  for (const n of nodes) {
    out.set(n.id, n);
    if (n.children) flatResults(n.children, out);
  }
  return out;
}

function sumPoints(nodes: NodeSpec[]): string | undefined {
  if (!nodes.length || nodes.some((n) => n.points === undefined)) return undefined;
  return nodes.reduce((s, n) => s.add(Rational.of(n.points!)), Rational.ZERO).toString();
}

function summary(program: Program, objects: ObjectResult[]): Table {
  const roots = program.nodes;
  const bonus = objects.some((o) => o.bonus !== undefined);
  const notes = (o: ObjectResult) => [...(o.gradeNote ? [o.gradeNote] : []), ...o.vetoReasons.map((v) => `否优：${v.text}（第${v.line}行）`)].join('；');
  const anyNote = objects.some((o) => notes(o) !== '');
  const score = (values: string[], declared?: number): Pick<ColumnSpec, 'places' | 'numFmt'> => {
    const places = columnDecimals(values, declared);
    return { places, numFmt: numberFormat(places) };
  };
  const columns: ColumnSpec[] = [
    { header: '名次', numFmt: '0', min: 5, center: true },
    { header: '考核对象', min: 10 },
    {
      header: '总分',
      ...(program.total ? { points: program.total } : {}),
      ...score(
        objects.map((o) => o.total),
        program.round?.places,
      ),
    },
  ];
  if (bonus) {
    const inside = roots.filter((n) => !n.outsideTotal);
    const outside = roots.filter((n) => n.outsideTotal);
    const basePoints = sumPoints(inside);
    const bonusPoints = sumPoints(outside);
    columns.push({ header: '基本分', ...(basePoints ? { points: basePoints } : {}), ...score(objects.map((o) => o.base ?? o.total)) });
    columns.push({ header: '加分', ...(bonusPoints ? { points: bonusPoints } : {}), ...score(objects.map((o) => o.bonus ?? '0')) });
  }
  roots.forEach((n, i) => {
    columns.push({
      header: numbered(n.number, n.title),
      ...(n.points ? { points: n.points } : {}),
      ...score(
        objects.map((o) => o.nodes[i]?.score),
        n.round?.places,
      ),
    });
  });
  if (program.grades) columns.push({ header: '等次', min: 8, center: true });
  if (program.veto.length) columns.push({ header: '否优', min: 6, center: true });
  if (program.titles.length) columns.push({ header: '称号', min: 8 });
  if (anyNote) columns.push({ header: '备注', max: 60, wrap: true });
  const rows = objects.map((o) => {
    const row: CellValue[] = [o.rank, o.name, { number: o.total }];
    if (bonus) row.push({ number: o.base ?? o.total }, { number: o.bonus ?? '0' });
    roots.forEach((_n, i) => row.push({ number: o.nodes[i]?.score ?? '' }));
    if (program.grades) row.push(o.grade ?? '');
    if (program.veto.length) row.push(o.vetoed ? '否优' : '');
    if (program.titles.length) row.push(o.titles.join('、'));
    if (anyNote) row.push(notes(o));
    return row;
  });
  return { columns, rows, pointsRow: true, frozenColumns: 2 };
}

/** Every item under a section, in document order. */
function descendants(n: NodeSpec, out: NodeSpec[] = []): NodeSpec[] {
  for (const c of n.children) {
    out.push(c);
    descendants(c, out);
  }
  return out;
}

function sectionTable(section: NodeSpec, objects: ObjectResult[]): Table {
  const items = descendants(section);
  const count = new Map<string, number>();
  for (const n of items) count.set(n.number, (count.get(n.number) ?? 0) + 1);
  const prefix = `${section.id}.`;
  // An item is cited by its number when that is unique in the section, else by its path from the
  // section (（二）.（1）); siblings are cited alike.
  const parentOf = (n: NodeSpec) => n.id.slice(0, n.id.length - n.number.length - 1);
  const pathParents = new Set(items.filter((n) => count.get(n.number)! > 1).map(parentOf));
  const cite = (n: NodeSpec) => (!pathParents.has(parentOf(n)) ? n.number : n.id.startsWith(prefix) ? n.id.slice(prefix.length) : n.id);
  const results = objects.map((o) => flatResults(o.nodes));
  const scoreCol = (n: NodeSpec, header: string, subtotal: boolean): ColumnSpec => {
    const places = columnDecimals(
      results.map((m) => m.get(n.id)?.score),
      n.round?.places,
    );
    return { header, ...(n.points ? { points: n.points } : {}), places, numFmt: numberFormat(places), max: 24, ...(subtotal ? { subtotal } : {}) };
  };
  const columns: ColumnSpec[] = [
    { header: '名次', numFmt: '0', min: 5, center: true },
    { header: '考核对象', min: 10 },
    scoreCol(section, '合计', true),
    ...items.map((n) => scoreCol(n, numbered(cite(n), n.title), n.children.length > 0)),
  ];
  const rows = objects.map((o, i) => {
    const m = results[i]!;
    return [o.rank, o.name, { number: m.get(section.id)?.score ?? '' }, ...items.map((n) => ({ number: m.get(n.id)?.score ?? '' }))] as CellValue[];
  });
  return { columns, rows, pointsRow: true, frozenColumns: 3 };
}

function explanations(program: Program, objects: ObjectResult[]): Table {
  const nodes = new Map<string, NodeSpec>();
  const walk = (n: NodeSpec) => {
    nodes.set(n.id, n);
    n.children.forEach(walk);
  };
  program.nodes.forEach(walk);
  const lines = objects.flatMap((o) => explainObject(program, o).map((l) => ({ o, l })));
  const places = columnDecimals(lines.map((x) => x.l.effect?.replace(/^\+/, '')));
  const columns: ColumnSpec[] = [
    { header: '考核对象', min: 10 },
    { header: '编号', min: 6, max: 20 },
    { header: '项目', max: 30, wrap: true },
    { header: '规则行', numFmt: '0', min: 7, center: true },
    { header: '说明', max: 80, min: 40, wrap: true },
    { header: '分值变化', numFmt: numberFormat(places, true), places, min: 9 },
  ];
  const rows = lines.map(({ o, l }) => {
    const n = nodes.get(l.node);
    return [
      o.name,
      l.node,
      n ? (n.title ?? n.label) : l.item,
      l.line,
      l.sentence,
      l.effect ? { number: l.effect.replace(/^\+/, '') } : undefined,
    ] as CellValue[];
  });
  return { columns, rows, pointsRow: false, frozenColumns: 2, filter: true };
}

function notesTable(r: RunResult): Table | undefined {
  const rows: CellValue[][] = [];
  for (const n of r.notes) rows.push(['名额与并列', n]);
  for (const i of r.issues) {
    const ex = i.examples.map(describeSource).filter(Boolean).join('；');
    rows.push(['未计入的事件', `${i.count}条事件${i.message.replace(/^事件/, '')}${ex ? `（例：${ex}）` : ''}`]);
  }
  if (r.resultUse) {
    for (const a of r.resultUse.adjustments)
      rows.push(['结果运用', `${a.group}：${a.delta.startsWith('-') ? a.delta : `+${a.delta}`}分（${a.from.join('、')}）`]);
  }
  if (!rows.length) return undefined;
  return {
    columns: [
      { header: '类别', min: 12 },
      { header: '内容', max: 100, min: 40, wrap: true },
    ],
    rows,
    pointsRow: false,
    frozenColumns: 0,
  };
}

/** Writes the results of a run as an .xlsx workbook (sheets: 汇总, one per section, 说明, 附注). */
export async function writeWorkbook(program: Program, result: RunResult, file: string): Promise<void> {
  // Loaded on first use: importing exceljs takes about a second that other commands need not pay.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'rubric';
  wb.title = program.title;
  wb.subject = result.period ? `考核期 ${result.period.from} 至 ${result.period.to}` : '';
  const fixed = new Date(0);
  wb.created = fixed;
  wb.modified = fixed;
  const objects = byRank(result);
  const taken = new Set(['汇总', '说明', '附注'].map((s) => s.toLowerCase()));
  const add = (name: string, t: Table) => {
    const ws = wb.addWorksheet(name);
    ws.headerFooter = { oddHeader: `&C${program.title.replace(/&/g, '&&')}`, oddFooter: '&C第 &P 页，共 &N 页' };
    writeTable(ws, t);
  };
  add('汇总', summary(program, objects));
  for (const section of program.nodes) add(sheetName(numbered(section.number, section.title), taken), sectionTable(section, objects));
  add('说明', explanations(program, objects));
  const notes = notesTable(result);
  if (notes) add('附注', notes);
  await wb.xlsx.writeFile(file);
}
