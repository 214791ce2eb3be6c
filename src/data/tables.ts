/**
 * Line-based files: CSV tables (objects or events, the header decides) and NDJSON (one record a
 * line: 类型 → event, 名称 → object, 参数 → parameters). Both are read as streams; events are
 * yielded one at a time and never gathered.
 */
import type { EventData, ObjectData, Scalar, SourceRef } from '../runtime/model.js';
import { CsvParser } from './csv.js';
import { at, type Problems, shown } from './errors.js';
import { ANSWERS_KEY, FAILED_KEY, isComment, KIND_KEY, NAME_KEY, PARAMS_KEY, suggestion } from './fields.js';
import { NO_CHECKLIST, type RecordReader } from './records.js';
import { type DataSource, lineBatches, NOT_UTF8, sparseLines, NOT_UTF8_TEXT, sourceName } from './source.js';

export interface Column {
  name: string;
  /** field: read; skip: a comment, or undeclared (reported once at the header); unnamed: must stay empty. */
  use: 'field' | 'skip' | 'unnamed';
}

/**
 * A table's header (a CSV file's first record, a worksheet's header row): which kind of table it
 * is (类型 → events, else 名称 → objects) and what each column is. Undeclared, duplicate and
 * checklist columns are reported once here, not on every row. `where(i)` locates column i (no i:
 * the header as a whole); `unnamed(i)` names a column without a heading.
 */
export function checkHeader(
  header: string[],
  reader: RecordReader,
  problems: Problems,
  where: (i?: number) => SourceRef,
  unnamed: (i: number) => string,
): { kind: 'objects' | 'events'; columns: Column[] } | undefined {
  const kind = header.includes(KIND_KEY) ? 'events' : header.includes(NAME_KEY) ? 'objects' : undefined;
  if (!kind) {
    problems.add('D2001', where(), `表头应含“名称”列（考核对象表）或“类型”列（事件表），实际表头为${header.map((h) => `“${h}”`).join('')}`);
    return undefined;
  }
  const m = reader.model;
  const known =
    kind === 'objects'
      ? [NAME_KEY, ...m.inputs.keys(), ...(m.checklist.length ? [FAILED_KEY, ANSWERS_KEY] : [])]
      : [KIND_KEY, ...new Set([...m.builtins.keys(), ...[...m.kinds.values()].flatMap((k) => [...k.fields.keys()])])];
  const seen = new Set<string>();
  const columns: Column[] = header.map((name, i) => {
    if (name === '') return { name: unnamed(i), use: 'unnamed' };
    if (seen.has(name)) problems.add('D2001', where(i), `列名“${name}”重复`);
    seen.add(name);
    if (isComment(name)) return { name, use: 'skip' };
    if (known.includes(name)) return { name, use: 'field' };
    if (kind === 'objects' && (name === FAILED_KEY || name === ANSWERS_KEY)) {
      problems.add('D2010', where(i), NO_CHECKLIST);
      return { name, use: 'skip' };
    }
    const what = kind === 'objects' ? '输入' : '事件属性';
    problems.add('D2002', where(i), `考核规则没有声明${what}“${name}”${suggestion(name, known)}`);
    return { name, use: 'skip' };
  });
  return { kind, columns };
}

export class CsvTable {
  private constructor(
    readonly kind: 'objects' | 'events',
    private src: DataSource,
    private columns: Column[],
    private reader: RecordReader,
    private problems: Problems,
  ) {}

  /** Reads and checks the header; undefined when the file cannot be used. */
  static async open(src: DataSource, reader: RecordReader, problems: Problems): Promise<CsvTable | undefined> {
    const file = sourceName(src);
    let header: string[] | undefined;
    const csv = new CsvParser();
    search: for await (const batch of lineBatches(src)) {
      for (const line of batch) {
        header = csv.push(line)?.cells;
        if (header) break search;
      }
    }
    if (!header) return undefined; // an empty file: nothing in it
    const head: SourceRef = { file, row: 1 };
    if (header.some((h) => h.includes(NOT_UTF8))) {
      problems.add('D2001', head, `文件${NOT_UTF8_TEXT}`);
      return undefined;
    }
    const h = header;
    const checked = checkHeader(
      h,
      reader,
      problems,
      (i) => (i === undefined ? head : at(head, h[i])),
      (i) => `第${i + 1}列`,
    );
    return checked && new CsvTable(checked.kind, src, checked.columns, reader, problems);
  }

  /**
   * Data rows, a batch at a time, each as `read` makes it from the raw record (non-empty cells
   * only: an empty cell means not provided). What `read` gave before the limit of problems
   * stopped the reading is still handed on.
   */
  private async *rows<T>(read: (raw: Record<string, string>, src: SourceRef) => T | undefined): AsyncGenerator<T[]> {
    const file = sourceName(this.src);
    const { problems, columns } = this;
    const n = columns.length;
    const csv = new CsvParser();
    let first = true;
    // Cells are searched for U+FFFD only once a line has it (a record may span lines, and batches).
    let notUtf8 = false;
    for await (const batch of lineBatches(this.src)) {
      const out: T[] = [];
      notUtf8 ||= batch.some((l) => l.includes(NOT_UTF8));
      try {
        for (const line of batch) {
          const rec = csv.push(line);
          if (!rec) continue;
          if (first) {
            first = false;
            continue;
          }
          const src: SourceRef = { file, row: rec.row };
          const cells = rec.cells;
          if (notUtf8 && cells.some((c) => c.includes(NOT_UTF8))) {
            problems.add('D2001', src, `文件${NOT_UTF8_TEXT}`);
            if (out.length) yield out;
            return;
          }
          if (cells.length !== n) {
            problems.add('D2001', src, `本行有${cells.length}列，表头有${n}列（单元格中的逗号须用双引号括起）`);
            continue;
          }
          const raw: Record<string, string> = {};
          for (let i = 0; i < n; i++) {
            const cell = cells[i]!;
            const col = columns[i]!;
            if (cell === '' || col.use === 'skip') continue;
            if (col.use === 'unnamed') problems.add('D2001', at(src, col.name), `${col.name}没有列名，但本行有值${shown(cell)}`);
            else raw[col.name] = cell;
          }
          const r = read(raw, src);
          if (r !== undefined) out.push(r);
        }
      } catch (e) {
        if (out.length) yield out;
        throw e;
      }
      if (out.length) yield out;
    }
    const p = csv.end();
    if (p) problems.add('D2001', { file, row: p.row }, p.text);
  }

  /** Each object as soon as it is read, so problems keep their order (a duplicate name is found by `each`). */
  async objects(each: (o: ObjectData) => void): Promise<void> {
    for await (const _ of this.rows((raw, src) => {
      const o = this.reader.object(raw, { src });
      if (o) each(o);
      return undefined;
    }));
  }

  events(): AsyncGenerator<EventData[]> {
    return this.rows((raw, src) => this.reader.event(raw, { src }));
  }
}

// ── NDJSON ──────────────────────────────────────────────────────────────────

/**
 * Pass 1 parses only lines that can be object or parameter records: such a line contains the
 * key 名称 or 参数, literally or \u-escaped. The other lines (events, usually nearly all of
 * them) are left to pass 2, so a large event file is parsed once. Each line is reported in
 * exactly one pass: lines that may be objects in pass 1, the rest in pass 2.
 */
function mayHoldObject(line: string): boolean {
  return line.includes(NAME_KEY) || line.includes(PARAMS_KEY) || line.includes('\\u');
}

/** A line that is empty or white space (trim() only when it might be). */
function isBlank(text: string): boolean {
  return text.length === 0 || ((text.charCodeAt(0) <= 32 || text.charCodeAt(0) > 127) && text.trim() === '');
}

function syntaxError(e: unknown, src: SourceRef, problems: Problems): void {
  const m = /position (\d+)/.exec((e as Error).message);
  const col = m ? `（第${Number(m[1]) + 1}列）` : '';
  problems.add('D2001', src, `JSON 语法错误${col}：每行应为一个完整的 JSON 对象，如 {"类型": "…", "对象": "…"}`);
}

type Parsed = { ok: true; value: unknown } | { ok: false };

function parseLine(text: string, src: SourceRef, problems: Problems): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    syntaxError(e, src, problems);
    return { ok: false };
  }
}

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export interface NdjsonObjects {
  objects: ObjectData[];
  params: { values: Record<string, Scalar | undefined>; source: SourceRef }[];
  hasEvents: boolean;
}

export async function ndjsonObjects(src: DataSource, reader: RecordReader, problems: Problems): Promise<NdjsonObjects> {
  const file = sourceName(src);
  const out: NdjsonObjects = { objects: [], params: [], hasEvents: false };
  let n = 0;
  for await (const batch of sparseLines(src, [NAME_KEY, PARAMS_KEY, '\\u'])) {
    if (typeof batch === 'number') {
      // Lines without the needles of mayHoldObject, and one at least not blank: events.
      n += batch;
      out.hasEvents = true;
      continue;
    }
    for (const text of batch) {
      n++;
      if (isBlank(text)) continue;
      if (text.includes(NOT_UTF8)) {
        problems.add('D2001', { file, line: n }, `文件${NOT_UTF8_TEXT}`);
        return { ...out, hasEvents: false };
      }
      if (!mayHoldObject(text)) {
        out.hasEvents = true;
        continue;
      }
      objectLine(text, { file, line: n }, reader, problems, out);
    }
  }
  return out;
}

function objectLine(text: string, ref: SourceRef, reader: RecordReader, problems: Problems, out: NdjsonObjects): void {
  const p = parseLine(text, ref, problems);
  if (!p.ok) return;
  const v = p.value;
  if (!isMap(v)) {
    problems.add('D2003', ref, `每行应为一条记录（JSON 对象），实际为${shown(v)}`);
  } else if (KIND_KEY in v) {
    out.hasEvents = true;
  } else if (NAME_KEY in v) {
    const o = reader.object(v, { src: ref });
    if (o) out.objects.push(o);
  } else if (PARAMS_KEY in v) {
    for (const k of Object.keys(v)) {
      if (k !== PARAMS_KEY && !isComment(k)) problems.add('D2002', at(ref, k), `参数记录只能有“参数”一个键，不认识“${k}”`);
    }
    const values = reader.params(v[PARAMS_KEY], { src: at(ref, PARAMS_KEY) });
    if (values) out.params.push({ values, source: at(ref, PARAMS_KEY) });
  } else {
    neither(v, ref, reader, problems);
  }
}

/** A record with neither 名称 nor 类型: say which it most likely meant to be. */
function neither(v: Record<string, unknown>, ref: SourceRef, reader: RecordReader, problems: Problems): void {
  const inputs = reader.model.inputs;
  const looksLikeObject = Object.keys(v).some((k) => inputs.has(k) || k === FAILED_KEY || k === ANSWERS_KEY);
  if (looksLikeObject) problems.add('D2011', ref, '考核对象缺少“名称”（每行须有“名称”（考核对象）、“类型”（事件）或“参数”）');
  else problems.add('D2009', ref, '事件缺少“类型”（每行须有“名称”（考核对象）、“类型”（事件）或“参数”）');
}

/** Events a batch at a time; those read before the limit of problems stopped the reading are still handed on. */
export async function* ndjsonEvents(src: DataSource, reader: RecordReader, problems: Problems): AsyncGenerator<EventData[]> {
  const file = sourceName(src);
  let n = 0;
  for await (const batch of lineBatches(src)) {
    const out: EventData[] = [];
    try {
      for (const text of batch) {
        n++;
        if (isBlank(text)) continue;
        const ref: SourceRef = { file, line: n };
        const firstPass = mayHoldObject(text);
        let v: unknown;
        try {
          v = JSON.parse(text);
        } catch (e) {
          if (!firstPass) syntaxError(e, ref, problems);
          continue;
        }
        if (isMap(v) && KIND_KEY in v) {
          const e = reader.event(v, { src: ref });
          if (e) out.push(e);
        } else if (!firstPass) {
          if (!isMap(v)) problems.add('D2003', ref, `每行应为一条记录（JSON 对象），实际为${shown(v)}`);
          else neither(v, ref, reader, problems);
        }
      }
    } catch (e) {
      if (out.length) yield out;
      throw e;
    }
    if (out.length) yield out;
  }
}
