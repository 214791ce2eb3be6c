/**
 * Data errors: stable codes, a collector that keeps every problem of a run (up to a limit), and
 * the one error thrown with all of them. Messages are Chinese and always name the file, the row
 * or line (or JSON path), the field, what was expected and what was found (docs/data.md).
 */
import { describeSource, ScoringError, type DataProblem } from '../runtime/errors.js';
import type { SourceRef } from '../runtime/model.js';

/** Codes of data-file problems, with the short Chinese name docs/data.md lists. */
export const DATA_CODES = {
  D2001: '数据文件格式错误',
  D2002: '未声明的字段',
  D2003: '取值类型不符',
  D2004: '取值不在选项中',
  D2005: '考核对象重复',
  D2006: '取值超出声明的范围',
  D2007: '日期无效',
  D2008: '事件属性未在该事件类型中声明',
  D2009: '事件缺少类型',
  D2010: '达标项目编号不存在或有歧义',
  D2011: '对象缺少名称',
  D2012: '前后数据矛盾',
  D2099: '错误过多，其余未列出',
} as const;

export type DataCode = keyof typeof DATA_CODES;

/**
 * Thrown by the readers with every problem found. A `ScoringError` (same shape: `problems`), so
 * code that reports scoring errors reports data errors the same way.
 */
export class DataError extends ScoringError {
  constructor(problems: DataProblem[]) {
    super(problems);
    this.name = 'DataError';
  }
}

/** How a found value is shown in a message: text in quotes, numbers and booleans bare. */
export function shown(v: unknown): string {
  if (v === undefined) return '空';
  if (v === null) return 'null';
  if (typeof v === 'string') return `“${v.length > 60 ? v.slice(0, 60) + '…' : v}”`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '一个列表';
  if (typeof v === 'object') return '一个键值映射';
  return String(v);
}

/** A list of names for a message: “甲”“乙”“丙”. */
export function quoted(names: readonly string[], max = 12): string {
  const list = names
    .slice(0, max)
    .map((n) => `“${n}”`)
    .join('');
  return names.length > max ? `${list}等${names.length}项` : list;
}

export const DEFAULT_MAX_PROBLEMS = 100;

/** Stops the reading: the limit was reached. Caught by the readers, never seen outside. */
export class TooManyProblems extends Error {}

/**
 * Collects problems in the order they are found. At the limit it adds one D2099 note and throws
 * `TooManyProblems`, because past a hundred errors the rest are usually the same mistake.
 */
export class Problems {
  readonly list: DataProblem[] = [];
  constructor(readonly max = DEFAULT_MAX_PROBLEMS) {}

  get count(): number {
    return this.list.length;
  }

  /** `where` names file, line/row and field path; the message is `where：text`. */
  add(code: DataCode, where: SourceRef, text: string, object?: string): void {
    const place = describeSource(where);
    this.list.push({ code, message: place ? `${place}：${text}` : text, source: where, ...(object !== undefined ? { object } : {}) });
    if (this.list.length >= this.max) {
      this.list.push({ code: 'D2099', message: `错误已达${this.max}条，停止读取，其余未列出；请先改正以上错误` });
      throw new TooManyProblems();
    }
  }

  /** Throws every problem collected so far as one DataError. */
  throwIfAny(): void {
    if (this.list.length) throw new DataError(this.list.slice());
  }
}

/** A source with a field path appended: 对象[0] + 持证率 → 对象[0].持证率. */
export function at(src: SourceRef, field?: string | number, line?: number): SourceRef {
  const ref: SourceRef = { ...src };
  if (line !== undefined) ref.line = line;
  if (field !== undefined) {
    const seg = typeof field === 'number' ? `[${field}]` : field;
    ref.path = src.path ? (typeof field === 'number' ? `${src.path}${seg}` : `${src.path}.${seg}`) : String(seg);
  }
  return ref;
}
