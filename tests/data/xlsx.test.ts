/**
 * Excel input (.xlsx): the example data converted to workbooks gives exactly the same scores as
 * the YAML/CSV files; Excel's own value types (numbers, percent-formatted cells, dates,
 * booleans, formulas) read as their CSV text would; every kind of data error in a sheet names
 * the file, the sheet, the row and the column; event sheets are streamed.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createScorer } from '../../src/api.js';
import { CsvParser } from '../../src/data/csv.js';
import { openData, readDataset, type DataSource } from '../../src/data/index.js';
import { lineBatches } from '../../src/data/source.js';
import { cellText } from '../../src/data/xlsx.js';
import type { DataProblem } from '../../src/runtime/errors.js';
import type { RunResult } from '../../src/runtime/model.js';
import type { Program } from '../../src/runtime/program.js';
import { Rational } from '../../src/runtime/rational.js';
import { fixture, miniProgram, problemsOf, programFrom, RUBRICS, withoutSources } from './helpers.js';

const ROOT = join(RUBRICS, '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rubric-xlsx-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ── building workbooks ──────────────────────────────────────────────────────

type CellIn = string | number | boolean | Date | null | undefined | { value: ExcelJS.CellValue; numFmt?: string };

interface SheetIn {
  name: string;
  rows: CellIn[][];
  state?: 'visible' | 'hidden';
}

async function workbook(name: string, sheets: SheetIn[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, s.state ? { state: s.state } : {});
    s.rows.forEach((row, r) => {
      row.forEach((v, c) => {
        if (v === null || v === undefined) return;
        const cell = ws.getCell(r + 1, c + 1);
        if (typeof v === 'object' && !(v instanceof Date)) {
          cell.value = v.value;
          if (v.numFmt) cell.numFmt = v.numFmt;
        } else {
          cell.value = v;
          if (v instanceof Date) cell.numFmt = 'yyyy-mm-dd';
        }
      });
    });
  }
  const file = join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

/** A date cell, as Excel stores one (exceljs writes a Date as the serial of its UTC day). */
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * A value of the example data as an Excel user would type it: dates as date cells, percentages
 * as percent-formatted numbers, numbers as numbers, lists and maps as text (as in CSV).
 */
function typed(v: unknown): CellIn {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.join('、');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}:${x === true ? '是' : x === false ? '否' : String(x)}`)
      .join('；');
  }
  const s = String(v);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return day(s);
  const pct = /^(-?\d+(?:\.\d+)?)%$/.exec(s);
  if (pct) {
    const decimals = pct[1]!.split('.')[1]?.length ?? 0;
    return { value: Number(Rational.of(pct[1]!).div(100).toString()), numFmt: decimals ? `0.${'0'.repeat(decimals)}%` : '0%' };
  }
  if (/^-?\d+(\.\d+)?$/.test(s) && String(Number(s)) === s) return Number(s);
  return s;
}

/** Records → a sheet: the union of their keys as the header, one row a record. */
function table(name: string, records: Record<string, unknown>[]): SheetIn {
  const keys: string[] = [];
  for (const r of records) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  return { name, rows: [keys, ...records.map((r) => keys.map((k) => typed(r[k])))] };
}

async function csvTable(file: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let header: string[] | undefined;
  const csv = new CsvParser();
  for await (const batch of lineBatches(file)) {
    for (const line of batch) {
      const rec = csv.push(line);
      if (!rec) continue;
      if (!header) header = rec.cells;
      else out.push(Object.fromEntries(header.map((h, i) => [h, rec.cells[i] === '' ? undefined : rec.cells[i]])));
    }
  }
  return out;
}

/**
 * The example data files (YAML and CSV) as one workbook: 对象, 参数, 事件 sheets from the YAML
 * documents (in file order), and each CSV file as a sheet of its own, named after it.
 */
async function exampleWorkbook(name: string, files: string[]): Promise<string> {
  const objects: Record<string, unknown>[] = [];
  const params: Record<string, unknown> = {};
  const events: Record<string, unknown>[] = [];
  const csv: SheetIn[] = [];
  for (const f of files) {
    if (f.endsWith('.csv')) {
      csv.push(table(basename(f, '.csv'), await csvTable(f)));
      continue;
    }
    const doc = parseYaml(readFileSync(f, 'utf8')) as Record<string, unknown>;
    const objs = doc['对象'];
    if (Array.isArray(objs)) objects.push(...(objs as Record<string, unknown>[]));
    else if (objs) for (const [n, v] of Object.entries(objs)) objects.push({ 名称: n, ...((v as object) ?? {}) });
    Object.assign(params, doc['参数'] ?? {});
    events.push(...((doc['事件'] as Record<string, unknown>[]) ?? []));
  }
  const sheets: SheetIn[] = [];
  if (objects.length) sheets.push(table('对象', objects));
  if (Object.keys(params).length) sheets.push({ name: '参数', rows: [['名称', '值'], ...Object.entries(params).map(([k, v]) => [k, typed(v)])] });
  if (events.length) sheets.push(table('事件', events));
  return workbook(name, [...sheets, ...csv]);
}

async function scoreFiles(program: Program, files: DataSource[]): Promise<RunResult> {
  const data = await openData(program, files);
  const scorer = createScorer(program, data.objects, data.params);
  for await (const e of data.events) scorer.addEvent(e);
  return scorer.finish();
}

/** A result without the data files' locations (examples of uncounted events). */
function comparable(r: RunResult): unknown {
  return { ...r, issues: r.issues.map(({ examples: _e, ...i }) => i) };
}

// ── the examples ────────────────────────────────────────────────────────────

const EXAMPLES: { name: string; rubric: string; files: string[] }[] = [
  { name: 'lishui-2022', rubric: 'lishui-2022.rubric', files: ['songyang.yaml', 'synthetic.yaml'] },
  { name: 'pingyang-2023', rubric: 'pingyang-2023.rubric', files: ['参评科室.yaml', '事件.yaml', '执法决定公示.csv'] },
  { name: 'wucheng-2024', rubric: 'wucheng-2024.rubric', files: ['执法人员.yaml', '案件.csv'] },
  { name: 'shaanxi-2023', rubric: 'shaanxi-2023.rubric', files: ['bureaus.yaml'] },
];

describe('the examples as workbooks', () => {
  for (const ex of EXAMPLES) {
    it(`${ex.name}: the same scores as the YAML/CSV data`, async () => {
      const program = programFrom(join(RUBRICS, ex.rubric), `rubrics/${ex.rubric}`);
      const files = ex.files.map((f) => join(ROOT, 'examples', ex.name, f));
      const book = await exampleWorkbook(`${ex.name}.xlsx`, files);
      const plain = await scoreFiles(program, files);
      const excel = await scoreFiles(program, [book]);
      expect(excel.objects.length).toBeGreaterThan(0);
      expect(excel.objects.map((o) => [o.name, o.total])).toEqual(plain.objects.map((o) => [o.name, o.total]));
      expect(comparable(excel)).toEqual(comparable(plain));
      // The same records, too (values, checklists, events), apart from where they came from.
      expect(withoutSources(await readDataset(program, [book]))).toEqual(withoutSources(await readDataset(program, files)));
    });
  }

  it('records say where they came from: file, sheet and row', async () => {
    const program = programFrom(join(RUBRICS, 'wucheng-2024.rubric'));
    const book = await exampleWorkbook('sources.xlsx', [join(ROOT, 'examples/wucheng-2024/执法人员.yaml'), join(ROOT, 'examples/wucheng-2024/案件.csv')]);
    const d = await readDataset(program, [book]);
    expect(d.objects[0]!.source).toEqual({ file: book, sheet: '对象', row: 2 });
    expect(d.events[0]!.source).toEqual({ file: book, sheet: '案件', row: 2 });
  });
});

// ── values ──────────────────────────────────────────────────────────────────

describe('Excel values', () => {
  it('the mini fixture as a workbook reads exactly as its CSV files', async () => {
    const p = miniProgram();
    const csv = withoutSources(await readDataset(p, [fixture('objects.csv'), fixture('params.yaml'), fixture('events.csv')]));
    const book = await workbook('mini.xlsx', [
      table('考核对象', await csvTable(fixture('objects.csv'))),
      {
        name: '参数',
        rows: [
          ['名称', '值', '备注'],
          ['办案标准', '10件', '市里定的'],
        ],
      },
      table('事件', await csvTable(fixture('events.csv'))),
    ]);
    expect(withoutSources(await readDataset(p, [book]))).toEqual(csv);
  });

  it('numbers, percent cells, dates, booleans, formulas and text', async () => {
    const book = await workbook('values.xlsx', [
      {
        name: '对象',
        rows: [
          ['名称', '持证率', '办案数', '在编人数', '人均办案数', '开展培训', '报送日期', '联系人', '领导赋分'],
          ['甲', { value: 0.925, numFmt: '0.0%' }, 14, 20, 0.7, true, day('2024-01-05'), 123, { value: { formula: '0.1+0.2', result: 0.30000000000000004 } }],
          [
            '乙',
            92.5,
            '14件',
            { value: { formula: 'C2+6', result: 20 } },
            '0.7件/人',
            false,
            { value: { formula: 'G2+1', result: 45297 }, numFmt: 'yyyy/m/d' },
            ' 李四 ',
            1e-7,
          ],
          ['丙', { value: 1, numFmt: '0%' }, null, null, null, '是', '2024年1月5日', { value: { richText: [{ text: '王' }, { text: '五' }] } }, null],
        ],
      },
    ]);
    const d = await readDataset(miniProgram(), [book]);
    const [a, b, c] = d.objects;
    expect(a!.values).toEqual({
      持证率: Rational.fraction(37n, 40n),
      办案数: Rational.of(14),
      在编人数: Rational.of(20),
      人均办案数: Rational.of('0.7'),
      开展培训: true,
      报送日期: '2024-01-05',
      联系人: '123',
      领导赋分: Rational.of('0.3'),
    });
    expect(b!.values).toEqual({
      持证率: Rational.fraction(37n, 40n),
      办案数: Rational.of(14),
      在编人数: Rational.of(20),
      人均办案数: Rational.of('0.7'),
      开展培训: false,
      报送日期: '2024-01-06',
      联系人: '李四',
      领导赋分: Rational.of('0.0000001'),
    });
    expect(c!.values).toEqual({ 持证率: Rational.of(1), 开展培训: true, 报送日期: '2024-01-05', 联系人: '王五' });
  });

  it('title rows above the header, hidden sheets and comment sheets are not read', async () => {
    const book = await workbook('layout.xlsx', [
      { name: '说明', rows: [['填表说明：持证率填百分比']] },
      { name: '对象', rows: [['2023年度考核数据'], [], ['名称', '持证率', '备注'], ['甲', '90%', '任意文字']] },
      { name: '下拉选项', state: 'hidden', rows: [['已开展'], ['未开展']] },
      { name: 'Sheet3', rows: [] },
    ]);
    const d = await readDataset(miniProgram(), [book]);
    expect(d.objects.map((o) => [o.name, o.source])).toEqual([['甲', { file: book, sheet: '对象', row: 4 }]]);
  });

  it('parameters: a 参数 sheet with 名称 and 值, one a row', async () => {
    const book = await workbook('params.xlsx', [
      {
        name: '参数',
        rows: [
          ['名称', '值'],
          ['办案标准', 10],
          ['办案标准', '10件'],
        ],
      },
    ]);
    const d = await readDataset(miniProgram(), [book]);
    expect(d.params).toEqual({ 办案标准: Rational.of(10) });
  });

  it('cells one by one: what exceljs gives for each kind of cell', () => {
    const t = (value: unknown, numFmt?: string) => cellText({ value, numFmt }, false);
    expect(t(0.07, '0%')).toEqual({ text: '7%' });
    expect(t(0.1 + 0.2)).toEqual({ text: '0.3' });
    expect(t(-0)).toEqual({ text: '0' });
    expect(t(day('2023-01-05'), 'yyyy"年"m"月"d"日"')).toEqual({ text: '2023-01-05' });
    expect(t(new Date('2024-01-08T10:23:00Z'), 'yyyy-mm-dd hh:mm')).toEqual({ text: '2024-01-08 10:23' });
    expect(t({ formula: 'A1+1', result: 45297 }, 'yyyy-mm-dd')).toEqual({ text: '2024-01-06' });
    expect(cellText({ value: { formula: 'A1+1', result: 43831 }, numFmt: 'yyyy-mm-dd' }, true)).toEqual({ text: '2024-01-02' });
    expect(t({ formula: 'A1', result: 0.925 }, '0.0%')).toEqual({ text: '92.5%' });
    // A formula whose result is an error value (t="e"): exceljs gives NaN.
    expect(t({ formula: '1/0', result: Number.NaN })).toEqual({ error: '单元格是错误值（公式出错）' });
    expect(t({ error: '#REF!' })).toEqual({ error: '单元格是错误值 #REF!' });
    expect(t({ text: '链接文字', hyperlink: 'http://example.invalid' })).toEqual({ text: '链接文字' });
    expect(t('   ')).toBeUndefined();
    expect(t(null)).toBeUndefined();
  });

  it('an in-memory .xlsx is refused: a workbook is read from a file', async () => {
    const ps = await problemsOf([{ name: 'a.xlsx', text: '' }]);
    expect(ps.map((p) => p.message)).toEqual(['a.xlsx：不支持的文件类型：Excel 工作簿（.xlsx）只能从文件读取，不能以内存中的文本给出']);
  });
});

// ── errors ──────────────────────────────────────────────────────────────────

/** The one problem with this code; its message is exactly `message`. */
function only(ps: DataProblem[], code: string, message: string): DataProblem {
  const hits = ps.filter((p) => p.code === code);
  expect(
    hits.map((p) => p.message),
    ps.map((p) => `${p.code} ${p.message}`).join('\n'),
  ).toEqual([message]);
  return hits[0]!;
}

describe('errors name the file, the sheet, the row and the column', () => {
  const OBJ_HEAD = ['名称', '持证率', '办案数', '在编人数', '整治情况', '报送日期', '未达标'];
  let book: string;
  let ps: DataProblem[];
  beforeAll(async () => {
    book = await workbook('errors.xlsx', [
      {
        name: '对象',
        rows: [
          [...OBJ_HEAD, '持证律', '办案数'],
          ['甲局', '九成', '14人', 600, '已完成', '2023-02-30', '一.9'],
          ['乙局', { value: { error: '#N/A' } }, { value: { formula: 'X1&"件"', result: '十四件' } }, { value: { formula: 'Y1' } }],
          [null, '90%'],
          ['甲局'],
          ['丙局', null, null, null, null, null, null, null, null, '多余'],
        ],
      },
      {
        name: '参数',
        rows: [
          ['名称', '值'],
          ['办案标准', 10],
          ['办案标注', 3],
          [null, 5],
          ['办案标准', '十件'],
          ['办案标准', 12],
        ],
      },
      {
        name: '杂项',
        rows: [
          ['单位', '得分'],
          ['甲局', 1],
        ],
      },
    ]);
    ps = await problemsOf([book]);
  });
  const at = (where: string) => `${book} ${where}`;

  it('D2001: a header without 名称 or 类型, a duplicate column name, a value in a column without a name', () => {
    only(
      ps.filter((p) => p.message.includes('杂项')),
      'D2001',
      at('工作表「杂项」 第1行：表头应含“名称”列（考核对象表）或“类型”列（事件表），实际表头为“单位”“得分”'),
    );
    only(
      ps.filter((p) => p.message.includes('重复')),
      'D2001',
      at('工作表「对象」 第1行 I列 办案数：列名“办案数”重复'),
    );
    only(
      ps.filter((p) => p.message.includes('没有列名')),
      'D2001',
      at('工作表「对象」 第6行 J列：J列没有列名，但本行有值“多余”'),
    );
    only(
      ps.filter((p) => p.message.includes('参数名称')),
      'D2001',
      at('工作表「参数」 第4行 B列 值：本行有值“5”，但A列没有参数名称'),
    );
  });
  it('D2002: an undeclared column (at the header) and an undeclared parameter', () => {
    only(
      ps.filter((p) => p.message.includes('输入')),
      'D2002',
      at('工作表「对象」 第1行 H列 持证律：考核规则没有声明输入“持证律”，是否应为“持证率”？'),
    );
    only(
      ps.filter((p) => p.message.includes('参数')),
      'D2002',
      at('工作表「参数」 第3行 A列 办案标注：考核规则没有声明参数“办案标注”，是否应为“办案标准”？'),
    );
  });
  it('D2003: a value of the wrong type, an error value, a formula without a result', () => {
    const d = ps.filter((p) => p.code === 'D2003').map((p) => p.message);
    expect(d).toEqual([
      at('工作表「对象」 第2行 B列 持证率：应为百分比（如 92.5% 或 92.5），实际为“九成”'),
      at('工作表「对象」 第2行 C列 办案数：应为数值（单位：件，如 14 或 14件），实际为“14人”（单位应为“件”）'),
      at('工作表「对象」 第3行 B列 持证率：单元格是错误值 #N/A'),
      at('工作表「对象」 第3行 D列 在编人数：公式没有计算结果（请在 Excel 中打开、计算并保存后再读）'),
      at('工作表「对象」 第3行 C列 办案数：应为数值（单位：件，如 14 或 14件），实际为“十四件”'),
      at('工作表「参数」 第5行 B列 办案标准：应为数值（单位：件，如 14 或 14件），实际为“十件”'),
    ]);
  });
  it('D2004 a choice, D2006 a range, D2007 a date, D2010 a checklist item', () => {
    only(ps, 'D2004', at('工作表「对象」 第2行 E列 整治情况：应为以下选项之一：“未开展”“成效不明显”“已开展”，实际为“已完成”'));
    only(ps, 'D2006', at('工作表「对象」 第2行 D列 在编人数：应在1人至500人之间（含两端），实际为“600”'));
    only(ps, 'D2007', at('工作表「对象」 第2行 F列 报送日期：应为日期（如 2023-01-05、2023/1/5 或 2023年1月5日），实际为“2023-02-30”（不存在的日期）'));
    only(ps, 'D2010', at('工作表「对象」 第2行 G列 未达标：没有编号为“一.9”的达标项目；达标项目编号如 一.1、一.2、二.1'));
  });
  it('D2005 a duplicate object, D2011 an object without a name, D2012 a parameter given twice', () => {
    only(ps, 'D2005', at(`工作表「对象」 第5行 A列 名称：考核对象“甲局”重复出现（先前见于 ${book} 工作表「对象」 第2行）`));
    only(ps, 'D2011', at('工作表「对象」 第4行 A列：考核对象缺少“名称”'));
    only(ps, 'D2012', at(`工作表「参数」 第6行 B列 办案标准：参数【办案标准】与先前给出的值不同（先前见于 ${book} 工作表「参数」 第2行）`));
  });
  it('events (read in the second pass): D2004, D2007, D2008 an attribute of another kind, D2009 no 类型', async () => {
    // Pass 1 stops on the errors above; the event sheet alone shows the event errors.
    const events = await workbook('event-errors.xlsx', [
      { name: '对象', rows: [['名称'], ['甲局'], ['乙局']] },
      {
        name: '事件',
        rows: [
          ['类型', '对象', '日期', '级别', '主办', '编号'],
          ['违规', '甲局', day('2023-03-05'), '国家级', null, 'W1'],
          ['违规', '甲局', day('2023-03-06'), '省级', '乙局', 'W2'],
          [null, '甲局', day('2023-03-07'), null, null, 'W3'],
          ['违规', '甲局', '2023-13-01', null, null, 'W4'],
        ],
      },
    ]);
    const e = await problemsOf([events]);
    const w = (s: string) => `${events} 工作表「事件」 ${s}`;
    expect(e.map((p) => [p.code, p.message])).toEqual([
      ['D2004', w('第2行 D列 级别：应为以下选项之一：“省级”“市级”，实际为“国家级”')],
      ['D2008', w('第3行 E列 主办：事件类型【违规】没有声明属性“主办”（它是【案件】的属性）')],
      ['D2009', w('第4行 A列：事件缺少“类型”')],
      ['D2007', w('第5行 C列 日期：应为日期（如 2023-01-05、2023/1/5 或 2023年1月5日），实际为“2023-13-01”（不存在的日期）')],
    ]);
    expect(e[0]!.source).toEqual({ file: events, sheet: '事件', row: 2, path: 'D列 级别' });
  });
  it('a file that is not a workbook', async () => {
    const bad = join(dir, 'not.xlsx');
    writeFileSync(bad, '名称,持证率\n甲,90%\n');
    const e = await problemsOf([bad]);
    expect(e.map((p) => [p.code, p.message])).toEqual([
      ['D2001', `${bad}：无法读取 Excel 文件：不是有效的 .xlsx 文件（可能是改了扩展名的 .xls 文件、设置了打开密码的文件，或文件不完整）`],
    ]);
  });
});

// ── order of the parts in the zip ───────────────────────────────────────────

describe('workbooks whose parts are stored in another order', () => {
  it('the workbook part stored last is never lost: 200 reads of one file all succeed', async () => {
    // exceljs's own forward reader lost xl/workbook.xml (stored last by exceljs) about once in
    // 150 reads here, failing with "reading 'sheets'" (exceljs issue #3064).
    const book = await workbook('again.xlsx', [
      { name: '说明', rows: [['填表说明']] },
      {
        name: '对象',
        rows: [
          ['名称', '持证率'],
          ['甲', '90%'],
        ],
      },
      { name: 'Sheet3', rows: [] },
    ]);
    const failures: string[] = [];
    for (let i = 0; i < 200; i++) {
      try {
        const d = await readDataset(miniProgram(), [book]);
        if (d.objects.length !== 1) failures.push(`第${i + 1}次：读到${d.objects.length}个对象`);
      } catch (e) {
        failures.push(`第${i + 1}次：${String(e)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('a sheet stored before the styles still reads its dates and percentages', async () => {
    // exceljs writes sheets before the shared strings; Excel and others store parts in other
    // orders. Rewrite the zip with the shared strings first and the styles last.
    const book = await workbook('order.xlsx', [
      {
        name: '对象',
        rows: [
          ['名称', '持证率', '报送日期'],
          ['甲', { value: 0.925, numFmt: '0.0%' }, day('2024-01-05')],
        ],
      },
    ]);
    const reordered = join(dir, 'reordered.xlsx');
    const first = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml'];
    writeFileSync(
      reordered,
      reorderZip(readFileSync(book), (names) => [...first, ...names.filter((n) => !first.includes(n) && n !== 'xl/styles.xml'), 'xl/styles.xml']),
    );
    const d = await readDataset(miniProgram(), [reordered]);
    expect(d.objects[0]!.values).toEqual({ 持证率: Rational.fraction(37n, 40n), 报送日期: '2024-01-05' });
  });
});

/**
 * The same zip with its entries in another order: the entries' compressed bytes are copied, with
 * fresh local headers (sizes from the central directory, no data descriptors).
 */
function reorderZip(zip: Buffer, order: (names: string[]) => string[]): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, { method: number; time: number; date: number; crc: number; data: Buffer; usize: number }>();
  for (let i = 0; i < count; i++) {
    const nameLen = zip.readUInt16LE(p + 28);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    const csize = zip.readUInt32LE(p + 20);
    const local = zip.readUInt32LE(p + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.set(name, {
      method: zip.readUInt16LE(p + 10),
      time: zip.readUInt16LE(p + 12),
      date: zip.readUInt16LE(p + 14),
      crc: zip.readUInt32LE(p + 16),
      data: zip.subarray(start, start + csize),
      usize: zip.readUInt32LE(p + 24),
    });
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  const names = order([...entries.keys()].filter((n) => !n.endsWith('/')));
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const n of names) {
    const e = entries.get(n)!;
    const name = Buffer.from(n, 'utf8');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6); // UTF-8 names
    h.writeUInt16LE(e.method, 8);
    h.writeUInt16LE(e.time, 10);
    h.writeUInt16LE(e.date, 12);
    h.writeUInt32LE(e.crc, 14);
    h.writeUInt32LE(e.data.length, 18);
    h.writeUInt32LE(e.usize, 22);
    h.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    h.copy(c, 8, 6, 26); // flags … sizes
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    parts.push(h, name, e.data);
    offset += h.length + name.length + e.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dirBytes, end]);
}

// ── streaming ───────────────────────────────────────────────────────────────

describe('a large event sheet is streamed', () => {
  const N = 60_000;
  const MB = 1024 * 1024;

  it(`${N.toLocaleString('en')} events: read one at a time, the heap does not grow with them`, async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Let pending callbacks (earlier tests' streams, exceljs's own) finish before each reading, so
    // garbage they free later is not counted against or for the events.
    const heap = async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 5));
        gc();
      }
      return process.memoryUsage().heapUsed;
    };

    // Numbers as 编号: text cells would also fill exceljs's shared-string table, which it keeps
    // (about 30 bytes a distinct text; see docs/data.md).
    const file = join(dir, 'events.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
    const objects = wb.addWorksheet('对象');
    objects.addRow(['名称', '持证率']).commit();
    for (let i = 0; i < 50; i++) objects.addRow([`局${i}`, 0.9]).commit();
    objects.commit();
    const events = wb.addWorksheet('事件');
    events.addRow(['类型', '对象', '日期', '级别', '编号']).commit();
    for (let i = 0; i < N; i++) {
      const row = events.addRow([
        '违规',
        `局${i % 50}`,
        day(`2023-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`),
        i % 3 ? '市级' : '省级',
        i,
      ]);
      row.getCell(3).numFmt = 'yyyy-mm-dd';
      row.commit();
    }
    events.commit();
    await wb.commit();

    const p = miniProgram();
    // Two passes over the same file, with the heap read at the same three points (after 10,000,
    // 30,000 and 50,000 events, all mid-stream so the reader's own buffers are alike): one keeps
    // every event, to show what holding them costs; one only counts them.
    const pass = async (keep: boolean) => {
      const data = await openData(p, [file]);
      const kept: unknown[] = [];
      const marks: number[] = [];
      let n = 0;
      let last = -1;
      for await (const e of data.events) {
        n++;
        const id = Number(e.id);
        if (id !== last + 1) throw new Error(`第${n}条事件的编号是${id}，应为${last + 1}`);
        last = id;
        if (keep) kept.push(e);
        if (n % 20_000 === 10_000) marks.push(await heap());
      }
      expect(n).toBe(N);
      expect(marks).toHaveLength(3);
      return { growth: marks[2]! - marks[0]!, marks, kept: kept.length };
    };
    const keeping = await pass(true);
    const streaming = await pass(false);
    const seen = `保留时堆为${keeping.marks.map((m) => (m / MB).toFixed(1)).join('、')} MB；流式时为${streaming.marks.map((m) => (m / MB).toFixed(1)).join('、')} MB`;
    // 40,000 events between the first and last reading: kept, they cost megabytes…
    expect(keeping.growth, seen).toBeGreaterThan(4 * MB);
    // …streamed, the heap stays where it was.
    expect(streaming.growth, seen).toBeLessThan(Math.min(2 * MB, keeping.growth / 4));
  }, 120_000);
});
