/** The types of values in a rubric: quantities with dimensions, yes/no, choices, dates, text. */
import type * as A from '../syntax/ast.js';
import { DIMENSIONLESS, formatDim, POINTS, unitDim, divDim, type Dim } from './units.js';

export type ValueType =
  | { kind: 'num'; dim: Dim; percent?: boolean }
  | { kind: 'bool' }
  | { kind: 'choice'; options: string[] }
  | { kind: 'date' }
  | { kind: 'text' }
  | { kind: 'subject' }
  /** After an error: accepted everywhere so one mistake does not cascade. */
  | { kind: 'unknown' };

export const UNKNOWN: ValueType = { kind: 'unknown' };
export const BOOL: ValueType = { kind: 'bool' };
export const DATE: ValueType = { kind: 'date' };
export const TEXT: ValueType = { kind: 'text' };
export const SUBJECT: ValueType = { kind: 'subject' };
export const POINTS_T: ValueType = { kind: 'num', dim: POINTS };
export const NUMBER_T: ValueType = { kind: 'num', dim: DIMENSIONLESS };
export const PERCENT_T: ValueType = { kind: 'num', dim: DIMENSIONLESS, percent: true };

export function num(dim: Dim): ValueType {
  return { kind: 'num', dim };
}

export function fromTypeSpec(t: A.TypeSpec | undefined): ValueType {
  if (!t) return UNKNOWN;
  switch (t.kind) {
    case 'Points':
      return POINTS_T;
    case 'Quantity':
      return num(t.per ? divDim(unitDim(t.unit.word), unitDim(t.per.word)) : unitDim(t.unit.word));
    case 'Percent':
      return PERCENT_T;
    case 'Bool':
      return BOOL;
    case 'Choice':
      return { kind: 'choice', options: t.options.map((o) => o.value) };
    case 'Date':
      return DATE;
    case 'Text':
      return TEXT;
    case 'Number':
      return NUMBER_T;
    case 'Subject':
      return SUBJECT;
  }
}

export function formatType(t: ValueType): string {
  switch (t.kind) {
    case 'num':
      return t.percent ? '百分比' : formatDim(t.dim);
    case 'bool':
      return '“是/否”值';
    case 'choice':
      return `选项${t.options.map((o) => `“${o}”`).join('')}`;
    case 'date':
      return '日期';
    case 'text':
      return '文本';
    case 'subject':
      return '对象';
    case 'unknown':
      return '未知';
  }
}
