import { describe, expect, it } from 'vitest';
import { readDataset } from '../../src/data/index.js';
import { interpret } from '../../src/interpret/interpret.js';
import { run } from '../../src/runtime/engine/run.js';
import { Rational } from '../../src/runtime/rational.js';
import { fixture, miniProgram, withoutSources } from './helpers.js';

describe('the four formats', () => {
  it('give the same dataset for the same content', async () => {
    const p = miniProgram();
    const yaml = withoutSources(await readDataset(p, [fixture('data.yaml')]));
    const json = withoutSources(await readDataset(p, [fixture('data.json')]));
    const csv = withoutSources(await readDataset(p, [fixture('objects.csv'), fixture('params.yaml'), fixture('events.csv')]));
    const ndjson = withoutSources(await readDataset(p, [fixture('data.ndjson')]));
    expect(json).toEqual(yaml);
    expect(csv).toEqual(yaml);
    expect(ndjson).toEqual(yaml);
  });
});

describe('values', () => {
  const read = (name: string, text: string) => readDataset(miniProgram(), [{ name, text }]);

  it('percentages: “92.5%” and 92.5 percentage points are both the exact ratio 0.925', async () => {
    const d = await read(
      'a.yaml',
      '对象:\n  - {名称: 甲, 持证率: 92.5%}\n  - {名称: 乙, 持证率: 92.5}\n  - {名称: 丙, 持证率: "92.5"}\n  - {名称: 丁, 持证率: 92.5％}\n  - {名称: 戊, 持证率: 0.5%}\n',
    );
    const v = d.objects.map((o) => o.values['持证率'] as Rational);
    for (const x of v.slice(0, 4)) expect(x.eq(Rational.fraction(37n, 40n))).toBe(true);
    expect(v[4]!.eq(Rational.fraction(1n, 200n))).toBe(true);
  });

  it('numbers with or without their declared unit, exactly', async () => {
    const d = await read('a.csv', '名称,办案数,人均办案数,领导赋分\n甲,14件,0.7件/人,18.5分\n乙,14,0.7,0.1\n');
    expect(d.objects[0]!.values).toEqual({ 办案数: Rational.of(14), 人均办案数: Rational.of('0.7'), 领导赋分: Rational.of('18.5') });
    expect(d.objects[1]!.values).toEqual({ 办案数: Rational.of(14), 人均办案数: Rational.of('0.7'), 领导赋分: Rational.fraction(1n, 10n) });
  });

  it('a number of the event kind’s unit for 数量, and 分值 in 分', async () => {
    const d = await read('a.ndjson', '{"类型": "案件", "主办": "甲", "数量": "3起", "分值": "1.5分"}\n');
    expect(d.events[0]).toMatchObject({ count: Rational.of(3), amount: Rational.of('1.5') });
  });

  it('missing: 未提供, null, an empty cell or an absent key all leave the value out', async () => {
    const y = await read('a.yaml', '对象:\n  - {名称: 甲, 持证率: 未提供, 办案数: null, 联系人: ""}\n');
    const c = await read('a.csv', '名称,持证率,办案数\n甲,,未提供\n');
    expect(y.objects[0]!.values).toEqual({});
    expect(c.objects[0]!.values).toEqual({});
  });

  it('booleans, dates in every accepted form, text from numbers', async () => {
    const d = await read(
      'a.ndjson',
      ['是', '否', 'true', 'false', true, false].map((b, i) => JSON.stringify({ 名称: `局${i}`, 开展培训: b })).join('\n') +
        '\n{"名称": "日", "报送日期": "２０２３年１月５日", "联系人": 123}\n',
    );
    expect(d.objects.slice(0, 6).map((o) => o.values['开展培训'])).toEqual([true, false, true, false, true, false]);
    expect(d.objects[6]!.values).toEqual({ 报送日期: '2023-01-05', 联系人: '123' });
  });

  it('objects as a map from name to values; checklist answers by number or id', async () => {
    const d = await read('a.yaml', '对象:\n  甲局: {持证率: 90%, 达标情况: {一.1: 否, 第二．２项: 是}}\n  乙局:\n');
    expect(d.objects.map((o) => [o.name, o.checklist])).toEqual([
      ['甲局', { '一.1': false, '二.2': true }],
      ['乙局', undefined],
    ]);
    expect(d.objects[0]!.source).toMatchObject({ file: 'a.yaml', line: 2, path: '对象.甲局' });
  });
});

describe('several files', () => {
  it('objects from every file are known first; events keep file order', async () => {
    const d = await readDataset(miniProgram(), [
      { name: 'a.ndjson', text: '{"类型": "违规", "对象": "乙", "编号": "1"}\n{"名称": "甲"}\n{"类型": "违规", "对象": "甲", "编号": "2"}\n' },
      { name: 'b.yaml', text: '事件:\n  - {类型: 违规, 对象: 甲, 编号: "3"}\n对象: [{名称: 乙}]\n' },
      { name: 'c.csv', text: '类型,对象,编号\n违规,甲,4\n' },
    ]);
    expect(d.objects.map((o) => o.name)).toEqual(['甲', '乙']);
    expect(d.events.map((e) => e.id)).toEqual(['1', '2', '3', '4']);
  });
});

describe('sources', () => {
  it('every record says where it came from', async () => {
    const p = miniProgram();
    const y = await readDataset(p, [fixture('data.yaml')]);
    expect(y.objects[1]!.source).toEqual({ file: fixture('data.yaml'), line: 15, path: '对象[1]' });
    expect(y.events[2]!.source).toEqual({ file: fixture('data.yaml'), line: 43, path: '事件[2]' });
    const c = await readDataset(p, [fixture('objects.csv'), fixture('events.csv')]);
    expect(c.objects[2]!.source).toEqual({ file: fixture('objects.csv'), row: 4 });
    const n = await readDataset(p, [fixture('data.ndjson')]);
    expect(n.events.map((e) => e.source?.line)).toEqual([1, 5, 7, 9, 10]);
  });
});

describe('with the engine', () => {
  it('the fixture data scores, checklist answers included', async () => {
    const p = miniProgram();
    const d = await readDataset(p, [fixture('data.yaml')]);
    // 乙局 has 领导赋分: 未提供 and the rubric has no 缺失时 rule: the engine names the record.
    expect(() => run(p, interpret(p), d)).toThrow(/乙局：四「领导评价」：需要输入【领导赋分】.*data\.yaml 第15行 对象\[1\]/);
    d.objects[1]!.values['领导赋分'] = Rational.of(12);
    d.objects[2]!.values['人均办案数'] = Rational.of(1);
    const r = run(p, interpret(p), d);
    const byName = Object.fromEntries(r.objects.map((o) => [o.name, o]));
    // 甲局: 未达标 一.1 and 二.2; 丙局: 达标情况 一.2 否; 乙局: 未达标 [] (all met). 10 points each.
    const checks = (n: string) => byName[n]!.nodes.slice(0, 2).map((x) => x.score);
    expect(checks('甲局')).toEqual(['10', '10']);
    expect(checks('乙局')).toEqual(['20', '20']);
    expect(checks('丙局')).toEqual(['10', '20']);
    expect(r.issues.map((i) => i.kind)).toEqual(['unknown-kind']);
  });
});

describe('docs/data.md', () => {
  it('every example data file in it reads without errors', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/data.md', import.meta.url), 'utf8');
    const blocks = [...doc.matchAll(/```(yaml|json|csv|ndjson)\n([\s\S]*?)```/g)];
    expect(blocks.length).toBe(6);
    for (const [, ext, text] of blocks) {
      const d = await readDataset(miniProgram(), [{ name: `example.${ext}`, text: text! }]);
      expect(d.objects.length + d.events.length + Object.keys(d.params).length, text).toBeGreaterThan(0);
    }
  });
});
