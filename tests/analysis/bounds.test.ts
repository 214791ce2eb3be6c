/**
 * analyzeBounds: the least and greatest score of every item and of the total, and per rule the
 * greatest single charge and the range of what it charges. Small rubrics worked by hand (the
 * arithmetic is in the comments), then the real rubrics' sections.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBounds, type Bounds, type Range } from '../../src/analysis/bounds.js';
import { compileRubric } from '../../src/api.js';
import type { ClauseSpec, NodeSpec, Program } from '../../src/runtime/program.js';
import { RUBRICS } from '../checking/helpers.js';

function compile(source: string, file = 't.rubric'): Program {
  const r = compileRubric(source, file);
  if (!r.program) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${d.message}`).join('\n'));
  return r.program;
}

/** [min, max] as text, ∞ for no bound: easy to compare and to read in a failure. */
const show = (r: Range | undefined) => (r ? `[${r.min?.toString() ?? '-∞'}, ${r.max?.toString() ?? '∞'}]` : 'none');

function nodeOf(p: Program, id: string): NodeSpec {
  let found: NodeSpec | undefined;
  const walk = (n: NodeSpec) => {
    if (n.id === id) found = n;
    n.children.forEach(walk);
  };
  p.nodes.forEach(walk);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

/** The rules of an item, flattened, in order. */
const clausesOf = (p: Program, id: string): ClauseSpec[] => nodeOf(p, id).rules.flatMap((r) => r.alternatives);

function clause(b: Bounds, c: ClauseSpec): string {
  const x = b.clause(c);
  return `${show(x)} single ${x.single?.toString() ?? '∞'}`;
}

describe('bounds of small rubrics, worked by hand', () => {
  it('扣分制: points minus the deductions, floored at 0; a rule cap cuts its rule', () => {
    const p = compile(`考核 测试（满分10分）
输入：
  【未培训】是否：未组织培训
  【违规件数】件：违规件数
（一）队伍建设（10分，扣分制）
  1.培训：【未培训】的，扣2分；【违规件数】每件扣1分（限扣3分）。`);
    const b = analyzeBounds(p);
    const [flat, perUnit] = clausesOf(p, '（一）.1');
    // 扣2分 when it fires: exactly 2.
    expect(clause(b, flat!)).toBe('[2, 2] single 2');
    // 1分/件 × [0, ∞) 件 = [0, ∞), cut by 限扣3分 → [0, 3]; one 件 charges 1.
    expect(clause(b, perUnit!)).toBe('[0, 3] single 1');
    // Deductions {0, 2} + [0, 3] = [0, 5]; 10 − [0, 5] = [5, 10], above the floor 0.
    expect(show(b.node('（一）'))).toBe('[5, 10]');
    // The point-less item passes its net up: −(0..5).
    expect(show(b.node('（一）.1'))).toBe('[-5, 0]');
    expect(show(b.total)).toBe('[5, 10]');
    expect(b.node('九')).toBeUndefined();
  });

  it('stepwise (R12): a percentage gap is at most the threshold', () => {
    const p = compile(`考核 测试（满分5分）
输入：
  【覆盖率】百分比：覆盖率
（一）队伍建设（5分，扣分制）
  8.执法能力提升：【覆盖率】未达到40%的，每少5%（含不足5%），扣0.5分。`);
    const b = analyzeBounds(p);
    // 覆盖率 ∈ [0, 100%]: the gap 40% − 覆盖率 ≤ 40%; ceil(40% ÷ 5%) = 8 steps × 0.5 = 4.
    expect(clause(b, clausesOf(p, '（一）.8')[0]!)).toBe('[0, 4] single 0.5');
    // 5 − [0, 4] = [1, 5].
    expect(show(b.node('（一）'))).toBe('[1, 5]');
  });

  it('a vote formula is a weighted average of its weights', () => {
    const p = compile(`考核 测试（满分30分）
输入：
  【满意】票：满意票数
  【基本满意】票：基本满意票数
  【不满意】票：不满意票数
1.满意度（占30分，公式）：得（【满意】×1+【基本满意】×0.6）÷（【满意】+【基本满意】+【不满意】）×30分。`);
    // (满意×1 + 基本满意×0.6 + 不满意×0) ÷ (满意 + 基本满意 + 不满意) lies between the least
    // and the greatest weight, 0 and 1 (all votes 不满意 / all 满意); × 30 → [0, 30].
    expect(show(analyzeBounds(p).node('1'))).toBe('[0, 30]');
  });

  it('否则 (R10), rank tables (R22) and 加分制 cut at the points', () => {
    const p = compile(`考核 测试（满分6分，并列取高）
输入：
  【甲】是否：甲
  【乙】是否：乙
  【得分率】数值：排名依据
（一）择一（3分，扣分制）
  1.甲乙：【甲】的，扣2分；否则【乙】的，扣1分。
（二）排名（3分，加分制）
  2.前三：按【得分率】从高到低排名，第1-3名分别加3分、2分、1分。
  3.全体：按【得分率】从高到低排名，第1名至末名分别加2-0.2分（限加0.5分）。`);
    const b = analyzeBounds(p);
    // One of 2, 1 or nothing: deductions ∈ {0, 1, 2}; 3 − 2 = 1.
    expect(show(b.node('（一）'))).toBe('[1, 3]');
    // 3, 2, 1, or 0 for an object ranked 4th or lower.
    expect(clause(b, clausesOf(p, '（二）.2')[0]!)).toBe('[0, 3] single 3');
    // 第1名至末名: every object gets between 2 and 0.2; 限加0.5分 → [0.2, 0.5].
    expect(clause(b, clausesOf(p, '（二）.3')[0]!)).toBe('[0.2, 0.5] single 2');
    // Additions [0, 3] + [0.2, 0.5] = [0.2, 3.5], cut at the points 3 → [0.2, 3].
    expect(show(b.node('（二）'))).toBe('[0.2, 3]');
    // [1, 3] + [0.2, 3].
    expect(show(b.total)).toBe('[1.2, 6]');
  });

  it('tiers and multipliers (R9, R15): the greatest single charge takes the multipliers that can apply together', () => {
    const p = compile(`考核 测试（满分10分）
事件：
  【党纪政务处分】人次：受到党纪政务处分
    属性【处分轻重】选项“轻处分”“重处分”：处分轻重
    属性【受处分人职务】选项“一般人员”“副职”“主要负责人”：受处分人职务
    属性【无关】是否：与职务因素无关
（三）处分（10分，扣分制，扣完为止）
  （1）党纪政务处分：【党纪政务处分】按【处分轻重】，“轻处分”、“重处分”每人次分别扣4分、8分；
    其中【受处分人职务】为“副职”的，按1.5倍扣分；
    其中【受处分人职务】为“主要负责人”的，按2.25倍扣分；
    其中【无关】的，减半扣分。`);
    const b = analyzeBounds(p);
    // One person: at most 重处分 8 × 2.25 (主要负责人; 副职 ×1.5 cannot apply with it) = 18.
    // Any number of persons: no greatest total.
    expect(clause(b, clausesOf(p, '（三）.（1）')[0]!)).toBe('[0, ∞] single 18');
    // 10 − [0, ∞) floored at 0.
    expect(show(b.node('（三）'))).toBe('[0, 10]');
  });

  it('积分制 without caps has no bounds; an item of 得 only has no greatest score', () => {
    const p = compile(`考核 测试（积分制）
事件：
  【案件】起：办结的案件
    属性【程序】选项“简易程序”“普通程序”：办案程序
  【退卷】次：案件退卷
一、数量分：【案件】按【程序】，“简易程序”、“普通程序”每起分别得0.5分、5分。
二、质量分：【退卷】每次扣1分。`);
    const b = analyzeBounds(p);
    expect(show(b.node('一'))).toBe('[0, ∞]');
    expect(show(b.node('二'))).toBe('[-∞, 0]');
    expect(show(b.total)).toBe('[-∞, ∞]');
  });

  it('本项得 (R30), 赋分 ranges, 不计入总分 and rounding', () => {
    const p = compile(`考核 测试（满分15分，保留一位小数）
输入：
  【有执法权】是否：有行政执法权
  【主管部门评价】分（范围0-5分）：主管部门评价
  【中心评价】分（范围0-5分）：中心评价
  【进驻】是否：进驻中心
  【违规】件：违规件数
1.案卷评价（占10分，扣分制）：
  【有执法权】为否的，本项得全体平均（本项得分，仅【有执法权】的）×80%。
  【违规】每件扣0.3分。
2.管理单位评价（占5分，公式，保留一位小数）：【进驻】的，得【主管部门评价】×50% +【中心评价】×50%；否则得【主管部门评价】。
3.加分项（3分，加分制，不计入总分）：【违规】为0件的，加1分。`);
    const b = analyzeBounds(p);
    // Own score 10 − [0, ∞) floored → [0, 10]; the override is 80% of an average of such → [0, 8].
    expect(show(b.node('1'))).toBe('[0, 10]');
    // [0, 5] × 50% + [0, 5] × 50% = [0, 5], or [0, 5].
    expect(show(b.node('2'))).toBe('[0, 5]');
    expect(show(b.node('3'))).toBe('[0, 1]');
    // The engine's total adds 不计入总分 items too: [0, 10] + [0, 5] + [0, 1].
    expect(show(b.total)).toBe('[0, 16]');
  });

  it("a 其中 tier comes before the rule's own tier list; a tier that never applies adds nothing", () => {
    const p = compile(`考核 测试（满分5分）
事件：
  【执法证件违规】例：执法证件违规
    属性【证件违规情形】选项“无证执法”“出借出租抵押执法证件”：违规情形
    属性【产生不良影响】是否：产生不良影响
（一）依法行政（5分，扣分制，扣完为止）
  ②执法证件管理：
    【执法证件违规】按【证件违规情形】，“无证执法”、“出借出租抵押执法证件”每例分别扣1分、2分；
    其中【产生不良影响】的，每例扣5分。`);
    // 其中 names the more specific events, so it is tried first: an event with 产生不良影响 is
    // charged 5 whatever its 情形, the others 1 or 2. Greatest single charge: 5.
    expect(clause(analyzeBounds(p), clausesOf(p, '（一）.②')[0]!)).toBe('[0, ∞] single 5');
    // A 其中 written after a more general one never applies and adds nothing: single charge still 5.
    const q = compile(`考核 测试（满分5分）
事件：
  【执法证件违规】例：执法证件违规
    属性【证件违规情形】选项“无证执法”“出借出租抵押执法证件”：违规情形
    属性【产生不良影响】是否：产生不良影响
    属性【主要负责人】是否：由主要负责人所为
（一）依法行政（5分，扣分制，扣完为止）
  ②执法证件管理：
    【执法证件违规】按【证件违规情形】，“无证执法”、“出借出租抵押执法证件”每例分别扣1分、2分；
    其中【产生不良影响】的，每例扣5分；
    其中【产生不良影响】且【主要负责人】的，每例扣8分。`);
    expect(clause(analyzeBounds(q), clausesOf(q, '（一）.②')[0]!)).toBe('[0, ∞] single 5');
  });
});

describe('bounds of the real rubrics', () => {
  const load = (name: string) => compile(readFileSync(join(RUBRICS, name), 'utf8'), name);

  it('Lishui: every section from 0 to its points, except （三）, whose rank item pays at least 0.2', () => {
    const p = load('lishui-2022.rubric');
    const b = analyzeBounds(p);
    // （一）（二）（四）: per-count deductions without a cap reach 0 (the floor); no deductions: full.
    expect(show(b.node('（一）'))).toBe('[0, 15]');
    expect(show(b.node('（二）'))).toBe('[0, 20]');
    expect(show(b.node('（四）'))).toBe('[0, 20]');
    // （三）: 27–35 each down to 0 except 32 (第1名至末名 2-0.2分: at least 0.2) → [0.2, 15].
    expect(show(b.node('（三）'))).toBe('[0.2, 15]');
    expect(show(b.node('（三）.32'))).toBe('[0.2, 2]');
    // 31: 1 − (1 + 0.5) floored at 0.
    expect(show(b.node('（三）.31'))).toBe('[0, 1]');
    // （五）: unbounded additions, 累计最高20分.
    expect(show(b.node('（五）'))).toBe('[0, 20]');
    // （六）: 69 得【领导赋分】 (范围0-10分).
    expect(show(b.node('（六）'))).toBe('[0, 10]');
    // 0 + 0 + 0.2 + 0 + 0 + 0 = 0.2; 15 + 20 + 15 + 20 + 20 + 10 = 100.
    expect(show(b.total)).toBe('[0.2, 100]');
  });

  it('Lishui rules: stepwise items 8 and 16, the judged amount of 10, the capped rule of 36', () => {
    const p = load('lishui-2022.rubric');
    const b = analyzeBounds(p);
    // 8: 覆盖率 ∈ [0, 100%]: ceil((40% − 0) ÷ 5%) = 8 steps × 0.5 = 4.
    expect(clause(b, clausesOf(p, '（一）.8')[0]!)).toBe('[0, 4] single 0.5');
    // 16: 人均 ≥ 0: ceil((14 − 0) ÷ 1) = 14 steps × 0.5 = 7.
    expect(clause(b, clausesOf(p, '（二）.16')[0]!)).toBe('[0, 7] single 0.5');
    // 10: 每个扣1分 without end; 酌情扣【摘牌加大扣分】 (范围0-7分); the item 限扣7分.
    const [perSquad, judged] = clausesOf(p, '（一）.10');
    expect(clause(b, perSquad!)).toBe('[0, ∞] single 1');
    expect(clause(b, judged!)).toBe('[0, 7] single 7');
    expect(show(b.node('（一）.10'))).toBe('[-7, 0]');
    // 36: 0.5分/局 without end, 限扣2分.
    expect(clause(b, clausesOf(p, '（四）.36')[0]!)).toBe('[0, 2] single 0.5');
    // 58: 加2分, or else 加1分, or nothing.
    expect(show(b.node('（五）.58'))).toBe('[0, 2]');
  });

  it('Pingyang: formula items within their points; the total includes the bonus item', () => {
    const p = load('pingyang-2023.rubric');
    const b = analyzeBounds(p);
    // 1: 0 votes → avg × 70% ≤ 21; < 50 → avg × 70% + formula × 30% ≤ 30; else the formula ≤ 30.
    expect(show(b.node('1'))).toBe('[0, 30]');
    expect(show(b.node('2'))).toBe('[0, 10]');
    // 3: two groups 限扣2.5分 each: 5 − [0, 5].
    expect(show(b.node('3'))).toBe('[0, 5]');
    // 5: 10 − [0, ∞) floored, or 80% of an average of such.
    expect(show(b.node('5'))).toBe('[0, 10]');
    expect(show(b.node('6'))).toBe('[0, 5]');
    expect(show(b.node('8'))).toBe('[0, 5]');
    expect(show(b.node('9'))).toBe('[0, 15]');
    // 30 + 10 + 5 + 5 + 10 + 5 + 20 + 5 (加分项, 不计入总分 but added by the engine) + 15.
    expect(show(b.total)).toBe('[0, 105]');
  });

  it('Shaanxi: 达标 items from 0 to their points; Wucheng: open points', () => {
    const s = analyzeBounds(load('shaanxi-2023.rubric'));
    expect(show(s.node('一'))).toBe('[0, 15]');
    expect(show(s.total)).toBe('[0, 100]');
    const w = analyzeBounds(load('wucheng-2024.rubric'));
    // 数量分, 质量分 (每起 2 − 退卷扣分, 最低0分) and 创先争优分 are all ≥ 0 and unbounded.
    expect(show(w.node('二'))).toBe('[0, ∞]');
    expect(show(w.total)).toBe('[0, ∞]');
  });
});
