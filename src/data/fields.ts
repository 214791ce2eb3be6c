/**
 * What a data file may contain, derived once from a Program: the fields of an object record,
 * the parameters, each event kind's fields (built-ins and attributes) and the checklist items
 * a 达标 answer may name. Also the "did you mean" suggestion for undeclared names.
 */
import type { EventSpec, InputSpec, NodeSpec, Program, ValueSpec } from '../runtime/program.js';

export interface Field {
  name: string;
  type: ValueSpec;
  desc?: string;
  /** Inclusive bounds, exact decimal text (percentages as ratios). */
  range?: [string, string];
  /** The rubric's 缺失时 rule as written (按0项), for descriptions. */
  missingText?: string;
  builtin?: boolean;
}

export interface KindModel {
  spec: EventSpec;
  /** Built-in fields first, then the declared attributes. */
  fields: Map<string, Field>;
}

export interface ChecklistItem {
  id: string;
  number: string;
  label: string;
  title?: string;
}

export interface FieldModel {
  program: Program;
  inputs: Map<string, Field>;
  params: Map<string, Field>;
  kinds: Map<string, KindModel>;
  /** Declared (non-built-in) attribute name → the kinds that declare it. */
  attrKinds: Map<string, string[]>;
  /** Built-in event fields with their types for an event of no declared kind. */
  builtins: Map<string, Field>;
  checklist: ChecklistItem[];
}

/** Keys of an object record that are not inputs. */
export const NAME_KEY = '名称';
export const FAILED_KEY = '未达标';
export const ANSWERS_KEY = '达标情况';
export const KIND_KEY = '类型';
export const PARAMS_KEY = '参数';
export const TOP_KEYS = ['对象', '参数', '事件'] as const;
export const COMMENT_KEYS = ['备注', '说明'] as const;

/** 备注, 说明 and names starting with # are comments: read past, never checked. */
export function isComment(key: string): boolean {
  return key === '备注' || key === '说明' || key.startsWith('#') || key.startsWith('＃');
}

const DEFAULT_BUILTINS: Field[] = [
  { name: '对象', type: { kind: 'subject' }, builtin: true },
  { name: '日期', type: { kind: 'date' }, builtin: true },
  { name: '数量', type: { kind: 'num' }, builtin: true },
  { name: '分值', type: { kind: 'num', unit: '分' }, builtin: true },
  { name: '事项', type: { kind: 'text' }, builtin: true },
  { name: '编号', type: { kind: 'text' }, builtin: true },
];

function fieldOf(i: InputSpec): Field {
  return {
    name: i.name,
    type: i.type,
    ...(i.desc ? { desc: i.desc } : {}),
    ...(i.range ? { range: i.range } : {}),
    ...(i.missingText ? { missingText: i.missingText } : {}),
  };
}

/** 达标 leaves whose answer comes from the data (the engine asks `checklist[id ?? number]`). */
export function checklistItems(program: Program): ChecklistItem[] {
  const out: ChecklistItem[] = [];
  const walk = (n: NodeSpec) => {
    if (n.mode === 'check' && !n.composite && (n.criterion === 'checklist' || n.criterion === undefined)) {
      out.push({ id: n.id, number: n.number, label: n.label, ...(n.title ? { title: n.title } : {}) });
    }
    n.children.forEach(walk);
  };
  program.nodes.forEach(walk);
  return out;
}

const cache = new WeakMap<Program, FieldModel>();

export function fieldModel(program: Program): FieldModel {
  let m = cache.get(program);
  if (m) return m;
  const kinds = new Map<string, KindModel>();
  const attrKinds = new Map<string, string[]>();
  for (const e of program.events) {
    const fields = new Map<string, Field>();
    for (const a of e.attrs) {
      fields.set(a.name, { name: a.name, type: a.type, ...(a.desc ? { desc: a.desc } : {}), ...(a.builtin ? { builtin: true } : {}) });
      if (!a.builtin) attrKinds.set(a.name, [...(attrKinds.get(a.name) ?? []), e.name]);
    }
    // Lowering lists the built-ins; a hand-made Program might not.
    for (const b of DEFAULT_BUILTINS)
      if (!fields.has(b.name)) fields.set(b.name, b.name === '数量' && e.unit ? { ...b, type: { kind: 'num', unit: e.unit } } : b);
    kinds.set(e.name, { spec: e, fields });
  }
  m = {
    program,
    inputs: new Map(program.inputs.map((i) => [i.name, fieldOf(i)])),
    params: new Map(program.params.map((i) => [i.name, fieldOf(i)])),
    kinds,
    attrKinds,
    builtins: new Map(DEFAULT_BUILTINS.map((b) => [b.name, b])),
    checklist: checklistItems(program),
  };
  cache.set(program, m);
  return m;
}

// ── suggestions ─────────────────────────────────────────────────────────────

function distance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/**
 * The declared name closest to a mistyped one, if close enough to be a likely typo: at most a
 * third of the characters differ, or one name contains the other (持证率 / 执法人员持证率).
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const n = [...name].length;
  for (const c of candidates) {
    const d = distance(name, c);
    const len = Math.max(n, [...c].length);
    const close = d <= Math.max(1, Math.floor(len / 3)) || (n >= 2 && (c.includes(name) || name.includes(c)));
    if (close && d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** ，是否应为“x”？ — or nothing when no declared name is close. */
export function suggestion(name: string, candidates: Iterable<string>): string {
  const s = nearest(name, candidates);
  return s ? `，是否应为“${s}”？` : '';
}

// ── checklist item numbers ──────────────────────────────────────────────────

/** 第１６项 → 16, 九.(一).3 → 九.（一）.3: the spellings people use for the same item. */
export function normalizeItemKey(key: string | number): string {
  return String(key)
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/[．。]/g, '.')
    .replace(/^第\s*/, '')
    .replace(/\s*项$/, '');
}

export type ItemLookup = { id: string } | { error: 'unknown' } | { error: 'ambiguous'; ids: string[] };

/** An item by full id (九.（一）.3) or, when unique, by its number (16). */
export function lookupItem(items: ChecklistItem[], key: string | number): ItemLookup {
  const k = normalizeItemKey(key);
  const byId = items.find((i) => i.id === k);
  if (byId) return { id: byId.id };
  const byNumber = items.filter((i) => i.number === k);
  if (byNumber.length === 1) return { id: byNumber[0]!.id };
  if (byNumber.length > 1) return { error: 'ambiguous', ids: byNumber.map((i) => i.id) };
  return { error: 'unknown' };
}
