/**
 * `rubric score` and `rubric explain` as the user runs them (`node bin/rubric.js`, on the built
 * files in dist/: `npx tsc -p .` first), on the Lishui example. Every expected number comes from
 * examples/lishui-2022/expected.yaml, where each was worked out by hand before the program ran.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileRubric } from '../../src/api.js';
import type { NodeSpec } from '../../src/runtime/program.js';
import { Rational } from '../../src/runtime/rational.js';
import { HERE } from '../checking/helpers.js';

const ROOT = join(HERE, '..', '..');
const BIN = join(ROOT, 'bin', 'rubric.js');
const RUBRIC = 'rubrics/lishui-2022.rubric';
const DATA = ['examples/lishui-2022/songyang.yaml', 'examples/lishui-2022/synthetic.yaml'];

function rubric(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Expected {
  对象: Record<string, { 总分: string; 项目: Record<string, string> }>;
  等次: { 结果: Record<string, { 总分: string; 名次: number; 等次: string }> };
}
const expected = parseYaml(readFileSync(join(ROOT, 'examples/lishui-2022/expected.yaml'), 'utf8')) as Expected;
const ranking = expected.等次.结果;

/** The score CSV: no field here holds a comma or a quote (checked), so a split will do. */
function csvRows(text: string): string[][] {
  expect(text).not.toMatch(/"/);
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

describe('rubric score', () => {
  it('ranks the nine bureaus with the hand-worked totals and grades; the quota of four holds; the veto is marked', () => {
    const r = rubric('score', RUBRIC, '--data', ...DATA, '--format', 'csv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [header, ...rows] = csvRows(r.stdout);
    expect(header!.slice(0, 3)).toEqual(['名次', '考核对象', '总分']);
    expect(header!.slice(-3)).toEqual(['等次', '等次说明', '否优']);
    const got = Object.fromEntries(rows.map((row) => [row[1]!, { 总分: row[2]!, 名次: Number(row[0]), 等次: row.at(-3)! }]));
    expect(got).toEqual(ranking);
    expect(rows.filter((row) => row.at(-3) === '优秀')).toHaveLength(4);
    expect(rows.filter((row) => row.at(-2)).map((row) => [row[1], row.at(-2)])).toEqual([
      ['青田县', '否优，优秀评为良好'],
      ['景宁畲族自治县', '总分在优秀分数段，名额外评为良好'],
    ]);
    // 青田县 is vetoed (a 局班子成员 disciplined): marked, and graded 良好 though its total is third.
    expect(rows.filter((row) => row.at(-1)).map((row) => row[1])).toEqual(['青田县']);
  });

  it('the table says why a grade differs from the band and what data was left out', () => {
    const r = rubric('score', RUBRIC, '--data', ...DATA);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('丽水市综合行政执法系统2022年度工作目标考核');
    const body = lines.filter((l) => /^\s+\d+\s/.test(l));
    expect(body.map((l) => l.trim().split(/\s+/)[1])).toEqual(Object.keys(ranking).sort((a, b) => ranking[a]!.名次 - ranking[b]!.名次));
    expect(r.stdout).toContain('注：青田县：否优，优秀评为良好');
    expect(r.stdout).toContain('注：景宁畲族自治县：总分在优秀分数段，名额外评为良好');
    // synthetic.yaml holds one event dated outside 2022 on purpose: counted, not silently dropped.
    expect(r.stdout).toMatch(/注：1条事件日期不在考核期（2022-01-01至2022-12-31）内，未计入（例：examples\/lishui-2022\/synthetic\.yaml 第\d+行/);
  });

  it('--format md and json give the same ranking; json carries the traces', () => {
    const md = rubric('score', RUBRIC, '--data', ...DATA, '--format', 'md');
    expect(md.code).toBe(0);
    expect(md.stdout.startsWith('## 丽水市综合行政执法系统2022年度工作目标考核\n')).toBe(true);
    const mdRows = md.stdout.split('\n').filter((l) => /^\|\s*\d+\s*\|/.test(l));
    expect(mdRows.map((l) => l.split('|')[2]!.trim())).toEqual(Object.keys(ranking).sort((a, b) => ranking[a]!.名次 - ranking[b]!.名次));

    const js = rubric('score', RUBRIC, '--data', ...DATA, '--format', 'json');
    expect(js.code).toBe(0);
    const result = JSON.parse(js.stdout) as { objects: { name: string; total: string; rank: number; grade: string; trace: unknown[] }[] };
    expect(Object.fromEntries(result.objects.map((o) => [o.name, { 总分: o.total, 名次: o.rank, 等次: o.grade }]))).toEqual(ranking);
    expect(result.objects.every((o) => o.trace.length > 0)).toBe(true);
  });

  it('usage errors exit 2 with a Chinese message, never a stack trace', () => {
    const r = rubric('score', RUBRIC, '--data', ...DATA, '--format', 'pdf');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不支持的格式：pdf');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('bad data exits 1 naming the file, the row and the field', () => {
    const r = rubric('score', RUBRIC, '--data', 'tests/cli/fixtures/lishui-bad-units.csv');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[D2003] tests/cli/fixtures/lishui-bad-units.csv 第2行 2021年度在编人数：应为数值（单位：人，如 14 或 14人），实际为“六十”');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('output piped into a reader that stops early ends quietly', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" score ${RUBRIC} --data ${DATA.join(' ')} --format json | head -c 10`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('{\n  "rubri');
    expect(r.stderr).toBe('');
  });
});

describe('rubric explain --unit 松阳县', () => {
  const r = rubric('explain', RUBRIC, '--data', ...DATA, '--unit', '松阳县');
  const source = readFileSync(join(ROOT, RUBRIC), 'utf8').split('\n');
  const program = compileRubric(source.join('\n'), RUBRIC).program!;
  const sections = new Map(program.nodes.map((n) => [n.number, n]));
  const mine = expected.对象['松阳县']!;

  /** The explanation lines of one item: 第N项「…」〔第L行〕… */
  const linesOf = (n: string) => r.stdout.split('\n').filter((l) => l.trim().startsWith(`第${n}项「`));
  const amount = (l: string, verb: '扣' | '加') => new RegExp(`，${verb}(\\d+(?:\\.\\d+)?)分$`).exec(l)?.[1];

  it('heads with the total, rank and grade worked out by hand', () => {
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`松阳县：总分${mine.总分}分（满分100分），第9名（共9个），等次：不合格`);
  });

  it('every deduction and addition, with its item number, adds up to the item’s hand-worked contribution', () => {
    const pooled = Object.entries(mine.项目).filter(([k]) => !k.startsWith('（三）') && !k.startsWith('（六）'));
    expect(pooled.length).toBeGreaterThan(10);
    for (const [key, value] of pooled) {
      const n = key.split('.')[1]!;
      const lines = linesOf(n);
      let sum = Rational.ZERO;
      for (const l of lines) {
        const minus = amount(l, '扣');
        const plus = amount(l, '加');
        if (minus) sum = sum.sub(Rational.of(minus));
        if (plus) sum = sum.add(Rational.of(plus));
      }
      expect(sum.toString(), `${key}: ${lines.join(' / ')}`).toBe(Rational.of(value.replace('+', '')).toString());
    }
  });

  it('every item of （三） that lost points shows its score against its own points', () => {
    const items = sections.get('（三）')!.children;
    const lost = items.filter((it: NodeSpec) => Rational.of(mine.项目[`（三）.${it.number}`]!).cmp(Rational.of(it.points!)) < 0);
    expect(lost.map((it) => it.number)).toEqual(['27', '28', '30', '31', '32', '34']);
    for (const it of lost) {
      const line = linesOf(it.number).find((l) => /〕得分[\d.]+分（满分/.test(l));
      expect(line, `第${it.number}项`).toContain(`得分${mine.项目[`（三）.${it.number}`]}分（满分${it.points}分）`);
    }
  });

  it('a value computed from inputs the report does not give says which, and what was used instead', () => {
    // songyang.yaml: 持有执法证件人数, 应具备执法资格人数 and 2021年度在编人数 are 未提供. The rubric:
    // 持有执法证件人数 缺失时按0人; 应具备执法资格人数 缺失时按【2021年度在编人数】; 2021年度在编人数
    // 缺失时按10000人. So 持证率 = 0 ÷ 10000 = 0% (< 90%: 第5项 扣1分), and 人均普通程序案件数 =
    // 638件 ÷ 10000人 = 0.0638件/人, from the one missing input 2021年度在编人数.
    expect(linesOf('5').join('\n')).toContain(
      '持证率0%（其中持有执法证件人数数据未提供，按0人计；应具备执法资格人数数据未提供，按【2021年度在编人数】计；' +
        '2021年度在编人数数据未提供，按10000人计）；按“【持证率】不足90%的，扣1分”，扣1分',
    );
    expect(linesOf('16').join('\n')).toContain('人均普通程序案件数0.0638件/人（其中2021年度在编人数数据未提供，按10000人计），未达14件/人');
    // A ranking's measure too: 新领域执法拓展情况 is 未提供, 缺失时按0; 0 is the lowest of the nine.
    expect(linesOf('32').join('\n')).toContain('新领域执法拓展情况0（数据未提供，按0计），排名第9名（共9个），得0.2分');
  });

  it('each line cites a rubric line inside its own item', () => {
    const cited = r.stdout.split('\n').flatMap((l) => {
      const m = /^\s*第(\d+)项「[^」]*」〔第(\d+)行〕/.exec(l);
      return m ? [{ item: m[1]!, line: Number(m[2]) }] : [];
    });
    expect(cited.length).toBeGreaterThan(20);
    for (const c of cited) {
      // The nearest numbered line at or above the cited one is the item's own heading.
      let i = c.line - 1;
      while (i >= 0 && !/^\s*\d+\.\s/.test(source[i]!)) i--;
      expect(/^\s*(\d+)\./.exec(source[i]!)?.[1], `第${c.item}项 第${c.line}行`).toBe(c.item);
    }
  });
});
