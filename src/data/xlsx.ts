/**
 * Excel workbooks (.xlsx), read with exceljs's streaming reader. Each visible worksheet is a
 * table like a CSV file: the header row decides whether it holds objects (名称) or events
 * (类型); a sheet named 参数 holds parameters, one a row (名称, 值). Cells become the same text a
 * CSV cell would hold, so the records go through the same validation and messages
 * (RecordReader); locations name the sheet, the row and the column letter.
 *
 * Cells → text: text as written (trimmed); numbers in decimal (at most 15 significant digits,
 * as Excel shows them); percent-formatted numbers as a percentage (0.925 → "92.5%"); dates as
 * yyyy-mm-dd (with the time when there is one); TRUE/FALSE; a formula's cached result. Error
 * values (#N/A…) and formulas never calculated are reported.
 *
 * Two passes, like the other formats (read.ts): `XlsxBook.open` reads the object and parameter
 * sheets and only the header of the event sheets; `events()` opens the file again and streams
 * the event sheets row by row. The zip is opened by its central directory and each part streamed,
 * never read whole (see docs/data.md).
 */
import type { EventData, ObjectData, Scalar, SourceRef } from '../runtime/model.js';
import { Rational } from '../runtime/rational.js';
import { type Problems, shown, TooManyProblems } from './errors.js';
import { isComment, KIND_KEY, NAME_KEY, PARAMS_KEY } from './fields.js';
import type { RecordContext, RecordReader } from './records.js';
import { checkHeader, type Column } from './tables.js';

/** The parameter sheet's name and its value column. */
export const PARAMS_SHEET = PARAMS_KEY;
export const VALUE_KEY = '值';
/** The header is looked for in the first rows: title rows above it are allowed. */
export const HEADER_ROWS = 10;

// ── exceljs's streaming reader, fed through the zip's central directory ─────

interface CellLike {
  value: unknown;
  numFmt?: string;
}
interface RowLike {
  number: number;
  eachCell(opts: { includeEmpty: boolean }, fn: (cell: CellLike, col: number) => void): void;
}
interface SheetLike extends AsyncIterable<RowLike> {
  name: string;
  state?: string;
}
interface ReaderInternals extends AsyncIterable<SheetLike> {
  input: string;
  model?: { sheets?: { rId?: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  properties?: { model?: { date1904?: boolean } };
  stream?: { destroy?: () => void };
  _parseRels(entry: unknown): Promise<void>;
  _parseWorkbook(entry: unknown): Promise<void>;
  _parseSharedStrings(entry: unknown): AsyncGenerator<unknown>;
  _parseStyles(entry: unknown): Promise<void>;
  _parseWorksheet(iterator: unknown, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}
type ReaderClass = new (input: string, options: object) => ReaderInternals;

interface ZipFile {
  path: string;
  stream(): NodeJS.ReadableStream & { destroy(): void };
}
type OpenZip = (file: string) => Promise<{ files: ZipFile[] }>;

const SHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * exceljs's own `parse()` reads the zip in one forward pass and parses a worksheet as soon as the
 * shared strings are in, though the workbook part (sheet names, 1904 dates) and the styles (number
 * formats) may come later; it also loses the last entry now and then on Node 18+ (exceljs issue
 * #3064: "Cannot read properties of undefined (reading 'sheets')"). This reader opens the zip by
 * its central directory instead: the parts the sheets depend on first, then each sheet in tab
 * order, still streamed row by row, with no temporary files (exceljs 4.4.0 internals: version
 * pinned).
 *
 * exceljs is loaded on first use: it takes about a second to import, which every command would
 * otherwise pay.
 */
function directoryReader(Base: ReaderClass, openZip: OpenZip): ReaderClass {
  return class DirectoryReader extends Base {
    async *parse(): AsyncGenerator<{ eventType: string; value: unknown }> {
      const { files } = await openZip(this.input);
      const parts = new Map(files.map((f) => [f.path, f]));
      const open = (path: string) => {
        const s = parts.get(path)?.stream();
        if (s) this.stream = s;
        return s;
      };
      if (!parts.has('xl/workbook.xml') || !parts.has('xl/_rels/workbook.xml.rels')) throw new Error('缺少工作簿部件 xl/workbook.xml');
      await this._parseRels(open('xl/_rels/workbook.xml.rels'));
      await this._parseWorkbook(open('xl/workbook.xml'));
      // With sharedStrings: 'cache' this yields nothing; it fills this.sharedStrings.
      if (parts.has('xl/sharedStrings.xml')) for await (const _ of this._parseSharedStrings(open('xl/sharedStrings.xml')));
      if (parts.has('xl/styles.xml')) await this._parseStyles(open('xl/styles.xml'));

      // Tab order: the workbook lists sheets by relationship id; the relationship names the part.
      const tab = new Map<string, number>();
      (this.model?.sheets ?? []).forEach((sheet, i) => {
        const target = this.workbookRels?.find((r) => r.Id === sheet.rId)?.Target.replace(/^\/?(xl\/)?/, 'xl/');
        if (target) tab.set(target, i);
      });
      const sheets = [...parts.keys()]
        .filter((p) => SHEET_PART.test(p))
        .sort((a, b) => (tab.get(a) ?? Infinity) - (tab.get(b) ?? Infinity) || Number(SHEET_PART.exec(a)![1]) - Number(SHEET_PART.exec(b)![1]));
      for (const path of sheets) yield* this._parseWorksheet(open(path), SHEET_PART.exec(path)![1]!);
    }
  };
}

let Reader: ReaderClass | undefined;

async function openReader(file: string): Promise<ReaderInternals> {
  if (!Reader) {
    const [{ default: ExcelJS }, { default: unzipper }] = await Promise.all([import('exceljs'), import('unzipper')]);
    Reader = directoryReader(ExcelJS.stream.xlsx.WorkbookReader as unknown as ReaderClass, (f) => unzipper.Open.file(f) as unknown as ReturnType<OpenZip>);
  }
  return new Reader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
}

// ── cells ───────────────────────────────────────────────────────────────────

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A number format without its quoted text, escapes and [colour]/[condition] parts. */
function formatCode(fmt: string | undefined): string {
  return (fmt ?? '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
}
const isPercentFormat = (fmt: string | undefined) => formatCode(fmt).includes('%');
const isDateFormat = (fmt: string | undefined) => /[ymdhs]/i.test(formatCode(fmt).replace(/general/gi, ''));

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A date cell: yyyy-mm-dd, and the time of day when it is not midnight. exceljs gives UTC. */
function dateText(d: Date): string | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
}

/** An Excel date serial (a formula's result) as a Date, as exceljs converts stored dates. */
function serialDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - (date1904 ? 24107 : 25569)) * 86_400_000));
}

/** A number as Excel shows it (15 significant digits), in plain decimal: 1e-7 → 0.0000001. */
function numberText(v: number): string {
  return Rational.of(Number(v.toPrecision(15))).toString();
}

export type CellText = { text: string } | { error: string } | undefined;

const hasKey = <K extends string>(v: unknown, k: K): v is Record<K, unknown> => typeof v === 'object' && v !== null && k in v;

/** One cell as the text a CSV cell would hold; undefined when empty. */
export function cellText(cell: CellLike, date1904: boolean): CellText {
  let v = cell.value;
  let formula = false;
  if (v === null || v === undefined) return undefined;
  if (hasKey(v, 'formula') || hasKey(v, 'sharedFormula')) {
    formula = true;
    v = (v as { result?: unknown }).result;
    if (v === undefined || v === null) return { error: '公式没有计算结果（请在 Excel 中打开、计算并保存后再读）' };
  }
  if (hasKey(v, 'error')) return { error: `单元格是错误值 ${String(v.error)}${formula ? '（公式出错）' : ''}` };
  if (hasKey(v, 'richText') && Array.isArray(v.richText)) v = v.richText.map((r: { text?: string }) => r.text ?? '').join('');
  else if (hasKey(v, 'text')) v = v.text; // a hyperlink
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : { text: t };
  }
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) {
    const t = dateText(v);
    return t === undefined ? { error: '单元格的日期无效' } : { text: t };
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { error: `单元格是错误值${formula ? '（公式出错）' : ''}` };
    if (isPercentFormat(cell.numFmt)) return { text: `${Rational.of(numberText(v)).mul(100).toString()}%` };
    // exceljs converts stored dates itself, not a formula's result.
    if (formula && isDateFormat(cell.numFmt)) {
      const t = dateText(serialDate(v, date1904));
      return t === undefined ? { error: '单元格的日期无效' } : { text: t };
    }
    return { text: numberText(v) };
  }
  return { text: String(v).trim() };
}

// ── the workbook ────────────────────────────────────────────────────────────

interface Sheet {
  name: string;
  /** The header's row number; the rows above it (a title) are not read. */
  headerRow: number;
  /** Column names by position (column A first); '' for a column without a heading. */
  names: string[];
  columns: Column[];
  /** Column letter of each field. */
  letters: Map<string, string>;
}

/** A row's non-empty cells by column number (1-based), as text. */
type Cells = Map<number, string>;

const visible = (ws: SheetLike) => !ws.state || ws.state === 'visible';

export class XlsxBook {
  /** Each object with the location of its 名称 cell (for a duplicate name). */
  readonly objects: { data: ObjectData; where: SourceRef }[] = [];
  /** One parameter a row, with the location of its 值 cell (for a conflicting value). */
  readonly params: { values: Record<string, Scalar | undefined>; source: SourceRef; where: SourceRef }[] = [];
  private eventSheets = new Map<string, Sheet>();
  private date1904 = false;

  private constructor(
    private file: string,
    private reader: RecordReader,
    private problems: Problems,
  ) {}

  get hasEvents(): boolean {
    return this.eventSheets.size > 0;
  }

  /**
   * Pass 1: every object and parameter sheet, and the header of each event sheet. Hidden sheets
   * and sheets named as comments (备注, 说明, #…) are not read.
   */
  static async open(file: string, reader: RecordReader, problems: Problems): Promise<XlsxBook> {
    const book = new XlsxBook(file, reader, problems);
    await book.sheets(async (ws, rows) => {
      if (visible(ws) && !isComment(ws.name)) await book.readSheet(ws.name, rows);
    });
    return book;
  }

  /** Pass 2: the event sheets, one row at a time. */
  async *events(): AsyncGenerator<EventData> {
    const r = await openReader(this.file);
    try {
      for await (const ws of r) {
        this.date1904 = Boolean(r.properties?.model?.date1904);
        const sheet = visible(ws) ? this.eventSheets.get(ws.name) : undefined;
        const rows = ws[Symbol.asyncIterator]();
        try {
          if (!sheet) continue;
          for (let next = await rows.next(); !next.done; next = await rows.next()) {
            const row = next.value;
            if (row.number <= sheet.headerRow) continue;
            const cells = this.cells(sheet.name, row, sheet.names);
            if (!cells.size) continue;
            const e = this.reader.event(this.record(sheet, row.number, cells), this.context(sheet, row.number));
            if (e) yield e;
          }
        } finally {
          await rows.return?.();
        }
      }
    } catch (e) {
      this.failed(e);
    } finally {
      r.stream?.destroy?.();
    }
  }

  // ── reading ──

  /** file, sheet, row, and the column (as a path: C列 持证率). */
  private where(sheet: string, row?: number, column?: number, name?: string): SourceRef {
    const ref: SourceRef = { file: this.file, sheet, ...(row !== undefined ? { row } : {}) };
    if (column !== undefined) ref.path = `${columnLetter(column)}列${name ? ` ${name}` : ''}`;
    return ref;
  }

  private failed(e: unknown): void {
    if (e instanceof TooManyProblems) throw e;
    this.problems.add('D2001', { file: this.file }, `无法读取 Excel 文件：${notAWorkbook(e)}`);
  }

  /** Each sheet in stored order, with its rows; whatever `fn` leaves unread is skipped. */
  private async sheets(fn: (ws: SheetLike, rows: AsyncIterator<RowLike>) => Promise<void>): Promise<void> {
    const r = await openReader(this.file);
    try {
      for await (const ws of r) {
        this.date1904 = Boolean(r.properties?.model?.date1904);
        const rows = ws[Symbol.asyncIterator]();
        try {
          await fn(ws, rows);
        } finally {
          await rows.return?.();
        }
      }
    } catch (e) {
      this.failed(e);
    } finally {
      r.stream?.destroy?.();
    }
  }

  /** Non-empty cells of a row as text; error values are reported here, at their cell. */
  private cells(sheet: string, row: RowLike, names?: string[]): Cells {
    const out: Cells = new Map();
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const t = cellText(cell, this.date1904);
      if (t === undefined) return;
      if ('error' in t) this.problems.add('D2003', this.where(sheet, row.number, col, names?.[col - 1]), t.error);
      else out.set(col, t.text);
    });
    return out;
  }

  private async readSheet(name: string, rows: AsyncIterator<RowLike>): Promise<void> {
    // The header: the first row (within HEADER_ROWS) with a cell 名称 or 类型; else the first non-empty row.
    let first: { row: number; cells: Cells } | undefined;
    let header: { row: number; cells: Cells } | undefined;
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      const row = next.value;
      if (row.number > HEADER_ROWS) break;
      const cells = this.cells(name, row);
      if (!cells.size) continue;
      first ??= { row: row.number, cells };
      const texts = [...cells.values()];
      if (texts.includes(NAME_KEY) || texts.includes(KIND_KEY)) {
        header = { row: row.number, cells };
        break;
      }
    }
    if (!first) return; // an empty sheet
    const h = header ?? first;
    const names = Array.from({ length: Math.max(...h.cells.keys()) }, (_, i) => h.cells.get(i + 1) ?? '');
    if (name === PARAMS_SHEET) return this.readParams(name, h.row, names, rows);
    const checked = checkHeader(
      names,
      this.reader,
      this.problems,
      (i) => (i === undefined ? this.where(name, h.row) : this.where(name, h.row, i + 1, names[i])),
      (i) => `${columnLetter(i + 1)}列`,
    );
    if (!checked) return;
    const letters = new Map<string, string>();
    // A name given twice (reported at the header): its first column is read.
    checked.columns.forEach((c, i) => c.use === 'field' && !letters.has(c.name) && letters.set(c.name, columnLetter(i + 1)));
    const sheet: Sheet = { name, headerRow: h.row, names, columns: checked.columns, letters };
    if (checked.kind === 'events') {
      this.eventSheets.set(name, sheet); // read in pass 2
      return;
    }
    const nameCol = names.indexOf(NAME_KEY) + 1;
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      const row = next.value;
      const cells = this.cells(name, row, names);
      if (!cells.size) continue;
      const o = this.reader.object(this.record(sheet, row.number, cells), this.context(sheet, row.number));
      if (o) this.objects.push({ data: o, where: this.where(name, row.number, nameCol, NAME_KEY) });
    }
  }

  /** A data row as a raw record, like a CSV row's; values in columns without a name are reported. */
  private record(sheet: Sheet, row: number, cells: Cells): Record<string, string> {
    const raw: Record<string, string> = {};
    for (const [col, text] of cells) {
      const c = sheet.columns[col - 1];
      if (c?.use === 'skip' || (c?.use === 'field' && sheet.letters.get(c.name) !== columnLetter(col))) continue;
      if (c?.use === 'field') raw[c.name] = text;
      else this.unnamed(sheet.name, row, col, text);
    }
    return raw;
  }

  private unnamed(sheet: string, row: number, col: number, text: string): void {
    this.problems.add('D2001', this.where(sheet, row, col), `${columnLetter(col)}列没有列名，但本行有值${shown(text)}`);
  }

  private context(sheet: Sheet, row: number): RecordContext {
    return { src: { file: this.file, sheet: sheet.name, row }, columnOf: (key) => sheet.letters.get(key) };
  }

  /** 参数: a 名称 and a 值 column (and comment columns); one parameter a row. */
  private async readParams(name: string, headerRow: number, header: string[], rows: AsyncIterator<RowLike>): Promise<void> {
    const nameCol = header.indexOf(NAME_KEY) + 1;
    const valueCol = header.indexOf(VALUE_KEY) + 1;
    if (!nameCol || !valueCol) {
      this.problems.add(
        'D2001',
        this.where(name, headerRow),
        `参数表的表头应有“${NAME_KEY}”“${VALUE_KEY}”两列，实际表头为${header.map((h) => `“${h}”`).join('')}`,
      );
      return;
    }
    header.forEach((h, i) => {
      if (h === '' || h === NAME_KEY || h === VALUE_KEY || isComment(h)) return;
      this.problems.add('D2002', this.where(name, headerRow, i + 1, h), `参数表只有“${NAME_KEY}”“${VALUE_KEY}”两列（及备注、说明等注释列），不认识“${h}”`);
    });
    const known = (col: number) => col <= header.length && header[col - 1] !== '';
    const letters = { key: columnLetter(nameCol), value: columnLetter(valueCol) };
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      const row = next.value;
      const cells = this.cells(name, row, header);
      if (!cells.size) continue;
      for (const [col, text] of cells) if (!known(col)) this.unnamed(name, row.number, col, text);
      const key = cells.get(nameCol);
      const value = cells.get(valueCol);
      if (key === undefined) {
        if (value !== undefined)
          this.problems.add('D2001', this.where(name, row.number, valueCol, VALUE_KEY), `本行有值${shown(value)}，但${letters.key}列没有参数名称`);
        continue;
      }
      const src: SourceRef = { file: this.file, sheet: name, row: row.number };
      // An empty 值 cell: not provided (null, as in YAML); the name is still checked.
      const values = this.reader.params({ [key]: value ?? null }, { src, columnOf: (_k, cell) => letters[cell] });
      if (values) this.params.push({ values, source: src, where: this.where(name, row.number, valueCol, key) });
    }
  }
}

/** Why exceljs could not read the file, in Chinese. */
function notAWorkbook(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/signature|zip|central directory|FILE_ENDED|unexpected end|end of data/i.test(msg)) {
    return '不是有效的 .xlsx 文件（可能是改了扩展名的 .xls 文件、设置了打开密码的文件，或文件不完整）';
  }
  return `文件内容无法解析（${msg}）`;
}
