/**
 * Exact rational arithmetic for scores.
 *
 * Every score is a `Rational`: an immutable fraction n/d over bigint, always normalised
 * (gcd(n, d) = 1, d > 0, zero is 0/1). Normalisation makes equality structural: two
 * rationals are equal exactly when their `n` and `d` are equal.
 *
 * Nothing is ever rounded implicitly. `round` and `toFixed` round only when called, with the
 * mode the rubric declares (R: `保留一位小数`, `四舍五入` / `进一法` / `去尾法` / `四舍六入五成双`).
 *
 * This module is part of the runtime that generated scorers import: it depends on nothing.
 */

/**
 * - `half-up`:   四舍五入, ties away from zero (2.25 → 2.3, −2.25 → −2.3).
 * - `up`:        进一法, away from zero (2.21 → 2.3, −2.21 → −2.3).
 * - `down`:      去尾法, toward zero (2.29 → 2.2, −2.29 → −2.2).
 * - `half-even`: 四舍六入五成双, ties to the even neighbour (2.25 → 2.2, 2.35 → 2.4).
 */
export type RoundMode = 'half-up' | 'up' | 'down' | 'half-even';

/** What the arithmetic methods accept besides a `Rational` (converted with `Rational.of`). */
export type RationalLike = Rational | string | number | bigint;

/** Division (or `inverse`) by zero. A `RangeError`, so callers may catch either. */
export class DivisionByZeroError extends RangeError {
  constructor(message = '除数为零') {
    super(message);
    this.name = 'DivisionByZeroError';
  }
}

const MAX_SAFE = 9007199254740991n; // 2^53 − 1
const MIN_SAFE = -9007199254740991n;
/** Largest decimal exponent `of` accepts ("1e400" is fine, "1e100000" is not). */
const MAX_EXPONENT = 1000;
const ROUND_MODES: ReadonlySet<string> = new Set(['half-up', 'up', 'down', 'half-even']);

const POW10: bigint[] = [1n];
function pow10(k: number): bigint {
  if (k < POW10.length) return POW10[k]!;
  for (let i = POW10.length; i <= k; i++) POW10[i] = POW10[i - 1]! * 10n;
  return POW10[k]!;
}
for (let i = 1; i <= 40; i++) pow10(i);
/** 10^k as doubles, exact for k ≤ 22. */
const POW10_NUM: number[] = [1];
for (let i = 1; i <= 22; i++) POW10_NUM.push(POW10_NUM[i - 1]! * 10);

/** gcd of two non-negative bigints; uses double arithmetic once both fit in 2^53. */
function gcd(a: bigint, b: bigint): bigint {
  let x = Number(a);
  let y = Number(b);
  // Number() of a bigint above 2^53 − 1 rounds to ≥ 2^53, so this test is exact.
  while (x > Number.MAX_SAFE_INTEGER || y > Number.MAX_SAFE_INTEGER) {
    if (b === 0n) return a;
    const t = a % b;
    a = b;
    b = t;
    x = Number(a);
    y = Number(b);
  }
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x === 1 ? 1n : BigInt(x);
}

function absBig(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function checkPlaces(places: number, what: string): void {
  if (!Number.isSafeInteger(places) || places < 0) {
    throw new RangeError(`${what}：小数位数必须是非负整数，收到 ${String(places)}`);
  }
}

function checkMode(mode: string): void {
  if (!ROUND_MODES.has(mode)) {
    throw new RangeError(`未知的舍入方式「${mode}」，应为 half-up、up、down 或 half-even`);
  }
}

/** 10^k text of |q| / 10^places with exactly `places` decimals; q is an integer. */
function formatScaled(q: bigint, places: number): string {
  const neg = q < 0n;
  let digits = (neg ? -q : q).toString();
  if (places === 0) return neg ? `-${digits}` : digits;
  if (digits.length <= places) digits = '0'.repeat(places - digits.length + 1) + digits;
  const cut = digits.length - places;
  const text = `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return neg ? `-${text}` : text;
}

/** x · 2^e without intermediate overflow or underflow (for `toNumber`). */
function ldexp(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

const DECIMAL_RE = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const FRACTION_RE = /^([+-]?)(\d+)\/(\d+)$/;

export class Rational {
  /** Numerator; carries the sign. */
  readonly n: bigint;
  /** Denominator; always > 0 and coprime to `n`. */
  readonly d: bigint;
  /** toString's text, made on first use (traces format the same constants and inputs often). */
  #text: string | undefined;

  static readonly ZERO: Rational = new Rational(0n, 1n);
  static readonly ONE: Rational = new Rational(1n, 1n);

  /** Trusted: (n, d) must already be normalised. Use `Rational.of` or `Rational.fraction`. */
  private constructor(n: bigint, d: bigint) {
    this.n = n;
    this.d = d;
    this.#text = undefined;
  }

  /** n/d, normalised. d must be non-zero and (n, d) need not be reduced. */
  private static make(n: bigint, d: bigint): Rational {
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    if (n === 0n) return Rational.ZERO;
    if (d === 1n) return new Rational(n, 1n);
    const g = gcd(n < 0n ? -n : n, d);
    return g === 1n ? new Rational(n, d) : new Rational(n / g, d / g);
  }

  /** n/d from integers; throws DivisionByZeroError when d is 0. */
  static fraction(n: bigint, d: bigint): Rational {
    if (d === 0n) throw new DivisionByZeroError(`分母为零：${n}/0`);
    return Rational.make(n, d);
  }

  /**
   * Converts exactly.
   * - bigint: the integer.
   * - number: finite only; read through its shortest decimal text (`String(x)`), so 0.1 is
   *   exactly 1/10 and 1e-7 is 1/10000000. NaN and ±Infinity throw RangeError.
   * - string: surrounding white space is ignored; then one of
   *   `12`, `+3`, `-0.5`, `1.25`, `007.50` (decimal),
   *   `1e-3`, `2.5E+2` (decimal with exponent, |exponent| ≤ 1000: `String(1e21)` is "1e+21"),
   *   `1/3`, `-2/4` (fraction; sign only in front; `x/0` throws DivisionByZeroError).
   *   Anything else throws RangeError: `.5`, `5.`, `1,000`, `90%` (see `fromPercent`),
   *   `1 / 3`, `0x10`, `１２` (full-width), the empty string.
   * - Rational: returned as is.
   */
  static of(x: RationalLike): Rational {
    if (x instanceof Rational) return x;
    switch (typeof x) {
      case 'bigint':
        return x === 0n ? Rational.ZERO : new Rational(x, 1n);
      case 'number':
        if (Number.isSafeInteger(x)) return x === 0 ? Rational.ZERO : new Rational(BigInt(x), 1n);
        if (!Number.isFinite(x)) throw new RangeError(`不是有限数值：${String(x)}`);
        return Rational.parse(String(x), String(x));
      case 'string':
        return Rational.parse(x.trim(), x);
      default: {
        // A Rational from another copy of this module (instanceof fails across copies).
        const r = x as { n?: unknown; d?: unknown } | null;
        if (r !== null && typeof r === 'object' && typeof r.n === 'bigint' && typeof r.d === 'bigint') {
          return Rational.fraction(r.n, r.d);
        }
        throw new TypeError(`不能转换为有理数：${typeof x}`);
      }
    }
  }

  private static parse(s: string, original: string): Rational {
    let m = DECIMAL_RE.exec(s);
    if (m) {
      const [, sign, int, frac = '', exp] = m;
      let scale = -frac.length;
      if (exp !== undefined) {
        const e = Number(exp);
        if (!Number.isSafeInteger(e) || Math.abs(e) > MAX_EXPONENT) {
          throw new RangeError(`数值的指数超出范围（绝对值不超过 ${MAX_EXPONENT}）：「${original}」`);
        }
        scale += e;
      }
      let n = BigInt(int! + frac);
      if (sign === '-') n = -n;
      if (n === 0n) return Rational.ZERO;
      if (scale >= 0) return new Rational(n * pow10(scale), 1n);
      return Rational.make(n, pow10(-scale));
    }
    m = FRACTION_RE.exec(s);
    if (m) {
      const [, sign, num, den] = m;
      const d = BigInt(den!);
      if (d === 0n) throw new DivisionByZeroError(`分母为零：「${original}」`);
      const n = BigInt(num!);
      return Rational.make(sign === '-' ? -n : n, d);
    }
    throw new RangeError(`无法识别的数值「${original}」：应为整数、小数（如 -0.5、1e-3）或分数（如 1/3）`);
  }

  /** A percentage as a fraction: 90 or "90" → 9/10, "12.5" → 1/8; a trailing `%` is allowed. */
  static fromPercent(x: string | number): Rational {
    let v: RationalLike = x;
    if (typeof x === 'string') {
      const t = x.trim();
      v = t.endsWith('%') || t.endsWith('％') ? t.slice(0, -1) : t;
    }
    return Rational.of(v).div(100n);
  }

  // ---- arithmetic ------------------------------------------------------------------------

  add(other: RationalLike): Rational {
    const o = other instanceof Rational ? other : Rational.of(other);
    if (o.n === 0n) return this;
    if (this.n === 0n) return o;
    return Rational.plus(this.n, this.d, o.n, o.d);
  }

  sub(other: RationalLike): Rational {
    const o = other instanceof Rational ? other : Rational.of(other);
    if (o.n === 0n) return this;
    return Rational.plus(this.n, this.d, -o.n, o.d);
  }

  mul(other: RationalLike): Rational {
    const o = other instanceof Rational ? other : Rational.of(other);
    return Rational.product(this.n, this.d, o.n, o.d);
  }

  /** Throws DivisionByZeroError when `other` is zero. */
  div(other: RationalLike): Rational {
    const o = other instanceof Rational ? other : Rational.of(other);
    if (o.n === 0n) throw new DivisionByZeroError();
    return o.n < 0n ? Rational.product(this.n, this.d, -o.d, -o.n) : Rational.product(this.n, this.d, o.d, o.n);
  }

  neg(): Rational {
    return this.n === 0n ? this : new Rational(-this.n, this.d);
  }

  abs(): Rational {
    return this.n < 0n ? new Rational(-this.n, this.d) : this;
  }

  /** 1/x; throws DivisionByZeroError for zero. */
  inverse(): Rational {
    if (this.n === 0n) throw new DivisionByZeroError('零没有倒数');
    return this.n < 0n ? new Rational(-this.d, -this.n) : new Rational(this.d, this.n);
  }

  /** a/b + c/d for normalised inputs (b, d > 0, each fraction reduced). */
  private static plus(a: bigint, b: bigint, c: bigint, d: bigint): Rational {
    if (b === 1n && d === 1n) return Rational.int(a + c);
    // a/b + c (or a + c/d): the sum's numerator stays coprime to the denominator.
    if (d === 1n) return Rational.keep(a + c * b, b);
    if (b === 1n) return Rational.keep(a * d + c, d);
    if (b === d) return Rational.make(a + c, b);
    // Henrici: reduce with g = gcd(b, d) first, then only gcd(t, g) is needed.
    const g = gcd(b, d);
    if (g === 1n) return Rational.keep(a * d + c * b, b * d);
    const bg = b / g;
    const t = a * (d / g) + c * bg;
    if (t === 0n) return Rational.ZERO;
    const g2 = gcd(t < 0n ? -t : t, g);
    return g2 === 1n ? new Rational(t, bg * d) : new Rational(t / g2, bg * (d / g2));
  }

  /** (a/b)·(c/d) for normalised inputs (d > 0 may be violated only by `div`, handled by caller). */
  private static product(a: bigint, b: bigint, c: bigint, d: bigint): Rational {
    if (a === 0n || c === 0n) return Rational.ZERO;
    if (b === 1n && d === 1n) return new Rational(a * c, 1n);
    // Cross-reduce: gcd(a, d) and gcd(c, b); the result is then already normalised.
    let g1 = 1n;
    if (d !== 1n) {
      g1 = gcd(a < 0n ? -a : a, d);
      if (g1 !== 1n) {
        a /= g1;
        d /= g1;
      }
    }
    if (b !== 1n) {
      const g2 = gcd(c < 0n ? -c : c, b);
      if (g2 !== 1n) {
        c /= g2;
        b /= g2;
      }
    }
    return new Rational(a * c, b * d);
  }

  /** Integer result, with the shared ZERO for 0. */
  private static int(n: bigint): Rational {
    return n === 0n ? Rational.ZERO : new Rational(n, 1n);
  }

  /** n/d known to be coprime, d > 0. */
  private static keep(n: bigint, d: bigint): Rational {
    return n === 0n ? Rational.ZERO : new Rational(n, d);
  }

  // ---- comparison ------------------------------------------------------------------------

  cmp(other: RationalLike): -1 | 0 | 1 {
    const o = other instanceof Rational ? other : Rational.of(other);
    if (this.d === o.d) return this.n < o.n ? -1 : this.n > o.n ? 1 : 0;
    const sa = this.n < 0n ? -1 : this.n > 0n ? 1 : 0;
    const sb = o.n < 0n ? -1 : o.n > 0n ? 1 : 0;
    if (sa !== sb) return sa < sb ? -1 : 1;
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  eq(other: RationalLike): boolean {
    const o = other instanceof Rational ? other : Rational.of(other);
    return this.n === o.n && this.d === o.d;
  }
  lt(other: RationalLike): boolean {
    return this.cmp(other) < 0;
  }
  le(other: RationalLike): boolean {
    return this.cmp(other) <= 0;
  }
  gt(other: RationalLike): boolean {
    return this.cmp(other) > 0;
  }
  ge(other: RationalLike): boolean {
    return this.cmp(other) >= 0;
  }

  isZero(): boolean {
    return this.n === 0n;
  }
  isInteger(): boolean {
    return this.d === 1n;
  }
  sign(): -1 | 0 | 1 {
    return this.n < 0n ? -1 : this.n > 0n ? 1 : 0;
  }

  /** The least argument; throws RangeError when called without arguments. */
  static min(...xs: Rational[]): Rational {
    if (xs.length === 0) throw new RangeError('Rational.min 至少需要一个参数');
    let m = xs[0]!;
    for (let i = 1; i < xs.length; i++) if (xs[i]!.cmp(m) < 0) m = xs[i]!;
    return m;
  }

  /** The greatest argument; throws RangeError when called without arguments. */
  static max(...xs: Rational[]): Rational {
    if (xs.length === 0) throw new RangeError('Rational.max 至少需要一个参数');
    let m = xs[0]!;
    for (let i = 1; i < xs.length; i++) if (xs[i]!.cmp(m) > 0) m = xs[i]!;
    return m;
  }

  /** Σ xs; ZERO for none. */
  static sum(xs: Iterable<Rational>): Rational {
    let s = Rational.ZERO;
    for (const x of xs) s = s.add(x);
    return s;
  }

  // ---- integers and rounding -------------------------------------------------------------

  /** Greatest integer ≤ x. */
  floor(): Rational {
    if (this.d === 1n) return this;
    const q = this.n / this.d; // truncates toward zero
    return Rational.int(this.n < 0n ? q - 1n : q);
  }

  /** Least integer ≥ x. */
  ceil(): Rational {
    if (this.d === 1n) return this;
    const q = this.n / this.d;
    return Rational.int(this.n > 0n ? q + 1n : q);
  }

  /** Integer part, toward zero. */
  trunc(): Rational {
    if (this.d === 1n) return this;
    return Rational.int(this.n / this.d);
  }

  /**
   * x rounded to `places` decimal places (places ≥ 0) with `mode` (default 四舍五入).
   * Exact: 2.675 rounds to 2.68 in half-up because 2.675 is exactly 2675/1000 here.
   */
  round(places: number, mode: RoundMode = 'half-up'): Rational {
    checkPlaces(places, 'round');
    checkMode(mode);
    if (this.d === 1n) return this;
    const scale = pow10(places);
    return Rational.make(this.roundScaled(scale, mode), scale);
  }

  /** The integer q with q/scale = x rounded at 1/scale. */
  private roundScaled(scale: bigint, mode: RoundMode): bigint {
    const N = this.n * scale;
    const D = this.d;
    const q = N / D;
    const r = N - q * D;
    if (r === 0n) return q;
    const away = N < 0n ? q - 1n : q + 1n;
    switch (mode) {
      case 'down':
        return q;
      case 'up':
        return away;
      case 'half-up': {
        const twice = absBig(r) * 2n;
        return twice >= D ? away : q;
      }
      case 'half-even': {
        const twice = absBig(r) * 2n;
        if (twice > D) return away;
        if (twice < D) return q;
        return (q & 1n) === 0n ? q : away;
      }
    }
  }

  // ---- text and numbers ------------------------------------------------------------------

  /** True when x has a finite decimal expansion (its denominator is 2^i·5^j). */
  isTerminating(): boolean {
    let d = this.d;
    if (d === 1n) return true;
    while ((d & 1n) === 0n) d >>= 1n;
    while (d % 5n === 0n) d /= 5n;
    return d === 1n;
  }

  /** Number of decimal places of a terminating value; -1 when it does not terminate. */
  private decimalPlaces(): number {
    let d = this.d;
    let twos = 0;
    let fives = 0;
    while ((d & 1n) === 0n) {
      d >>= 1n;
      twos++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      fives++;
    }
    return d === 1n ? Math.max(twos, fives) : -1;
  }

  /**
   * Exact decimal text of a terminating value: "0.3", "-12", "1.125" (no exponent, no
   * trailing zeros). Throws RangeError for a value like 20/3 that does not terminate.
   */
  toDecimal(): string {
    if (this.d === 1n) return this.n.toString();
    const k = this.decimalPlaces();
    if (k < 0) {
      throw new RangeError(`${this.n}/${this.d} 不能写成有限小数；请先按规则舍入（round/toFixed）`);
    }
    return formatScaled(this.n * (pow10(k) / this.d), k);
  }

  /** Exact: the decimal text when terminating ("0.3"), else "n/d" ("20/3", "-1/3"). */
  toString(): string {
    const t = this.#text;
    if (t !== undefined) return t;
    return (this.#text = this.text());
  }

  private text(): string {
    const n = this.n;
    const d = this.d;
    if (d === 1n) return n.toString();
    // Small values (the usual scores: 0.5, 12.25, 2/3) in doubles, exactly: every step below is
    // on integers under 2^53.
    if (d <= MAX_SAFE && n <= MAX_SAFE && n >= MIN_SAFE) {
      const d0 = Number(d);
      let r = d0;
      let twos = 0;
      let fives = 0;
      while (r % 2 === 0) {
        r /= 2;
        twos++;
      }
      while (r % 5 === 0) {
        r /= 5;
        fives++;
      }
      if (r !== 1) return `${n}/${d}`;
      const k = twos > fives ? twos : fives;
      if (k <= 15) {
        const nn = Number(n);
        const q = (nn < 0 ? -nn : nn) * (POW10_NUM[k]! / d0);
        if (q <= Number.MAX_SAFE_INTEGER) {
          let digits = String(q);
          if (digits.length <= k) digits = '0'.repeat(k - digits.length + 1) + digits;
          const cut = digits.length - k;
          const text = `${digits.slice(0, cut)}.${digits.slice(cut)}`;
          return nn < 0 ? `-${text}` : text;
        }
      }
    }
    const k = this.decimalPlaces();
    return k < 0 ? `${n}/${d}` : formatScaled(n * (pow10(k) / d), k);
  }

  /** Rounded with `mode`, always `places` decimals: 20/3 → "6.67", 3 → "3.00", −0.001 → "0.00". */
  toFixed(places: number, mode: RoundMode = 'half-up'): string {
    checkPlaces(places, 'toFixed');
    checkMode(mode);
    const scale = pow10(places);
    const q = this.d === 1n ? this.n * scale : this.roundScaled(scale, mode);
    return formatScaled(q, places);
  }

  /** The nearest double (ties to even). For charts and display only, never for scoring. */
  toNumber(): number {
    const n = this.n;
    const d = this.d;
    if (d === 1n) return Number(n);
    if (n >= MIN_SAFE && n <= MAX_SAFE && d <= MAX_SAFE) return Number(n) / Number(d);
    const a = absBig(n);
    // Below 2^-1022 doubles are subnormal and have fewer bits: round once, half to even, straight
    // to a multiple of 2^-1074 (rounding to 53 bits first and then scaling would round twice).
    if (bitLength(a) - bitLength(d) < -1021) {
      const num = a << 1074n;
      let q = num / d;
      const r2 = (num - q * d) * 2n;
      if (r2 > d || (r2 === d && (q & 1n) === 1n)) q += 1n;
      const v = Number(q) * Number.MIN_VALUE;
      return n < 0n ? -v : v;
    }
    // Quotient with ≥ 66 significant bits plus a sticky bit, so Number() rounds it once, correctly.
    const shift = 66 - (bitLength(a) - bitLength(d));
    let q: bigint;
    let r: bigint;
    if (shift >= 0) {
      const num = a << BigInt(shift);
      q = num / d;
      r = num - q * d;
    } else {
      const den = d << BigInt(-shift);
      q = a / den;
      r = a - q * den;
    }
    if (r !== 0n) q |= 1n;
    const v = ldexp(Number(q), -shift);
    return n < 0n ? -v : v;
  }

  /** Same as `toString()`: exact, so a JSON report loses nothing. */
  toJSON(): string {
    return this.toString();
  }

  /**
   * Guard against `a + b`, `a < b` and friends on Rationals, which JavaScript would otherwise
   * evaluate on strings or NaN without complaint. Use add/cmp/lt…, or toNumber() for display.
   */
  valueOf(): never {
    throw new TypeError(`Rational ${this.toString()} 不能直接参与 JavaScript 运算或比较；请用 add/sub/mul/div、cmp/lt/gt 或 toNumber()`);
  }

  /** `console.log` / `util.inspect` shows Rational(20/3). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Rational(${this.toString()})`;
  }
}
