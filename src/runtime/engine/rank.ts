/**
 * Ranking with a declared tie rule (R22). Equal values share the best rank of their block
 * ("1224"); 并列按【x】 breaks ties by a second value first. Rank tables turn a rank into an
 * amount, listed or in equal steps, averaging a tied block's amounts under 并列取平均.
 */
import { Rational } from '../rational.js';

export interface RankInput<K> {
  key: K;
  /** For a stable order among exact ties: the object's name. */
  name: string;
  value: Rational;
  tiebreak?: Rational;
}

export interface RankOutput<K> {
  key: K;
  name: string;
  value: Rational;
  rank: number;
  /** How many share this rank. */
  tied: number;
}

/**
 * A double that orders like the value: n/d correctly rounded is monotonic, so when both values
 * have n and d exact in doubles, different doubles mean different values in the same order
 * (equal doubles are compared exactly). NaN when n or d is too large.
 */
function approx(v: Rational): number {
  const n = v.n;
  const d = v.d;
  if (d > 9007199254740991n || n > 9007199254740991n || n < -9007199254740991n) return Number.NaN;
  return Number(n) / Number(d);
}

/**
 * Ranks in order, best first. Exact ties (equal values and tiebreaks) share a rank and are listed
 * by name, or with `byName` false in the order given (when only the ranks are used).
 */
export function rankValues<K>(items: RankInput<K>[], order: 'desc' | 'asc', tiebreakOrder?: 'desc' | 'asc', byName = true): RankOutput<K>[] {
  const dir = order === 'desc' ? -1 : 1;
  const tdir = tiebreakOrder === 'asc' ? 1 : -1;
  const sameRank = (a: RankInput<K>, b: RankInput<K>) =>
    a.value.eq(b.value) && (!tiebreakOrder || (a.tiebreak ?? Rational.ZERO).eq(b.tiebreak ?? Rational.ZERO));
  const keys = new Float64Array(items.length);
  const idx: number[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    keys[i] = approx(items[i]!.value);
    idx[i] = i;
  }
  idx.sort((i, j) => {
    const a = items[i]!;
    const b = items[j]!;
    const x = keys[i]!;
    const y = keys[j]!;
    const c = (x < y ? -1 : x > y ? 1 : a.value.cmp(b.value)) * dir;
    if (c) return c;
    if (tiebreakOrder) {
      const t = (a.tiebreak ?? Rational.ZERO).cmp(b.tiebreak ?? Rational.ZERO) * tdir;
      if (t) return t;
    }
    return byName ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : i - j;
  });
  const sorted: RankInput<K>[] = new Array(items.length);
  for (let i = 0; i < idx.length; i++) sorted[i] = items[idx[i]!]!;
  const out: RankOutput<K>[] = new Array(sorted.length);
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    while (j < sorted.length && sameRank(sorted[i]!, sorted[j]!)) j++;
    for (let k = i; k < j; k++) {
      const it = sorted[k]!;
      out[k] = { key: it.key, name: it.name, value: it.value, rank: i + 1, tied: j - i };
    }
    i = j;
  }
  return out;
}

export interface RankTable {
  from: number;
  /** Resolved: 末名 is the number ranked. */
  to: number;
  amounts: { list: string[] } | { from: string; to: string };
}

export function amountAtRank(t: RankTable, r: number): Rational {
  if (r < t.from || r > t.to) return Rational.ZERO;
  if ('list' in t.amounts) return Rational.of(t.amounts.list[r - t.from] ?? '0');
  const a = Rational.of(t.amounts.from);
  const b = Rational.of(t.amounts.to);
  if (t.to === t.from) return a;
  // Equal steps from the first rank's amount to the last's, exactly.
  return a.add(
    b
      .sub(a)
      .mul(Rational.of(r - t.from))
      .div(Rational.of(t.to - t.from)),
  );
}

export function rankTableAmount(t: RankTable, rank: number, tied: number, tie: 'high' | 'average' | 'by'): Rational {
  if (tie !== 'average' || tied <= 1) return amountAtRank(t, rank);
  let sum = Rational.ZERO;
  for (let r = rank; r < rank + tied; r++) sum = sum.add(amountAtRank(t, r));
  return sum.div(Rational.of(tied));
}
