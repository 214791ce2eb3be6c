/** Number spellings: full-width digits, Chinese numerals, canonical decimal text. */

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 十二 → 12, 二十 → 20, 一百零五 → 105. */
export function cnToInt(text: string): number {
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch in CN_DIGITS) {
      digit = CN_DIGITS[ch]!;
    } else if (ch in CN_UNITS) {
      total += (digit || 1) * CN_UNITS[ch]!;
      digit = 0;
    }
  }
  return total + digit;
}

export function halfWidthDigits(text: string): string {
  return text.replace(/[０-９．]/g, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** "01.50" → "1.5"; the value is exact text, never a float. */
export function canonicalDecimal(text: string): string {
  const t = halfWidthDigits(text);
  let [int, frac = ''] = t.split('.');
  int = int!.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int!;
}

export function numberValue(raw: string): string {
  return /^[0-9０-９]/.test(raw) ? canonicalDecimal(raw) : String(cnToInt(raw));
}
