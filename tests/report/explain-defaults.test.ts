/**
 * A value computed from inputs that were not in the data says so in the explanation: which
 * inputs, and what their 缺失时 rule supplied. Other objects' missing inputs, read for a
 * population value (全体合计), are not this object's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileRubric, score } from '../../src/api.js';
import { readDataset } from '../../src/data/index.js';
import { explainObject } from '../../src/report/explain.js';
import type { RunResult } from '../../src/runtime/model.js';
import type { Program } from '../../src/runtime/program.js';

const DIR = join(import.meta.dirname, 'fixtures');
const RUBRIC = join(DIR, 'missing-inside-computed.rubric');
const DATA = join(DIR, 'missing-inside-computed.yaml');

// By hand (the rubric's 缺失时: 持证人数 0人, 应持证人数 【在编人数】, 在编人数 100人, 不合格卷数 0件):
// 甲: 持证率 = 0 ÷ 100 = 0% < 90% → 扣2; 应持证人数 = 100 > 50 → 扣1;
//     不合格率 = 5 ÷ 20 = 25%, 平均不合格率 = (5 + 0) ÷ (20 + 30) = 10%, 25% > 10% → 扣1. 一: 10 − 4 = 6.
// 乙: 持证率 = 45 ÷ 50 = 90%, not below 90%; 应持证人数 50, not above 50; 不合格率 0 ÷ 30 = 0%. 一: 10.
// 二 (持证率 ranked, 第1-2名分别加2-1分): 乙 90% first +2, 甲 0% second +1. Totals 甲 7, 乙 12.
let program: Program;
let result: RunResult;

beforeAll(async () => {
  const c = compileRubric(readFileSync(RUBRIC, 'utf8'), RUBRIC);
  program = c.program!;
  result = score(program, await readDataset(program, [DATA]));
});

const unit = (name: string) => result.objects.find((o) => o.name === name)!;
const sentences = (name: string) => explainObject(program, unit(name)).map((l) => l.sentence);

describe('missing inputs inside computed values', () => {
  it('scores as worked out by hand', () => {
    expect(result.objects.map((o) => [o.name, o.total])).toEqual([
      ['乙单位', '12'],
      ['甲单位', '7'],
    ]);
  });

  it('a computed value lists the inputs it used at their 缺失时 value, the one a default was computed from after it', () => {
    expect(sentences('甲单位')).toContain(
      '持证率0%（其中持证人数数据未提供，按0人计；应持证人数数据未提供，按【在编人数】计；在编人数数据未提供，按100人计）；' +
        '按“【持证率】不足90%的，扣2分”，扣2分',
    );
  });

  it('a ranking’s measure computed from missing inputs lists them too', () => {
    expect(sentences('甲单位')).toContain(
      '持证率0%（其中持证人数数据未提供，按0人计；应持证人数数据未提供，按【在编人数】计；在编人数数据未提供，按100人计），排名第2名（共2个），加1分',
    );
  });

  it('an input whose 缺失时 value is computed from another missing input says both', () => {
    expect(sentences('甲单位')).toContain(
      '应持证人数100人（数据未提供，按【在编人数】计；其中在编人数数据未提供，按100人计）；按“【应持证人数】超过50人的，扣1分”，扣1分',
    );
  });

  it('another object’s missing input, read for 全体合计, is not listed', () => {
    // 乙's 不合格卷数 is missing and counted as 0 in 平均不合格率; 甲 gave all of its own.
    expect(sentences('甲单位')).toContain('不合格率25%，平均不合格率10%；按“【不合格率】高于【平均不合格率】的，扣1分”，扣1分');
  });

  it('the trace carries the inputs as data, for programs that read it', () => {
    const rule = unit('甲单位').trace.find((e) => e.kind === 'rule' && e.line === 14);
    expect(rule && 'facts' in rule ? rule.facts : undefined).toEqual([
      {
        name: '持证率',
        value: '0',
        percent: true,
        defaults: [
          { name: '持证人数', assumed: '按0人' },
          { name: '应持证人数', assumed: '按【在编人数】' },
          { name: '在编人数', assumed: '按100人' },
        ],
      },
    ]);
  });

  it('without traces nothing is collected and the scores are the same', async () => {
    const plain = score(program, await readDataset(program, [DATA]), { trace: false });
    expect(plain.objects.map((o) => [o.name, o.total, o.trace.length])).toEqual([
      ['乙单位', '12', 0],
      ['甲单位', '7', 0],
    ]);
  });
});
