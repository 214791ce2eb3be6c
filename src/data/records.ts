/**
 * One record (an object, the parameters or an event) from any format, as a plain JS value:
 * validated with ajv against the rubric's row schemas (src/codegen/schema.ts), then converted
 * to typed values. Problems go to the run's collector; a record that cannot be used at all
 * (no 名称, no 类型, not a map) gives undefined.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { eventSchemas, rowSchemas, type RowSchemas } from '../codegen/schema.js';
import type { EventData, ObjectData, Scalar, SourceRef } from '../runtime/model.js';
import type { Rational } from '../runtime/rational.js';
import type { Program } from '../runtime/program.js';
import { at, type DataCode, Problems, shown } from './errors.js';
import { ANSWERS_KEY, FAILED_KEY, type Field, fieldModel, type FieldModel, isComment, KIND_KEY, lookupItem, NAME_KEY, suggestion } from './fields.js';
import { coerce, isMissing } from './values.js';

/** Where a record is: its source, (YAML) the line of each of its keys, (spreadsheet) the column letter of each. */
export interface RecordContext {
  src: SourceRef;
  lineOf?: (key: string) => number | undefined;
  /** The column of a key's cell: its value's, or (`key`) the cell naming it, as in a 参数 sheet's 名称 column. */
  columnOf?: (key: string, cell: 'key' | 'value') => string | undefined;
}

/**
 * Compiled validators of one program, made on first use: compiling is the slow part (about a
 * millisecond per field), and a data set usually has only some of the event kinds.
 */
class Validators {
  private ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  private done = new Map<string, ValidateFunction>();
  private rows: RowSchemas;
  private events: { base: object; byKind: Map<string, object> };
  constructor(program: Program) {
    this.rows = rowSchemas(program);
    this.events = eventSchemas(program);
  }
  private get(key: string, schema: () => object): ValidateFunction {
    let v = this.done.get(key);
    if (!v) this.done.set(key, (v = this.ajv.compile(schema())));
    return v;
  }
  get object(): ValidateFunction {
    return this.get('object', () => this.rows.object);
  }
  get objectValues(): ValidateFunction {
    return this.get('objectValues', () => this.rows.objectValues);
  }
  get paramValues(): ValidateFunction {
    return this.get('paramValues', () => this.rows.paramValues);
  }
  get eventBase(): ValidateFunction {
    return this.get('event', () => this.events.base);
  }
  private kinds = new Map<string, ValidateFunction>();
  /** Looked up once an event: kept by kind, without making the key. */
  eventKind(kind: string): ValidateFunction {
    let v = this.kinds.get(kind);
    if (!v) this.kinds.set(kind, (v = this.get(`event:${kind}`, () => this.events.byKind.get(kind)!)));
    return v;
  }
}

const compiled = new WeakMap<Program, Validators>();

function validators(program: Program): Validators {
  let v = compiled.get(program);
  if (!v) compiled.set(program, (v = new Validators(program)));
  return v;
}

type Raw = Record<string, unknown>;

/** 未达标: 无 — every checklist item is met. */
export const NONE_WORD = '无';

/** A built-in field's value into its slot of EventData (types checked by the field's spec). */
function setBuiltin(ev: EventData, key: string, v: Scalar): void {
  switch (key) {
    case '对象':
      ev.object = v as string;
      break;
    case '日期':
      ev.date = v as string;
      break;
    case '数量':
      ev.count = v as Rational;
      break;
    case '分值':
      ev.amount = v as Rational;
      break;
    case '事项':
      ev.matter = v as string;
      break;
    case '编号':
      ev.id = v as string;
  }
}

export const NO_CHECKLIST = '本考核规则没有由数据给出结果的达标项目（达标项目都写明了判定条件），不需要“未达标”“达标情况”';

/** Returned when a record passed validation: nothing reported. */
const NONE: ReadonlySet<string> = new Set();

function isRecord(x: unknown): x is Raw {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The first key of an ajv instance path: /持证率/0 → 持证率. */
function firstKey(path: string): string | undefined {
  if (!path) return undefined;
  return path.split('/')[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
}

export class RecordReader {
  readonly model: FieldModel;
  private v: Validators;
  constructor(
    program: Program,
    readonly problems: Problems,
  ) {
    this.model = fieldModel(program);
    this.v = validators(program);
  }

  /** The same reader reporting to other problems (a trial read that is redone on any problem). */
  withProblems(problems: Problems): RecordReader {
    return new RecordReader(this.model.program, problems);
  }

  /**
   * `key` is the field path shown; its line is that of the record's key `lineKey`. In a
   * spreadsheet the path starts with the cell's column: C列 持证率.
   */
  private add(
    code: DataCode,
    ctx: RecordContext,
    key: string | undefined,
    text: string,
    object?: string,
    lineKey = key,
    cell: 'key' | 'value' = 'value',
  ): void {
    const ref = at(ctx.src, key, lineKey !== undefined ? ctx.lineOf?.(lineKey) : undefined);
    const column = lineKey !== undefined ? ctx.columnOf?.(lineKey, cell) : undefined;
    if (column) ref.path = ref.path ? `${column}列 ${ref.path}` : `${column}列`;
    this.problems.add(code, ref, text, object);
  }

  /**
   * Runs a validator and reports its errors. Returns the keys already reported (their values
   * are not converted again), or undefined when the record as a whole is unusable.
   */
  private validate(
    fn: ValidateFunction,
    raw: unknown,
    ctx: RecordContext,
    what: 'object' | 'values' | 'params' | 'event',
    fields: Map<string, Field>,
    label?: string,
  ): ReadonlySet<string> | undefined {
    if (!isRecord(raw)) {
      this.add('D2003', ctx, undefined, `应为一条记录（键值映射），实际为${shown(raw)}`);
      return undefined;
    }
    if (fn(raw)) return NONE;
    const bad = new Set<string>();
    let usable = true;
    for (const e of fn.errors as ErrorObject[]) {
      const key = firstKey(e.instancePath);
      if (key === undefined) {
        if (e.keyword === 'required') {
          const missing = (e.params as { missingProperty: string }).missingProperty;
          // The missing key's line (none: it is missing) and, in a sheet, its (empty) cell's column.
          if (missing === NAME_KEY) this.add('D2011', ctx, undefined, '考核对象缺少“名称”', undefined, missing);
          else this.add('D2009', ctx, undefined, '事件缺少“类型”', undefined, missing);
          usable = false;
        } else if (e.keyword === 'additionalProperties') {
          const extra = (e.params as { additionalProperty: string }).additionalProperty;
          this.unknownKey(ctx, extra, what, fields, label);
          bad.add(extra);
        }
        continue; // if / allOf / anyOf: their branches report the detail
      }
      if (bad.has(key)) continue;
      bad.add(key);
      this.badValue(ctx, key, raw[key], fields.get(key), label);
      if (key === NAME_KEY || key === KIND_KEY) usable = false;
    }
    return usable ? bad : undefined;
  }

  private unknownKey(ctx: RecordContext, key: string, what: 'object' | 'values' | 'params' | 'event', fields: Map<string, Field>, label?: string): void {
    const hint = suggestion(key, fields.keys());
    if (what === 'event') {
      const others = this.model.attrKinds.get(key);
      const elsewhere = others && !hint ? `（它是${others.map((k) => `【${k}】`).join('')}的属性）` : '';
      this.add('D2008', ctx, key, `事件类型【${label}】没有声明属性“${key}”${elsewhere}${hint}`, undefined, key, 'key');
    } else if (what === 'params') {
      this.add('D2002', ctx, key, `考核规则没有声明参数“${key}”${hint}`, undefined, key, 'key');
    } else if (key === NAME_KEY) {
      this.add('D2002', ctx, key, '以名称为键给出考核对象时，不再写“名称”', label, key, 'key');
    } else if (key === FAILED_KEY || key === ANSWERS_KEY) {
      this.add('D2010', ctx, key, NO_CHECKLIST, label, key, 'key');
    } else {
      this.add('D2002', ctx, key, `考核规则没有声明输入“${key}”${hint}`, label, key, 'key');
    }
  }

  /** A value the schema rejected: the message comes from the field's type, so it says what is expected. */
  private badValue(ctx: RecordContext, key: string, value: unknown, field: Field | undefined, label?: string): void {
    if (key === NAME_KEY) return this.add('D2011', ctx, key, `名称应为非空文本，实际为${shown(value)}`);
    if (key === KIND_KEY) return this.add('D2009', ctx, key, `类型应为事件类型的名称，实际为${shown(value)}`);
    if (key === FAILED_KEY) return this.add('D2003', ctx, key, `应为达标项目编号的列表（如 [3, 5]）或用“、”分隔的编号，实际为${shown(value)}`, label);
    if (key === ANSWERS_KEY) return this.add('D2003', ctx, key, `应为“编号: 是/否”的映射，或“3:否；5:是”形式的文本，实际为${shown(value)}`, label);
    if (!field) return;
    const c = coerce(value, field);
    if (!c.ok) this.add(c.code, ctx, key, c.text, label);
    else this.add('D2003', ctx, key, `不符合数据格式，实际为${shown(value)}`, label);
  }

  /** Converts the declared fields of a record (skipping those already reported) and hands each value to `put`. */
  private convert(
    raw: Raw,
    fields: Map<string, Field>,
    bad: ReadonlySet<string>,
    ctx: RecordContext,
    label: string | undefined,
    put: (key: string, value: Scalar, field: Field) => void,
  ): void {
    for (const key in raw) {
      if (bad.size && bad.has(key)) continue;
      const f = fields.get(key);
      if (!f) continue; // 名称, 类型, 未达标, comments: handled elsewhere
      const c = coerce(raw[key], f);
      if (!c.ok) this.add(c.code, ctx, key, c.text, label);
      else if (c.value !== undefined) put(key, c.value, f);
    }
  }

  private values(raw: Raw, fields: Map<string, Field>, bad: ReadonlySet<string>, ctx: RecordContext, label?: string): Record<string, Scalar | undefined> {
    const out: Record<string, Scalar | undefined> = {};
    this.convert(raw, fields, bad, ctx, label, (k, v) => (out[k] = v));
    return out;
  }

  /** An object record; `name` is given for the map form 对象: {名称: {...}}. */
  object(raw: unknown, ctx: RecordContext, name?: string): ObjectData | undefined {
    const byKey = name !== undefined;
    const given = isRecord(raw) && (typeof raw[NAME_KEY] === 'string' || typeof raw[NAME_KEY] === 'number') ? String(raw[NAME_KEY]).trim() : undefined;
    const bad = this.validate(byKey ? this.v.objectValues : this.v.object, raw, ctx, byKey ? 'values' : 'object', this.model.inputs, name ?? given);
    if (!bad) return undefined;
    const r = raw as Raw;
    const objName = byKey ? name : String(r[NAME_KEY]).trim();
    const values = this.values(r, this.model.inputs, bad, ctx, objName);
    const checklist = this.checklist(r, bad, ctx, objName);
    return { name: objName, values, ...(checklist ? { checklist } : {}), source: ctx.src };
  }

  /** The value of 参数: {name: value}. */
  params(raw: unknown, ctx: RecordContext): Record<string, Scalar | undefined> | undefined {
    if (raw === null || raw === undefined) return {};
    if (!isRecord(raw)) {
      this.add('D2003', ctx, undefined, `应为“参数名: 值”的映射，实际为${shown(raw)}`);
      return undefined;
    }
    const bad = this.validate(this.v.paramValues, raw, ctx, 'params', this.model.params);
    return bad ? this.values(raw as Raw, this.model.params, bad, ctx) : undefined;
  }

  /** An event record; undefined when it has any problem (it is reported, not passed on half-read). */
  event(raw: unknown, ctx: RecordContext): EventData | undefined {
    const before = this.problems.count;
    // Not trimmed: the schema matches 类型 exactly, and so must the look-up.
    const kindName = isRecord(raw) && typeof raw[KIND_KEY] === 'string' ? raw[KIND_KEY] : undefined;
    const kind = kindName !== undefined ? this.model.kinds.get(kindName) : undefined;
    const bad = this.validate(kind ? this.v.eventKind(kindName!) : this.v.eventBase, raw, ctx, 'event', kind?.fields ?? this.model.builtins, kindName);
    if (!bad) return undefined;
    const r = raw as Raw;
    // An undeclared kind is not an error: the engine counts such events and reports them.
    if (!kind) return this.passThrough(r, kindName!, ctx);
    const ev: EventData = { kind: kindName!, attrs: {}, source: ctx.src };
    // convert() inlined: this runs once an event.
    const fields = kind.fields;
    for (const key in r) {
      if (bad.size && bad.has(key)) continue;
      const f = fields.get(key);
      if (!f) continue;
      const c = coerce(r[key], f);
      if (!c.ok) this.add(c.code, ctx, key, c.text);
      else if (c.value !== undefined) {
        if (f.builtin) setBuiltin(ev, key, c.value);
        else ev.attrs[key] = c.value;
      }
    }
    return this.problems.count > before ? undefined : ev;
  }

  /** Built-in fields as far as they read cleanly, other keys as text; nothing reported. */
  private passThrough(r: Raw, kind: string, ctx: RecordContext): EventData {
    const ev: EventData = { kind, attrs: {}, source: ctx.src };
    for (const [key, v] of Object.entries(r)) {
      if (key === KIND_KEY || isComment(key) || isMissing(v)) continue;
      const b = this.model.builtins.get(key);
      if (b) {
        const c = coerce(v, b);
        if (c.ok && c.value !== undefined) setBuiltin(ev, key, c.value);
      } else if (typeof v !== 'object') {
        ev.attrs[key] = String(v);
      }
    }
    return ev;
  }

  /**
   * 未达标 (every other item is met) and 达标情况 (item by item) → answers by item id.
   * Neither given: undefined, and the engine reports each item that needs an answer.
   */
  private checklist(r: Raw, bad: ReadonlySet<string>, ctx: RecordContext, obj: string): Record<string, boolean> | undefined {
    const failedRaw = bad.has(FAILED_KEY) || isMissing(r[FAILED_KEY]) ? undefined : r[FAILED_KEY];
    const answersRaw = bad.has(ANSWERS_KEY) || isMissing(r[ANSWERS_KEY]) ? undefined : r[ANSWERS_KEY];
    if (failedRaw === undefined && answersRaw === undefined) return undefined;
    const items = this.model.checklist;
    const out: Record<string, boolean> = {};
    const resolve = (key: string | number, field: string): string | undefined => {
      const hit = lookupItem(items, key);
      if ('id' in hit) return hit.id;
      const lineKey = field === FAILED_KEY ? FAILED_KEY : ANSWERS_KEY;
      if (hit.error === 'ambiguous') {
        this.add('D2010', ctx, field, `编号“${key}”对应多个达标项目（${hit.ids.join('、')}），请写完整编号`, obj, lineKey);
      } else {
        const some = `；达标项目编号如 ${examples(items)}`;
        this.add('D2010', ctx, field, `没有编号为“${key}”的达标项目${some}`, obj, lineKey);
      }
      return undefined;
    };
    const failed = new Set<string>();
    if (failedRaw !== undefined) {
      for (const i of items) out[i.id] = true;
      // 无: none failed (a CSV cell cannot hold the empty list []).
      const keys = typeof failedRaw === 'string' ? (failedRaw.trim() === NONE_WORD ? [] : splitList(failedRaw)) : (failedRaw as (string | number)[]);
      for (const k of keys) {
        const id = resolve(k, FAILED_KEY);
        if (id) ((out[id] = false), failed.add(id));
      }
    }
    if (answersRaw !== undefined) {
      const pairs: [string, unknown][] = typeof answersRaw === 'string' ? splitPairs(answersRaw) : Object.entries(answersRaw as Raw);
      for (const [k, v] of pairs) {
        const field = `${ANSWERS_KEY}.${k}`;
        if (v === undefined) {
          this.add('D2003', ctx, ANSWERS_KEY, `应写作“编号:是/否”，实际为${shown(k)}`, obj);
          continue;
        }
        const c = coerce(v, { name: field, type: { kind: 'bool' } });
        if (!c.ok || c.value === undefined) {
          if (!c.ok) this.add(c.code, ctx, field, c.text, obj, ANSWERS_KEY);
          continue;
        }
        const id = resolve(k, field);
        if (!id) continue;
        if (c.value === true && failed.has(id)) this.add('D2012', ctx, field, `达标项目“${k}”在“未达标”中列出，这里又写为达标`, obj, ANSWERS_KEY);
        else out[id] = c.value as boolean;
      }
    }
    return out;
  }
}

/** A few item numbers for a message; full ids when numbers repeat (1 under both 一 and 二). */
function examples(items: { id: string; number: string }[]): string {
  const numbers = new Set(items.map((i) => i.number));
  const unique = numbers.size === items.length;
  return items
    .slice(0, 3)
    .map((i) => (unique ? i.number : i.id))
    .join('、');
}

/** "3、5，一.（一）.7" → ["3", "5", "一.（一）.7"] (also , ; ； and white space). */
export function splitList(s: string): string[] {
  return s.split(/[、,，;；\s]+/).filter((x) => x !== '');
}

/** "3:否；5=是" → [["3", "否"], ["5", "是"]]; a part without a separator gives [part, undefined]. */
export function splitPairs(s: string): [string, string | undefined][] {
  return s
    .split(/[;；、,，\n]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const m = /^(.*?)\s*[:：=]\s*(.*)$/.exec(p);
      return m ? [m[1]!, m[2]!] : [p, undefined];
    });
}
