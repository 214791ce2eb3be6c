import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import chineseDays from 'chinese-days';
import { addDays, addWorkdays, CalendarRangeError, calendarYears, isWorkday, parseDate, quarterOf } from '../../src/runtime/calendar.js';

/*
 * Sources of the expected dates (国务院办公厅关于…年部分节假日安排的通知, as published on gov.cn;
 * the same URLs are cited in chinese-days' src/holidays/generate.ts):
 *
 * [2022] 国务院办公厅关于2022年部分节假日安排的通知, 2021-10-25,
 *        http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm
 *        四、劳动节：4月30日至5月4日放假调休，共5天。4月24日（星期日）、5月7日（星期六）上班。
 *        七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。
 * [2023] 国务院办公厅关于2023年部分节假日安排的通知, 2022-12-08,
 *        http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm
 *        一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
 *        六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。
 * [2024] 国务院办公厅关于2024年部分节假日安排的通知, 2023-10-25,
 *        https://www.gov.cn/zhengce/content/202310/content_6911527.htm
 *        一、元旦：1月1日放假，与周末连休。
 *        二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
 *        （除夕2月9日 is not a holiday in the notice, which only encourages employers to let staff rest.)
 *
 * Weekdays: 2022-04-24 Sun, 2022-04-30 Sat, 2022-05-07 Sat; 2023-09-29 Fri, 2023-10-07 Sat;
 * 2024-02-04 Sun, 2024-02-09 Fri, 2024-02-18 Sun.
 */

describe('isWorkday: real arrangements', () => {
  const cases: [string, boolean, string][] = [
    // [2023] 中秋、国庆 9.29–10.6 off; Sat 10.7 and Sun 10.8 worked
    ['2023-09-28', true, 'Thursday before the break'],
    ['2023-09-29', false, '中秋 (Friday)'],
    ['2023-09-30', false, 'Saturday inside the break'],
    ['2023-10-01', false, '国庆'],
    ['2023-10-02', false, 'Monday inside the break'],
    ['2023-10-06', false, 'last day of the break (Friday)'],
    ['2023-10-07', true, '调休上班 Saturday'],
    ['2023-10-08', true, '调休上班 Sunday'],
    ['2023-10-09', true, 'ordinary Monday'],
    ['2023-10-14', false, 'ordinary Saturday'],
    // [2024] 春节 2.10–2.17 off; Sun 2.4 and Sun 2.18 worked
    ['2024-02-04', true, '调休上班 Sunday'],
    ['2024-02-09', true, '除夕 is a working day in the notice'],
    ['2024-02-10', false, '春节 first day'],
    ['2024-02-12', false, 'Monday inside 春节'],
    ['2024-02-16', false, 'Friday inside 春节'],
    ['2024-02-17', false, '春节 last day (Saturday)'],
    ['2024-02-18', true, '调休上班 Sunday'],
    ['2024-02-19', true, 'ordinary Monday'],
    ['2024-01-01', false, '元旦 (Monday)'],
    // [2022] 劳动节 4.30–5.4 off; Sun 4.24 and Sat 5.7 worked
    ['2022-04-24', true, '调休上班 Sunday'],
    ['2022-04-29', true, 'Friday before the break'],
    ['2022-04-30', false, '劳动节 first day (Saturday)'],
    ['2022-05-02', false, 'Monday inside 劳动节'],
    ['2022-05-04', false, '劳动节 last day (Wednesday)'],
    ['2022-05-05', true, 'Thursday after the break'],
    ['2022-05-07', true, '调休上班 Saturday'],
    ['2022-05-08', false, 'ordinary Sunday'],
    // [2022] 国庆 10.1–10.7 off; Sat 10.8, Sun 10.9 worked
    ['2022-10-07', false, '国庆 last day (Friday)'],
    ['2022-10-08', true, '调休上班 Saturday'],
    ['2022-10-09', true, '调休上班 Sunday'],
    // [2023] 元旦 2022-12-31 – 2023-01-02: Monday 2023-01-02 off
    ['2023-01-02', false, '元旦 (Monday) in lieu'],
    ['2023-01-03', true, 'Tuesday after 元旦'],
  ];
  for (const [date, expected, why] of cases) {
    it(`${date} ${expected ? 'is' : 'is not'} a working day (${why})`, () => {
      expect(isWorkday(date)).toBe(expected);
    });
  }

  it('accepts the same date spellings as parseDate', () => {
    expect(isWorkday('2023-10-7')).toBe(true);
    expect(isWorkday('2023年10月7日')).toBe(true);
  });
});

describe('addWorkdays', () => {
  it('across the 2023 国庆 break and its adjusted working days', () => {
    // [2023] Thu 9.28 + 1: 9.29–10.6 off, so the first working day after it is Sat 10.7
    expect(addWorkdays('2023-09-28', 1)).toBe('2023-10-07');
    // 在执法决定作出之日起7个工作日内 with the decision on Tue 2023-09-26:
    // 9.27(1) 9.28(2) 10.7(3) 10.8(4) 10.9(5) 10.10(6) 10.11(7)
    expect(addWorkdays('2023-09-26', 7)).toBe('2023-10-11');
    // Wed 9.27 + 7: 9.28(1) 10.7(2) 10.8(3) 10.9(4) 10.10(5) 10.11(6) 10.12(7).
    // Counting weekdays only would wrongly give 10.6 (9.28 9.29 10.2 10.3 10.4 10.5 10.6).
    expect(addWorkdays('2023-09-27', 7)).toBe('2023-10-12');
    // Fri 10.6 (a holiday) + 1 → Sat 10.7 (an adjusted working day counts)
    expect(addWorkdays('2023-10-06', 1)).toBe('2023-10-07');
    // Sat 10.7 + 1 → Sun 10.8; + 2 → Mon 10.9
    expect(addWorkdays('2023-10-07', 1)).toBe('2023-10-08');
    expect(addWorkdays('2023-10-07', 2)).toBe('2023-10-09');
  });

  it('across 春节 2024', () => {
    // [2024] Fri 2.2 + 1: Sat 2.3 off, Sun 2.4 is an adjusted working day
    expect(addWorkdays('2024-02-02', 1)).toBe('2024-02-04');
    // Thu 2.8 + 2: Fri 2.9 (1), 2.10–2.17 off, Sun 2.18 (2)
    expect(addWorkdays('2024-02-08', 2)).toBe('2024-02-18');
    // Fri 2.9 + 1 → Sun 2.18; + 2 → Mon 2.19
    expect(addWorkdays('2024-02-09', 1)).toBe('2024-02-18');
    expect(addWorkdays('2024-02-09', 2)).toBe('2024-02-19');
  });

  it('across 劳动节 2022', () => {
    // [2022] Fri 4.22 + 1: Sat 4.23 off, Sun 4.24 worked
    expect(addWorkdays('2022-04-22', 1)).toBe('2022-04-24');
    // Fri 4.29 + 1: 4.30–5.4 off → Thu 5.5; + 3: 5.5(1) 5.6(2) Sat 5.7(3)
    expect(addWorkdays('2022-04-29', 1)).toBe('2022-05-05');
    expect(addWorkdays('2022-04-29', 3)).toBe('2022-05-07');
    // + 4: Sun 5.8 is an ordinary rest day → Mon 5.9
    expect(addWorkdays('2022-04-29', 4)).toBe('2022-05-09');
  });

  it('across a year boundary ([2023] 元旦 2022-12-31 – 2023-01-02)', () => {
    expect(addWorkdays('2022-12-30', 1)).toBe('2023-01-03');
  });

  it('does not count the start day, working or not (期间开始的日不计算在内)', () => {
    // Sun 2023-10-01 (holiday) + 1 → Sat 10.7, the first working day after it
    expect(addWorkdays('2023-10-01', 1)).toBe('2023-10-07');
    // Mon 2023-10-09 (working) + 1 → Tue 10.10, not 10.9
    expect(addWorkdays('2023-10-09', 1)).toBe('2023-10-10');
  });

  it('n = 0 returns the date itself, normalised', () => {
    expect(addWorkdays('2023-10-01', 0)).toBe('2023-10-01');
    expect(addWorkdays('2023-10-1', 0)).toBe('2023-10-01');
  });

  it('rejects a negative or fractional count', () => {
    expect(() => addWorkdays('2023-10-09', -1)).toThrow(RangeError);
    expect(() => addWorkdays('2023-10-09', 1.5)).toThrow(RangeError);
    expect(() => addWorkdays('2023-10-09', NaN)).toThrow(RangeError);
  });

  it('agrees with counting working days one by one', () => {
    const { from, to } = calendarYears();
    const arbDate = fc.integer({ min: 0, max: (to - from) * 365 }).map((k) => addDays(`${from}-01-01`, k));
    fc.assert(
      fc.property(arbDate, fc.integer({ min: 0, max: 40 }), (date, n) => {
        let result: string;
        try {
          result = addWorkdays(date, n);
        } catch (e) {
          expect(e).toBeInstanceOf(CalendarRangeError); // ran past the data
          return;
        }
        let count = 0;
        for (let d = addDays(date, 1); d <= result; d = addDays(d, 1)) if (isWorkday(d)) count++;
        expect(count).toBe(n);
        if (n > 0) expect(isWorkday(result)).toBe(true);
        if (n > 0) expect(addWorkdays(date, n - 1) < result).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('coverage of the holiday data', () => {
  it('calendarYears comes from the data (chinese-days 1.5.7: 2004–2026)', () => {
    // Pinned for the pinned dependency: update with chinese-days when a new notice is added.
    expect(calendarYears()).toEqual({ from: 2004, to: 2026 });
  });

  it('throws CalendarRangeError outside the covered years, never guessing from weekdays', () => {
    const { from, to } = calendarYears();
    const before = `${from - 1}-12-31`;
    const after = `${to + 1}-01-04`; // a Monday in 2027: a weekday guess would say "working day"
    expect(() => isWorkday(before)).toThrow(CalendarRangeError);
    expect(() => isWorkday(after)).toThrow(CalendarRangeError);
    expect(() => isWorkday('1999-06-01')).toThrow(/超出/);
    expect(() => addWorkdays(`${to}-12-31`, 1)).toThrow(CalendarRangeError);
    expect(() => addWorkdays(`${to}-12-20`, 30)).toThrow(CalendarRangeError);
    // CalendarRangeError is a RangeError, so generic handlers still see a range problem
    expect(() => isWorkday(after)).toThrow(RangeError);
    // the first and last covered days are answered
    expect(typeof isWorkday(`${from}-01-01`)).toBe('boolean');
    expect(typeof isWorkday(`${to}-12-31`)).toBe('boolean');
  });

  it('a count that starts just before the data needs no uncovered day (the start day is not counted)', () => {
    // 2004-01-01 is 元旦 (holiday); Fri 2004-01-02 is the first working day after 2003-12-31
    expect(addWorkdays('2003-12-31', 1)).toBe('2004-01-02');
    expect(() => addWorkdays('2003-12-30', 1)).toThrow(CalendarRangeError);
  });

  // chinese-days builds its in-memory tables with local-time Dates when it is loaded: west of
  // UTC (e.g. TZ=America/New_York) every entry lands one day early (2023-09-28 a holiday,
  // 2024-02-18 a rest day). Its published JSON, which we read, does not have that problem, so
  // the package's functions can serve as a cross-check only where the offset is ≥ 0.
  const eastOfUtc = new Date(2023, 0, 1).getTimezoneOffset() <= 0 && new Date(2023, 6, 1).getTimezoneOffset() <= 0;
  it.runIf(eastOfUtc)('agrees with chinese-days itself on every covered day', () => {
    // Asked with a local-midnight Date, which its local-time code reads as the intended day.
    const { from, to } = calendarYears();
    const mismatches: string[] = [];
    for (let d = `${from}-01-01`; d <= `${to}-12-31`; d = addDays(d, 1)) {
      const [y, m, day] = d.split('-').map(Number) as [number, number, number];
      if (isWorkday(d) !== chineseDays.isWorkday(new Date(y, m - 1, day))) mismatches.push(d);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('time-zone independence', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('gives the same answers west of UTC', () => {
    process.env.TZ = 'America/New_York';
    expect(isWorkday('2023-10-07')).toBe(true);
    expect(isWorkday('2023-10-09')).toBe(true);
    expect(addWorkdays('2023-09-28', 1)).toBe('2023-10-07');
    expect(addDays('2024-03-10', 1)).toBe('2024-03-11'); // a US DST change day
    expect(quarterOf('2024-01-01')).toBe(1);
  });
});

describe('parseDate', () => {
  it('normalises', () => {
    expect(parseDate('2023-1-5')).toBe('2023-01-05');
    expect(parseDate('2023-01-05')).toBe('2023-01-05');
    expect(parseDate(' 2023-01-05 ')).toBe('2023-01-05');
    expect(parseDate('2023/1/5')).toBe('2023-01-05');
    expect(parseDate('2023.01.05')).toBe('2023-01-05');
    expect(parseDate('2023年1月5日')).toBe('2023-01-05');
    expect(parseDate('２０２３年１２月３１日')).toBe('2023-12-31');
    expect(parseDate('2024-02-29')).toBe('2024-02-29'); // leap year
    expect(parseDate('2000-02-29')).toBe('2000-02-29'); // divisible by 400
  });

  it('rejects impossible dates and garbage with RangeError', () => {
    for (const bad of [
      '2023-02-30',
      '2023-02-29', // 2023 is not a leap year
      '1900-02-29', // divisible by 100, not by 400
      '2023-04-31',
      '2023-13-01',
      '2023-00-10',
      '2023-01-00',
      '2023-1-32',
      '0000-01-01',
      '',
      'abc',
      '20230105',
      '23-01-05',
      '2023-001-05',
      '2023/01-05',
      '2023-01-05T08:00:00',
      '2023-01-05 12:00',
      '2023年1月',
    ]) {
      expect(() => parseDate(bad), JSON.stringify(bad)).toThrow(RangeError);
    }
    expect(() => parseDate('2023-02-30')).toThrow(/不存在的日期/);
    expect(() => isWorkday('2023-02-30')).toThrow(RangeError);
    expect(() => addDays('garbage', 1)).toThrow(RangeError);
  });

  it('round-trips every date it produces', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (k) => {
        const d = addDays('1970-01-01', k);
        expect(parseDate(d)).toBe(d);
        expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
    );
  });
});

describe('addDays and quarterOf', () => {
  it('calendar arithmetic', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-10-07', 0)).toBe('2023-10-07');
    // 2000-01-01 + 100 years: 25 leap days (2000, 2004, …, 2096) → 36525 days
    expect(addDays('2000-01-01', 36525)).toBe('2100-01-01');
    expect(addDays('2023-1-5', 0)).toBe('2023-01-05');
    expect(() => addDays('2023-01-01', 0.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
  });

  it('agrees with Date.UTC arithmetic', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1971, max: 2200 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: -5000, max: 5000 }),
        (y, m, d, n) => {
          const start = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const expected = new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
          expect(addDays(start, n)).toBe(expected);
        },
      ),
    );
  });

  it('quarterOf', () => {
    expect(quarterOf('2023-01-01')).toBe(1);
    expect(quarterOf('2023-03-31')).toBe(1);
    expect(quarterOf('2023-04-01')).toBe(2);
    expect(quarterOf('2023-06-30')).toBe(2);
    expect(quarterOf('2023-07-01')).toBe(3);
    expect(quarterOf('2023-09-30')).toBe(3);
    expect(quarterOf('2023-10-01')).toBe(4);
    expect(quarterOf('2023-12-31')).toBe(4);
    expect(quarterOf('2023-5-9')).toBe(2);
    expect(() => quarterOf('2023-02-30')).toThrow(RangeError);
  });
});
