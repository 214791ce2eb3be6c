/**
 * One test per data error code: the code, and a message that names the file, the row or line
 * (or JSON path) and the field, and says what was expected and what was found.
 */
import { describe, expect, it } from 'vitest';
import { DATA_CODES, openData, readDataset } from '../../src/data/index.js';
import type { DataProblem } from '../../src/runtime/errors.js';
import { mem, miniProgram, problemsOf } from './helpers.js';

/** The one problem with this code; its message contains every given fragment. */
function find(ps: DataProblem[], code: string, ...parts: string[]): DataProblem {
  const hits = ps.filter((p) => p.code === code);
  expect(
    hits.map((p) => p.message),
    `应有一条 ${code}，实际为：\n${ps.map((p) => `${p.code} ${p.message}`).join('\n')}`,
  ).toHaveLength(1);
  for (const part of parts) expect(hits[0]!.message).toContain(part);
  return hits[0]!;
}

const OBJ = (body: string) => `对象:\n  - 名称: 甲局\n${body}`;

describe('D2001 malformed file', () => {
  it('YAML syntax, with line and column', async () => {
    const p = find(await problemsOf([mem('a.yaml', '对象:\n  - 名称: 甲局\n   持证率: 1\n')]), 'D2001', 'a.yaml 第3行', 'YAML 语法错误', '第1列', '缩进');
    expect(p.source).toMatchObject({ file: 'a.yaml', line: 3 });
  });
  it('JSON syntax, with line and column', async () => {
    find(await problemsOf([mem('a.json', '{"对象": [\n  {"名称": "甲局",}\n]}')]), 'D2001', 'a.json 第2行', 'JSON 语法错误', '第15列');
  });
  it('a duplicate key in JSON', async () => {
    find(await problemsOf([mem('a.json', '{"对象": [],\n "对象": []}')]), 'D2001', 'a.json 第2行', '键重复');
  });
  it('a CSV row with the wrong number of columns', async () => {
    find(await problemsOf([mem('a.csv', '名称,持证率\n甲局,90%\n乙局,90%,多余\n')]), 'D2001', 'a.csv 第3行', '本行有3列，表头有2列');
  });
  it('a CSV quote left open', async () => {
    find(await problemsOf([mem('a.csv', '名称,联系人\n甲局,"张三\n乙局,李四\n')]), 'D2001', 'a.csv 第2行', '引号没有闭合');
  });
  it('an NDJSON line that is not JSON (an event line, read in the second pass)', async () => {
    find(await problemsOf([mem('a.ndjson', '{"名称": "甲局"}\n{"类型": "违规", "对象": "甲局"\n')]), 'D2001', 'a.ndjson 第2行', 'JSON 语法错误');
  });
  it('a CSV file that is not UTF-8', async () => {
    const gbk = Buffer.from([0xc3, 0xfb, 0xb3, 0xc6, 0x0a]).toString('utf8'); // 名称 in GBK, decoded as UTF-8
    find(await problemsOf([mem('a.csv', `${gbk}\n`)]), 'D2001', 'a.csv 第1行', 'UTF-8');
  });
  it('an unsupported extension, a missing file', async () => {
    find(await problemsOf([mem('a.xlsx', '')]), 'D2001', 'a.xlsx', '不支持的文件类型');
    find(await problemsOf(['/nonexistent/data.yaml']), 'D2001', '/nonexistent/data.yaml', '文件不存在');
  });
});

describe('D2002 unknown field', () => {
  it('an undeclared input, with the nearest declared name', async () => {
    const p = find(
      await problemsOf([mem('a.yaml', OBJ('    持证律: 90%\n'))]),
      'D2002',
      'a.yaml 第3行 对象[0].持证律',
      '没有声明输入“持证律”',
      '是否应为“持证率”',
    );
    expect(p.object).toBe('甲局');
  });
  it('an undeclared CSV column, reported once at the header', async () => {
    find(await problemsOf([mem('a.csv', '名称,持证律\n甲局,90%\n乙局,80%\n')]), 'D2002', 'a.csv 第1行 持证律', '是否应为“持证率”');
  });
  it('an undeclared parameter and top-level key', async () => {
    const ps = await problemsOf([mem('a.yaml', '参数:\n  办案标注: 3\n对像: []\n')]);
    expect(ps.map((p) => [p.code, p.message])).toEqual([
      ['D2002', 'a.yaml 第3行 对像：数据文件顶层只能有“对象”“参数”“事件”，不认识“对像”，是否应为“对象”？'],
      ['D2002', 'a.yaml 第2行 参数.办案标注：考核规则没有声明参数“办案标注”，是否应为“办案标准”？'],
    ]);
  });
  it('comment keys and columns are not errors', async () => {
    const d = await readDataset(miniProgram(), [
      mem('a.yaml', `# 注释\n备注: 全文说明\n${OBJ('    备注: 核对中\n    说明: x\n    "#审核人": 王五\n')}`),
      mem('b.csv', '名称,#列注释,说明\n乙局,任意,任意\n'),
    ]);
    expect(d.objects.map((o) => [o.name, o.values])).toEqual([
      ['甲局', {}],
      ['乙局', {}],
    ]);
  });
});

describe('value errors', () => {
  it('D2003 wrong type: says what was expected and what was found', async () => {
    find(await problemsOf([mem('a.yaml', OBJ('    持证率: 九成\n'))]), 'D2003', 'a.yaml 第3行 对象[0].持证率：应为百分比（如 92.5% 或 92.5），实际为“九成”');
    find(await problemsOf([mem('a.csv', '名称,办案数\n甲局,14人\n')]), 'D2003', 'a.csv 第2行 办案数', '单位应为“件”', '实际为“14人”');
    find(await problemsOf([mem('a.ndjson', '{"名称": "甲局", "开展培训": "有"}\n')]), 'D2003', 'a.ndjson 第1行 开展培训', '应为“是”或“否”', '实际为“有”');
  });
  it('D2004 a choice not among the options lists them', async () => {
    find(
      await problemsOf([mem('a.yaml', OBJ('    整治情况: 已完成\n'))]),
      'D2004',
      'a.yaml 第3行 对象[0].整治情况',
      '“未开展”“成效不明显”“已开展”',
      '实际为“已完成”',
    );
  });
  it('D2006 outside the declared range, for numbers and text with a unit', async () => {
    find(await problemsOf([mem('a.yaml', OBJ('    在编人数: 600\n'))]), 'D2006', 'a.yaml 第3行 对象[0].在编人数', '1人至500人', '实际为600');
    find(await problemsOf([mem('a.csv', '名称,领导赋分\n甲局,25分\n')]), 'D2006', 'a.csv 第2行 领导赋分', '0分至20分', '实际为“25分”');
  });
  it('D2007 an invalid date', async () => {
    find(await problemsOf([mem('a.yaml', OBJ('    报送日期: 2023-02-30\n'))]), 'D2007', 'a.yaml 第3行 对象[0].报送日期', '不存在的日期');
    find(await problemsOf([mem('a.csv', '类型,对象,日期\n违规,甲局,明天\n')]), 'D2007', 'a.csv 第2行 日期', '应为日期', '实际为“明天”');
  });
});

describe('records', () => {
  it('D2005 the same object twice, across files', async () => {
    const p = find(
      await problemsOf([mem('a.yaml', OBJ('')), mem('b.csv', '名称\n乙局\n甲局\n')]),
      'D2005',
      'b.csv 第3行',
      '“甲局”重复',
      '先前见于 a.yaml 第2行 对象[0]',
    );
    expect(p.object).toBe('甲局');
  });
  it('D2008 an attribute its kind does not declare', async () => {
    const ps = await problemsOf([mem('a.yaml', '事件:\n  - 类型: 违规\n    对象: 甲局\n    主办: 甲局\n    级另: 省级\n')]);
    const [a, b] = ps;
    expect(a).toMatchObject({ code: 'D2008' });
    expect(a!.message).toContain('a.yaml 第4行 事件[0].主办：事件类型【违规】没有声明属性“主办”（它是【案件】的属性）');
    expect(b!.message).toContain('a.yaml 第5行 事件[0].级另');
    expect(b!.message).toContain('是否应为“级别”');
  });
  it('D2009 an event without 类型', async () => {
    find(await problemsOf([mem('a.yaml', '事件:\n  - 对象: 甲局\n')]), 'D2009', 'a.yaml 第2行 事件[0]', '缺少“类型”');
    find(await problemsOf([mem('a.csv', '类型,对象\n,甲局\n')]), 'D2009', 'a.csv 第2行', '缺少“类型”');
    find(await problemsOf([mem('a.ndjson', '{"对象": "甲局", "日期": "2023-01-01"}\n')]), 'D2009', 'a.ndjson 第1行');
  });
  it('an event of an undeclared kind is not an error: it is passed to the engine', async () => {
    const d = await readDataset(miniProgram(), [mem('a.ndjson', '{"类型": "表彰", "对象": "甲局", "级别": "国家级"}\n')]);
    expect(d.events).toMatchObject([{ kind: '表彰', object: '甲局', attrs: { 级别: '国家级' } }]);
  });
  it('D2010 an unknown or ambiguous checklist item', async () => {
    const ps = await problemsOf([mem('a.yaml', OBJ('    未达标: [9, 1]\n'))]);
    expect(ps.map((p) => p.code)).toEqual(['D2010', 'D2010']);
    expect(ps[0]!.message).toContain('a.yaml 第3行 对象[0].未达标：没有编号为“9”的达标项目');
    expect(ps[1]!.message).toContain('编号“1”对应多个达标项目（一.1、二.1），请写完整编号');
    find(await problemsOf([mem('a.csv', '名称,达标情况\n甲局,三.1:否\n')]), 'D2010', 'a.csv 第2行 达标情况.三.1');
  });
  it('D2011 an object without 名称', async () => {
    find(await problemsOf([mem('a.yaml', '对象:\n  - 持证率: 90%\n')]), 'D2011', 'a.yaml 第2行 对象[0]', '缺少“名称”');
    find(await problemsOf([mem('a.csv', '名称,持证率\n,90%\n')]), 'D2011', 'a.csv 第2行', '缺少“名称”');
    find(await problemsOf([mem('a.ndjson', '{"持证率": "90%"}\n')]), 'D2011', 'a.ndjson 第1行', '缺少“名称”');
  });
  it('D2012 contradicting data: a parameter, a checklist answer', async () => {
    find(
      await problemsOf([mem('a.yaml', '参数: {办案标准: 3}\n'), mem('b.ndjson', '{"参数": {"办案标准": 4}}\n')]),
      'D2012',
      'b.ndjson 第1行 参数.办案标准',
      '先前见于 a.yaml',
    );
    find(await problemsOf([mem('a.yaml', OBJ('    未达标: [一.1]\n    达标情况: {一.1: 是}\n'))]), 'D2012', 'a.yaml 第4行 对象[0].达标情况.一.1');
  });
});

describe('collecting', () => {
  it('reports every error of a file, not only the first', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `局${i},九成`).join('\n');
    const ps = await problemsOf([mem('a.csv', `名称,持证率\n${rows}\n`)]);
    expect(ps.map((p) => p.source?.row)).toEqual([2, 3, 4, 5, 6]);
  });
  it('streaming: invalid events are not yielded; their problems are thrown after the last event', async () => {
    const data = await openData(miniProgram(), [
      mem('a.ndjson', '{"类型": "违规", "编号": "1"}\n{"类型": "违规", "级别": "国家级"}\n{"类型": "违规", "编号": "3"}\n'),
    ]);
    const got: string[] = [];
    const done = (async () => {
      for await (const e of data.events) got.push(e.id!);
    })();
    await expect(done).rejects.toThrow(/a\.ndjson 第2行 级别：应为以下选项之一/);
    expect(got).toEqual(['1', '3']);
  });
  it('D2099 stops at the limit', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `局${i},九成`).join('\n');
    const ps = await problemsOf([mem('a.csv', `名称,持证率\n${rows}\n`)]);
    expect(ps).toHaveLength(101);
    expect(ps[100]!.code).toBe('D2099');
  });
  it('every code is documented', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/data.md', import.meta.url), 'utf8');
    for (const code of Object.keys(DATA_CODES)) expect(doc).toContain(code);
  });
});
