/**
 * A rubric edit changes a pinned result: the report shows expected → actual and names the item
 * that moved it, with its number, title and rubric line, biggest change first, and its trace.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitBaseline, noBaseline } from '../../src/testing/baseline.js';
import { reportText } from '../../src/testing/render.js';
import { runTests } from '../../src/testing/run.js';
import { edit, gitCommitAll, lineOf, miniDir, runCli, write, wuchengCopy } from './helpers.js';

describe('a changed rule in a copy of a seed rubric (wucheng-2024)', () => {
  // Values from examples/wucheng-2024/expected.yaml (hand-worked): 周建华 41.25, 何静 26, 许志远 25.75.
  const PINNED = `# 婺城区2024年第一季度：期望取自 examples/wucheng-2024/expected.yaml
规则: wucheng.rubric
数据: [执法人员.yaml, 案件.csv]
期望:
  周建华: { 总分: "41.25", 称号: [最佳办案能手] }
  何静: { 总分: "26", 称号: [最佳办案能手] }
  许志远: { 总分: "25.75" }
`;
  const RULE = '“简易程序”、“普通程序”、“重大疑难”每起分别得0.5分、5分、10分';
  const CHANGED = '“简易程序”、“普通程序”、“重大疑难”每起分别得1分、5分、10分';

  it('passes before the edit; after it, names item 一「数量分」 and its line, against the rubric in git', async () => {
    const dir = wuchengCopy();
    const rubric = join(dir, 'wucheng.rubric');
    const test = write(dir, 'wucheng.test.yaml', PINNED);
    gitCommitAll(dir);
    expect((await runCli([test])).code).toBe(0);

    edit(rubric, RULE, CHANGED);
    const line = lineOf(rubric, '一、数量分（');
    const r = await runCli([test]);
    expect(r.code).toBe(1);
    // 简易程序 cases: 周建华 主办 one (+0.5), 何静 主办 two (+1), 许志远 主办 one and 协办 one (+0.75).
    expect(r.out).toContain('✗ ');
    expect(r.out).toContain('总分：期望 41.25，实际 41.75（+0.5）（第5行）');
    expect(r.out).toContain('总分：期望 26，实际 27（+1）（第6行）');
    expect(r.out).toContain('总分：期望 25.75，实际 26.5（+0.75）（第7行）');
    expect(r.out).toContain('变动的项目（与 git HEAD 中的 wucheng.rubric 相比，总分 41.25 → 41.75；变动大的在前）');
    expect(r.out).toContain(`+0.5  一「数量分」〔第${line}行〕：25.5 → 26`);
    // The trace of the item for that unit, now and before.
    expect(r.out).toMatch(/现：.*简易程序.*每起1分/);
    expect(r.out).toMatch(/原：.*简易程序.*每起0.5分/);
    // Items that did not move are not listed.
    expect(r.out).not.toContain('二「质量分」');
    expect(r.out).not.toContain('三「创先争优分」');
  });

  it('--base picks the git revision; JSON carries the moved items', async () => {
    const dir = wuchengCopy();
    const rubric = join(dir, 'wucheng.rubric');
    const test = write(dir, 'wucheng.test.yaml', PINNED);
    gitCommitAll(dir);
    edit(rubric, RULE, CHANGED);
    const { report } = await runTests([test], { baseline: gitBaseline('HEAD') });
    const u = report.files[0]!.cases[0]!.units.find((x) => x.name === '周建华')!;
    expect(u.moved).toMatchObject({ against: 'baseline', totalBefore: '41.25', totalAfter: '41.75' });
    expect(u.moved!.items.map((i) => [i.id, i.number, i.line, i.before, i.after, i.delta])).toEqual([
      ['一', '一', lineOf(rubric, '一、数量分（'), '25.5', '26', '+0.5'],
    ]);
    const none = await runCli([test, '--base', 'none']);
    expect(none.out).toContain('未与修改前的考核规则比较');
  });
});

describe('a changed rule in a small rubric (nested items, a cap)', () => {
  it('without git, the items written in 项目 tell which item moved', async () => {
    const dir = miniDir();
    const rubric = join(dir, 'mini.rubric');
    const test = write(
      dir,
      'mini.test.yaml',
      `规则: mini.rubric
数据: data.yaml
期望:
  甲局:
    总分: "18"
    等次: 优秀
    项目:
      （一）: "9"
      （一）.1: "0"
      （一）.2: "-1"
      （二）: "9"
`,
    );
    expect((await runCli([test, '--base', 'none'])).code).toBe(0);
    edit(rubric, '【违规】每件扣1分。', '【违规】每件扣2分。');
    const r = await runCli([test, '--base', 'none']);
    expect(r.code).toBe(1);
    const line = lineOf(rubric, '纪律作风');
    expect(r.out).toContain('总分：期望 18，实际 17（-1）（第5行）');
    expect(r.out).toContain('等次：期望 优秀，实际 合格（第6行）');
    expect(r.out).toContain(`项目 第2项「纪律作风」〔（一）.2，第${line}行〕：期望 -1，实际 -2（-1）（第10行）`);
    expect(r.out).toContain('变动的项目（按期望中写出的项目得分比较；变动大的在前）');
    // The deepest item is named, not the section that holds it.
    expect(r.out).toContain(`-1  第2项「纪律作风」〔（一）.2，第${line}行〕：-1 → -2`);
    expect(r.out).toContain('违规1件（每件2分，计2分），扣2分');
    expect(r.out).not.toContain('另有');
  });

  it('a change a cap cut is shown at the capped item, with the items inside it', async () => {
    const dir = miniDir();
    const rubric = join(dir, 'mini.rubric');
    const test = write(dir, 'mini.test.yaml', `规则: mini.rubric\n数据: data.yaml\n期望:\n  乙局: { 总分: "15" }\n`);
    gitCommitAll(dir);
    // 乙局: 1 + 3×1 = 4, cut to 3 → (一) 7. With 0.5 a case: 1 + 1.5 = 2.5 → (一) 7.5.
    edit(rubric, '【违规】每件扣1分。', '【违规】每件扣0.5分。');
    const { report } = await runTests([test], { baseline: gitBaseline() });
    const text = reportText(report);
    expect(text).toContain('总分：期望 15，实际 15.5（+0.5）');
    expect(text).toContain(`+0.5  （一）「队伍建设」〔第${lineOf(rubric, '（一）队伍建设')}行〕：7 → 7.5`);
    expect(text).toContain('本项的限额、下限或取舍改变了以下项目变化的合计');
    expect(text).toContain(`+1.5  第2项「纪律作风」〔（一）.2，第${lineOf(rubric, '纪律作风')}行〕：-3 → -1.5`);
    expect(text).toMatch(/原：.*限扣3分：本项合计4分，按3分计/);
  });

  it('a rank that changed because another object moved names that object', async () => {
    const dir = miniDir();
    const rubric = join(dir, 'mini.rubric');
    write(
      dir,
      'rank.yaml',
      `对象:\n  甲局: {持证率: 95%, 领导赋分: 9}\n  乙局: {持证率: 80%, 领导赋分: 8.5}\n事件:\n  - {类型: 违规, 对象: 甲局, 日期: 2023-03-01}\n`,
    );
    const test = write(dir, 'rank.test.yaml', `规则: mini.rubric\n数据: rank.yaml\n期望:\n  甲局: { 总分: "18", 名次: 1 }\n`);
    gitCommitAll(dir);
    edit(rubric, '【持证率】不足90%的，扣1分。', '【持证率】不足70%的，扣1分。');
    const { report } = await runTests([test], { baseline: gitBaseline() });
    const text = reportText(report);
    expect(text).toContain('名次：期望 1，实际 2（第4行）');
    expect(text).toContain('名次、等次或称号的变化来自其他考核对象的总分变化（变动大的在前）');
    expect(text).toContain('乙局 17.5 → 18.5（+1）');
  });

  it('when the rubric is unchanged, a failing total is put on the data or the expectation', async () => {
    const dir = miniDir();
    const test = write(dir, 't.test.yaml', `规则: mini.rubric\n数据: data.yaml\n期望:\n  甲局: { 总分: "19" }\n`);
    gitCommitAll(dir);
    const { report } = await runTests([test], { baseline: gitBaseline() });
    const c = report.files[0]!.cases[0]!;
    expect(c.baseline).toMatchObject({ compared: false });
    expect(reportText(report)).toMatch(/未与修改前的考核规则比较：考核规则与 git HEAD 中的 mini.rubric 相同/);
    expect(reportText(report)).toContain('另有 -1 分的变化来自期望中没有写出的项目');
    const noGit = await runTests([write(miniDir(), 't.test.yaml', `规则: mini.rubric\n数据: data.yaml\n期望:\n  甲局: { 总分: "19" }\n`)], {
      baseline: noBaseline,
    });
    expect(noGit.report.summary.failed).toBe(1);
  });
});
