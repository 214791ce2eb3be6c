/** `rubric diff`: formats, `--fail-on total|caps`, rubrics with errors, usage errors. */
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemp, runDiff, writeTemp } from './helpers.js';

afterAll(removeTemp);

const OLD = 'examples/diff/lishui-2022.rubric';
const NEW = 'examples/diff/lishui-2023.rubric';

function rubric(opts: { total?: number; a?: number; b?: number; rate?: string; cap?: string; extra?: string } = {}): string {
  const { total = 20, a = 10, b = 10, rate = '1', cap = '5', extra = '' } = opts;
  return `考核 退出码测试（满分${total}分）
输入：
  【甲】件（缺失时按0件）：甲
  【乙】件（缺失时按0件）：乙
（一）队伍建设（${a}分，扣分制）
  1.党建：【甲】扣${rate}分/件。（限扣${cap}分）
（二）执法办案（${b}分，扣分制）
  2.办案：【乙】扣1分/件。
${extra}`;
}

async function failOn(oldText: string, newText: string, ...flags: string[]) {
  const f = writeTemp({ 'old.rubric': oldText, 'new.rubric': newText });
  return runDiff([f['old.rubric']!, f['new.rubric']!, ...flags.flatMap((x) => ['--fail-on', x])]);
}

describe('--fail-on', () => {
  it('without --fail-on the example exits 0', async () => {
    expect((await runDiff([OLD, NEW])).code).toBe(0);
  });

  it('total: the example moves level points (（一） 15→14 …): exit 1, report still printed', async () => {
    const r = await runDiff([OLD, NEW, '--fail-on', 'total']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('# 考核规则变化');
    expect(r.stderr).toBe('rubric diff：总分或分值有变化（--fail-on total），共3处\n');
  });

  it('caps: the example moves two caps: exit 1', async () => {
    const r = await runDiff([OLD, NEW, '--fail-on', 'caps']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('rubric diff：封顶有变化（--fail-on caps），共2处\n');
  });

  it('both, repeated or comma-separated', async () => {
    for (const flags of [
      ['--fail-on', 'total', '--fail-on', 'caps'],
      ['--fail-on', 'total,caps'],
    ]) {
      const r = await runDiff([OLD, NEW, ...flags]);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    }
  });

  it('a rate change alone trips neither', async () => {
    const r = await failOn(rubric(), rubric({ rate: '2' }), 'total', 'caps');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('分值标准');
  });

  it('a cap change trips caps, not total', async () => {
    expect((await failOn(rubric(), rubric({ cap: '6' }), 'caps')).code).toBe(1);
    expect((await failOn(rubric(), rubric({ cap: '6' }), 'total')).code).toBe(0);
  });

  it('points moved between levels trip total, not caps', async () => {
    expect((await failOn(rubric(), rubric({ a: 12, b: 8 }), 'total')).code).toBe(1);
    expect((await failOn(rubric(), rubric({ a: 12, b: 8 }), 'caps')).code).toBe(0);
  });

  it('the total (满分) moved: total', async () => {
    const bigger = rubric({ total: 30, extra: '（三）加分项（10分，加分制）\n  3.创优：【甲】每件加1分。\n' });
    const r = await failOn(rubric(), bigger, 'total');
    expect(r.code).toBe(1);
    // the header total and the added section carrying 10 points
    expect(r.stderr).toContain('共2处');
  });

  it('an unchanged pair exits 0 with --fail-on and says there is no difference', async () => {
    const r = await failOn(rubric(), rubric(), 'total', 'caps');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**两个版本的含义没有差别。**');
  });
});

describe('inputs and usage', () => {
  it('JSON output parses and has the documented envelope', async () => {
    const r = await runDiff([OLD, NEW, '--format', 'json']);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['format', 'version', 'old', 'new', 'summary', 'groups', 'changes', 'matches', 'ambiguities', 'bounds']);
  });

  it('a rubric with errors: its diagnostics, no report, exit 1 (both files are checked)', async () => {
    const broken = rubric().replace('【乙】扣1分/件', '【未声明】扣1分/件');
    const f = writeTemp({ 'old.rubric': broken, 'new.rubric': broken.replace('满分20分', '满分30分') });
    const r = await runDiff([f['old.rubric']!, f['new.rubric']!]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('E2002');
    expect(r.stderr).toContain('old.rubric：考核规则有错误，无法比较');
    expect(r.stderr).toContain('new.rubric：考核规则有错误，无法比较');
  });

  it('usage errors exit 2', async () => {
    expect((await runDiff([OLD, NEW, '--format', 'html'])).code).toBe(2);
    expect((await runDiff([OLD, NEW, '--fail-on', 'points'])).code).toBe(2);
    expect((await runDiff([OLD, 'examples/diff/no-such.rubric'])).code).toBe(2);
    expect((await runDiff([OLD])).code).toBe(2);
  });
});
