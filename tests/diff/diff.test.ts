/**
 * The example pair examples/diff/: lishui-2022 (the real rubric) → lishui-2023 (an edited next
 * year with at least one change of every kind). The Markdown must equal the hand-written
 * expected.md, and the JSON must list exactly the changes made there, nothing else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/checking/check.js';
import { diffPrograms } from '../../src/diff/diff.js';
import { compile, format, ROOT, runDiff } from './helpers.js';

const OLD = 'examples/diff/lishui-2022.rubric';
const NEW = 'examples/diff/lishui-2023.rubric';

/** [kind, where (item id on the new side, else the old; or the subject), rule, old, new] — written by hand from the edits. */
const EXPECTED: [string, string, string | undefined, string | undefined, string | undefined][] = [
  ['header.title', '总体', undefined, '丽水市综合行政执法系统2022年度工作目标考核', '丽水市综合行政执法系统2023年度工作目标考核'],
  ['header.period', '总体', undefined, '2022年1月1日至2022年12月31日', '2023年1月1日至2023年12月31日'],
  ['item.points', '（一）', undefined, '15分', '14分'],
  ['rule.threshold', '（一）.5', '1', '【持证率】不足90%', '【持证率】不足95%'],
  ['rule.step', '（一）.8', '1', '每少5%（含不足5%）', '每少10%（含不足10%）'],
  ['item.moved', '（二）.10', undefined, '（一）「队伍建设」', '（二）「执法办案」'],
  ['item.cap', '（二）.10', undefined, '限扣7分', '限扣5分'],
  ['rule.amount', '（二）.12', '1', '扣1分/件', '扣2分/件'],
  ['rule.removed', '（二）.17', '2', '未【通报评查结果并督促整改】的，扣1分', undefined],
  ['item.points', '（三）', undefined, '15分', '16分'],
  ['item.points', '（三）.27', undefined, '2分', '3分'],
  ['rule.amount', '（三）.27', '1.1', '扣2分', '扣3分'],
  ['rule.added', '（三）.31', '3', undefined, '【市容长效管控考核不合格次数】每次扣0.5分'],
  ['item.mode', '（三）.33', undefined, '扣分制', '达标'],
  ['item.criterion', '（三）.33', undefined, undefined, '【开展非现场执法】'],
  ['rule.removed', '（三）.33', '1', '未【开展非现场执法】的，扣1分', undefined],
  ['item.floor', '（四）', undefined, '未写（按0分）', '最低5分'],
  ['rule.cap', '（四）.36', '1', '限扣2分', '限扣3分'],
  ['rule.rank', '（五）.54', '2', '第1-6名分别加1.2-0.2分', '第1-5名分别加1-0.2分'],
  ['rule.tier-amount', '（五）.59', '1', '加2分/次', '加1.5分/次'],
  ['rule.tier-removed', '（五）.59', '1', '加1分/次', undefined],
  ['rule.rank', '（五）.65', '1', '第1-6名分别加1.2-0.2分', '前3名分别加1分、0.6分、0.3分'],
  [
    'item.removed',
    '（五）.66',
    undefined,
    '（加分制）：【载入政策文件】按【文件级别】，“国家级”、“省级”、“市级”每项分别加5分、3分、2分；【复制推广】按【推广部门级别】，“中央部委”、“省级”、“市级”每项分别加3分、2分、1分',
    undefined,
  ],
  ['item.renumbered', '（五）.66', undefined, '第67项', '第66项'],
  ['item.renumbered', '（五）.67', undefined, '第68项', '第67项'],
  ['rule.tier-added', '（五）.67', '3', undefined, '加0.5分/项'],
  ['item.added', '（五）.68', undefined, undefined, '（加分制）：【数字化改革案例入选省级】的，加1分'],
  ['decl.range', '输入【摘牌加大扣分】', undefined, '0-7分', '0-5分'],
  ['decl.removed', '输入【通报评查结果并督促整改】', undefined, '是否（缺失时按否）', undefined],
  ['decl.added', '输入【市容长效管控考核不合格次数】', undefined, undefined, '次（缺失时按0次）'],
  ['decl.type', '输入【新领域执法拓展情况】', undefined, '数值', '百分比'],
  ['decl.missing', '输入【行政诉讼败诉件数】', undefined, '按1件', '按0件'],
  ['decl.added', '输入【数字化改革案例入选省级】', undefined, undefined, '是否（缺失时按否）'],
  ['decl.removed', '输入【发生群体性事件造成严重社会影响】', undefined, '是否（缺失时按否）', undefined],
  ['decl.added', '输入【发生重大安全生产责任事故】', undefined, undefined, '是否（缺失时按否）'],
  ['decl.type', '事件【承办协办会议活动】属性【会议级别】', undefined, '选项“全国性”“长三角等省际性”“全省性”“全市性”', '选项“全国性”“长三角等省际性”“全省性”'],
  ['decl.removed', '事件【载入政策文件】', undefined, '项；属性【文件级别】选项“国家级”“省级”“市级”', undefined],
  ['decl.removed', '事件【复制推广】', undefined, '项；属性【推广部门级别】选项“中央部委”“省级”“市级”', undefined],
  ['grade.band', '等次“优秀”', undefined, '80分（含）以上', '85分（含）以上'],
  ['grade.quota', '等次“优秀”', undefined, '限4名', '限5名'],
  ['grade.band', '等次“良好”', undefined, '70分（含）以上、80分（不含）以下', '70分（含）以上、85分（不含）以下'],
  ['veto.changed', '否优', undefined, '【受违纪处分的正式在编人数】÷【正式在编人数】超过3%', '【受违纪处分的正式在编人数】÷【正式在编人数】超过2%'],
  ['veto.removed', '否优', undefined, '【发生群体性事件造成严重社会影响】', undefined],
  ['veto.added', '否优', undefined, undefined, '【发生重大安全生产责任事故】'],
];

interface JsonChange {
  kind: string;
  group: string;
  item?: { old?: string; new?: string };
  rule?: { old?: string; new?: string };
  subject?: string;
  old?: string;
  new?: string;
}

describe('examples/diff: lishui 2022 → 2023', () => {
  it('both versions check without diagnostics', () => {
    for (const f of [OLD, NEW]) expect(check(readFileSync(join(ROOT, f), 'utf8')).diagnostics).toEqual([]);
  });

  it('the Markdown report equals the hand-written expected.md', async () => {
    const run = await runDiff([OLD, NEW]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(ROOT, 'examples/diff/expected.md'), 'utf8'));
  });

  it('the JSON lists exactly the changes made, and nothing else', async () => {
    const run = await runDiff([OLD, NEW, '--format', 'json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      format: string;
      version: number;
      changes: JsonChange[];
      matches: unknown[];
      ambiguities: unknown[];
      bounds: unknown[];
      summary: Record<string, number>;
    };
    expect(doc.format).toBe('rubric-diff');
    expect(doc.version).toBe(1);
    const got = doc.changes.map((c) => [
      c.kind,
      c.item ? (c.item.new ?? c.item.old) : (c.subject ?? c.group),
      c.rule ? (c.rule.new ?? c.rule.old) : undefined,
      c.old,
      c.new,
    ]);
    expect(got).toEqual(EXPECTED);
    // the tiers name what they are about
    expect(doc.changes.filter((c) => c.kind.startsWith('rule.tier')).map((c) => c.subject)).toEqual([
      '【会议级别】为“全省性”',
      '【会议级别】为“全市性”',
      '【授予级别】为“省部级以上”',
    ]);
    // the moved and renumbered items were paired by title (and the names they read), not by number
    expect(doc.matches).toEqual([
      { old: '（一）.10', new: '（二）.10', by: 'title' },
      { old: '（五）.67', new: '（五）.66', by: 'title' },
      { old: '（五）.68', new: '（五）.67', by: 'title' },
    ]);
    expect(doc.ambiguities).toEqual([]);
    expect(doc.bounds).toEqual([
      { label: '总分', old: { min: '0.2', max: '100' }, new: { min: '5.2', max: '100' } },
      { item: { old: '（一）', new: '（一）' }, label: '（一）「队伍建设」', old: { min: '0', max: '15' }, new: { min: '0', max: '14' } },
      { item: { old: '（三）', new: '（三）' }, label: '（三）「执法实务」', old: { min: '0.2', max: '15' }, new: { min: '0.2', max: '16' } },
      { item: { old: '（三）.27', new: '（三）.27' }, label: '第27项「推进市容环境大整治」', old: { min: '0', max: '2' }, new: { min: '0', max: '3' } },
      { item: { old: '（四）', new: '（四）' }, label: '（四）「改革推进」', old: { min: '0', max: '20' }, new: { min: '5', max: '20' } },
    ]);
    expect(doc.summary).toMatchObject({ itemsAdded: 1, itemsRemoved: 1, itemsRenumbered: 2, itemsMoved: 1, points: 3, caps: 2, floors: 1, declarations: 11 });
  });

  it('the JSON is stable: the same input gives byte-identical output', async () => {
    const a = await runDiff([OLD, NEW, '--format', 'json']);
    const b = await runDiff([OLD, NEW, '--format', 'json']);
    expect(a.stdout).toBe(b.stdout);
  });

  it('reversing the pair swaps added and removed', async () => {
    const run = await runDiff([NEW, OLD, '--format', 'json']);
    const doc = JSON.parse(run.stdout) as { changes: JsonChange[] };
    const count = (k: string) => doc.changes.filter((c) => c.kind === k).length;
    expect([count('item.added'), count('item.removed'), count('rule.added'), count('rule.removed'), count('decl.added'), count('decl.removed')]).toEqual([
      1, 1, 2, 1, 4, 3,
    ]);
    expect(doc.changes.length).toBe(EXPECTED.length);
  });
});

describe('wording is not meaning', () => {
  const rubrics = readdirSync(join(ROOT, 'rubrics')).filter((f) => f.endsWith('.rubric'));
  for (const f of [...rubrics.map((r) => `rubrics/${r}`), OLD, NEW]) {
    it(`${f}: no changes against itself or against its formatted text`, () => {
      const source = readFileSync(join(ROOT, f), 'utf8');
      const p = compile(source, f);
      const self = diffPrograms(p, compile(source, f));
      expect(self.changes).toEqual([]);
      expect(self.ambiguities).toEqual([]);
      expect(self.matches).toEqual([]);
      const formatted = diffPrograms(p, compile(format(source), `${f} (formatted)`));
      expect(formatted.changes).toEqual([]);
      expect(formatted.ambiguities).toEqual([]);
    });
  }
});
