/**
 * The results workbook (src/report/xlsx.ts): the Lishui example written and read back with
 * exceljs — sheets, headers, the 总分 column against the result, numbers stored as numbers with
 * the declared or needed decimals, frozen header rows, valid sheet names, column widths.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRubric, createScorer } from '../../src/api.js';
import { openData } from '../../src/data/index.js';
import { explainObject } from '../../src/report/explain.js';
import { columnDecimals, decimalsOf, sheetName, writeWorkbook } from '../../src/report/xlsx.js';
import type { RunResult } from '../../src/runtime/model.js';
import type { Program } from '../../src/runtime/program.js';
import { Rational } from '../../src/runtime/rational.js';

const ROOT = join(import.meta.dirname, '..', '..');

async function scored(rubric: string, files: string[]): Promise<{ program: Program; result: RunResult }> {
  const path = join(ROOT, 'rubrics', rubric);
  const program = compileRubric(readFileSync(path, 'utf8'), `rubrics/${rubric}`).program!;
  const data = await openData(
    program,
    files.map((f) => join(ROOT, f)),
  );
  const scorer = createScorer(program, data.objects, data.params);
  for await (const e of data.events) scorer.addEvent(e);
  return { program, result: scorer.finish() };
}

async function readBack(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** The values of a row, column A first. */
function rowValues(ws: ExcelJS.Worksheet, r: number): unknown[] {
  return (ws.getRow(r).values as unknown[]).slice(1);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rubric-report-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Lishui workbook', () => {
  let program: Program;
  let result: RunResult;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    ({ program, result } = await scored('lishui-2022.rubric', ['examples/lishui-2022/songyang.yaml', 'examples/lishui-2022/synthetic.yaml']));
    const file = join(dir, 'lishui.xlsx');
    await writeWorkbook(program, result, file);
    wb = await readBack(file);
  });

  it('has the sheets: 汇总, one per top-level section, 说明, 附注', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      '（一）队伍建设',
      '（二）执法办案',
      '（三）执法实务',
      '（四）改革推进',
      '（五）争先创优',
      '（六）领导赋分',
      '说明',
      '附注',
    ]);
  });

  it('汇总: the ranking with Chinese headers and a full-marks row', () => {
    const ws = wb.getWorksheet('汇总')!;
    expect(rowValues(ws, 1)).toEqual([
      '名次',
      '考核对象',
      '总分',
      '（一）队伍建设',
      '（二）执法办案',
      '（三）执法实务',
      '（四）改革推进',
      '（五）争先创优',
      '（六）领导赋分',
      '等次',
      '否优',
      '备注',
    ]);
    expect(rowValues(ws, 2)).toEqual([undefined, '满分', 100, 15, 20, 15, 20, 20, 10]);
    const ranked = [...result.objects].sort((a, b) => a.rank - b.rank);
    expect(ws.rowCount).toBe(2 + ranked.length);
    ranked.forEach((o, i) => {
      const row = ws.getRow(3 + i);
      expect(row.getCell(1).value).toBe(o.rank);
      expect(row.getCell(2).value).toBe(o.name);
      // 总分 equals the result's total, as a number.
      expect(row.getCell(3).value).toBe(Rational.of(o.total).toNumber());
      o.nodes.forEach((n, j) => expect(row.getCell(4 + j).value).toBe(Rational.of(n.score).toNumber()));
      expect(row.getCell(10).value ?? '').toBe(o.grade ?? '');
      expect(row.getCell(11).value ?? '').toBe(o.vetoed ? '否优' : '');
    });
    // 青田县: vetoed, the reason in 备注; 景宁: outside the quota.
    const notes = ranked.map((o, i) => [o.name, ws.getRow(3 + i).getCell(12).value ?? '']);
    expect(notes.find(([n]) => n === '青田县')![1]).toContain('否优：');
    expect(notes.find(([n]) => n === '景宁畲族自治县')![1]).toBe('总分在优秀分数段，名额外评为良好');
  });

  it('scores are numbers with the decimals their exact values need (no declared rounding here)', () => {
    const ws = wb.getWorksheet('汇总')!;
    const totals = result.objects.map((o) => o.total);
    expect(totals).toContain('81.975');
    for (let r = 3; r <= ws.rowCount; r++) {
      const total = ws.getRow(r).getCell(3);
      expect(typeof total.value).toBe('number');
      expect(total.numFmt).toBe('0.000'); // 81.975 needs three
      expect(ws.getRow(r).getCell(4).numFmt).toBe('0.0'); // 14.5
      expect(ws.getRow(r).getCell(1).numFmt).toBe('0');
    }
    // No value here fails to terminate: no cell needs a comment.
    for (const sheet of wb.worksheets) sheet.eachRow((row) => row.eachCell((c) => expect(c.note).toBeUndefined()));
  });

  it('header rows are frozen (two on the score sheets, one on 说明), with the names beside them', () => {
    const view = (name: string) => wb.getWorksheet(name)!.views[0] as ExcelJS.WorksheetViewFrozen;
    expect(view('汇总')).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 2 });
    expect(view('（三）执法实务')).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 3 });
    expect(view('说明')).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
  });

  it('a section sheet: one row per unit, one column per item (number and title, points below)', () => {
    const ws = wb.getWorksheet('（三）执法实务')!;
    expect(rowValues(ws, 1)).toEqual([
      '名次',
      '考核对象',
      '合计',
      '27.推进市容环境大整治',
      '28.加强户外设施整治',
      '29.坚决打好蓝天保卫战',
      '30.加大重点工作执法力度',
      '31.推进美丽乡镇建设',
      '32.新领域执法拓展',
      '33.推行“非现场执法”',
      '34.推进数字化监管',
      '35.完成其他重大执法活动',
    ]);
    expect(rowValues(ws, 2)).toEqual([undefined, '满分', 15, 2, 1, 2, 3, 1, 2, 1, 1, 2]);
    const songyang = result.objects.find((o) => o.name === '松阳县')!;
    const r = [...Array(ws.rowCount).keys()].map((i) => i + 1).find((i) => ws.getRow(i).getCell(2).value === '松阳县')!;
    const section = songyang.nodes[2]!;
    expect(ws.getRow(r).getCell(3).value).toBe(Rational.of(section.score).toNumber());
    section.children!.forEach((n, j) => expect(ws.getRow(r).getCell(4 + j).value).toBe(Rational.of(n.score).toNumber()));
  });

  it('说明: every trace line, with unit, item, title, rubric line, sentence and effect', () => {
    const ws = wb.getWorksheet('说明')!;
    expect(rowValues(ws, 1)).toEqual(['考核对象', '编号', '项目', '规则行', '说明', '分值变化']);
    const total = result.objects.reduce((s, o) => s + o.trace.length, 0);
    expect(ws.rowCount).toBe(1 + total);
    const songyang = result.objects.find((o) => o.name === '松阳县')!;
    const lines = explainObject(program, songyang);
    const rows = [...Array(ws.rowCount - 1).keys()].map((i) => ws.getRow(i + 2)).filter((row) => row.getCell(1).value === '松阳县');
    expect(rows.map((row) => row.getCell(5).value)).toEqual(lines.map((l) => l.sentence));
    expect(rows.map((row) => row.getCell(4).value)).toEqual(lines.map((l) => l.line));
    expect(rows.map((row) => row.getCell(6).value ?? null)).toEqual(lines.map((l) => (l.effect ? Number(l.effect) : null)));
    const deduction = rows.find((row) => typeof row.getCell(6).value === 'number')!;
    expect(deduction.getCell(6).numFmt).toBe('+0.0;-0.0;0');
    expect(ws.autoFilter).toBeTruthy();
  });

  it('附注: events that were not counted', () => {
    const ws = wb.getWorksheet('附注')!;
    expect(rowValues(ws, 2)[1]).toContain('1条事件日期不在考核期（2022-01-01至2022-12-31）内，未计入');
  });

  it('columns are wide enough for their Chinese text', () => {
    const ws = wb.getWorksheet('汇总')!;
    // 景宁畲族自治县: 7 characters, 14 columns of '0'.
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(14);
    const notes = wb.getWorksheet('说明')!.getColumn(5);
    expect(notes.width).toBe(80);
  });
});

describe('declared rounding and values that do not terminate (Pingyang)', () => {
  let program: Program;
  let result: RunResult;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    ({ program, result } = await scored('pingyang-2023.rubric', [
      'examples/pingyang-2023/参评科室.yaml',
      'examples/pingyang-2023/事件.yaml',
      'examples/pingyang-2023/执法决定公示.csv',
    ]));
    const file = join(dir, 'pingyang.xlsx');
    await writeWorkbook(program, result, file);
    wb = await readBack(file);
  });

  it('基本分 and 加分 when items lie outside the total; 称号', () => {
    const head = rowValues(wb.getWorksheet('汇总')!, 1);
    expect(head.slice(0, 5)).toEqual(['名次', '考核对象', '总分', '基本分', '加分']);
    expect(head).toContain('称号');
  });

  it('第6项 declares 保留一位小数: its column shows one decimal', () => {
    const ws = wb.getWorksheet('汇总')!;
    const col = rowValues(ws, 1).indexOf('6.管理单位评价') + 1;
    expect(col).toBeGreaterThan(0);
    for (let r = 3; r <= ws.rowCount; r++) expect(ws.getRow(r).getCell(col).numFmt).toBe('0.0');
  });

  it('a value that does not terminate: four decimals, the exact fraction in a comment', () => {
    const ws = wb.getWorksheet('汇总')!;
    const exact = result.objects.flatMap((o) => [o.total, ...o.nodes.map((n) => n.score)]).find((v) => v.includes('/'));
    expect(exact).toBeDefined();
    let found = false;
    ws.eachRow((row, r) => {
      if (r < 3) return;
      row.eachCell((cell) => {
        if (cell.note === undefined) return;
        found = true;
        expect(cell.numFmt).toBe('0.0000');
        const text = typeof cell.note === 'string' ? cell.note : cell.note.texts!.map((t) => t.text).join('');
        const v = /精确值：(.+)$/.exec(text)![1]!;
        expect(cell.value).toBe(Rational.of(v).toNumber());
      });
    });
    expect(found).toBe(true);
  });

  it('sheet names are valid: at most 31 characters, none of []:*?/\\', () => {
    for (const ws of wb.worksheets) {
      expect(ws.name.length).toBeLessThanOrEqual(31);
      expect(ws.name).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(wb.worksheets.map((w) => w.name)).toContain('3.“民呼我为统一平台”办理情况评价');
  });

  it('nested items are cited by their path within the section when their numbers repeat', () => {
    const head = rowValues(wb.getWorksheet('7.监督检查评价')!, 1);
    expect(head.slice(3, 6)).toEqual(['（二）明察暗访情况', '（二）.（1）重大决策部署', '（二）.（2）政商交往']);
  });
});

describe('helpers', () => {
  it('decimals: as needed, at most 4, or the declared rounding', () => {
    expect(decimalsOf('81.975')).toBe(3);
    expect(decimalsOf('12')).toBe(0);
    expect(decimalsOf('244/3')).toBe(Infinity);
    expect(columnDecimals(['1', '2.5', '0.25'])).toBe(2);
    expect(columnDecimals(['1', '244/3'])).toBe(4);
    expect(columnDecimals(['0.123456'])).toBe(4);
    expect(columnDecimals(['3', '2.5'], 1)).toBe(1);
    expect(columnDecimals(['3'], 2)).toBe(2);
  });

  it('sheet names: characters Excel refuses replaced, cut to 31, made unique', () => {
    const taken = new Set(['汇总']);
    expect(sheetName('一、考核[试行]：A/B?', taken)).toBe('一、考核〔试行〕：A／B？');
    expect(sheetName('汇总', taken)).toBe('汇总（2）');
    const long = sheetName('很'.repeat(40), taken);
    expect(long).toHaveLength(31);
    expect(long.endsWith('…')).toBe(true);
    expect(sheetName('很'.repeat(40), taken)).toMatch(/…（2）$/);
    expect(sheetName("'引号'", taken)).toBe('引号');
  });
});
