/** `rubric test --update`: adopt the actual results, changing only the values that differ, keeping comments. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noBaseline } from '../../src/testing/baseline.js';
import { runTests } from '../../src/testing/run.js';
import { updateFiles } from '../../src/testing/update.js';
import { edit, miniDir, read, runCli, write, wuchengCopy } from './helpers.js';

const PINNED = `# 固定的期望结果（这一行注释要保留）
规则: mini.rubric   # 规则文件
数据: [data.yaml]

期望:
  # 甲局：手算
  甲局:              # 行尾注释
    总分: "18"       # 9 + 9
    等次: 优秀
    名次: 1
    项目:
      （一）: "9"
      （一）.2: '-1'   # 单引号
      （二）: 9        # 不加引号
  乙局: { 总分: "15", 项目: { "（一）": "7" } }   # 流式写法
`;

function changedLines(a: string, b: string): [string, string][] {
  const x = a.split('\n');
  const y = b.split('\n');
  expect(y.length).toBe(x.length);
  return x.flatMap((l, i) => (l === y[i] ? [] : [[l, y[i]!] as [string, string]]));
}

describe('--update', () => {
  it('round trip: a rubric change, --update rewrites only the changed values, comments and layout stay, then it passes', async () => {
    const dir = miniDir();
    const test = write(dir, 'mini.test.yaml', PINNED);
    expect((await runCli([test, '--base', 'none'])).code).toBe(0);

    edit(join(dir, 'mini.rubric'), '【违规】每件扣1分。', '【违规】每件扣2分。');
    expect((await runCli([test, '--base', 'none'])).code).toBe(1);

    const u = await runCli([test, '--update', '--base', 'none']);
    expect(u.code).toBe(0);
    expect(u.out).toContain('已更新');
    expect(u.out).toContain('第8行 期望.甲局.总分：18 → 17');
    expect(u.out).toContain('第9行 期望.甲局.等次：优秀 → 合格');

    const after = read(test);
    // 甲局: 18 → 17, 优秀 → 合格, (一) 9 → 8, (一).2 -1 → -2; 乙局 is capped and stays 15.
    expect(changedLines(PINNED, after)).toEqual([
      ['    总分: "18"       # 9 + 9', '    总分: "17"       # 9 + 9'],
      ['    等次: 优秀', '    等次: 合格'],
      ['      （一）: "9"', '      （一）: "8"'],
      ["      （一）.2: '-1'   # 单引号", "      （一）.2: '-2'   # 单引号"],
    ]);
    for (const comment of ['# 固定的期望结果（这一行注释要保留）', '# 规则文件', '# 甲局：手算', '# 行尾注释', '# 不加引号', '# 流式写法'])
      expect(after).toContain(comment);

    const again = await runCli([test, '--base', 'none']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('1个通过');
    // Nothing left to adopt.
    expect((await runCli([test, '--update'])).out).toContain('没有需要更新的内容');
  });

  it('lists the comments beside each rewritten value, which it leaves as written', async () => {
    const dir = miniDir();
    const test = write(dir, 'mini.test.yaml', PINNED);
    edit(join(dir, 'mini.rubric'), '【违规】每件扣1分。', '【违规】每件扣2分。');
    const u = await runCli([test, '--update', '--base', 'none']);
    // 总分 (line 8) has its arithmetic after it; 等次 (line 9) has no comment; '-1' (line 13) has one.
    expect(u.out).toContain('    第8行 期望.甲局.总分：18 → 17\n      第8行的注释没有改，请核对：# 9 + 9\n    第9行 期望.甲局.等次：优秀 → 合格\n');
    expect(u.out).toContain('第13行 期望.甲局.项目.（一）.2：-1 → -2\n      第13行的注释没有改，请核对：# 单引号\n');

    // Comment lines right above a value are its too; a blank line ends them.
    const above = write(
      dir,
      'above.test.yaml',
      `规则: mini.rubric
数据: [data.yaml]
期望:
  # 这一行隔着空行，不算
  甲局:

    # 手算：两个板块
    # 17 = 8 + 9
    总分: "16"
`,
    );
    const j = await runCli([above, '--update', '--base', 'none', '--format', 'json']);
    const changes = (JSON.parse(j.out) as { changes: { line: number; comments?: unknown }[] }[])[0]!.changes;
    expect(changes).toEqual([
      expect.objectContaining({
        line: 9,
        comments: [
          { line: 7, text: '手算：两个板块' },
          { line: 8, text: '17 = 8 + 9' },
        ],
      }),
    ]);
  });

  it('title lists: flow lists stay flow, block lists stay block', async () => {
    const dir = wuchengCopy();
    const test = write(
      dir,
      'w.test.yaml',
      `规则: wucheng.rubric
数据: [执法人员.yaml, 案件.csv]
期望:
  周建华:
    称号: [最佳办案能手]   # 流式
  蒋文斌:
    称号:                  # 块状
      - 所在中队领域覆盖未达标
`,
    );
    expect((await runTests([test], { baseline: noBaseline })).report.summary.passed).toBe(1);
    // A higher standard: 周建华 (5 cases) and 蒋文斌 (3.5) fall short of 6.
    edit(join(dir, '执法人员.yaml'), '办案标准: 3起', '办案标准: 6起');
    const run = await runTests([test], { baseline: noBaseline });
    expect(run.report.summary.failed).toBe(1);
    const [res] = updateFiles(run);
    expect(res!.written).toBe(true);
    const after = read(test);
    expect(after).toContain('    称号: [最佳办案能手, 办案未达标人员]   # 流式');
    expect(after).toContain('    称号:                  # 块状\n      - 办案未达标人员\n      - 所在中队领域覆盖未达标\n');
    expect((await runTests([test], { baseline: noBaseline })).report.summary.passed).toBe(1);
  });

  it('does not touch a file with errors, or a case that cannot be scored', async () => {
    const dir = miniDir();
    const bad = write(dir, 'bad.test.yaml', `规则: mini.rubric\n数据: data.yaml\n期望:\n  甲局: { 总分: 四十 }\n`);
    const broken = write(dir, 'broken.test.yaml', `规则: mini.rubric\n数据:\n  对象:\n    甲局: {持证率: 九成}\n期望:\n  甲局: { 总分: "1" }\n`);
    const before = [read(bad), read(broken)];
    const r = await runCli([bad, broken, '--update']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('测试文件有错误，没有更新');
    expect(r.out).toContain('未能评分，没有更新');
    expect([read(bad), read(broken)]).toEqual(before);
  });
});
