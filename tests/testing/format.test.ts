/** The pinned-results file format: every problem names the file, the line and the field, in Chinese. */
import { describe, expect, it } from 'vitest';
import { noBaseline } from '../../src/testing/baseline.js';
import { parseScore, readTestFile } from '../../src/testing/spec.js';
import { runTests } from '../../src/testing/run.js';
import { miniDir, write } from './helpers.js';

async function problemsOf(text: string): Promise<string[]> {
  const dir = miniDir();
  const f = write(dir, 'x.test.yaml', text);
  const { report } = await runTests([f], { baseline: noBaseline });
  const fr = report.files[0]!;
  return [...fr.problems, ...fr.cases.flatMap((c) => c.errors)].map((p) => p.replace(/^.*x\.test\.yaml /, 'x.test.yaml '));
}

describe('values', () => {
  it('scores are exact decimal or fraction text', () => {
    expect(parseScore('43.4')?.toString()).toBe('43.4');
    expect(parseScore('+0.8')?.toString()).toBe('0.8');
    expect(parseScore('-1')?.toString()).toBe('-1');
    expect(parseScore('972/35')?.toString()).toBe('972/35');
    expect(parseScore('１２．５分')?.toString()).toBe('12.5');
    for (const bad of ['四十三', '43.4%', '1.5/2', '', '.5', '1,000', '约43']) expect(parseScore(bad)).toBeUndefined();
  });
});

describe('problems in the file', () => {
  it('each wrong value: file, line, field, what it should be and what it is', async () => {
    const p = await problemsOf(`规则: mini.rubric
数据: [data.yaml, nothere.yaml, 3]
期望:
  甲局:
    总份: "18"
    总分: 四十三
    名次: 0
    否优: 也许
    称号: 满意单位
    项目: { "（一）": [1] }
  乙局: "15"
`);
    expect(p).toEqual([
      expect.stringMatching(/^x\.test\.yaml 第2行 数据\[1\]：找不到数据文件 .*nothere\.yaml（路径相对于本测试文件所在的目录）$/),
      'x.test.yaml 第2行 数据[2]：应为数据文件的路径，或直接写出的数据（含 对象、参数、事件 的映射），实际为“3”',
      'x.test.yaml 第5行 期望.甲局.总份：不认识的字段“总份”，是否应为“总分”？（可写：总分、基本分、加分、名次、等次、否优、称号、项目）',
      'x.test.yaml 第6行 期望.甲局.总分：应为精确的分数，写成文本（如 "43.4"、"-1"、"+0.8" 或 "972/35"），实际为“四十三”',
      'x.test.yaml 第7行 期望.甲局.名次：应为正整数（如 9），实际为“0”',
      'x.test.yaml 第8行 期望.甲局.否优：应为“是”或“否”，实际为“也许”',
      'x.test.yaml 第9行 期望.甲局.称号：应为称号的列表（如 [满意单位]，没有称号写 []），实际为“满意单位”',
      'x.test.yaml 第10行 期望.甲局.项目.（一）：应为精确的分数，写成文本（如 "43.4"、"-1"、"+0.8" 或 "972/35"），实际为一个列表',
      'x.test.yaml 第11行 期望.乙局：应为这个考核对象的期望（总分、等次、名次、项目、称号……），实际为“15”',
    ]);
  });

  it('names checked against the rubric: grades, titles, items', async () => {
    const p = await problemsOf(`规则: mini.rubric
数据: data.yaml
期望:
  甲局:
    等次: 优良
    称号: [先进]
    项目: { "（九）": "1", 一.1: "0", 队伍: "1", "（一）.2": "-1" }
`);
    expect(p).toEqual([
      'x.test.yaml 第5行 期望.甲局.等次：考核规则没有等次“优良”，是否应为“优秀”？（有：优秀、合格）',
      'x.test.yaml 第6行 期望.甲局.称号：考核规则没有“评定：”，不能期望称号',
      expect.stringContaining('第7行 期望.甲局.项目.（九）：考核规则中没有项目“（九）”'),
      'x.test.yaml 第7行 期望.甲局.项目.一.1：考核规则中没有项目“一.1”，是否应为“（一）.1”？（写项目编号，如 （一）.1）',
      expect.stringContaining('第7行 期望.甲局.项目.队伍：考核规则中没有项目“队伍”'),
    ]);
  });

  it('an item number used under two sections must be written in full', async () => {
    const dir = miniDir();
    write(
      dir,
      'two.rubric',
      `考核 两段（满分20分，考核期2023年1月1日至2023年12月31日）
考核对象：各局
事件：
  【违规】件：违规情形
一、甲（10分，扣分制）
  1. 子（10分）：【违规】每件扣1分。
二、乙（10分，扣分制）
  1. 子（10分）：【违规】每件扣2分。
`,
    );
    write(dir, 'two.yaml', `对象:\n  甲局: {}\n事件: []\n`);
    const f = write(dir, 'x.test.yaml', `规则: two.rubric\n数据: two.yaml\n期望:\n  甲局: { 项目: { "1": "10", 二.1: "10" } }\n`);
    const { report } = await runTests([f], { baseline: noBaseline });
    expect(report.files[0]!.cases[0]!.errors).toEqual([
      expect.stringMatching(/x\.test\.yaml 第4行 期望\.甲局\.项目\.1：编号“1”对应多个项目（一\.1、二\.1），请写完整编号$/),
    ]);
  });

  it('YAML syntax errors, repeated keys, missing and unknown keys', async () => {
    expect(await problemsOf(`规则: mini.rubric\n数据: data.yaml\n期望:\n  甲局: { 总分: "18"\n`)).toEqual([
      expect.stringMatching(/^x\.test\.yaml 第\d+行：YAML 格式错误（.+）$/),
    ]);
    expect(await problemsOf(`规则: mini.rubric\n数据: data.yaml\n期望:\n  甲局: { 总分: "18" }\n  甲局: { 总分: "19" }\n`)).toEqual([
      'x.test.yaml 第5行 期望.甲局：“甲局”写了两次',
    ]);
    expect(await problemsOf(`数据: data.yaml\n期望: []\n测试: 1\n`)).toEqual([
      'x.test.yaml 第1行：缺少“规则”：要评分的 .rubric 文件（相对于本测试文件的路径）',
      'x.test.yaml 第2行 期望：应为 考核对象名称 → 期望 的映射，实际为一个列表',
      'x.test.yaml 第3行 测试：不认识的键“测试”（可写：规则、数据、期望、全体、用例、名称）',
    ]);
    expect(await problemsOf(`规则: nothere.rubric\n数据: data.yaml\n期望:\n  甲局: {}\n`)).toEqual([
      expect.stringMatching(/^x\.test\.yaml 第1行 规则：找不到考核规则文件 .*nothere\.rubric（路径相对于本测试文件所在的目录）$/),
      'x.test.yaml 第4行 期望.甲局：没有写任何期望（总分、等次、名次、项目、称号……）',
    ]);
    expect(await problemsOf('- 1\n- 2\n')).toEqual(['x.test.yaml 第1行：测试文件应为一个映射，含“规则”“数据”“期望”（见 docs/testing.md）']);
  });

  it('several cases: 期望 belongs in each case; names are unique; cases do not nest', async () => {
    expect(
      await problemsOf(`规则: mini.rubric
期望:
  甲局: { 总分: "18" }
用例:
  - 名称: a
    数据: data.yaml
    期望: { 甲局: { 总分: "18" } }
  - 名称: a
    数据: data.yaml
    期望: { 甲局: { 总分: "18" } }
  - 数据: data.yaml
    用例: []
`),
    ).toEqual([
      'x.test.yaml 第2行 期望：写了“用例”时，“期望”应写在每个用例中',
      'x.test.yaml 第8行 用例[1].名称：用例名称“a”与前面的用例重复',
      'x.test.yaml 第11行 用例[2]：缺少“期望”：考核对象名称 → 总分、等次、名次、项目、称号……',
      'x.test.yaml 第12行 用例[2].用例：不认识的键“用例”（用例不能嵌套）',
    ]);
  });

  it('an object that is not in the results fails the case (it is not a file error), with a suggestion', async () => {
    const dir = miniDir();
    const f = write(dir, 'x.test.yaml', `规则: mini.rubric\n数据: data.yaml\n期望:\n  甲: { 总分: "18" }\n`);
    const { report } = await runTests([f], { baseline: noBaseline });
    const c = report.files[0]!.cases[0]!;
    expect(c.status).toBe('fail');
    expect(c.units[0]!.missing).toBe('评分结果中没有考核对象“甲”，是否应为“甲局”？');
  });

  it('reading keeps each expectation’s line and field path', () => {
    const dir = miniDir();
    const f = write(dir, 'x.test.yaml', `# 注释\n规则: mini.rubric\n数据: data.yaml\n期望:\n  甲局:\n    总分: "18"\n    项目:\n      （一）.2: "-1"\n`);
    const t = readTestFile(f);
    expect(t.problems).toEqual([]);
    expect(t.cases[0]!.units[0]!.checks.map((c) => [c.field, c.key ?? '', c.pos.line, c.pos.path])).toEqual([
      ['总分', '', 6, '期望.甲局.总分'],
      ['项目', '（一）.2', 8, '期望.甲局.项目.（一）.2'],
    ]);
  });
});
