/**
 * JSON documents are read with JSON.parse and a light scan for the records' lines
 * (src/data/jsonlayout.ts); one with a problem is read again through the yaml parser. Both
 * must give what the yaml parser gives: JSON text read as YAML is the reference.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDataset } from '../../src/data/index.js';
import type { Dataset } from '../../src/runtime/model.js';
import { fixture, mem, miniProgram, problemsOf } from './helpers.js';

/** The dataset of a JSON text read as .json and as .yaml (file names made equal). */
async function both(text: string): Promise<[Dataset, Dataset]> {
  const p = miniProgram();
  const json = await readDataset(p, [mem('a.json', text)]);
  const yaml = await readDataset(p, [mem('a.yaml', text)]);
  for (const r of [...yaml.objects, ...yaml.events]) if (r.source) r.source.file = 'a.json';
  return [json, yaml];
}

describe('JSON documents: lines without the yaml parser', () => {
  it('the fixture: every record’s source as the yaml parser gives it', async () => {
    const [json, yaml] = await both(readFileSync(fixture('data.json'), 'utf8'));
    expect(json.objects.map((o) => o.source)).toEqual([
      { file: 'a.json', line: 3, path: '对象[0]' },
      { file: 'a.json', line: 5, path: '对象[1]' },
      { file: 'a.json', line: 7, path: '对象[2]' },
    ]);
    expect(json).toEqual(yaml);
  });

  it('the map form, escapes, brackets inside strings, nested values and CRLF', async () => {
    const text = [
      '{ "#说明": {"a": [1, {"b": "]}"}]},',
      '  "对象": {',
      '    "甲局": {"持证率": "92.5%", "备注": "引号\\"和\\\\", "达标情况": {"一.1": "是"}},',
      '    "\\u4e59局":',
      '      {"持证率": 88},',
      '    "3": {}',
      '  },',
      '  "参数":',
      '   {"办案标准": "10件"},',
      '  "事件": [{"类型": "违规", "对象": "甲局", "日期": "2023-03-05", "级别": "省级"},',
      '',
      '     {"类型": "违规", "对象": "乙局", "日期": "2023-03-06", "级别": "市级", "备注": "{[,:"}]',
      '}',
    ].join('\r\n');
    const [json, yaml] = await both(text);
    expect(json.objects.map((o) => [o.name, o.source?.line])).toEqual([
      ['3', 6],
      ['甲局', 3],
      ['乙局', 5],
    ]);
    expect(json.events.map((e) => e.source?.line)).toEqual([10, 12]);
    expect(json).toEqual(yaml);
  });

  it('a problem: the line of the key, as before', async () => {
    const text = '{"对象": [\n  {"名称": "甲局",\n   "开展培训": "有"}\n]}';
    const ps = await problemsOf([mem('a.json', text)]);
    expect(ps.map((p) => p.message)).toEqual(['a.json 第3行 对象[0].开展培训：应为“是”或“否”，实际为“有”']);
  });

  it('a duplicate key deep inside a record is still found', async () => {
    const text = '{"对象": [\n  {"名称": "甲局", "达标情况": {"一.1": "是",\n "一.1": "否"}}\n]}';
    const ps = await problemsOf([mem('a.json', text)]);
    expect(ps.map((p) => p.message)).toEqual(['a.json 第3行：JSON 中同一对象的键重复']);
  });
});
