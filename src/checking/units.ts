/**
 * Dimensions for R40. A dimension maps base units to exponents: 分/件 is {分: 1, 件: -1}, so
 * 扣1分/件 × 3件 = 3分 falls out of the arithmetic, and 分 + 件 is a mismatch. Percentages are
 * dimensionless (90% is 0.9), as is a ratio of two like quantities (人 ÷ 人).
 */
export type Dim = Readonly<Record<string, number>>;

export const DIMENSIONLESS: Dim = Object.freeze({});
export const POINTS: Dim = Object.freeze({ 分: 1 });

export function unitDim(word: string): Dim {
  return { [normalizeUnit(word)]: 1 };
}

/** 个工作日 is 工作日; 个月 stays a unit of its own. */
export function normalizeUnit(word: string): string {
  return word === '个工作日' ? '工作日' : word;
}

function combine(a: Dim, b: Dim, sign: 1 | -1): Dim {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const e = (out[k] ?? 0) + sign * v;
    if (e === 0) delete out[k];
    else out[k] = e;
  }
  return out;
}

export function mulDim(a: Dim, b: Dim): Dim {
  return combine(a, b, 1);
}

export function divDim(a: Dim, b: Dim): Dim {
  return combine(a, b, -1);
}

export function sameDim(a: Dim, b: Dim): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}

export function isDimensionless(d: Dim): boolean {
  return Object.keys(d).length === 0;
}

/** A count: exactly one measure word to the first power (件, 人次), not 分. */
export function countUnit(d: Dim): string | undefined {
  const keys = Object.keys(d);
  if (keys.length === 1 && d[keys[0]!] === 1 && keys[0] !== '分') return keys[0];
  return undefined;
}

/** How a dimension is written back to the reader: 分, 件, 分/件, 件/人, 数值. */
export function formatDim(d: Dim): string {
  const num: string[] = [];
  const den: string[] = [];
  for (const [k, v] of Object.entries(d).sort(([a], [b]) => (a === '分' ? -1 : b === '分' ? 1 : a.localeCompare(b)))) {
    const part = Math.abs(v) === 1 ? k : `${k}^${Math.abs(v)}`;
    (v > 0 ? num : den).push(part);
  }
  if (!num.length && !den.length) return '无单位的数值';
  return `${num.join('·') || '1'}${den.length ? `/${den.join('·')}` : ''}`;
}
