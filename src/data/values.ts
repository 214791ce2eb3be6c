/**
 * One raw value (from YAML, JSON, a CSV cell or an NDJSON record) to a typed Scalar, by the
 * field's declared type. Returns either the value or what was expected; the caller adds where.
 */
import { parseDate } from '../runtime/calendar.js';
import type { Scalar } from '../runtime/model.js';
import type { ValueSpec } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';
import { quoted, shown, type DataCode } from './errors.js';
import type { Field } from './fields.js';

export type Coerced = { ok: true; value: Scalar | undefined } | { ok: false; code: DataCode; text: string };

/** The words that mean "explicitly not provided"; null and an empty cell mean the same. */
export const MISSING_WORD = '未提供';

/** Whether String.prototype.trim might remove this character (control characters included). */
function maySpace(c: number): boolean {
  if (c <= 32) return true;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

export function isMissing(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw !== 'string') return false;
  // Nothing to trim (the usual case): no new string.
  if (raw.length > 0 && !maySpace(raw.charCodeAt(0)) && !maySpace(raw.charCodeAt(raw.length - 1))) return raw === MISSING_WORD;
  const t = raw.trim();
  return t === '' || t === MISSING_WORD;
}

/**
 * Dates and decimal numbers repeat from record to record (a year has 365 days): each is parsed
 * once. Bounded, so memory stays flat; Rationals are immutable, so one may be shared.
 */
class Memo<T> {
  private map = new Map<string, T>();
  constructor(private parse: (s: string) => T) {}
  get(s: string): T {
    let v = this.map.get(s);
    if (v === undefined) {
      v = this.parse(s);
      if (this.map.size >= 4096) this.map.clear();
      this.map.set(s, v);
    }
    return v;
  }
}

const dates = new Memo(parseDate);
const decimals = new Memo((s) => Rational.of(s));

const TRUE_WORDS = new Set(['是', 'true', 'TRUE', 'True']);
const FALSE_WORDS = new Set(['否', 'false', 'FALSE', 'False']);
export const BOOL_WORDS = [...TRUE_WORDS, ...FALSE_WORDS];

/** A decimal number and what follows it: "14件" → ["14", "件"]. */
const NUMBER_TEXT = /^([+-]?\d+(?:\.\d+)?)\s*(.*)$/s;

/** What a value of this type looks like, as the first half of a message. */
export function expectation(t: ValueSpec): string {
  switch (t.kind) {
    case 'num':
      if (t.percent) return '应为百分比（如 92.5% 或 92.5）';
      return t.unit ? `应为数值（单位：${t.unit}，如 14 或 14${t.unit}）` : '应为数值（如 3 或 2.5）';
    case 'bool':
      return '应为“是”或“否”';
    case 'choice':
      return `应为以下选项之一：${quoted(t.options ?? [], 50)}`;
    case 'date':
      return '应为日期（如 2023-01-05、2023/1/5 或 2023年1月5日）';
    case 'text':
      return '应为文本';
    case 'subject':
      return '应为考核对象的名称';
  }
}

function fail(code: DataCode, t: ValueSpec, raw: unknown, extra = ''): Coerced {
  return { ok: false, code, text: `${expectation(t)}，实际为${shown(raw)}${extra}` };
}

function number(raw: unknown, t: ValueSpec): Coerced {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail('D2003', t, raw);
    const r = Rational.of(raw);
    return { ok: true, value: t.percent ? r.div(100) : r };
  }
  if (typeof raw !== 'string') return fail('D2003', t, raw);
  const m = NUMBER_TEXT.exec(raw.trim());
  if (!m) return fail('D2003', t, raw);
  const suffix = m[2]!;
  if (t.percent) {
    if (suffix !== '' && suffix !== '%' && suffix !== '％') return fail('D2003', t, raw);
    return { ok: true, value: decimals.get(m[1]!).div(100) };
  }
  if (suffix !== '' && suffix !== t.unit) {
    const why = t.unit ? `（单位应为“${t.unit}”）` : '（不带单位）';
    return fail('D2003', t, raw, why);
  }
  return { ok: true, value: decimals.get(m[1]!) };
}

/** A bound as the reader wrote it in the rubric: 0.8 of a percentage → 80%. */
function bound(x: string, t: ValueSpec): string {
  return t.percent ? `${Rational.of(x).mul(100).toString()}%` : `${x}${t.unit ?? ''}`;
}

export function coerce(raw: unknown, f: Field): Coerced {
  if (isMissing(raw)) return { ok: true, value: undefined };
  const t = f.type;
  switch (t.kind) {
    case 'num': {
      const r = number(raw, t);
      if (r.ok && f.range && r.value instanceof Rational) {
        const [lo, hi] = f.range;
        if (r.value.lt(lo) || r.value.gt(hi)) {
          return { ok: false, code: 'D2006', text: `应在${bound(lo, t)}至${bound(hi, t)}之间（含两端），实际为${shown(raw)}` };
        }
      }
      return r;
    }
    case 'bool':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (typeof raw === 'string' && TRUE_WORDS.has(raw.trim())) return { ok: true, value: true };
      if (typeof raw === 'string' && FALSE_WORDS.has(raw.trim())) return { ok: true, value: false };
      return fail('D2003', t, raw);
    case 'choice':
      if (typeof raw === 'string' && (t.options ?? []).includes(raw)) return { ok: true, value: raw };
      return fail(typeof raw === 'string' || typeof raw === 'number' ? 'D2004' : 'D2003', t, raw);
    case 'date': {
      if (typeof raw !== 'string') return fail('D2007', t, raw);
      try {
        return { ok: true, value: dates.get(raw) };
      } catch {
        const impossible = /^\s*[0-9０-９]{4}\s*[-/.年]/.test(raw) ? '（不存在的日期）' : '';
        return fail('D2007', t, raw, impossible);
      }
    }
    case 'text':
    case 'subject':
      if (typeof raw === 'string') return { ok: true, value: raw.trim() };
      if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: String(raw) };
      return fail('D2003', t, raw);
  }
}
