/**
 * One fixture per scoring idiom R1–R41 of /work/shared/rubric-idioms.md
 * (tests/checking/fixtures/idioms/Rnn-<name>.rubric), each written in its seed document's own
 * words and quoting them. Every fixture must check without any diagnostic, and each test below
 * asserts something about the AST or the checked model that shows the idiom was captured —
 * not merely that the file parses. Where the idiom is about a mistake being caught (R2, R11,
 * R33, R40 …), a deliberately wrong variant of the same file is checked too. Idioms that are
 * about scoring behaviour only (R16, R28 population passes, R39 exact decimals, R41 working
 * days) assert that the construct is present and typed as expected; scoring is tested elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, type CheckResult } from '../../src/checking/check.js';
import { tieRuleFor } from '../../src/checking/rules/ranks.js';
import { formatType } from '../../src/checking/types.js';
import { Rational } from '../../src/runtime/rational.js';
import type * as A from '../../src/syntax/ast.js';
import { actions, at, block, clauses, collect, lit, loadFixtures, node, qualifiers, sentences, show } from './helpers.js';

const fixtures = loadFixtures('idioms');
const byId = new Map(fixtures.map((f) => [f.file.slice(0, 3), f]));

function load(id: string): { r: CheckResult; source: string } {
  const f = byId.get(id);
  if (!f) throw new Error(`no fixture for ${id}`);
  return { r: check(f.source), source: f.source };
}

/**
 * Check a variant of a fixture: the first occurrence of `from` in a source line (not in the
 * comments that quote the seed) replaced by `to`.
 */
function variant(source: string, from: string, to: string): CheckResult {
  const lines = source.split('\n');
  const i = lines.findIndex((l) => !l.trimStart().startsWith('#') && l.includes(from));
  expect(i, `variant needs “${from}” in the fixture`).toBeGreaterThanOrEqual(0);
  lines[i] = lines[i]!.replace(from, to);
  return check(lines.join('\n'));
}

const codes = (r: CheckResult) => r.diagnostics.map((d) => d.code);
const typeOf = (r: CheckResult, e: A.Expr) => formatType(r.context.typeOf(e) ?? { kind: 'unknown' });
function only<T extends { kind: string }, K extends T['kind']>(xs: T[], kind: K): Extract<T, { kind: K }> {
  const hit = xs.filter((x) => x.kind === kind);
  expect(hit, `exactly one ${kind}`).toHaveLength(1);
  return hit[0] as Extract<T, { kind: K }>;
}

describe('idiom fixtures', () => {
  it('there is one fixture for each of R01–R41', () => {
    const ids = fixtures.map((f) => f.file.slice(0, 3));
    expect(ids).toEqual(Array.from({ length: 41 }, (_, i) => `R${String(i + 1).padStart(2, '0')}`));
    for (const f of fixtures) expect(f.file, 'Rnn-<short-name>.rubric').toMatch(/^R\d{2}-[a-z0-9-]+\.rubric$/);
  });

  for (const f of fixtures) {
    it(`${f.file} checks without any diagnostic and quotes its seed`, () => {
      const { diagnostics } = check(f.source);
      expect(diagnostics.map((d) => `${at(d)} ${d.message}`)).toEqual([]);
      expect(f.source).toMatch(/^# 种子 \d{3}_[0-9a-f]{16}\.txt 第\d+(—\d+)?行：/m);
    });
  }
});

/** The quotations in the fixture headers are the seeds' own words (when the seeds are present). */
const SEEDS = '/work/shared/seeds';
describe.skipIf(!existsSync(SEEDS))('idiom fixtures quote the seed documents faithfully', () => {
  const norm = (s: string) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, '')
      .replace(/[（(]/g, '(')
      .replace(/[）)]/g, ')')
      .replace(/[，,]/g, ',')
      .replace(/[；;]/g, ';')
      .replace(/[：:]/g, ':')
      .replace(/[〈<]/g, '<')
      .replace(/[〉>]/g, '>')
      .replace(/[—–-]/g, '-');
  for (const f of fixtures) {
    it(f.file, () => {
      const refs = [...f.source.matchAll(/^# 种子 (\S+\.txt) 第(\d+)(?:—(\d+))?行：(.*)$/gm)];
      expect(refs.length).toBeGreaterThan(0);
      for (const [, file, from, to, rest] of refs) {
        const lines = readFileSync(join(SEEDS, file!), 'utf8').split('\n');
        const first = Number(from);
        const last = Math.max(Number(to ?? from), first) + 2; // quotes may continue on the next lines
        const seedText = norm(lines.slice(first - 1, last).join(''));
        // From the first “ to the last ” (or to the end of the line when the quote goes on).
        const open = rest!.slice(rest!.indexOf('“') + 1);
        const close = open.lastIndexOf('”');
        const quoted = close >= 0 ? open.slice(0, close) : open;
        const pieces = quoted
          .split(/……|”[^“]*“/)
          .map(norm)
          .filter((p) => p.length >= 4);
        expect(pieces.length, `${file} ${from}: nothing quoted`).toBeGreaterThan(0);
        for (const p of pieces) expect(seedText, `${file} 第${from}行`).toContain(p);
      }
    });
  }
});

describe('A. structure', () => {
  it('R01 hierarchy with points: three levels, numbers and titles kept', () => {
    const { r } = load('R01');
    expect(r.summary.levels).toEqual([1, 2, 5]);
    expect(node(r, '一').points).toBe('15');
    expect(node(r, '一.（一）').points).toBe('3');
    expect(node(r, '一.（二）').points).toBe('12');
    const item = node(r, '一.（一）.2');
    expect(item.points).toBe('0.4');
    expect(item.node.title).toBe('执法人员清楚并落实本系统、本单位对执法工作的具体要求。');
    expect(item.mode).toBe('check'); // 达标 inherited from the header
    expect(r.context.nodes.filter((n) => n.composite).map((n) => n.path)).toEqual(['一', '一.（一）', '一.（二）']);
  });

  it('R02 points add up at every level; a changed item is an error naming both numbers', () => {
    const { r, source } = load('R02');
    const sec = node(r, '（三）');
    expect(sec.composite).toBe(true);
    expect(sec.children.map((c) => c.points)).toEqual(['2', '1', '2', '3', '1', '2', '1', '1', '2']);
    expect(r.summary.total).toBe('100');

    const bad = variant(source, '27.推进市容环境大整治（2分）', '27.推进市容环境大整治（3分）');
    expect(codes(bad)).toEqual(['E4001']);
    expect(bad.diagnostics[0]!.message).toContain('15分');
    expect(bad.diagnostics[0]!.message).toContain('16分');

    const top = variant(source, '（五）争先创优（20分', '（五）争先创优（25分');
    expect(codes(top)).toEqual(['E4001']);
    expect(top.diagnostics[0]!.message).toContain('满分为100分');
    expect(top.diagnostics[0]!.message).toContain('105分');
  });

  it('R03 scoring modes: all six are expressed and resolved', () => {
    const { r } = load('R03');
    expect(node(r, '（一）').mode).toBe('deduct');
    expect(qualifiers(node(r, '（一）')).map((q) => q.kind)).toContain('DeductUntil');
    expect(node(r, '（二）').mode).toBe('add');
    const cap = only(qualifiers(node(r, '（二）')), 'Cap');
    expect([cap.cap, lit(cap.amount)]).toEqual(['total', '20分']);
    expect(node(r, '（三）.1').mode).toBe('check'); // a checklist item: no rules, the data says
    expect(node(r, '（三）.1').node.body).toEqual([]);
    expect(node(r, '（四）').mode).toBe('formula');
    expect(node(r, '（五）.69').mode).toBe('assign');
    expect(node(r, '（六）').mode).toBe('points');
    expect(new Set(r.context.nodes.flatMap((n) => (n.mode ? [n.mode] : [])))).toEqual(new Set(['deduct', 'add', 'check', 'formula', 'assign', 'points']));
  });

  it('R04 bonus outside the total: 不计入总分, the total stays 100', () => {
    const { r, source } = load('R04');
    const bonus = node(r, '8');
    expect(bonus.outsideTotal).toBe(true);
    expect([bonus.points, bonus.mode]).toEqual(['5', 'add']);
    expect(r.summary.total).toBe('100');
    expect(qualifiers(bonus).map((q) => q.kind)).toContain('SameMatterMax');
    // Without 不计入总分 the bonus would count towards 满分.
    expect(codes(variant(source, '，不计入总分', ''))).toEqual(['E4001']);
  });
});

describe('B. deductions', () => {
  it('R05 per occurrence: rate × count, with the measure word of each rule', () => {
    const { r } = load('R05');
    const acts = r.context.nodes.filter((n) => !n.children.length).flatMap(actions);
    expect(acts.map((a) => a.kind)).toEqual(['PerUnit', 'PerUnit', 'PerUnit', 'PerUnit', 'PerUnit']);
    const per = acts as Extract<A.Action, { kind: 'PerUnit' }>[];
    expect(per.map((a) => `${lit(a.amount)}/${a.per?.word}`)).toEqual(['0.5分/项', '0.5分/人次', '1分/个', '1分/件', '0.1分/处']);
    for (const c of r.context.nodes.flatMap(clauses)) {
      expect(typeOf(r, c.subject!.expr)).toBe((c.action as { per?: A.UnitWord }).per!.word);
    }
  });

  it('R06 flat on a condition: 未…的，扣1分', () => {
    const { r } = load('R06');
    const c = only(clauses(node(r, '（一）.6')), 'Clause');
    expect(c.condition?.kind).toBe('Not');
    expect(show(c.condition)).toBe('!【组织执法人员参加培训】');
    const a = c.action as Extract<A.Action, { kind: 'Flat' }>;
    expect([a.kind, a.sign, lit(a.amount)]).toEqual(['Flat', 'deduct', '1分']);
  });

  it('R07 caps: 限扣 on an item and a rule, 扣完为止 and 扣完2分为止 on sections', () => {
    const { r, source } = load('R07');
    const item10 = node(r, '（一）.10');
    const cap10 = only(qualifiers(item10), 'Cap');
    expect([cap10.cap, lit(cap10.amount)]).toEqual(['deduct', '7分']);
    expect(actions(item10).map((a) => a.kind)).toEqual(['PerUnit', 'Judged']);
    expect(only(qualifiers(node(r, '（一）')), 'DeductUntil').amount).toBeUndefined();
    const ruleCap = only(clauses(node(r, '（四）.36'))[0]!.qualifiers, 'Cap');
    expect(lit(ruleCap.amount)).toBe('2分');
    expect(lit(only(qualifiers(node(r, '（七）')), 'DeductUntil').amount)).toBe('2分');
    // A cap below one charge is a typo the checker catches.
    expect(codes(variant(source, '扣0.5分/局（限扣2分）', '扣3分/局（限扣2分）'))).toEqual(['E5002']);
  });

  it('R08 several clauses in one item, each its own rule', () => {
    const { r } = load('R08');
    const s = sentences(node(r, '（二）.17'));
    expect(s.map((x) => x.kind)).toEqual(['Rule', 'Rule']);
    expect(clauses(node(r, '（二）.17')).map((c) => show(c.condition))).toEqual(['!【组织开展案卷评查】', '!【通报评查结果并督促整改】']);
  });

  it('R09 severity tiers: a 其中 refinement after a per-unit rule; tiers by attribute', () => {
    const { r } = load('R09');
    const [rule, refine] = sentences(node(r, '（二）.22'));
    expect(rule!.kind).toBe('Rule');
    const base = (rule as Extract<A.Sentence, { kind: 'Rule' }>).alternatives[0]!.action as Extract<A.Action, { kind: 'PerUnit' }>;
    expect([base.kind, lit(base.amount), base.per?.word]).toEqual(['PerUnit', '1分', '件']);
    expect(refine!.kind).toBe('Refine');
    const ref = refine as Extract<A.Sentence, { kind: 'Refine' }>;
    expect(show(ref.condition)).toBe('【造成危害后果】');
    expect(ref.action.kind).toBe('PerUnit');
    expect(lit((ref.action as Extract<A.Action, { kind: 'PerUnit' }>).amount)).toBe('2分');
    expect(r.context.refineEvents.get(ref)?.map((e) => e.name)).toEqual(['不履行法定职责']);
    // The condition resolved to the event's attribute, not to a global name.
    expect(r.context.refs.get((ref.condition as A.TruthyCond).expr as A.RefExpr)?.kind).toBe('attribute');

    const tier = only(actions(node(r, '（三）.（1）')), 'Tiered');
    expect(tier.values.map(show)).toEqual(['“轻处分”', '“重处分”', '“移送司法机关”']);
    expect(tier.amounts.map(lit)).toEqual(['4分', '8分', '8分']);
    expect(tier.per?.word).toBe('人次');
  });

  it('R10 exclusive alternatives: 否则 joins the clauses of one rule', () => {
    const { r } = load('R10');
    const s = sentences(node(r, '（三）.27'));
    expect(s.map((x) => x.kind)).toEqual(['Rule', 'Rule']);
    const alts = (s[0] as Extract<A.Sentence, { kind: 'Rule' }>).alternatives;
    expect(alts.map((c) => `${show(c.condition)} → ${lit((c.action as { amount: A.Expr }).amount)}`)).toEqual([
      '【市容环境整治情况】 == “未开展整治行动” → 2分',
      '【市容环境整治情况】 == “成效不明显、敷衍了事” → 1分',
    ]);
  });

  it('R11 thresholds say exactly where the boundary falls; 以上 without 含 is an error', () => {
    const { r, source } = load('R11');
    expect(show(clauses(node(r, '（一）.5'))[0]!.condition)).toBe('【持证率】 < 90%');
    const alts = clauses(node(r, '（一）.6'));
    expect(alts.map((c) => show(c.condition))).toEqual([
      '(【所属层级】 == “县级执法部门” && 【执法人员持证率】 < 95%)',
      '(【所属层级】 == “乡镇政府” && 【执法人员持证率】 < 90%)',
    ]);
    const top = block(r, 'Grades').bands[0]!;
    expect(top.bounds.map((b) => `${b.op}${lit(b.value)}`)).toEqual(['>=80分']);
    expect(top.bounds[0]!.unstatedBoundary).toBeUndefined();
    const band2 = block(r, 'Grades').bands[1]!;
    expect(band2.bounds.map((b) => `${b.op}${lit(b.value)}`)).toEqual(['>=70分', '<80分']);

    const bad = variant(source, '【持证率】不足90%的', '【持证率】90%以下的');
    expect(codes(bad)).toEqual(['E5101']);
  });

  it('R12 stepwise shortfall: step, threshold and the partial step are all stated', () => {
    const { r, source } = load('R12');
    const c8 = clauses(node(r, '（一）.8'))[0]!;
    const s8 = c8.action as Extract<A.Action, { kind: 'Step' }>;
    expect([s8.kind, s8.dir, lit(s8.step), s8.partial, lit(s8.amount)]).toEqual(['Step', 'less', '5%', 'ceil', '0.5分']);
    expect(show(c8.condition)).toBe('【统一目录事项覆盖率】 < 40%');
    const s16 = actions(node(r, '（一）.16'))[0] as Extract<A.Action, { kind: 'Step' }>;
    expect([lit(s16.step), s16.partial]).toEqual(['1件/人', 'ceil']);
    const s1 = actions(node(r, '（二）.①'))[0] as Extract<A.Action, { kind: 'Step' }>;
    expect([lit(s1.step), s1.step.raw, s1.partial, lit(s1.amount)]).toEqual(['1%', '1个百分点', 'floor', '0.1分']);

    expect(codes(variant(source, '每少5%（含不足5%），', '每少5%，'))).toEqual(['E5103']);
  });

  it('R13 discretionary ranges: per-case amounts in a range, or a ranged input', () => {
    const { r } = load('R13');
    const d1 = actions(node(r, '（一）.（1）'))[0] as Extract<A.Action, { kind: 'Discretionary' }>;
    expect([d1.kind, lit(d1.min), lit(d1.max), d1.per?.word]).toEqual(['Discretionary', '1分', '3分', '例']);
    const d7 = actions(node(r, '（一）.（7）'))[0] as Extract<A.Action, { kind: 'Discretionary' }>;
    expect([lit(d7.min), lit(d7.max), d7.per?.word]).toEqual(['0.3分', '0.5分', '次']);
    const judged = actions(node(r, '（二）.44'))[0] as Extract<A.Action, { kind: 'Judged' }>;
    expect(judged.kind).toBe('Judged');
    const sym = r.context.refs.get(judged.amount as A.RefExpr);
    expect(sym?.kind).toBe('input');
    expect(sym && 'range' in sym && sym.range ? `${lit(sym.range.min)}-${lit(sym.range.max)}` : '').toBe('0分-3分');
    expect(r.context.clauseEvents.get(clauses(node(r, '（一）.（1）'))[0]!)?.name).toBe('重大决策部署推进不力');
  });

  it('R14 different rates per kind in one list', () => {
    const { r } = load('R14');
    const t = actions(node(r, '7.（3）'))[0] as Extract<A.Action, { kind: 'Tiered' }>;
    expect(t.kind).toBe('Tiered');
    expect(t.values.map(show)).toEqual(['“少报”', '“漏报”', '“瞒报”', '“假报”']);
    expect(t.amounts.map(lit)).toEqual(['5分', '5分', '10分', '20分']);
  });

  it('R15 multipliers compose: ×1.5, ×2.25, 减半, ×0.8 per case; 凡…加倍 for the item', () => {
    const { r } = load('R15');
    const refines = sentences(node(r, '7.（1）')).filter((s): s is Extract<A.Sentence, { kind: 'Refine' }> => s.kind === 'Refine');
    expect(refines.map((s) => (s.action as Extract<A.Action, { kind: 'Multiplier' }>).factor.value)).toEqual(['1.5', '2.25', '0.5', '0.8']);
    expect(show(refines[3]!.condition)).toBe('【违纪违法行为发生日期】 <= 2021-12-31');
    for (const s of refines) expect(r.context.refineEvents.get(s)?.map((e) => e.name)).toEqual(['党纪政务处分']);
    const forAll = sentences(node(r, '3.（1）')).find((s): s is Extract<A.Sentence, { kind: 'ForAll' }> => s.kind === 'ForAll')!;
    expect((forAll.action as Extract<A.Action, { kind: 'Multiplier' }>).factor.value).toBe('2');
    expect(r.context.refineEvents.get(forAll)?.map((e) => e.name)).toEqual(['未按期受理交办件']);
  });

  it('R16 comparisons with the population: 全体合计 average and a 前3名 rank table', () => {
    const { r } = load('R16');
    const avg = (block(r, 'Computed').decls as A.ComputedDecl[]).find((d) => d.name.name === '本市平均不合格率')!;
    const pops = collect(avg.value, 'Pop');
    expect(pops.map((p) => `${p.fn}(${show(p.arg)})`)).toEqual(['sum(【全市评查不合格案卷数】)', 'sum(【全市评查案卷数】)']);
    expect(show(clauses(node(r, '（二）.18'))[0]!.condition)).toBe('【全市评查不合格率】 > 【本市平均不合格率】');
    const rank = only(actions(node(r, '（三）.①')), 'Rank');
    expect([rank.order, rank.from, rank.to, rank.sign, rank.amounts.kind]).toEqual(['desc', 1, 3, 'deduct', 'List']);
    expect((rank.amounts as Extract<A.AmountList, { kind: 'List' }>).amounts.map(lit)).toEqual(['3分', '2分', '1分']);
    expect(tieRuleFor(r.context, node(r, '（三）.①'))).toEqual({ kind: 'high' });
  });

  it('R17 comparison of two inputs: 未超过 is <=', () => {
    const { r } = load('R17');
    const cond = clauses(node(r, '5'))[0]!.condition as A.CompareCond;
    expect(show(cond)).toBe('【新收复议案件数】 <= 【一审行政诉讼案件数】');
    expect([typeOf(r, cond.left), typeOf(r, cond.right[0]!)]).toEqual(['件', '件']);
  });

  it('R18 shared deduction: one event counts for two objects (同扣)', () => {
    const { r } = load('R18');
    const ev = block(r, 'Events').decls[0] as A.EventDecl;
    expect(ev.charge?.targets.map((t) => [t.attr.name, t.factor?.value])).toEqual([
      ['证件管理责任科室', undefined],
      ['人员所属科室', undefined],
    ]);
    for (const t of ev.charge!.targets) expect(r.context.refs.get(t.attr)?.kind).toBe('attribute');
  });

  it('R19 periodic and cumulative: 按季 and a period of months', () => {
    const { r } = load('R19');
    expect(only(qualifiers(node(r, '3')), 'Quarterly').word).toBe('按季考评');
    const p = only(qualifiers(node(r, '7')), 'Period');
    expect([p.from.value, p.from.month, p.to.value, p.to.month]).toEqual(['2022-12-01', true, '2023-11-01', true]);
  });
});

describe('C. additions', () => {
  it('R20 per occurrence with a cap, filtered by an attribute', () => {
    const { r } = load('R20');
    const c59 = clauses(node(r, '（五）.59'))[0]!;
    expect(`${lit((c59.action as Extract<A.Action, { kind: 'PerUnit' }>).amount)}/${(c59.action as { per?: A.UnitWord }).per?.word}`).toBe('3分/次');
    expect(c59.qualifiers.map((q) => (q.kind === 'Cap' ? `${q.cap}${lit(q.amount)}` : q.kind))).toEqual(['add3分']);
    const c60 = clauses(node(r, '（五）.60'))[0]!;
    expect(show(c60.subject!.expr)).toBe('【常驻人员】[【常驻时间】 >= 1个月]');
    expect(c60.qualifiers.map((q) => (q.kind === 'Cap' ? `${q.cap}${lit(q.amount)}` : q.kind))).toEqual(['add2分']);
  });

  it('R21 tiers by level, including 5、3、2、1分 with the unit written once', () => {
    const { r } = load('R21');
    const t1 = only(actions(node(r, '一')), 'Tiered');
    expect([t1.sign, ...t1.amounts.map(lit)]).toEqual(['add', '5分', '3分', '2分']);
    const t2 = only(actions(node(r, '二')), 'Tiered');
    expect([t2.sign, ...t2.amounts.map(lit)]).toEqual(['get', '5分', '3分', '2分', '1分']);
    expect(t2.amounts.slice(0, 3).every((a) => a.implicitUnit)).toBe(true);
  });

  it('R22 rank bonus: 第1-6名 1.2→0.2 in equal steps; 第1名至末名 2→0.2; ties declared', () => {
    const { r, source } = load('R22');
    const a = only(actions(node(r, '（五）.54')), 'Rank');
    expect([a.from, a.to, a.order, a.sign, a.amounts.kind]).toEqual([1, 6, 'desc', 'add', 'Range']);
    const range = a.amounts as Extract<A.AmountList, { kind: 'Range' }>;
    expect([lit(range.from), lit(range.to)]).toEqual(['1.2分', '0.2分']);
    // equal steps: (1.2 − 0.2) ÷ (6 − 1) = 0.2 exactly
    expect(
      Rational.of(range.from.value)
        .sub(range.to.value)
        .div(a.to! - a.from)
        .toString(),
    ).toBe('0.2');
    const b = only(actions(node(r, '（三）.32')), 'Rank');
    expect([b.from, b.to, b.sign, lit((b.amounts as Extract<A.AmountList, { kind: 'Range' }>).from)]).toEqual([1, undefined, 'get', '2分']);
    expect(tieRuleFor(r.context, node(r, '（五）.54'))).toEqual({ kind: 'high' });
    expect(codes(variant(source, '，并列取高', ''))).toEqual(['E5302', 'E5302']);
  });

  it('R23 same matter counts once, highest: on the section; 事项 is a built-in event field', () => {
    const { r } = load('R23');
    expect(only(qualifiers(node(r, '（五）')), 'SameMatterMax').word).toBe('同一事项加分记最高一次分数');
    expect(actions(node(r, '（五）.66')).map((a) => a.kind)).toEqual(['Tiered', 'Tiered']);
    for (const ev of r.context.scope.events) expect(ev.attributes.get('事项')?.kind).toBe('attribute');
  });

  it('R24 either or both: 且 first, 否则 或', () => {
    const { r } = load('R24');
    const alts = clauses(node(r, '（五）.58'));
    expect(alts.map((c) => c.condition?.kind)).toEqual(['And', 'Or']);
    expect(alts.map((c) => lit((c.action as { amount: A.Expr }).amount))).toEqual(['2分', '1分']);
    expect((sentences(node(r, '（五）.58'))[0] as Extract<A.Sentence, { kind: 'Rule' }>).alternatives).toHaveLength(2);
  });

  it('R25 section cap on all bonuses: 累计最高20分', () => {
    const { r } = load('R25');
    const cap = only(qualifiers(node(r, '（五）')), 'Cap');
    expect([cap.cap, cap.word, lit(cap.amount)]).toEqual(['total', '累计最高', '20分']);
    expect(node(r, '（五）').mode).toBe('add');
  });

  it('R26 exemption linked to a bonus: 封顶1分，…的，不扣分', () => {
    const { r } = load('R26');
    const q = clauses(node(r, '7.（1）'))[0]!.qualifiers;
    expect(q.map((x) => x.kind)).toEqual(['Cap', 'Exempt']);
    const ex = q[1] as Extract<A.Qualifier, { kind: 'Exempt' }>;
    expect([ex.sign, show(ex.cond)]).toEqual(['deduct', '【先进典型工作加分】 > 0分']);
  });
});

describe('D. formulas and derived scores', () => {
  it('R27 weighted votes: (满意×1 + 基本满意×0.6) ÷ 总票数 × 30分, typed 分', () => {
    const { r } = load('R27');
    const a = only(actions(node(r, '1')), 'Flat');
    expect(a.sign).toBe('get');
    expect(show(a.amount)).toBe('((((【服务对象满意票数】 * 1) + (【服务对象基本满意票数】 * 0.6)) / 【服务对象总票数】) * 30分)');
    expect(typeOf(r, a.amount)).toBe('分');
  });

  it('R28 small-sample fallback: an average over all objects (Pop) in the rule for <50 votes', () => {
    const { r } = load('R28');
    const avg = (block(r, 'Computed').decls as A.ComputedDecl[]).find((d) => d.name.name === '服务对象满意度总平均分')!;
    const pop = only(collect(avg.value, 'Pop') as unknown as A.PopExpr[], 'Pop');
    expect([pop.fn, show(pop.arg), show(pop.filter)]).toEqual(['avg', '【服务对象公式分】', '【服务对象总票数】 > 0票']);
    expect(typeOf(r, pop)).toBe('分');
    const alts = clauses(node(r, '1'));
    expect(show(alts[0]!.condition)).toBe('【服务对象总票数】 < 50票');
    expect(show((alts[0]!.action as Extract<A.Action, { kind: 'Flat' }>).amount)).toBe('((【服务对象满意度总平均分】 * 70%) + (【服务对象公式分】 * 30%))');
  });

  it('R29 average of two evaluators, 1:1', () => {
    const { r } = load('R29');
    const a = only(actions(node(r, '6')), 'Flat');
    expect(show(a.amount)).toBe('((【主管部门评价】 * 50%) + (【政务服务中心评价】 * 50%))');
    expect(typeOf(r, a.amount)).toBe('分');
  });

  it('R30 derived from others: 本项得全体平均（本项得分，仅…）×80%', () => {
    const { r } = load('R30');
    const c = clauses(node(r, '5'))[0]!;
    expect(show(c.condition)).toBe('【有行政执法权】 == 否');
    const o = c.action as Extract<A.Action, { kind: 'Override' }>;
    expect(o.kind).toBe('Override');
    expect(show(o.amount)).toBe('(avg(self-score | 【有行政执法权】) * 80%)');
  });

  it('R31 sampled files: a failing file counts as 59%, each file at most 4分, averaged', () => {
    const { r } = load('R31');
    const a = only(actions(node(r, '（二）.①')), 'PerUnit');
    expect(a.per?.word).toBe('份');
    const ifs = collect(a.amount, 'If') as unknown as A.IfExpr[];
    expect(ifs.map((e) => `${show(e.cond)} ? ${show(e.then)} : ${show(e.else)}`)).toEqual(['【评查结论】 == “不合格” ? 59% : 【评查得分率】']);
    expect(show(a.amount)).toMatch(/^\(\(4分 \* /);
    expect(show(a.amount)).toMatch(/ \/ 【抽查案卷份数】\)$/);
    expect(typeOf(r, a.amount)).toBe('分');
  });

  it('R32 open points per record: per-procedure points, quality base floored at 0, co-handler half', () => {
    const { r } = load('R32');
    expect(node(r, '一').mode).toBe('points');
    const t = only(actions(node(r, '一')), 'Tiered');
    expect([t.sign, t.per?.word, ...t.amounts.map(lit)]).toEqual(['get', '起', '0.5分', '5分', '10分']);
    const [good, returned] = clauses(node(r, '二'));
    expect(lit((good!.action as Extract<A.Action, { kind: 'PerUnit' }>).amount)).toBe('2分');
    expect(show((returned!.action as Extract<A.Action, { kind: 'PerUnit' }>).amount)).toBe('(2分 - 【退卷扣分】)');
    expect(returned!.qualifiers.map((q) => (q.kind === 'Floor' ? `最低${lit(q.amount)}` : q.kind))).toEqual(['最低0分']);
    const ev = block(r, 'Events').decls[0] as A.EventDecl;
    expect(ev.charge?.targets.map((x) => [x.attr.name, x.factor?.value])).toEqual([
      ['主办人', undefined],
      ['协办人', '0.5'],
    ]);
  });
});

describe('E. outcomes', () => {
  it('R33 grade bands cover every score once; a gap and an overlap are errors', () => {
    const { r, source } = load('R33');
    expect(block(r, 'Grades').bands.map((b) => `${b.label}:${b.bounds.map((x) => `${x.op}${x.value.value}`).join(',')}`)).toEqual([
      '优秀:>=80',
      '良好:>=70,<80',
      '合格:>=60,<70',
      '不合格:<60',
    ]);
    expect(codes(variant(source, '60分（含）以上、70分（不含）以下', '60分（含）以上、69分（含）以下'))).toEqual(['E6001']);
    expect(codes(variant(source, '70分（含）以上、80分（不含）以下', '70分（含）以上、80分（含）以下'))).toEqual(['E6002']);
  });

  it('R34 quota: 限4名 by rank, with the rule for units outside it and the tie rule', () => {
    const { r, source } = load('R34');
    const top = block(r, 'Grades').bands[0]!;
    expect(top.quota?.count).toBe(4);
    expect(top.quota?.tie).toEqual({ kind: 'high' });
    expect(top.outsideQuota?.label).toBe('良好');
    expect(codes(variant(source, '；名额外的评为“良好”', ''))).toEqual(['E6003']);
  });

  it('R35 veto: four yes/no conditions, and what a vetoed unit is rated', () => {
    const { r, source } = load('R35');
    const v = block(r, 'Veto');
    expect(v.conditions.map(show)).toEqual([
      '【受党纪政纪处分的局班子成员人数】 > 0人',
      '(【受违纪处分的正式在编人数】 / 【正式在编人数】) > 3%',
      '(【因违法犯罪被处理的正式在编人数】 / 【正式在编人数】) > 1%',
      '【发生群体性事件造成严重社会影响】',
    ]);
    expect(block(r, 'Grades').bands[0]!.vetoTo?.label).toBe('良好');
    expect(codes(variant(source, '；否优的评为“良好”', ''))).toEqual(['E6004']);
  });

  it('R36 ranking and titles: per-group shares, top 50, chosen among another title', () => {
    const { r } = load('R36');
    const defs = block(r, 'Titles').defs;
    const best = defs.find((d) => d.label === '最佳办案能手')!;
    expect(best.rank?.group?.name).toBe('中队类别');
    expect(best.rank?.perGroup?.values.map(show)).toEqual(['“直属中队”', '“一类中队”', '“二类中队”']);
    expect(best.rank?.perGroup?.counts.map((c) => (c.kind === 'Share' ? lit(c.percent) : c.n))).toEqual(['10%', '10%', '5%']);
    expect([best.rank?.rounding, best.rank?.atLeast]).toEqual(['floor', 1]);
    expect(defs.map((d) => `${d.from?.label ?? ''}>${d.label}:${d.rank?.order}${d.rank?.count.kind === 'Count' ? d.rank.count.n : ''}`)).toEqual([
      '>最佳办案能手:desc',
      '>满意候选:desc50',
      '>不满意候选:asc50',
      '满意候选>满意单位:desc10',
      '不满意候选>不满意单位:asc10',
      '不满意单位>最不满意单位:asc3',
    ]);
  });

  it('R37 eligibility: exemption and halved targets as computed yes/no values', () => {
    const { r } = load('R37');
    const decls = block(r, 'Computed').decls as A.ComputedDecl[];
    const exempt = decls.find((d) => d.name.name === '免考')!;
    expect(show(exempt.value)).toBe('((【性别】 == “男” && 【年龄】 >= 55岁) || (【性别】 == “女” && 【年龄】 >= 50岁))');
    const half = decls.find((d) => d.name.name === '标准减半')!;
    expect(show(half.value)).toBe('(【性别】 == “男” && 【年龄】 >= 50岁 && 【年龄】 < 55岁)');
    const target = decls.find((d) => d.name.name === '应办案数')!;
    expect(collect(target.value, 'If')).toHaveLength(2);
    expect(formatType(r.context.typeOf((target.value as A.TruthyCond).expr)!)).toBe('起');
    const title = block(r, 'Titles').defs[0]!;
    expect(show(title.condition)).toBe('(!【免考】 && 【案件】 < 【应办案数】)');
  });

  it('R38 results feed other rubrics: ±5, −10 by 主管部门', () => {
    const { r } = load('R38');
    const use = block(r, 'ResultUse');
    expect(use.by?.name).toBe('主管部门');
    expect(use.rules.map((x) => `${x.label.label}${x.sign === 'add' ? '+' : '-'}${x.delta.value}`)).toEqual(['最不满意单位-10', '不满意单位-5', '满意单位+5']);
    expect(r.context.refs.get(use.by!)?.kind).toBe('input');
  });
});

describe('F. numbers', () => {
  it('R39 exact decimals: amounts are exact text; rounding only where declared', () => {
    const { r } = load('R39');
    const a = only(actions(node(r, '（三）.28')), 'PerUnit');
    expect(a.amount.kind === 'Number' && a.amount.value).toBe('0.1');
    const three = Rational.of(a.amount.kind === 'Number' ? a.amount.value : '0').mul(3);
    expect(three.eq('0.3')).toBe(true);
    expect(three.toString()).toBe('0.3');
    const round = only(qualifiers(node(r, '（六）')), 'Round');
    expect([round.places, round.mode]).toEqual([1, 'half-up']);
    expect(qualifiers(node(r, '（三）')).some((q) => q.kind === 'Round')).toBe(false);
  });

  it('R40 units: 扣1分/件 counts 件; 分 + 件 and a wrong measure word are errors', () => {
    const { r, source } = load('R40');
    const c = clauses(node(r, '（二）.12'))[0]!;
    const a = c.action as Extract<A.Action, { kind: 'PerUnit' }>;
    expect([typeOf(r, a.amount), a.per?.word, typeOf(r, c.subject!.expr)]).toEqual(['分', '件', '件']);
    const sum = (block(r, 'Computed').decls[0] as A.ComputedDecl).value as A.TruthyCond;
    expect(typeOf(r, sum.expr)).toBe('分');

    const added = variant(source, '【数量分】分：办案数量得分', '【数量分】件：办案数量件数');
    expect(codes(added)).toEqual(['E3001']);
    expect(added.diagnostics[0]!.message).toMatch(/不能把(分与件|件与分)相加/);
    expect(codes(variant(source, '【未及时公开执法决定】扣1分/件', '【未及时公开执法决定】扣1分/次'))).toEqual(['E3002']);
  });

  it('R41 working days: a date offset in 工作日, typed as a date', () => {
    const { r, source } = load('R41');
    const offsets = collect(r.ast, 'DateOffset') as unknown as A.DateOffsetExpr[];
    expect(offsets).toHaveLength(1);
    const o = offsets[0]!;
    expect([show(o.date), o.amount.value, o.amount.unit?.word]).toEqual(['【决定日期】', '7', '工作日']);
    expect(typeOf(r, o)).toBe('日期');
    const cmp = collect(r.ast, 'Compare').find((c) => c.right[0] === o) as A.CompareCond | undefined;
    expect(cmp?.op).toBe('>');
    expect(codes(variant(source, '起7个工作日', '起7个月'))).toEqual(['E3009']);
  });
});
