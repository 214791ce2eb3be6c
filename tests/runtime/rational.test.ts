import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DivisionByZeroError, Rational, type RoundMode } from '../../src/runtime/rational.js';

const R = (x: string | number | bigint) => Rational.of(x);
const MODES: RoundMode[] = ['half-up', 'up', 'down', 'half-even'];

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Normalised: d > 0, gcd(n, d) = 1, zero is 0/1. */
function expectNormalised(x: Rational): void {
  expect(x.d > 0n).toBe(true);
  expect(gcd(x.n, x.d)).toBe(1n);
  if (x.n === 0n) expect(x.d).toBe(1n);
}

describe('Rational: construction and parsing', () => {
  it('normalises', () => {
    expect(R('-2/4')).toMatchObject({ n: -1n, d: 2n });
    expect(R('6/3')).toMatchObject({ n: 2n, d: 1n });
    expect(R('0/7')).toBe(Rational.ZERO);
    expect(R('-0')).toBe(Rational.ZERO);
    expect(R(-0)).toBe(Rational.ZERO);
    expect(Rational.fraction(3n, -6n)).toMatchObject({ n: -1n, d: 2n });
    expect(Rational.ONE).toMatchObject({ n: 1n, d: 1n });
  });

  it('reads decimal, signed, fraction and exponent text exactly', () => {
    expect(R('12')).toMatchObject({ n: 12n, d: 1n });
    expect(R('+3')).toMatchObject({ n: 3n, d: 1n });
    expect(R('-0.5')).toMatchObject({ n: -1n, d: 2n });
    expect(R('1.25')).toMatchObject({ n: 5n, d: 4n }); // 125/100
    expect(R('007.50')).toMatchObject({ n: 15n, d: 2n });
    expect(R('1/3')).toMatchObject({ n: 1n, d: 3n });
    expect(R('1e-3')).toMatchObject({ n: 1n, d: 1000n });
    expect(R('2.5E+2')).toMatchObject({ n: 250n, d: 1n });
    expect(R('  42 ')).toMatchObject({ n: 42n, d: 1n });
    expect(R(7n)).toMatchObject({ n: 7n, d: 1n });
    const third = R('1/3');
    expect(Rational.of(third)).toBe(third);
  });

  it('reads numbers through their shortest decimal text', () => {
    expect(R(0.1)).toMatchObject({ n: 1n, d: 10n }); // String(0.1) = "0.1", not 3602879701896397/2^55
    expect(R(0.6)).toMatchObject({ n: 3n, d: 5n });
    expect(R(-2.25)).toMatchObject({ n: -9n, d: 4n });
    expect(R(1e-7)).toMatchObject({ n: 1n, d: 10_000_000n }); // String(1e-7) = "1e-7"
    expect(R(1e21)).toMatchObject({ n: 10n ** 21n, d: 1n }); // String(1e21) = "1e+21"
    expect(R(2 ** 60)).toMatchObject({ n: 1152921504606847000n, d: 1n }); // shortest text, by design
    expect(R(0.1 + 0.2).toString()).toBe('0.30000000000000004'); // the float sum is not 0.3
  });

  it('rejects what it does not accept, with RangeError', () => {
    for (const bad of ['', ' ', 'abc', '.5', '5.', '1,000', '90%', '1 / 3', '1/-3', '0x10', '１２', '1e', '--1', '1..2', 'NaN', 'Infinity', '1/3/4', '2/3.0']) {
      expect(() => R(bad), JSON.stringify(bad)).toThrow(RangeError);
    }
    expect(() => R('1e1001')).toThrow(/指数/); // exponent bound keeps "1e999999999" from allocating a huge bigint
    expect(() => R(NaN)).toThrow(RangeError);
    expect(() => R(Infinity)).toThrow(RangeError);
    expect(() => R(-Infinity)).toThrow(RangeError);
    expect(() => R('1/0')).toThrow(DivisionByZeroError);
    expect(() => Rational.fraction(1n, 0n)).toThrow(DivisionByZeroError);
    expect(() => Rational.of({} as unknown as string)).toThrow(TypeError);
  });

  it('fromPercent', () => {
    expect(Rational.fromPercent('90').eq(R('9/10'))).toBe(true);
    expect(Rational.fromPercent(90).eq(R('0.9'))).toBe(true);
    expect(Rational.fromPercent('12.5').eq(R('1/8'))).toBe(true); // 12.5/100 = 125/1000 = 1/8
    expect(Rational.fromPercent('85%').eq(R('0.85'))).toBe(true);
    expect(Rational.fromPercent('100').eq(Rational.ONE)).toBe(true);
    expect(Rational.fromPercent(0.5).eq(R('1/200'))).toBe(true);
    expect(() => Rational.fromPercent('abc')).toThrow(RangeError);
  });

  it('accepts a Rational-shaped object from another copy of the module', () => {
    expect(Rational.of({ n: 2n, d: 4n } as unknown as Rational).eq(R('1/2'))).toBe(true);
  });
});

describe('Rational: exact arithmetic', () => {
  it('0.1 + 0.2 = 0.3', () => {
    // 1/10 + 2/10 = 3/10 (equal denominators)
    const s = R('0.1').add(R('0.2'));
    expect(s.eq(R('0.3'))).toBe(true);
    expect(s.toString()).toBe('0.3');
    expect(R(0.1).add(0.2).toString()).toBe('0.3'); // numbers are read as their text
  });

  it('1/3 × 3 = 1', () => {
    const x = R('1/3').mul(3);
    expect(x).toMatchObject({ n: 1n, d: 1n });
    expect(R(1).div(3).mul(3).eq(1)).toBe(true);
  });

  it('satisfaction formula (满意×1 + 基本满意×0.6) ÷ 总票数 × 30 stays exact', () => {
    // 40 × 0.6 = 24; 300 × 1 + 24 = 324; 324 / 350 = 162/175; × 30 = 4860/175 = 972/35
    // 972/35 = 27.7714285714… (35 = 5·7 does not terminate)
    const score = R(300).mul(1).add(R(40).mul('0.6')).div(350).mul(30);
    expect(score).toMatchObject({ n: 972n, d: 35n });
    expect(score.isTerminating()).toBe(false);
    expect(score.toString()).toBe('972/35');
    expect(score.toFixed(2)).toBe('27.77');
    expect(score.round(1).toString()).toBe('27.8');
    expect(() => score.toDecimal()).toThrow(RangeError);
    // the same with JavaScript numbers is not exact: (300 + 40*0.6) / 350 * 30 = 27.771428571428572
  });

  it('add / sub / mul / div / neg / abs / inverse', () => {
    expect(R('0.5').add('1.2').toString()).toBe('1.7'); // 1/2 + 6/5 = 5/10 + 12/10 = 17/10
    expect(R('2.25').add('30').toString()).toBe('32.25'); // integer fast path: 9/4 + 120/4
    expect(R('1/6').add('1/10').toString()).toBe('4/15'); // gcd(6,10)=2: (5 + 3)/30 = 8/30 = 4/15
    expect(R('1/4').add('1/4').toString()).toBe('0.5'); // equal denominators, reduced: 2/4 = 1/2
    expect(R('1/6').add('-1/6')).toBe(Rational.ZERO);
    expect(R('1/6').add('5/6')).toMatchObject({ n: 1n, d: 1n });
    expect(R('1/6').sub('1/3').toString()).toBe('-1/6');
    expect(R('1.2').mul('2.25').toString()).toBe('2.7'); // 6/5 × 9/4 = 54/20 = 27/10
    expect(R('0.5').mul(30).toString()).toBe('15');
    expect(R('30').div('2.25').toString()).toBe('40/3'); // 30 × 4/9 = 120/9 = 40/3
    expect(R('1').div('-0.5').toString()).toBe('-2');
    expect(R('-3/4').div('-3/8').toString()).toBe('2');
    expect(R('-3/4').neg().toString()).toBe('0.75');
    expect(R('-3/4').abs().toString()).toBe('0.75');
    expect(Rational.ZERO.neg()).toBe(Rational.ZERO);
    expect(R('-3/4').inverse().toString()).toBe('-4/3');
    expect(R('5').inverse().toString()).toBe('0.2');
  });

  it('division by zero throws DivisionByZeroError (a RangeError)', () => {
    expect(() => R(1).div(0)).toThrow(DivisionByZeroError);
    expect(() => R(1).div(Rational.ZERO)).toThrow(RangeError);
    expect(() => Rational.ZERO.inverse()).toThrow(DivisionByZeroError);
    const e = (() => {
      try {
        R(1).div(0);
      } catch (err) {
        return err;
      }
    })();
    expect((e as Error).name).toBe('DivisionByZeroError');
  });

  it('comparison, min, max, sum', () => {
    expect(R('1/3').cmp('0.33')).toBe(1);
    expect(R('-1/3').cmp('-0.33')).toBe(-1);
    expect(R('2/4').cmp('0.5')).toBe(0);
    expect(R('0.5').lt('0.6') && R('0.5').le('0.5') && R('0.6').gt('0.5') && R('0.5').ge('1/2')).toBe(true);
    expect(R('0.5').eq(0.5)).toBe(true);
    expect(R('-1').sign()).toBe(-1);
    expect(Rational.ZERO.sign()).toBe(0);
    expect(R('1e-30').sign()).toBe(1);
    expect(R('0').isZero() && R('4/2').isInteger() && !R('1/2').isInteger()).toBe(true);
    expect(Rational.min(R(3), R('1/2'), R('-2/3')).toString()).toBe('-2/3');
    expect(Rational.max(R(3), R('1/2'), R('10/3')).toString()).toBe('10/3');
    expect(() => Rational.min()).toThrow(RangeError);
    expect(() => Rational.max()).toThrow(RangeError);
    expect(Rational.sum([])).toBe(Rational.ZERO);
    // 0.5 + 1.2 + 2.25 + 30 = 33.95
    expect(Rational.sum(['0.5', '1.2', '2.25', '30'].map(R)).toString()).toBe('33.95');
    expect(Rational.sum(new Set([R('1/3'), R('2/3')]).values()).toString()).toBe('1'); // any iterable
  });

  it('floor, ceil, trunc', () => {
    expect(R('7/2').floor().toString()).toBe('3');
    expect(R('-7/2').floor().toString()).toBe('-4');
    expect(R('7/2').ceil().toString()).toBe('4');
    expect(R('-7/2').ceil().toString()).toBe('-3');
    expect(R('7/2').trunc().toString()).toBe('3');
    expect(R('-7/2').trunc().toString()).toBe('-3');
    expect(R('-1/2').ceil()).toBe(Rational.ZERO);
    expect(R(5).floor().toString()).toBe('5');
  });
});

describe('Rational: rounding', () => {
  // value, places, expected per mode [half-up, up, down, half-even]
  const table: [string, number, [string, string, string, string]][] = [
    // 2.25 → one place: the digit after is exactly 5 (a tie); half-even keeps 2 (even)
    ['2.25', 1, ['2.3', '2.3', '2.2', '2.2']],
    ['2.25', 2, ['2.25', '2.25', '2.25', '2.25']],
    // 2.35 → tie; half-even goes to 4 (even). (As a double, 2.35 is 2.35000000000000008882…;
    // here it is exactly 47/20.)
    ['2.35', 1, ['2.4', '2.4', '2.3', '2.4']],
    ['2.35', 2, ['2.35', '2.35', '2.35', '2.35']],
    // negative: ties away from zero for half-up, up is away from zero, down toward zero
    ['-2.25', 1, ['-2.3', '-2.3', '-2.2', '-2.2']],
    ['-2.25', 2, ['-2.25', '-2.25', '-2.25', '-2.25']],
    // 0.125 → one place: remainder 0.025 < 0.05, not a tie; up still goes to 0.2
    ['0.125', 1, ['0.1', '0.2', '0.1', '0.1']],
    // 0.125 → two places: tie between 0.12 and 0.13; half-even picks 0.12 (2 is even)
    ['0.125', 2, ['0.13', '0.13', '0.12', '0.12']],
    // whole numbers: 2.5 and 3.5 are ties
    ['2.5', 0, ['3', '3', '2', '2']],
    ['3.5', 0, ['4', '4', '3', '4']],
    ['-2.5', 0, ['-3', '-3', '-2', '-2']],
    // 20/3 = 6.666…: no tie
    ['20/3', 2, ['6.67', '6.67', '6.66', '6.67']],
    // 2.675 is exact here (2675/1000), so half-up gives 2.68; JavaScript's (2.675).toFixed(2) is "2.67"
    ['2.675', 2, ['2.68', '2.68', '2.67', '2.68']],
    // just below a tie: 2.2499… is not a tie
    ['2.2499', 1, ['2.2', '2.3', '2.2', '2.2']],
    ['-1/3', 0, ['0', '-1', '0', '0']],
  ];
  for (const [x, places, expected] of table) {
    MODES.forEach((mode, i) => {
      it(`${x} to ${places} places, ${mode} → ${expected[i]}`, () => {
        const r = R(x).round(places, mode);
        expect(r.toString()).toBe(expected[i]);
        expect(r.eq(expected[i]!)).toBe(true);
      });
    });
  }

  it('defaults to half-up (四舍五入)', () => {
    expect(R('2.25').round(1).toString()).toBe('2.3');
    expect(R('2.25').toFixed(1)).toBe('2.3');
  });

  it('rejects bad places and modes', () => {
    expect(() => R(1).round(-1)).toThrow(RangeError);
    expect(() => R(1).round(1.5)).toThrow(RangeError);
    expect(() => R(1).round(NaN)).toThrow(RangeError);
    expect(() => R(1).toFixed(-2)).toThrow(RangeError);
    expect(() => R(1).round(1, 'nearest' as RoundMode)).toThrow(RangeError);
  });
});

describe('Rational: text and numbers', () => {
  it('toDecimal / toString', () => {
    expect(R('0.3').toDecimal()).toBe('0.3');
    expect(R('-12').toDecimal()).toBe('-12');
    expect(R('9/8').toDecimal()).toBe('1.125');
    expect(R('-1/8').toDecimal()).toBe('-0.125');
    expect(R('1/1024').toDecimal()).toBe('0.0009765625');
    expect(R('1e-3').toDecimal()).toBe('0.001');
    expect(R('1e21').toDecimal()).toBe('1000000000000000000000');
    expect(R('20/3').toString()).toBe('20/3');
    expect(R('-1/3').toString()).toBe('-1/3');
    expect(() => R('1/3').toDecimal()).toThrow(RangeError);
    expect(R('1/3').isTerminating()).toBe(false);
    expect(R('7/40').isTerminating()).toBe(true); // 40 = 2^3·5
    expect(String(R('0.5'))).toBe('0.5');
    expect(`${R('20/3')}分`).toBe('20/3分');
  });

  it('toFixed always writes the requested decimals', () => {
    expect(R('20/3').toFixed(2)).toBe('6.67');
    expect(R(3).toFixed(2)).toBe('3.00');
    expect(R('0.5').toFixed(0)).toBe('1'); // half-up tie away from zero
    expect(R('0.5').toFixed(0, 'half-even')).toBe('0');
    expect(R('0.05').toFixed(3)).toBe('0.050');
    expect(R('-0.001').toFixed(2)).toBe('0.00'); // rounds to zero: no "-0.00"
    expect(R('-0.005').toFixed(2)).toBe('-0.01');
    expect(R('-1/3').toFixed(3)).toBe('-0.333');
    expect(R('2/3').toFixed(0, 'down')).toBe('0');
    expect(R('2/3').toFixed(0, 'up')).toBe('1');
    expect(R('1234567.891').toFixed(1)).toBe('1234567.9');
  });

  it('toNumber and toJSON', () => {
    expect(R('1/3').toNumber()).toBe(1 / 3);
    expect(R('-2.25').toNumber()).toBe(-2.25);
    expect(R('0.1').toNumber()).toBe(0.1);
    expect(R('1/3').add(R('1e-40')).toNumber()).toBe(1 / 3);
    expect(R('1e300').mul(R('1e300')).toNumber()).toBe(Infinity);
    expect(R(Number.MAX_VALUE).toNumber()).toBe(Number.MAX_VALUE); // "1.7976931348623157e+308"
    expect(R(Number.MIN_VALUE).toNumber()).toBe(Number.MIN_VALUE); // "5e-324", a subnormal
    expect(R(-Number.MIN_VALUE).toNumber()).toBe(-Number.MIN_VALUE);
    expect(R('1e-400').toNumber()).toBe(0);
    expect(JSON.stringify({ score: R('20/3'), p: R('0.5') })).toBe('{"score":"20/3","p":"0.5"}');
  });

  it('refuses JavaScript operators, which would compare strings or make NaN', () => {
    const a = R('20/3');
    const b = R(3);
    expect(() => (a as unknown as number) + 1).toThrow(TypeError);
    expect(() => (a as unknown as number) < (b as unknown as number)).toThrow(TypeError);
  });
});

// ---- properties -----------------------------------------------------------------------------

/** Rationals with varied denominators, including decimals like 0.5, 1.2, 2.25 and integers. */
const arbRational: fc.Arbitrary<Rational> = fc.oneof(
  fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 6n })).map(([n, d]) => Rational.fraction(n, d)),
  fc.tuple(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), fc.integer({ min: 0, max: 6 })).map(([n, k]) => Rational.fraction(n, 10n ** BigInt(k))),
  fc.bigInt({ min: -1000n, max: 1000n }).map((n) => Rational.of(n)),
  fc.constantFrom(...['0', '1', '-1', '0.5', '1.2', '2.25', '30', '1/3', '0.6', '2.35', '-2.25'].map(R)),
);
const arbNonZero = arbRational.filter((x) => !x.isZero());
const arbMode = fc.constantFrom(...MODES);
const arbPlaces = fc.integer({ min: 0, max: 6 });

describe('Rational: properties', () => {
  it('results are always normalised', () => {
    fc.assert(
      fc.property(arbRational, arbNonZero, (a, b) => {
        for (const x of [a.add(b), a.sub(b), a.mul(b), a.div(b), a.neg(), a.abs(), b.inverse(), a.floor(), a.round(2)]) {
          expectNormalised(x);
        }
      }),
    );
  });

  it('field axioms', () => {
    fc.assert(
      fc.property(arbRational, arbRational, arbRational, (a, b, c) => {
        expect(a.add(b).eq(b.add(a))).toBe(true);
        expect(a.mul(b).eq(b.mul(a))).toBe(true);
        expect(
          a
            .add(b)
            .add(c)
            .eq(a.add(b.add(c))),
        ).toBe(true);
        expect(
          a
            .mul(b)
            .mul(c)
            .eq(a.mul(b.mul(c))),
        ).toBe(true);
        expect(a.mul(b.add(c)).eq(a.mul(b).add(a.mul(c)))).toBe(true);
        expect(a.add(Rational.ZERO).eq(a) && a.mul(Rational.ONE).eq(a)).toBe(true);
        expect(a.sub(a)).toBe(Rational.ZERO);
        expect(a.add(a.neg()).isZero()).toBe(true);
        expect(a.sub(b).add(b).eq(a)).toBe(true);
      }),
    );
  });

  it('a ÷ a = 1 and (a ÷ b) × b = a for non-zero divisors', () => {
    fc.assert(
      fc.property(arbRational, arbNonZero, (a, b) => {
        expect(b.div(b).eq(Rational.ONE)).toBe(true);
        expect(b.mul(b.inverse()).eq(Rational.ONE)).toBe(true);
        expect(a.div(b).mul(b).eq(a)).toBe(true);
      }),
    );
  });

  it('ordering agrees with the sign of the difference, and is total', () => {
    fc.assert(
      fc.property(arbRational, arbRational, (a, b) => {
        const c = a.cmp(b);
        expect(c).toBe(a.sub(b).sign());
        expect(b.cmp(a)).toBe(c === 0 ? 0 : -c);
        expect(a.eq(b)).toBe(c === 0);
        expect(a.lt(b)).toBe(c < 0);
        expect(a.ge(b)).toBe(c >= 0);
        expect(Rational.min(a, b).le(Rational.max(a, b))).toBe(true);
      }),
    );
  });

  it('agrees with exact cross-multiplication on the representation', () => {
    fc.assert(
      fc.property(arbRational, arbRational, (a, b) => {
        const s = a.add(b);
        expect(s.n * a.d * b.d).toBe((a.n * b.d + b.n * a.d) * s.d);
        const p = a.mul(b);
        expect(p.n * a.d * b.d).toBe(a.n * b.n * p.d);
      }),
    );
  });

  it('half-* rounding is within half a unit in the last place; up/down within one unit, on the right side', () => {
    fc.assert(
      fc.property(arbRational, arbPlaces, arbMode, (x, p, mode) => {
        const r = x.round(p, mode);
        const unit = Rational.fraction(1n, 10n ** BigInt(p));
        const err = r.sub(x).abs();
        expect(r.mul(10n ** BigInt(p)).isInteger()).toBe(true); // a multiple of the unit
        if (mode === 'half-up' || mode === 'half-even') {
          expect(err.le(unit.div(2))).toBe(true);
        } else {
          expect(err.lt(unit)).toBe(true);
          // down never moves away from zero, up never toward it
          if (mode === 'down') expect(r.abs().le(x.abs())).toBe(true);
          if (mode === 'up') expect(r.abs().ge(x.abs())).toBe(true);
          if (!r.isZero()) expect(r.sign()).toBe(x.sign());
        }
        if (err.eq(unit.div(2))) {
          // a tie: half-up goes away from zero; half-even to an even last digit
          if (mode === 'half-up') expect(r.abs().gt(x.abs())).toBe(true);
          if (mode === 'half-even') expect(r.mul(10n ** BigInt(p)).n % 2n).toBe(0n);
        }
      }),
    );
  });

  it('rounding is idempotent, exact for representable values, and odd-symmetric', () => {
    fc.assert(
      fc.property(arbRational, arbPlaces, arbMode, (x, p, mode) => {
        const r = x.round(p, mode);
        expect(r.round(p, mode).eq(r)).toBe(true);
        // every mode is symmetric about zero: round(−x) = −round(x)
        expect(x.neg().round(p, mode).eq(r.neg())).toBe(true);
        // toFixed writes the same value
        expect(R(x.toFixed(p, mode)).eq(r)).toBe(true);
        expect(x.toFixed(p, mode).split('.')[1]?.length ?? 0).toBe(p);
      }),
    );
  });

  it('floor ≤ x < floor + 1, ceil − 1 < x ≤ ceil, trunc toward zero', () => {
    fc.assert(
      fc.property(arbRational, (x) => {
        const f = x.floor();
        const c = x.ceil();
        expect(f.isInteger() && c.isInteger()).toBe(true);
        expect(f.le(x) && x.lt(f.add(1))).toBe(true);
        expect(c.ge(x) && x.gt(c.sub(1))).toBe(true);
        expect(x.trunc().eq(x.sign() < 0 ? c : f)).toBe(true);
        expect(x.round(0, 'down').eq(x.trunc())).toBe(true);
      }),
    );
  });

  it('toString / of round-trip; toDecimal for terminating values', () => {
    fc.assert(
      fc.property(arbRational, (x) => {
        const s = x.toString();
        expect(Rational.of(s).eq(x)).toBe(true);
        expect(x.toJSON()).toBe(s);
        if (x.isTerminating()) {
          expect(x.toDecimal()).toBe(s);
          expect(s).toMatch(/^-?\d+(\.\d*[1-9])?$/); // no exponent, no trailing zeros
        } else {
          expect(s).toMatch(/^-?\d+\/\d+$/);
          expect(() => x.toDecimal()).toThrow(RangeError);
        }
      }),
    );
  });

  it('a double survives of → toNumber (shortest text is exact, and toNumber rounds to nearest)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Rational.of(x).toNumber()).toBe(x === 0 ? 0 : x); // -0 reads as 0
      }),
      { numRuns: 2000 },
    );
  });

  it('toNumber of a ratio of small integers is the correctly rounded quotient', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 40 }), (n, d) => {
        expect(Rational.fraction(BigInt(n), BigInt(d)).toNumber()).toBe(n / d === 0 ? 0 : n / d);
      }),
    );
  });
});
