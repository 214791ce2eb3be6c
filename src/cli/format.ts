/** How results print: exact decimals, and a short form for values that do not terminate. */
import { Rational } from '../runtime/rational.js';

/** Exact when the decimal terminates; else four decimals marked with … (JSON keeps the fraction). */
export function shortNumber(v: string): string {
  if (!v.includes('/')) return v;
  return `${Rational.of(v).toFixed(4)}…`;
}
