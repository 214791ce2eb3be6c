/** `rubric test`: passing cases, exact comparison, inline data and several cases, exit codes, JSON. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noBaseline } from '../../src/testing/baseline.js';
import { reportText } from '../../src/testing/render.js';
import { allPassed, findTestFiles, runTests } from '../../src/testing/run.js';
import { miniDir, ROOT, runCli, write } from './helpers.js';

describe('passing cases', () => {
  it('the pinned examples (values from each example’s hand-worked expected.yaml) pass', async () => {
    const { files } = findTestFiles([join(ROOT, 'examples/rubric-tests')]);
    expect(files.map((f) => f.replace(/^.*[\\/]/, ''))).toEqual([
      'lishui-2022.test.yaml',
      'pingyang-2023.test.yaml',
      'shaanxi-2023.test.yaml',
      'wucheng-2024.test.yaml',
    ]);
    const { report } = await runTests(files, { baseline: noBaseline });
    const text = reportText(report);
    expect(report.summary, text).toMatchObject({ files: 4, cases: 4, passed: 4, failed: 0, errors: 0 });
    // Every seed rubric is covered, with a good number of expectations each.
    for (const c of report.files.flatMap((f) => f.cases)) expect(c.checks).toBeGreaterThan(100);
  });

  it('a small rubric: totals, grade, rank, veto, items by id, number and title', async () => {
    const dir = miniDir();
    const f = write(
      dir,
      'mini.test.yaml',
      `规则: mini.rubric
数据: data.yaml
期望:
  甲局:
    总分: "18"
    等次: 优秀
    名次: 1
    否优: 否
    称号: []
    项目: { "（一）": "9", "（一）.2": "-1", 第1项: "0", 领导赋分: "9" }
  乙局:
    总分: 15.0          # a plain number is read through its text: exact
    项目: { "（一）": "14/2" }
`,
    );
    const { report } = await runTests([f], { baseline: noBaseline });
    expect(report.summary, reportText(report)).toMatchObject({ passed: 1, failed: 0, errors: 0 });
    expect(reportText(report)).toContain('✓ ');
    expect(allPassed(report)).toBe(true);
  });

  it('several cases in one file, with inline data; each case is reported', async () => {
    const dir = miniDir();
    const f = write(
      dir,
      'cases.test.yaml',
      `规则: mini.rubric
用例:
  - 名称: 示例数据
    数据: [data.yaml]
    期望:
      甲局: { 总分: "18" }
  - 名称: 直接写出的数据
    数据:
      对象:
        丙局: {持证率: 85%, 领导赋分: 9.5}
      事件: []
    期望:
      丙局: { 总分: "18.5", 等次: 优秀, 项目: { "1": "-1" } }
    全体: { 对象数: 1 }
`,
    );
    const { report } = await runTests([f], { baseline: noBaseline });
    const cases = report.files[0]!.cases;
    expect(cases.map((c) => [c.name, c.status])).toEqual([
      ['示例数据', 'pass'],
      ['直接写出的数据', 'pass'],
    ]);
    expect(reportText(report)).toContain('› 直接写出的数据');
  });

  it('inline data problems name the test file and its line', async () => {
    const dir = miniDir();
    const f = write(
      dir,
      'bad-inline.test.yaml',
      `规则: mini.rubric
数据:
  对象:
    丙局: {持证率: 九成, 领导赋分: 9}
期望:
  丙局: { 总分: "18" }
`,
    );
    const { report } = await runTests([f], { baseline: noBaseline });
    const c = report.files[0]!.cases[0]!;
    expect(c.status).toBe('error');
    expect(c.errors.join('\n')).toMatch(/bad-inline\.test\.yaml 第4行.*持证率/);
  });

  it('compares exactly: "36/2", "18.00" and 18 are the same number, and there is no tolerance', async () => {
    const dir = miniDir();
    const ok = write(
      dir,
      'ok.test.yaml',
      `规则: mini.rubric\n数据: data.yaml\n期望:\n  甲局: { 总分: "36/2", 项目: { （二）: "9.00", （一）.2: -1 } }\n  乙局: { 总分: 15 }\n`,
    );
    const off = write(dir, 'off.test.yaml', `规则: mini.rubric\n数据: data.yaml\n期望:\n  甲局: { 总分: "18.000001" }\n  乙局: { 总分: "44/3" }\n`);
    const { report } = await runTests([ok, off], { baseline: noBaseline });
    expect(
      report.files.map((f) => f.cases[0]!.status),
      reportText(report),
    ).toEqual(['pass', 'fail']);
    const text = reportText(report);
    expect(text).toContain('总分：期望 18.000001，实际 18（-0.000001）');
    expect(text).toContain('总分：期望 44/3（≈14.6667），实际 15（+1/3）');
  });
});

describe('the command', () => {
  it('exit 0 when all pass, 1 when an expectation fails, 2 on usage errors', async () => {
    const dir = miniDir();
    write(dir, 'tests/ok.test.yaml', `规则: ../mini.rubric\n数据: ../data.yaml\n期望:\n  甲局: { 总分: "18" }\n`);
    let r = await runCli([join(dir, 'tests'), '--base', 'none']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('共1个测试文件、1个用例：1个通过');

    write(dir, 'tests/sub/off.test.yaml', `规则: ../../mini.rubric\n数据: ../../data.yaml\n期望:\n  甲局: { 总分: "17" }\n`);
    r = await runCli([join(dir, 'tests'), '--base', 'none']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('✗ ');
    expect(r.out).toContain('1个通过，1个未通过');

    expect((await runCli([join(dir, 'nowhere')])).code).toBe(2);
    expect((await runCli([dir, '--format', 'xml'])).code).toBe(2);
    const empty = miniDir();
    const e = await runCli([empty]);
    expect(e.code).toBe(2);
    expect(e.err).toContain('没有找到测试文件');
  });

  it('--format json gives the report with every mismatch', async () => {
    const dir = miniDir();
    const f = write(dir, 'off.test.yaml', `规则: mini.rubric\n数据: data.yaml\n期望:\n  甲局: { 总分: "17", 等次: 合格, 项目: { "（一）.2": "-2" } }\n`);
    const r = await runCli([f, '--format', 'json', '--base', 'none']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.summary).toMatchObject({ cases: 1, failed: 1 });
    const u = j.files[0].cases[0].units[0];
    expect(u.mismatches.map((m: { field: string; expected: string; actual: string }) => [m.field, m.expected, m.actual])).toEqual([
      ['总分', '17', '18'],
      ['等次', '合格', '优秀'],
      ['项目', '-2', '-1'],
    ]);
    expect(u.mismatches[2].item).toMatchObject({ id: '（一）.2', number: '2', line: 12 });
    expect(u.moved.items[0]).toMatchObject({ id: '（一）.2', before: '-2', after: '-1', delta: '+1' });
  });

  it('a case whose data cannot be read is an error, and the others still run', async () => {
    const dir = miniDir();
    write(dir, 'broken.yaml', `对象:\n  甲局: {持证律: 95%}\n`);
    const a = write(dir, 'a.test.yaml', `规则: mini.rubric\n数据: broken.yaml\n期望:\n  甲局: { 总分: "18" }\n`);
    const b = write(dir, 'b.test.yaml', `规则: mini.rubric\n数据: data.yaml\n期望:\n  甲局: { 总分: "18" }\n`);
    const r = await runCli([a, b, '--base', 'none']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('! ');
    expect(r.out).toContain('是否应为“持证率”');
    expect(r.out).toContain('1个通过，1个出错');
  });
});
