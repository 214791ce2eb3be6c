/**
 * JSON Schema (draft 2020-12) of a rubric's data: one for a whole YAML/JSON data document
 * (`inputSchema`), and one per record of a CSV or NDJSON file (`rowSchemas`). Editors use them
 * for completion and checking; the data readers (src/data/) validate every record with them
 * before converting values, so the schema and the reader accept the same data.
 *
 * Titles and descriptions are Chinese, from the rubric. Output is deterministic: built in
 * declaration order from the Program only, so the same program gives the same JSON text.
 */
import { checklistItems, COMMENT_KEYS, type Field, fieldModel } from '../data/fields.js';
import { BOOL_WORDS, MISSING_WORD } from '../data/values.js';
import type { EventSpec, Program, ValueSpec } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';

type Schema = Record<string, unknown>;

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const MISSING: Schema = { $ref: '#/$defs/missing' };
/** 备注, 说明 and #-keys: comments, any value. */
const COMMENT_PATTERN = '^[#＃]';
const DIGIT = '[0-9０-９]';
/** The forms `parseDate` accepts; whether the day exists is checked when reading. */
const DATE_FORMS =
  `${DIGIT}{4}-${DIGIT}{1,2}-${DIGIT}{1,2}|${DIGIT}{4}/${DIGIT}{1,2}/${DIGIT}{1,2}|` +
  `${DIGIT}{4}\\.${DIGIT}{1,2}\\.${DIGIT}{1,2}|${DIGIT}{4}\\s*年\\s*${DIGIT}{1,2}\\s*月\\s*${DIGIT}{1,2}\\s*日`;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The type in words, for descriptions: 数值（单位：件）. */
export function typeWords(t: ValueSpec): string {
  switch (t.kind) {
    case 'num':
      if (t.percent) return '百分比，写作 92.5% 或百分点数 92.5';
      return t.unit ? `数值，单位：${t.unit}（可写 14 或 14${t.unit}）` : '数值';
    case 'bool':
      return '是否：是 / 否（或 true / false）';
    case 'choice':
      return `选项：${(t.options ?? []).map((o) => `“${o}”`).join('')}`;
    case 'date':
      return '日期，如 2023-01-05 或 2023年1月5日';
    case 'text':
      return '文本';
    case 'subject':
      return '考核对象的名称';
  }
}

/** Text that means "not provided": empty, blank, or 未提供 (null is allowed by type). */
const MISSING_TEXT = `\\s*(?:${MISSING_WORD})?\\s*`;

/** A string pattern accepting the given form or a missing value. */
function orMissing(form: string): string {
  return `^(?:${MISSING_TEXT}|\\s*(?:${form})\\s*)$`;
}

/**
 * Schema of one value of a declared type; missing (null, "", 未提供) is always allowed. Plain
 * `type` lists with a `pattern` (which applies to strings only) rather than `anyOf` branches:
 * they compile to much less code and give one error per bad value.
 */
function valueSchema(f: Field): Schema {
  const t = f.type;
  const parts = [f.desc, typeWords(t)];
  if (f.range) parts.push(`范围 ${rangeWords(f)}`);
  if (f.missingText) parts.push(`缺失时${f.missingText}`);
  const head: Schema = { title: f.name, description: parts.filter(Boolean).join('；') };
  switch (t.kind) {
    case 'num': {
      const suffix = t.percent ? '(?:%|％)?' : t.unit ? `(?:${escapeRegex(t.unit)})?` : '';
      const s: Schema = { ...head, type: ['number', 'string', 'null'], pattern: orMissing(`[+-]?\\d+(?:\\.\\d+)?\\s*${suffix}`) };
      if (f.range) {
        // JSON numbers are checked here (percentages in points); text such as "14件" when read.
        const scale = t.percent ? 100 : 1;
        s.minimum = Rational.of(f.range[0]).mul(scale).toNumber();
        s.maximum = Rational.of(f.range[1]).mul(scale).toNumber();
      }
      return s;
    }
    case 'bool':
      return { ...head, type: ['boolean', 'string', 'null'], pattern: orMissing(BOOL_WORDS.join('|')) };
    case 'choice':
      return { ...head, anyOf: [{ enum: t.options ?? [] }, MISSING] };
    case 'date':
      return { ...head, type: ['string', 'null'], pattern: orMissing(DATE_FORMS) };
    case 'text':
    case 'subject':
      return { ...head, type: ['string', 'number', 'null'] };
  }
}

function rangeWords(f: Field): string {
  const t = f.type;
  const b = (x: string) => (t.percent ? `${Rational.of(x).mul(100).toString()}%` : `${x}${t.unit ?? ''}`);
  return `${b(f.range![0])}-${b(f.range![1])}`;
}

function comments(): Schema {
  return Object.fromEntries(COMMENT_KEYS.map((k) => [k, { description: '注释，读取时忽略' }]));
}

function closed(properties: Schema): Schema {
  return {
    properties: { ...properties, ...comments() },
    patternProperties: { [COMMENT_PATTERN]: { description: '注释，读取时忽略' } },
    additionalProperties: false,
  };
}

function objectProperties(program: Program, withName: boolean): Schema {
  const m = fieldModel(program);
  const props: Schema = {};
  if (withName) props['名称'] = { description: '考核对象的名称，在全部数据中唯一', anyOf: [{ type: 'string', pattern: '\\S' }, { type: 'number' }] };
  for (const f of m.inputs.values()) props[f.name] = valueSchema(f);
  const items = checklistItems(program);
  if (items.length) {
    const ex = items
      .slice(0, 3)
      .map((i) => i.id)
      .join('、');
    props['未达标'] = {
      description: `未达标的达标项目，写编号（如 ${items[0]!.number}）或完整编号（如 ${ex}）；写“无”或 [] 表示全部达标；写了本键时，未列出的达标项目都视为达标`,
      anyOf: [{ type: 'array', items: { type: ['string', 'integer'] } }, { type: 'string' }, MISSING],
    };
    props['达标情况'] = {
      description: '逐项给出达标与否：{编号: 是/否}；与“未达标”同写时以本键为准补充',
      anyOf: [{ type: 'object', additionalProperties: { anyOf: [{ type: 'boolean' }, { enum: BOOL_WORDS }] } }, { type: 'string' }, MISSING],
    };
  }
  return props;
}

function builtinDescription(name: string, e: EventSpec): string {
  switch (name) {
    case '对象':
      return e.charge.length ? `计入的考核对象；本类事件按${e.charge.map((c) => `【${c.attr}】`).join('')}计入，可不填` : '本事件计入的考核对象的名称';
    case '日期':
      return '事件日期；考核期外的事件不计入';
    case '数量':
      return `数量${e.unit ? `（${e.unit}）` : ''}，不填为1`;
    case '分值':
      return '视情扣分、加分时由考核人员确定的分值（分）';
    case '事项':
      return '事项标识：同一事项取最高时，同一事项的事件只计最高一条';
    default:
      return '记录编号';
  }
}

function eventDef(program: Program, e: EventSpec): Schema {
  const kind = fieldModel(program).kinds.get(e.name)!;
  const props: Schema = { 类型: { const: e.name } };
  for (const f of kind.fields.values()) {
    const s = valueSchema(f);
    if (f.builtin) s.description = `${builtinDescription(f.name, e)}；${typeWords(f.type)}`;
    props[f.name] = s;
  }
  const charge = e.charge.length ? `；计入${e.charge.map((c) => `【${c.attr}】${c.share === '1' ? '' : `（按${c.share}倍）`}`).join('、')}` : '';
  return { title: e.name, description: `${e.desc ?? e.name}${e.unit ? `（单位：${e.unit}）` : ''}${charge}`, type: 'object', ...closed(props) };
}

/** The shared definitions every schema here refers to. */
function defs(program: Program): Schema {
  const m = fieldModel(program);
  const kinds = program.events.map((e) => e.name);
  const out: Schema = {
    missing: {
      description: `未提供：null、空文本或“${MISSING_WORD}”；考核规则写了“缺失时”的按其处理，否则报告需要它的项目`,
      anyOf: [{ type: 'null' }, { type: 'string', pattern: `^\\s*(?:${MISSING_WORD})?\\s*$` }],
    },
    object: {
      title: '考核对象',
      description: '一个考核对象：名称及各项输入的值',
      type: 'object',
      required: ['名称'],
      ...closed(objectProperties(program, true)),
    },
    objectValues: {
      title: '考核对象的输入',
      description: '以名称为键时，一个考核对象的各项输入的值',
      type: 'object',
      ...closed(objectProperties(program, false)),
    },
    params: {
      title: '参数',
      description: '整个考核一个值的参数',
      type: 'object',
      ...closed(Object.fromEntries([...m.params.values()].map((f) => [f.name, valueSchema(f)]))),
    },
    event: {
      title: '事件',
      description: `一条事件记录；类型为${kinds.map((k) => `【${k}】`).join('')}之一（其他类型不报错，但不计入）`,
      type: 'object',
      required: ['类型'],
      properties: { 类型: { description: '事件类型', type: 'string', pattern: '\\S', ...(kinds.length ? { examples: kinds } : {}) } },
      // An empty allOf is invalid JSON Schema: a rubric without events has no per-kind rules.
      ...(program.events.length
        ? {
            allOf: program.events.map((e, i) => ({
              if: { properties: { 类型: { const: e.name } }, required: ['类型'] },
              then: { $ref: `#/$defs/event${i}` },
            })),
          }
        : {}),
    },
  };
  program.events.forEach((e, i) => (out[`event${i}`] = eventDef(program, e)));
  return out;
}

/** Schema of a whole YAML/JSON data document for this rubric. */
export function inputSchema(program: Program): Schema {
  const period = program.period ? `；考核期${program.period.from}至${program.period.to}` : '';
  return {
    $schema: DRAFT,
    title: `${program.title}：数据`,
    description: `《${program.title}》的数据文件（YAML 或 JSON）：考核对象、参数和事件${period}。由考核规则生成。`,
    type: 'object',
    ...closed({
      对象: {
        description: '考核对象的列表（每项含“名称”），或以名称为键的映射',
        if: { type: 'array' },
        then: { type: 'array', items: { $ref: '#/$defs/object' } },
        else: { type: ['object', 'null'], additionalProperties: { $ref: '#/$defs/objectValues' } },
      },
      参数: { anyOf: [{ $ref: '#/$defs/params' }, { type: 'null' }] },
      事件: { description: '事件记录的列表', type: ['array', 'null'], items: { $ref: '#/$defs/event' } },
    }),
    $defs: defs(program),
  };
}

export interface RowSchemas {
  /** One object record: a CSV row of an objects table, or an NDJSON line with 名称. */
  object: Schema;
  /** One event record: a CSV row of an events table, or an NDJSON line with 类型. */
  event: Schema;
  /** An NDJSON line {"参数": {...}}. */
  params: Schema;
  /** The value of a 参数 key. */
  paramValues: Schema;
  /** The value of one object in the map form 对象: {名称: {...}}. */
  objectValues: Schema;
}

/** Schemas of single records (CSV rows, NDJSON lines), sharing the document's definitions. */
export function rowSchemas(program: Program): RowSchemas {
  const d = defs(program);
  const row = (title: string, ref: string, extra: Schema = {}): Schema => ({
    $schema: DRAFT,
    title: `${program.title}：${title}`,
    ...extra,
    $ref: `#/$defs/${ref}`,
    $defs: d,
  });
  return {
    object: row('考核对象记录', 'object'),
    event: row('事件记录', 'event'),
    params: {
      $schema: DRAFT,
      title: `${program.title}：参数记录`,
      type: 'object',
      required: ['参数'],
      ...closed({ 参数: { $ref: '#/$defs/params' } }),
      $defs: d,
    },
    paramValues: row('参数', 'params'),
    objectValues: row('考核对象的输入', 'objectValues'),
  };
}

/**
 * The event record schema split for lazy compiling: `base` checks 类型 only; `byKind` has one
 * closed schema per declared kind. Validating against base, then the kind's schema, is the same
 * as validating against `rowSchemas(program).event`; a reader compiles only the kinds it meets.
 */
export function eventSchemas(program: Program): { base: Schema; byKind: Map<string, Schema> } {
  const d = defs(program);
  const { allOf: _all, ...base } = d.event as Schema;
  const byKind = new Map<string, Schema>();
  program.events.forEach((e, i) =>
    byKind.set(e.name, { $schema: DRAFT, $ref: `#/$defs/event${i}`, $defs: { missing: d.missing, [`event${i}`]: d[`event${i}`] } }),
  );
  return { base: { $schema: DRAFT, ...base }, byKind };
}
