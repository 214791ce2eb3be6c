/**
 * Event folding compiled into a module (codegen/fold.ts) is used only with the plan layout it was
 * made for, hands back every event it does not fold (with nothing changed), and folds the seed
 * rubrics' events. That it folds them exactly like the engine is the differential test's job.
 */
import { describe, expect, it } from 'vitest';
import { interpreterFor } from '../../src/api.js';
import { foldLayout, type CompiledFold } from '../../src/runtime/engine/compiled.js';
import { planOf } from '../../src/runtime/engine/plan.js';
import { Scorer } from '../../src/runtime/engine/run.js';
import type { EventData, ObjectData } from '../../src/runtime/model.js';
import { Rational } from '../../src/runtime/rational.js';
import { emitForUsers, loadCompiled, programOf } from './helpers.js';

const LISHUI = 'rubrics/lishui-2022.rubric';

/** Two Lishui units with the inputs of the first example unit, under other names. */
function lishuiUnits(p: ReturnType<typeof programOf>): ObjectData[] {
  const values = Object.fromEntries(
    p.inputs.map((i) => [
      i.name,
      i.type.kind === 'bool' ? false : i.type.kind === 'num' ? Rational.of(i.type.percent ? '0.5' : 1) : (i.type.options?.[0] ?? ''),
    ]),
  );
  return [
    { name: '甲', values },
    { name: '乙', values },
  ];
}

describe('compiled event folding', () => {
  it('is emitted for every Lishui event kind, against the runtime plan layout', async () => {
    const p = programOf(LISHUI);
    const text = await emitForUsers(p);
    // (prettier writes the module's strings in single quotes and may break the line; the layout has neither)
    expect(text.replace(/layout:\s+/, 'layout: ')).toContain(`layout: '${foldLayout(planOf(p))}'`);
    // Every one of the 14 kinds is compiled: each gets its own function.
    for (let i = 0; i < p.events.length; i++) expect(text).toMatch(new RegExp(`^function fold${i}\\(`, 'm'));
    expect(text).not.toMatch(new RegExp(`^function fold${p.events.length}\\(`, 'm'));
  });

  it('is not used when made for another layout, and hands back what it does not fold', () => {
    const p = programOf(LISHUI);
    const E = interpreterFor(p);
    const units = lishuiUnits(p);
    const events: EventData[] = [
      { kind: '不履行法定职责', object: '甲', date: '2022-03-01', attrs: { 造成危害后果: true } },
      { kind: '不履行法定职责', object: '丙', date: '2022-03-01', attrs: { 造成危害后果: true } }, // unknown object
      { kind: '不履行法定职责', object: '甲', date: '2023-03-01', attrs: { 造成危害后果: true } }, // outside the period
      { kind: '不存在的事件', object: '甲', date: '2022-03-01', attrs: {} },
    ];
    const plain = new Scorer(p, E, units, {});
    for (const e of events) plain.addEvent(e);
    const expected = JSON.stringify(plain.finish());

    const refused: CompiledFold = {
      layout: `${foldLayout(planOf(p))};other`,
      fold: () => {
        throw new Error('must not be called');
      },
    };
    const a = new Scorer(p, E, units, {}, {}, refused);
    for (const e of events) a.addEvent(e);
    expect(JSON.stringify(a.finish())).toBe(expected);

    // With the right layout it is asked first about every event; handing all back changes nothing.
    const asked: string[] = [];
    const handsBack: CompiledFold = { layout: foldLayout(planOf(p)), fold: (_h, ev) => (asked.push(ev.kind), false) };
    const b = new Scorer(p, E, units, {}, {}, handsBack);
    for (const e of events) b.addEvent(e);
    expect(asked).toHaveLength(events.length);
    expect(JSON.stringify(b.finish())).toBe(expected);
  });

  it('folds like the engine, and leaves unknown objects, other periods, 数量 and missing attributes to it', async () => {
    const p = programOf(LISHUI);
    const mod = (await loadCompiled(p, 'lishui-fold')) as unknown as { scoreDataset: (d: unknown) => { issues: unknown; objects: unknown[] } };
    const units = lishuiUnits(p);
    const ev = (object: string, attrs: EventData['attrs'], more: Partial<EventData> = {}): EventData => ({
      kind: '获得荣誉',
      object,
      date: '2022-05-01',
      attrs,
      ...more,
    });
    const events: EventData[] = [
      ev('甲', { 荣誉类别: '表彰奖励', 授予级别: '省级部门' }),
      ev('甲', { 荣誉类别: '表彰奖励', 授予级别: '省级部门' }, { matter: 'M1' }),
      ev('甲', { 荣誉类别: '通报表扬', 授予级别: '省部级以上' }, { matter: 'M1' }),
      ev('乙', { 荣誉类别: '其他荣誉', 授予级别: '市级' }, { count: Rational.of(3) }),
      ev('丙', { 荣誉类别: '表彰奖励', 授予级别: '市级' }),
      ev('甲', { 荣誉类别: '表彰奖励', 授予级别: '市级' }, { date: '2021-12-31' }),
      { kind: '重大执法活动', object: '乙', date: '2022-06-01', attrs: { 开展情况: '未按部署开展' } },
      { kind: '事项划转部门', object: '乙', date: '2022-06-01', attrs: { 划转到位率: Rational.of('0.8') } },
    ];
    const data = { objects: units, params: {}, events };
    const compiled = JSON.stringify(mod.scoreDataset(data));
    const s = new Scorer(p, interpreterFor(p), units, {});
    for (const e of events) s.addEvent(e);
    expect(compiled).toBe(JSON.stringify(s.finish()));
    // The events handed back were still counted and reported by the engine.
    const issues = JSON.parse(compiled).issues as { count: number; message: string }[];
    expect(issues.reduce((n, i) => n + i.count, 0)).toBe(2);

    // A missing attribute without a default: the engine's error, naming the unit, item and attribute.
    const missing = { ...data, events: [...events, ev('乙', { 荣誉类别: '其他荣誉' })] };
    expect(() => mod.scoreDataset(missing)).toThrow('乙：第68项「表彰奖励」：事件【获得荣誉】缺少【授予级别】');
  });
});
