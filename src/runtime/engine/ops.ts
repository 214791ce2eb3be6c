/**
 * Value operations shared by compiled modules and the interpreter, so both give the same
 * result to the last digit: exact arithmetic on Rational, comparisons with the rubric's meaning,
 * dates and working days.
 */
import { addDays, addWorkdays } from '../calendar.js';
import type { Scalar } from '../model.js';
import type { CmpOp } from '../program.js';
import { DivisionByZeroError, Rational } from '../rational.js';

export type Value = Scalar;

function num(v: Value, what: string): Rational {
  if (v instanceof Rational) return v;
  throw new TypeError(`${what}：不是数值（${String(v)}）`);
}

export const add = (a: Value, b: Value): Rational => num(a, '加法').add(num(b, '加法'));
export const sub = (a: Value, b: Value): Rational => num(a, '减法').sub(num(b, '减法'));
export const mul = (a: Value, b: Value): Rational => num(a, '乘法').mul(num(b, '乘法'));
export const neg = (a: Value): Rational => num(a, '取负').neg();

export class ZeroDivision extends Error {}

export function div(a: Value, b: Value): Rational {
  try {
    return num(a, '除法').div(num(b, '除法'));
  } catch (e) {
    if (e instanceof DivisionByZeroError) throw new ZeroDivision('除数为零');
    throw e;
  }
}

function compare(a: Value, b: Value): number {
  if (a instanceof Rational && b instanceof Rational) return a.cmp(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return Number.NaN;
}

/** `b` has several values only for 为“甲”、“乙”: true when any matches (and != when none does). */
export function cmp(op: CmpOp, a: Value, bs: readonly Value[]): boolean {
  if (op === '==') return bs.some((b) => compare(a, b) === 0);
  if (op === '!=') return bs.every((b) => compare(a, b) !== 0);
  const c = compare(a, bs[0]!);
  if (Number.isNaN(c)) return false;
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

/** Comparisons with one value: the same as cmp(op, a, [b]), without the list. */
export const eq = (a: Value, b: Value): boolean => compare(a, b) === 0;
export const ne = (a: Value, b: Value): boolean => compare(a, b) !== 0;
export const lt = (a: Value, b: Value): boolean => compare(a, b) < 0;
export const le = (a: Value, b: Value): boolean => compare(a, b) <= 0;
export const gt = (a: Value, b: Value): boolean => compare(a, b) > 0;
export const ge = (a: Value, b: Value): boolean => compare(a, b) >= 0;

/** Comparison with a text or yes/no constant b: equal only to itself (the same as cmp('==', a, [b])). */
export const is = (a: Value, b: string | boolean): boolean => a === b;
export const isNot = (a: Value, b: string | boolean): boolean => a !== b;

/** A bare value as a condition: yes/no as is, a quantity when above zero. */
export function truthy(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (v instanceof Rational) return v.sign() > 0;
  return v !== '';
}

export function dateAdd(date: Value, days: string, workdays: boolean): string {
  if (typeof date !== 'string') throw new TypeError('日期计算：不是日期');
  const n = Number(days);
  return workdays ? addWorkdays(date, n) : addDays(date, n);
}

export function fmt(v: Value): string {
  if (v instanceof Rational) return v.toString();
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v;
}
