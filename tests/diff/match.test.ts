/**
 * The matcher: items paired by number path and title (with the names they read breaking ties
 * between repeated titles), rules inside an item by position, form and similarity; ambiguous
 * pairings reported. Plus the kinds of change the example pair does not exercise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/diff/model.js';
import { diffPrograms } from '../../src/diff/diff.js';
import { toJson, toMarkdown } from '../../src/diff/report.js';
import { compile, diffSources, ROOT } from './helpers.js';

const DECLS = `输入：
  【甲】件（缺失时按0件）：甲
  【乙】件（缺失时按0件）：乙
  【丙】件（缺失时按0件）：丙
  【丁】件（缺失时按0件）：丁
  【戊】件（缺失时按0件）：戊
`;

function rubric(items: string): string {
  return `考核 匹配测试（满分20分）\n${DECLS}\n${items.trim()}\n`;
}

const BASE = rubric(`
（一）队伍建设（10分，扣分制）
  1.党建：【甲】扣1分/件。
  2.党建：【乙】扣1分/件。
  3.党建：【丙】扣1分/件。
（二）执法办案（10分，扣分制）
  4.办案：【丁】扣1分/件。
  5.办案：【戊】扣1分/件。
`);

const brief = (cs: Change[]) =>
  cs.map(
    (c) => `${c.kind} ${c.item?.old ?? ''}→${c.item?.new ?? ''}${c.rule ? `#${c.rule.old ?? ''}→${c.rule.new ?? ''}` : ''}${c.subject ? ` ${c.subject}` : ''}`,
  );

describe('item matching', () => {
  it('an item dropped in the middle: the rest are renumbered, not rewritten', () => {
    const r = diffSources(
      BASE,
      rubric(`
（一）队伍建设（10分，扣分制）
  1.党建：【乙】扣1分/件。
  2.党建：【丙】扣1分/件。
（二）执法办案（10分，扣分制）
  3.办案：【丁】扣1分/件。
  4.办案：【戊】扣1分/件。
`),
    );
    expect(brief(r.changes)).toEqual([
      'item.removed （一）.1→',
      'item.renumbered （一）.2→（一）.1',
      'item.renumbered （一）.3→（一）.2',
      'item.renumbered （二）.4→（二）.3',
      'item.renumbered （二）.5→（二）.4',
    ]);
    expect(r.matches.map((m) => [m.old, m.new, m.by])).toEqual([
      ['（一）.2', '（一）.1', 'title'],
      ['（一）.3', '（一）.2', 'title'],
      ['（二）.4', '（二）.3', 'title'],
      ['（二）.5', '（二）.4', 'title'],
    ]);
    expect(r.ambiguities).toEqual([]);
  });

  it('same number, same title, different content at another number: the content decides', () => {
    // the rules of 1 and 2 (both titled 党建) trade numbers
    const r = diffSources(BASE, BASE.replace('1.党建：【甲】', '1.党建：【乙】').replace('2.党建：【乙】', '2.党建：【甲】'));
    expect(brief(r.changes)).toEqual(['item.renumbered （一）.2→（一）.1', 'item.renumbered （一）.1→（一）.2']);
  });

  it('items written in another order keep their numbers: nothing changed', () => {
    const reordered = BASE.replace('  1.党建：【甲】扣1分/件。\n  2.党建：【乙】扣1分/件。', '  2.党建：【乙】扣1分/件。\n  1.党建：【甲】扣1分/件。');
    expect(reordered).not.toBe(BASE);
    const r = diffSources(BASE, reordered);
    expect(r.changes).toEqual([]);
  });

  it('same number, same title: a rewritten rule is a change of that item, not a new item', () => {
    const r = diffSources(BASE, BASE.replace('1.党建：【甲】扣1分/件。', '1.党建：【甲】扣2分/件。'));
    expect(brief(r.changes)).toEqual(['rule.amount （一）.1→（一）.1#1→1']);
  });

  it('a new title at the same number with the same content: retitled', () => {
    const r = diffSources(BASE, BASE.replace('2.党建：', '2.党的建设：'));
    expect(brief(r.changes)).toEqual(['item.retitled （一）.2→（一）.2']);
    expect(r.changes[0]).toMatchObject({ old: '党建', new: '党的建设' });
    expect(r.matches).toEqual([{ old: '（一）.2', new: '（一）.2', by: 'number' }]);
  });

  it('a new title at the same number with other content: removed and added', () => {
    const r = diffSources(BASE, BASE.replace('2.党建：【乙】', '2.廉政：【戊】'));
    expect(brief(r.changes)).toEqual(['item.removed （一）.2→', 'item.added →（一）.2']);
  });

  it('a shared common title alone does not make two items the same', () => {
    const r = diffSources(
      BASE,
      BASE.replace('  3.党建：【丙】扣1分/件。\n', '').replace('  5.办案：【戊】扣1分/件。', '  5.办案：【戊】扣1分/件。\n  6.党建：【丁】的，扣1分。'),
    );
    expect(brief(r.changes)).toEqual(['item.removed （一）.3→', 'item.added →（二）.6']);
  });

  it('renumbered and retitled but reading the same names: paired by content', () => {
    const r = diffSources(BASE, BASE.replace('3.党建：【丙】扣1分/件。', '6.作风建设：【丙】扣1分/件。'));
    expect(brief(r.changes)).toEqual(['item.renumbered （一）.3→（一）.6', 'item.retitled （一）.3→（一）.6']);
    expect(r.matches).toEqual([{ old: '（一）.3', new: '（一）.6', by: 'content' }]);
  });

  it('moved to another section keeping number and title', () => {
    const r = diffSources(
      BASE,
      rubric(`
（一）队伍建设（10分，扣分制）
  1.党建：【甲】扣1分/件。
  2.党建：【乙】扣1分/件。
（二）执法办案（10分，扣分制）
  3.党建：【丙】扣1分/件。
  4.办案：【丁】扣1分/件。
  5.办案：【戊】扣1分/件。
`),
    );
    expect(brief(r.changes)).toEqual(['item.moved （一）.3→（二）.3']);
    expect(r.changes[0]).toMatchObject({ old: '（一）「队伍建设」', new: '（二）「执法办案」', group: '（二）' });
  });

  it('a section renumbered: its items follow it without being reported as moved', () => {
    const r = diffSources(BASE, BASE.replace('（一）队伍建设', '（三）队伍建设').replace(/（二）执法办案/, '（一）执法办案'));
    // listed in the new rubric's order: （三）队伍建设 comes first there
    expect(brief(r.changes)).toEqual(['item.renumbered （一）→（三）', 'item.renumbered （二）→（一）']);
  });

  it('two equally good candidates: the pairing is reported as ambiguous', () => {
    const r = diffSources(
      BASE,
      rubric(`
（一）队伍建设（10分，扣分制）
  2.党建：【乙】扣1分/件。
  3.党建：【丙】扣1分/件。
  7.党建：【甲】扣1分/件。
  8.党建：【甲】扣1分/件。
（二）执法办案（10分，扣分制）
  4.办案：【丁】扣1分/件。
  5.办案：【戊】扣1分/件。
`),
    );
    expect(r.ambiguities).toHaveLength(1);
    expect(r.ambiguities[0]).toMatchObject({ what: 'item', old: '（一）.1', new: '（一）.7', candidates: ['（一）.8'] });
    expect(brief(r.changes)).toEqual(['item.renumbered （一）.1→（一）.7', 'item.added →（一）.8']);
    const md = toMarkdown(r);
    expect(md).toContain('## 匹配存疑');
    expect(md).toContain('原第1项「党建」与新第7项「党建」对应，但新第8项「党建」同样相符');
  });

  it('many consecutive renumberings fold into one row of the report', () => {
    // the real Lishui rubric with item 5 dropped and 6…69 moved up by one
    const source = readFileSync(join(ROOT, 'examples/diff/lishui-2022.rubric'), 'utf8');
    const shifted = source
      .split('\n')
      .flatMap((line) => {
        const m = /^(\s+)(\d+)\.(.*)$/.exec(line);
        if (!m) return [line];
        const n = Number(m[2]);
        return n === 5 ? [] : [n > 5 ? `${m[1]}${n - 1}.${m[3]}` : line];
      })
      .join('\n');
    const r = diffSources(source, shifted);
    expect(r.changes.filter((c) => c.kind === 'item.removed').map((c) => c.item?.old)).toEqual(['（一）.5']);
    expect(r.changes.filter((c) => c.kind === 'item.renumbered')).toHaveLength(64);
    expect(r.changes).toHaveLength(65);
    expect(r.ambiguities).toEqual([]);
    const md = toMarkdown(r);
    expect(md).toContain('**删除1项、重新编号64项。**');
    expect(md).toContain('| 第5—9项（原第6—10项） | 重新编号（5项依次前移） | 第6—10项 | 第5—9项 | 234—239 → 233—238 |');
    expect(md).toContain('| 第68项（原第69项）「综合评价」 | 重新编号 | 第69项 | 第68项 | 369 → 368 |');
  });
});

describe('rule matching', () => {
  const item = (body: string) =>
    rubric(`
（一）队伍建设（20分，扣分制）
  1.党建：${body}
`);

  it('rules reordered: nothing changed', () => {
    const r = diffSources(item('【甲】扣1分/件；【乙】每件扣0.5分；未【丙】的，扣1分。'), item('未【丙】的，扣1分；【甲】扣1分/件；【乙】每件扣0.5分。'));
    expect(r.changes).toEqual([]);
  });

  it('a rule in the middle dropped: the later ones are matched by content, not by position', () => {
    const r = diffSources(item('【甲】扣1分/件；【乙】扣1分/件；【丙】扣1分/件。'), item('【甲】扣1分/件；【丙】扣2分/件。'));
    expect(brief(r.changes)).toEqual(['rule.removed （一）.1→（一）.1#2→', 'rule.amount （一）.1→（一）.1#3→2']);
  });

  it('another rule at the same position is removed and added, not changed', () => {
    const r = diffSources(item('【甲】扣1分/件。'), item('【乙】扣1分/件。'));
    expect(brief(r.changes)).toEqual(['rule.removed （一）.1→（一）.1#1→', 'rule.added （一）.1→（一）.1#→1']);
  });

  it('the same rule in another form: the form changed', () => {
    const r = diffSources(item('【甲】扣1分/件。'), item('【甲】的，扣1分。'));
    expect(brief(r.changes)).toEqual(['rule.form （一）.1→（一）.1#1→1']);
    expect(r.changes[0]).toMatchObject({ old: '【甲】扣1分/件', new: '【甲】的，扣1分' });
  });

  it('否则 alternatives are compared one by one', () => {
    const r = diffSources(
      item('【甲】达到3件的，扣2分；否则【甲】达到1件的，扣1分。'),
      item('【甲】达到5件的，扣2分；否则【甲】达到1件的，扣1分；否则【乙】达到1件的，扣0.5分。'),
    );
    expect(brief(r.changes)).toEqual(['rule.threshold （一）.1→（一）.1#1.1→1.1', 'rule.added （一）.1→（一）.1#→1.3']);
    expect(r.changes[0]).toMatchObject({ old: '【甲】达到3件', new: '【甲】达到5件' });
  });

  it('a condition whose structure changed is a condition change, with both conditions shown', () => {
    const r = diffSources(item('【甲】达到3件的，扣2分。'), item('【甲】达到3件且【乙】达到1件的，扣2分。'));
    expect(r.changes).toMatchObject([{ kind: 'rule.condition', old: '【甲】达到3件', new: '【甲】达到3件且【乙】达到1件' }]);
  });

  it('two equally similar rules: the pairing is reported as ambiguous', () => {
    const r = diffSources(item('【甲】扣1分/件。'), item('未【乙】的，扣1分；【甲】扣2分/件；【甲】扣3分/件。'));
    expect(r.ambiguities).toMatchObject([{ what: 'rule', old: '（一）.1#1', new: '（一）.1#2', candidates: ['（一）.1#3'] }]);
    expect(brief(r.changes)).toEqual(['rule.added （一）.1→（一）.1#→1', 'rule.amount （一）.1→（一）.1#1→2', 'rule.added （一）.1→（一）.1#→3']);
    expect(toMarkdown(r)).toContain('- 第1项「党建」：原第1条与新第2条对应，但新第3条同样相符');
  });

  it('different words with the same meaning are not a change', () => {
    const r = diffSources(item('【甲】低于3件的，扣2分；【乙】每件扣1.0分。'), item('【甲】不足3件的，扣2分；【乙】扣1分/件。'));
    expect(r.changes).toEqual([]);
  });
});

describe('kinds the example does not exercise', () => {
  const events = (rules: string, extra = '') => `考核 事件测试（满分20分，并列取高）
事件：
  【处分】人次：受到处分
    属性【职务】选项“一般人员”“副职”“主要负责人”：职务
    属性【轻重】选项“轻处分”“重处分”：轻重
  【投诉】次：投诉
输入：
  【主管部门】文本（分组）：主管部门
  【有执法权】是否（缺失时按否）：有执法权
（一）监督检查（20分，扣分制，扣完为止${extra}）：
  ${rules}
评定：
  满意单位：按总分从高到低前10名
  不满意单位：按总分从低到高前10名
结果运用：按【主管部门】汇总
  不满意单位：减5分
  满意单位：加5分
`;

  it('multipliers, discretionary ranges, floors of an occurrence, exemptions', () => {
    const r = diffSources(
      events(
        '【处分】按【轻重】，“轻处分”、“重处分”每人次分别扣4分、8分；其中【职务】为“副职”的，按1.5倍扣分；其中【职务】为“主要负责人”的，加倍扣分。\n  【投诉】视情每次扣0.3-0.5分。',
      ),
      events(
        '【处分】按【轻重】，“轻处分”、“重处分”每人次分别扣4分、8分；其中【职务】为“副职”的，按2倍扣分。\n  【投诉】视情每次扣0.5-1分（【有执法权】的，不扣分）。',
      ),
    );
    expect(r.changes.map((c) => [c.kind, c.subject, c.old, c.new])).toEqual([
      ['rule.multiplier-factor', '【职务】为“副职”', '按1.5倍', '按2倍'],
      ['rule.multiplier-removed', '【职务】为“主要负责人”', '加倍', undefined],
      ['rule.amount', undefined, '视情扣0.3-0.5分/次', '视情扣0.5-1分/次'],
      ['rule.exempt', undefined, undefined, '【有执法权】的，不扣分'],
    ]);
  });

  it('titles, result use, sign and caps of the whole item', () => {
    const a = events('【投诉】每次扣0.5分。');
    const b = events('【投诉】每次扣0.5分。', '，最低5分')
      .replace('满意单位：按总分从高到低前10名', '满意单位：按总分从高到低前8名')
      .replace('  不满意单位：减5分\n', '  不满意单位：减3分\n');
    const r = diffSources(a, b);
    expect(r.changes.map((c) => [c.kind, c.subject ?? '', c.old, c.new])).toEqual([
      ['item.floor', '', '未写（按0分）', '最低5分'],
      ['title.changed', '称号“满意单位”', '按总分从高到低前10名', '按总分从高到低前8名'],
      ['result-use.changed', '结果运用“不满意单位”', '减5分', '减3分'],
    ]);
  });

  it('a step rule: its threshold, its step and its amount', () => {
    const step = (t: string, s: string, amt: string) =>
      rubric(`
（一）队伍建设（20分，扣分制）
  1.办案：【甲】未达${t}件的，每少${s}件（含不足${s}件），扣${amt}分。
`);
    const r = diffSources(step('14', '1', '0.5'), step('15', '2', '1'));
    expect(r.changes.map((c) => [c.kind, c.old, c.new])).toEqual([
      ['rule.threshold', '【甲】未达14件', '【甲】未达15件'],
      ['rule.amount', '扣0.5分', '扣1分'],
      ['rule.step', '每少1件（含不足1件）', '每少2件（含不足2件）'],
    ]);
  });
});

describe('bounds', () => {
  it('a failing bounds analysis leaves the diff intact and says so', () => {
    const r = diffPrograms(compile(BASE), compile(BASE.replace('扣1分/件', '扣2分/件')), {
      bounds: () => {
        throw new Error('分析失败');
      },
    });
    expect(r.changes).toHaveLength(1);
    expect(r.bounds).toBeUndefined();
    expect(r.boundsError).toBe('分析失败');
    expect(toMarkdown(r)).toContain('未能计算得分范围：分析失败');
    expect(toJson(r).boundsError).toBe('分析失败');
  });

  it('with the real analysis: the total row is always there, unchanged levels are left out', () => {
    const r = diffSources(BASE, BASE.replace('（一）队伍建设（10分', '（一）队伍建设（10分，最低2分'), true);
    expect(r.bounds).toEqual([
      { label: '总分', old: { min: '0', max: '20' }, new: { min: '2', max: '20' } },
      { item: { old: '（一）', new: '（一）' }, label: '（一）「队伍建设」', old: { min: '0', max: '10' }, new: { min: '2', max: '10' } },
    ]);
  });
});
