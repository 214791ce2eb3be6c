/**
 * Reading a run's data files. `openData` makes two passes:
 *
 *  1. every file, in the order given: objects and parameters (YAML/JSON documents whole, CSV
 *     objects tables, the object and parameter lines of NDJSON files, the object and 参数
 *     sheets of a workbook); events of YAML/JSON documents are read here too (those files are
 *     in memory anyway); CSV events tables and event sheets are checked only as far as their
 *     header. Any problem so far is thrown before an event is yielded, so the scorer always
 *     starts with the full, valid list of objects.
 *  2. on iteration, events one at a time, in file order: from memory for a YAML/JSON file,
 *     streamed line by line from a CSV events table or an NDJSON file (the event lines of a
 *     mixed NDJSON file are read again), row by row from the event sheets of a workbook
 *     (opened again). Nothing keeps the events, so memory does not grow with their number. Problems in events are collected and thrown once, after the last
 *     event (or as soon as the limit of problems is reached).
 *
 * `readDataset` is the same with the events gathered into an array, for small data.
 */
import type { Dataset, EventData, ObjectData, Scalar, SourceRef } from '../runtime/model.js';
import type { Program } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';
import { describeSource } from '../runtime/errors.js';
import { readDocument } from './document.js';
import { DataError, DEFAULT_MAX_PROBLEMS, Problems, TooManyProblems } from './errors.js';
import { NAME_KEY, PARAMS_KEY } from './fields.js';
import { RecordReader } from './records.js';
import { type DataSource, formatOf, readText, sourceName, unreadable } from './source.js';
import { CsvTable, ndjsonEvents, ndjsonObjects } from './tables.js';
import { XlsxBook } from './xlsx.js';

export type { DataSource } from './source.js';

export interface ReadOptions {
  /** Problems listed before reading stops (default 100). */
  maxProblems?: number;
}

export interface DataStream {
  objects: ObjectData[];
  params: Record<string, Scalar | undefined>;
  /**
   * The events, one at a time, in file order. Iterate once. Throws a DataError listing every
   * invalid event after the last one (the valid ones have been yielded by then: discard the run).
   */
  events: AsyncIterable<EventData>;
}

/** What pass 2 does for one file. */
type EventPlan =
  | { kind: 'memory'; events: EventData[] }
  | { kind: 'csv'; table: CsvTable; source: DataSource }
  | { kind: 'ndjson'; source: DataSource }
  | { kind: 'xlsx'; book: XlsxBook };

function sameScalar(a: Scalar | undefined, b: Scalar | undefined): boolean {
  if (a instanceof Rational && b instanceof Rational) return a.eq(b);
  return a === b;
}

class Collector {
  readonly objects: ObjectData[] = [];
  readonly params: Record<string, Scalar | undefined> = {};
  private paramSource = new Map<string, SourceRef | undefined>();
  private names = new Map<string, SourceRef | undefined>();
  constructor(private problems: Problems) {}

  /** `where` locates the name for a duplicate (default: the record's source and 名称). */
  object(o: ObjectData, where?: SourceRef): void {
    const first = this.names.get(o.name);
    if (this.names.has(o.name)) {
      const before = first ? `（先前见于 ${describeSource(first)}）` : '';
      this.problems.add('D2005', where ?? { ...o.source!, path: o.source?.path ?? NAME_KEY }, `考核对象“${o.name}”重复出现${before}`, o.name);
      return;
    }
    this.names.set(o.name, o.source);
    this.objects.push(o);
  }

  /** The same parameter in two files is fine when the values agree. `where` locates a conflict (default: source and 参数.name). */
  param(values: Record<string, Scalar | undefined>, source: SourceRef, where?: SourceRef): void {
    for (const [k, v] of Object.entries(values)) {
      if (this.paramSource.has(k) && !sameScalar(this.params[k], v)) {
        const first = this.paramSource.get(k);
        this.problems.add(
          'D2012',
          where ?? { ...source, path: `${PARAMS_KEY}.${k}` },
          `参数【${k}】与先前给出的值不同${first ? `（先前见于 ${describeSource(first)}）` : ''}`,
        );
        continue;
      }
      this.params[k] = v;
      this.paramSource.set(k, source);
    }
  }
}

export async function openData(program: Program, files: DataSource[], opts: ReadOptions = {}): Promise<DataStream> {
  const problems = new Problems(opts.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  const reader = new RecordReader(program, problems);
  const got = new Collector(problems);
  const plans: EventPlan[] = [];
  try {
    for (const src of files) {
      const file = sourceName(src);
      const format = formatOf(src);
      if (!format) {
        const xls = /\.(xls|et)$/i.test(file) ? '（Excel 97-2003 工作簿请另存为 .xlsx）' : '';
        problems.add('D2001', { file }, `不支持的文件类型：数据文件应为 .yaml/.yml、.json、.csv、.ndjson/.jsonl 或 .xlsx${xls}`);
        continue;
      }
      if (format === 'xlsx' && typeof src !== 'string') {
        problems.add('D2001', { file }, '不支持的文件类型：Excel 工作簿（.xlsx）只能从文件读取，不能以内存中的文本给出');
        continue;
      }
      const why = await unreadable(src);
      if (why) {
        problems.add('D2001', { file }, `无法读取数据文件：${why}`);
        continue;
      }
      if (format === 'yaml' || format === 'json') {
        const doc = readDocument(await readText(src), file, format === 'json', reader, problems);
        doc.objects.forEach((o) => got.object(o));
        if (doc.params) got.param(doc.params.values, doc.params.source);
        if (doc.events.length) plans.push({ kind: 'memory', events: doc.events });
      } else if (format === 'csv') {
        const table = await CsvTable.open(src, reader, problems);
        if (table?.kind === 'objects') await table.objects((o) => got.object(o));
        else if (table?.kind === 'events') plans.push({ kind: 'csv', table, source: src });
      } else if (format === 'xlsx') {
        const book = await XlsxBook.open(file, reader, problems);
        for (const o of book.objects) got.object(o.data, o.where);
        for (const p of book.params) got.param(p.values, p.source, p.where);
        if (book.hasEvents) plans.push({ kind: 'xlsx', book });
      } else {
        const r = await ndjsonObjects(src, reader, problems);
        for (const o of r.objects) got.object(o);
        for (const p of r.params) got.param(p.values, p.source);
        if (r.hasEvents) plans.push({ kind: 'ndjson', source: src });
      }
    }
  } catch (e) {
    if (!(e instanceof TooManyProblems)) throw e;
  }
  problems.throwIfAny();
  return { objects: got.objects, params: got.params, events: new EventIterator(eventBatches(plans, reader, problems)) };
}

/** The events of every plan, in batches; after the last, the problems found in them. */
async function* eventBatches(plans: EventPlan[], reader: RecordReader, problems: Problems): AsyncGenerator<EventData[]> {
  try {
    for (const plan of plans) {
      if (plan.kind === 'memory') yield plan.events;
      else if (plan.kind === 'csv') yield* plan.table.events();
      else if (plan.kind === 'xlsx') for await (const e of plan.book.events()) yield [e];
      else yield* ndjsonEvents(plan.source, reader, problems);
    }
  } catch (e) {
    if (!(e instanceof TooManyProblems)) throw e;
  }
  if (problems.count) throw new DataError(problems.list.slice());
}

type Step = IteratorResult<EventData, undefined>;

/**
 * The events one at a time, from batches: an event already read costs one resolved promise,
 * where an async generator's yield costs several turns of the microtask queue per event.
 */
class EventIterator implements AsyncIterableIterator<EventData> {
  private batch: EventData[] = [];
  private i = 0;
  private pending: Promise<Step> | undefined;
  constructor(private batches: AsyncGenerator<EventData[]>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Step> {
    if (this.pending) return this.pending.then(() => this.next());
    if (this.i < this.batch.length) return Promise.resolve({ value: this.batch[this.i++]!, done: false });
    return (this.pending = this.fill().finally(() => (this.pending = undefined)));
  }

  private async fill(): Promise<Step> {
    for (;;) {
      const r = await this.batches.next();
      if (r.done) return { value: undefined, done: true };
      this.batch = r.value;
      this.i = 0;
      if (this.batch.length) return { value: this.batch[this.i++]!, done: false };
    }
  }

  /** The consumer stopped early: close the file being read. */
  async return(): Promise<Step> {
    this.batch = [];
    await this.batches.return(undefined);
    return { value: undefined, done: true };
  }
}

/** All data in memory: for small runs and tests. */
export async function readDataset(program: Program, files: DataSource[], opts: ReadOptions = {}): Promise<Dataset> {
  const s = await openData(program, files, opts);
  const events: EventData[] = [];
  for await (const e of s.events) events.push(e);
  return { objects: s.objects, params: s.params, events };
}
