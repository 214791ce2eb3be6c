import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/runtime/rational.js';
import { amountAtRank, rankTableAmount, rankValues, type RankInput } from '../../src/runtime/engine/rank.js';

const R = (x: string | number) => Rational.of(x);
const item = (key: number, name: string, value: string, tiebreak?: string): RankInput<number> =>
  tiebreak === undefined ? { key, name, value: R(value) } : { key, name, value: R(value), tiebreak: R(tiebreak) };

describe('rankValues (R22)', () => {
  // 乙 and 丙 tie at 90: both rank 2, the next is rank 4 ("1224"). In code-unit order
  // 丙 (U+4E19) comes before 乙 (U+4E59); in the input 乙 comes first.
  const items = [item(0, '乙', '90'), item(1, '甲', '95'), item(2, '丁', '80'), item(3, '丙', '90')];
  const rows = (byName?: boolean) => rankValues(items, 'desc', undefined, byName).map((x) => [x.name, x.rank, x.tied]);

  it('gives a tied block the best rank of the block and skips the ranks it takes; ties listed by name', () => {
    expect(rows()).toEqual([
      ['甲', 1, 1],
      ['丙', 2, 2],
      ['乙', 2, 2],
      ['丁', 4, 1],
    ]);
  });

  it('without byName lists ties in input order, with the same ranks', () => {
    expect(rows(false)).toEqual([
      ['甲', 1, 1],
      ['乙', 2, 2],
      ['丙', 2, 2],
      ['丁', 4, 1],
    ]);
  });

  it('ascending order ranks the smallest first', () => {
    expect(rankValues(items, 'asc').map((x) => [x.name, x.rank])).toEqual([
      ['丁', 1],
      ['丙', 2],
      ['乙', 2],
      ['甲', 4],
    ]);
  });

  it('并列按【x】: a second value breaks the tie; equal on both stays tied', () => {
    const withTb = [item(0, '乙', '90', '3'), item(1, '甲', '90', '5'), item(2, '丙', '90', '3')];
    expect(rankValues(withTb, 'desc', 'desc').map((x) => [x.name, x.rank, x.tied])).toEqual([
      ['甲', 1, 1],
      ['丙', 2, 2],
      ['乙', 2, 2],
    ]);
  });

  it('orders values that differ beyond double precision exactly', () => {
    // 1/3 and 6004799503160661/18014398509481984 round to the same double but differ.
    const third = Rational.fraction(1n, 3n);
    const near = Rational.fraction(6004799503160661n, 18014398509481984n);
    expect(third.toNumber()).toBe(near.toNumber());
    const r = rankValues(
      [
        { key: 0, name: 'a', value: near },
        { key: 1, name: 'b', value: third },
      ],
      'desc',
    );
    expect(r.map((x) => [x.name, x.rank])).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
  });
});

describe('rank tables', () => {
  // 第1-6名分别加1.2-0.2分: equal steps of (0.2 − 1.2) / 5 = −0.2 → 1.2, 1.0, 0.8, 0.6, 0.4, 0.2.
  const table = { from: 1, to: 6, amounts: { from: '1.2', to: '0.2' } };

  it('steps evenly from the first amount to the last, exactly', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((r) => amountAtRank(table, r).toString())).toEqual(['1.2', '1', '0.8', '0.6', '0.4', '0.2', '0']);
  });

  it('a listed table reads its amounts by rank', () => {
    const listed = { from: 1, to: 3, amounts: { list: ['3', '2', '1'] } };
    expect([1, 2, 3, 4].map((r) => amountAtRank(listed, r).toString())).toEqual(['3', '2', '1', '0']);
  });

  it('并列取平均 averages the amounts of the ranks a tied block takes; 并列取高 gives each the best', () => {
    // Ranks 2 and 3 tied: (1.0 + 0.8) / 2 = 0.9. Ranks 6 and 7 tied: (0.2 + 0) / 2 = 0.1.
    expect(rankTableAmount(table, 2, 2, 'average').toString()).toBe('0.9');
    expect(rankTableAmount(table, 6, 2, 'average').toString()).toBe('0.1');
    expect(rankTableAmount(table, 2, 2, 'high').toString()).toBe('1');
  });
});
