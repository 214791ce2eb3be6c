/**
 * The package's public API (`rubric-lang`, src/index.ts): what other programs import. The list of
 * exports is pinned so that removing or renaming one is a deliberate change; the end-to-end case
 * goes through the exports only, as a platform would.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

const RUBRIC = `考核 接口测试（满分10分）
考核对象：各中队

输入：
  【持证率】百分比：执法人员持证率

事件：
  【投诉查实】件：群众投诉经查属实

一、队伍建设（10分，扣分制）
  1. 持证上岗：【持证率】不足90%的，扣2分。
  2. 群众满意：【投诉查实】每件扣1.5分（限扣3分）。
`;

describe('rubric-lang public API', () => {
  it('exports the documented functions', () => {
    const functions = Object.entries(api)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k)
      .sort();
    expect(functions).toEqual(
      [
        'DataError',
        'Rational',
        'allPassed',
        'check',
        'compileRubric',
        'createScorer',
        'diffPrograms',
        'diffToJson',
        'diffToMarkdown',
        'emitTypeScript',
        'explainObject',
        'formatRubric',
        'inputSchema',
        'interpreterFor',
        'openData',
        'parse',
        'readDataset',
        'renderDiagnostic',
        'renderDiagnostics',
        'renderHtml',
        'renderItemsCsv',
        'renderReportMarkdown',
        'reportText',
        'runTests',
        'score',
        'trips',
        'writeWorkbook',
      ].sort(),
    );
  });

  it('compiles, reads data and scores through the exports alone', async () => {
    const c = api.compileRubric(RUBRIC, 'api.rubric');
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const program = c.program!;
    const data = await api.readDataset(program, [
      {
        name: 'data.yaml',
        text: [
          '对象:',
          '  一中队: { 持证率: 85% }',
          '  二中队: { 持证率: 95% }',
          '事件:',
          '  - { 类型: 投诉查实, 对象: 一中队 }',
          '  - { 类型: 投诉查实, 对象: 二中队 }',
          '  - { 类型: 投诉查实, 对象: 二中队 }',
          '  - { 类型: 投诉查实, 对象: 二中队 }',
        ].join('\n'),
      },
    ]);
    const result = api.score(program, data);
    const totals = Object.fromEntries(result.objects.map((o) => [o.name, o.total]));
    // 一中队: 10 − 2 (持证率 85% < 90%) − 1.5 (1件) = 6.5
    // 二中队: 10 − 0 − min(3 × 1.5, 3) = 7
    expect(totals).toEqual({ 一中队: '6.5', 二中队: '7' });
    const lines = api
      .explainObject(
        program,
        result.objects.find((o) => o.name === '二中队')!,
      )
      .map((l) => l.sentence);
    // 3 × 1.5 = 4.5, capped at 3
    expect(lines).toContain('投诉查实3件（每件1.5分，计4.5分），扣4.5分');
    expect(lines).toContain('限扣3分：该规则合计4.5分，按3分计');

    // { trace: false }: the same totals, nothing to explain.
    const quiet = api.score(program, data, { trace: false });
    expect(Object.fromEntries(quiet.objects.map((o) => [o.name, o.total]))).toEqual(totals);
    expect(quiet.objects.map((o) => o.trace)).toEqual([[], []]);
    expect(result.objects.every((o) => o.trace.length > 0)).toBe(true);
  });

  it('a streaming scorer tells how far finish() is, every 64 objects and at the end', async () => {
    const program = api.compileRubric(RUBRIC, 'api.rubric').program!;
    // 150 objects, 持证率 80% + i/10 %: objects 0–99 are below 90% (扣2), 100–149 are not.
    const objects = Array.from({ length: 150 }, (_, i) => ({ name: `中队${i}`, values: { 持证率: api.Rational.of(800 + i).div(1000) } }));
    const scorer = api.createScorer(program, objects, {});
    const calls: [number, number][] = [];
    const result = scorer.finish((done, total) => calls.push([done, total]));
    expect(calls).toEqual([
      [64, 150],
      [128, 150],
      [150, 150],
    ]);
    expect(result.objects.filter((o) => o.total === '8')).toHaveLength(100);
    expect(result.objects.filter((o) => o.total === '10')).toHaveLength(50);
  });

  it('reports a malformed rubric as diagnostics, not an exception', () => {
    const c = api.compileRubric(RUBRIC.replace('（10分，扣分制）', '（10分，扣分制'), 'bad.rubric');
    expect(c.program).toBeUndefined();
    const d = c.diagnostics.find((x) => x.severity === 'error')!;
    expect(d.code).toMatch(/^E\d{4}$/);
    expect(d.span.line).toBe(10); // 一、队伍建设
  });
});
