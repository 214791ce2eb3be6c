import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { inputSchema, rowSchemas } from '../../src/codegen/schema.js';
import { fixture, miniProgram, programFrom, RUBRICS } from './helpers.js';

const strictAjv = () => new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });

describe('inputSchema', () => {
  it('is deterministic: the same program gives the same JSON text', () => {
    const a = JSON.stringify(inputSchema(miniProgram()));
    const b = JSON.stringify(inputSchema(programFrom(fixture('mini.rubric'), 'mini.rubric')));
    expect(b).toBe(a);
  });

  it('compiles in strict mode for every real rubric', () => {
    for (const f of ['lishui-2022', 'pingyang-2023', 'shaanxi-2023', 'wucheng-2024']) {
      const p = programFrom(join(RUBRICS, `${f}.rubric`), `rubrics/${f}.rubric`);
      expect(() => strictAjv().compile(inputSchema(p)), f).not.toThrow();
      for (const s of Object.values(rowSchemas(p))) expect(() => strictAjv().compile(s), f).not.toThrow();
    }
  });

  it('says in Chinese what each field is, from the rubric', () => {
    const s = inputSchema(miniProgram()) as any;
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.title).toBe('数据测试考核：数据');
    const obj = s.$defs.object.properties;
    expect(obj['持证率'].description).toBe('执法人员持证率；百分比，写作 92.5% 或百分点数 92.5');
    expect(obj['在编人数'].description).toContain('单位：人');
    expect(obj['在编人数'].description).toContain('范围 1人-500人');
    expect(obj['未学习项数'].description).toContain('缺失时按0项');
    expect(obj['整治情况'].anyOf[0]).toEqual({ enum: ['未开展', '成效不明显', '已开展'] });
    expect(s.$defs.object.additionalProperties).toBe(false);
    expect(s.$defs.object.patternProperties).toEqual({ '^[#＃]': expect.any(Object) });
    expect(s.$defs.event.allOf.map((b: any) => b.if.properties.类型.const)).toEqual(['违规', '案件']);
    expect(s.$defs.event1.description).toBe('办结案件（单位：起）；计入【主办】、【协办】（按0.5倍）');
  });

  const validate = strictAjv().compile(inputSchema(miniProgram()));

  it('accepts the fixture documents the readers accept', () => {
    expect(validate(parse(readFileSync(fixture('data.yaml'), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(readFileSync(fixture('data.json'), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parse('对象:\n  甲局: {持证率: 90}\n'))).toBe(true);
  });

  it('rejects what the readers reject', () => {
    const bad = [
      '对象: [{名称: 甲局, 持证率: 九成}]',
      '对象: [{名称: 甲局, 整治情况: 已完成}]',
      '对象: [{名称: 甲局, 持证律: 90%}]',
      '对象: [{持证率: 90%}]',
      '对象: [{名称: 甲局, 在编人数: 600}]',
      '对象: [{名称: 甲局, 报送日期: 明天}]',
      '参数: {办案标注: 3}',
      '事件: [{类型: 违规, 主办: 甲局}]',
      '事件: [{对象: 甲局}]',
      '对像: []',
    ];
    for (const text of bad) expect(validate(parse(text)), text).toBe(false);
    // An undeclared event kind is passed through to the engine, so the schema accepts it.
    expect(validate(parse('事件: [{类型: 表彰, 级别: 国家级}]'))).toBe(true);
  });
});

describe('rowSchemas', () => {
  const rows = rowSchemas(miniProgram());
  it('check one CSV row of text cells', () => {
    const obj = strictAjv().compile(rows.object);
    expect(obj({ 名称: '甲局', 持证率: '92.5%', 办案数: '14件', 开展培训: '是', 报送日期: '2024年1月5日', 未达标: '一.1、二.2' })).toBe(true);
    expect(obj({ 名称: '甲局', 办案数: '14人' })).toBe(false);
    const ev = strictAjv().compile(rows.event);
    expect(ev({ 类型: '案件', 主办: '甲局', 数量: '2起', 决定日期: '2023-06-20' })).toBe(true);
    expect(ev({ 类型: '案件', 级别: '省级' })).toBe(false);
  });
  it('check an NDJSON parameter record', () => {
    const params = strictAjv().compile(rows.params);
    expect(params({ 参数: { 办案标准: 10 } })).toBe(true);
    expect(params({ 参数: { 办案标准: '10人' } })).toBe(false);
  });
});
