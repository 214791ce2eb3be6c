/**
 * Exact printer output for small inputs. The expected text is written by hand from the layout
 * rules in src/format/print.ts, not copied from the printer.
 */
import { describe, expect, test } from 'vitest';
import { checkRoundTrip } from './helpers.js';

/** Print a source (checking round trip and idempotence on the way). */
const fmt = (src: string, width?: number): string => checkRoundTrip(src, 'layout', width === undefined ? undefined : { width });
const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

describe('canonical layout', () => {
  test('messy spacing, half-width punctuation and full-width digits', () => {
    const src = [
      '考核:示例 ( 满分１００分 , 并列取高 )',
      '输入:',
      '    【持证率】 百分比 ( 缺失时按０% ) : 持证率',
      '（一） 队伍建设 （ １５分 , 扣分制 ）',
      '１． 学习 : 【未学习项数】 每项 扣 ０．５分 ; 【持证率】 不足 ９０% 的 , 扣 1分 。',
      '2、新增 (1分) : 【新增中队】 每一个 加 1分 。',
    ].join('\n');
    expect(fmt(src)).toBe(
      lines(
        '考核 示例（满分100分，并列取高）',
        '',
        '输入：',
        '  【持证率】百分比（缺失时按0%）：持证率',
        '',
        '（一）队伍建设（15分，扣分制）',
        '  1. 学习：【未学习项数】每项扣0.5分；【持证率】不足90%的，扣1分。',
        '  2. 新增（1分）：【新增中队】每个加1分。',
      ),
    );
  });

  test('markers keep their numbers; a title starting with a digit keeps its space', () => {
    const src = ['(一)甲', '  1、 2022年度：【a】的，扣1分。', '    (1)乙', '      ⑦丙：【b】的，扣1分。', '(二)丁'].join('\n');
    expect(fmt(src)).toBe(lines('（一）甲', '  1. 2022年度：【a】的，扣1分。', '    （1）乙', '      ⑦丙：【b】的，扣1分。', '', '（二）丁'));
  });

  test('a long item wraps one sentence per line; a short one stays on its heading line', () => {
    const src = [
      '（二）执法办案（20分，扣分制）',
      '  16.执法办案质量：【人均普通程序案件数】未达14件/人的，每少1件/人（含不足1件/人），扣0.5分；【全市评查不合格率】高于【本市平均不合格率】的，扣1分。',
      '  59.协助有力：',
      '    【承办会议】加1分/次。',
      '    （限加3分）',
    ].join('\n');
    expect(fmt(src)).toBe(
      lines(
        '（二）执法办案（20分，扣分制）',
        '  16. 执法办案质量：',
        '    【人均普通程序案件数】未达14件/人的，每少1件/人（含不足1件/人）扣0.5分；',
        '    【全市评查不合格率】高于【本市平均不合格率】的，扣1分。',
        '  59. 协助有力：【承办会议】每次加1分。（限加3分）',
      ),
    );
  });

  test('the width option decides where bodies wrap (CJK counts two columns)', () => {
    const src = '1.甲：【a】的，扣1分；【b】的，扣2分。';
    // "1. 甲：【a】的，扣1分；【b】的，扣2分。": 5 half-width characters and 17 wide ones, 39 columns.
    expect(fmt(src, 39)).toBe(lines('1. 甲：【a】的，扣1分；【b】的，扣2分。'));
    expect(fmt(src, 38)).toBe(lines('1. 甲：', '  【a】的，扣1分；', '  【b】的，扣2分。'));
  });

  test('否则 keeps one sentence; recorded words are kept; multipliers follow the rule’s sign', () => {
    const src = [
      '（一）加分（5分，加分制，最多加3分，不占总分）',
      '  1.【a】未达到3件的，加2分；',
      '    否则【b】80分（含）以上时，加1分。',
      '  2.【c】每件加1分；凡【d】的，加倍加分。',
      '  3.【e】扣除1分/件；其中【f】的，按１．５倍扣分。',
    ].join('\n');
    expect(fmt(src)).toBe(
      lines(
        '（一）加分（5分，加分制，最多加3分，不占总分）',
        '  1. 【a】未达到3件的，加2分；否则【b】80分（含）以上的，加1分。',
        '  2. 【c】每件加1分；凡【d】的，加倍加分。',
        '  3. 【e】每件扣1分；其中【f】的，按1.5倍扣分。',
      ),
    );
  });

  test('an untitled item whose rule would read as a title gets a colon', () => {
    // Without the colon, 本项得满分。 would be the title and （最低0分） its qualifiers.
    expect(fmt('1.：本项得满分。（最低0分）')).toBe(lines('1. ：本项得满分。（最低0分）'));
    expect(fmt('（1）：（限扣2分）')).toBe(lines('（1）：（限扣2分）'));
    expect(fmt('（1）【a】的，扣1分。')).toBe(lines('（1）【a】的，扣1分。'));
  });

  test('outcome blocks', () => {
    const src = [
      '否优：',
      '  【a】超过0人；【b】的。',
      '等次：',
      '  优秀：80分（含）以上；限2名；否优的评为“良好”。',
      '  良好：不足80分',
      '评定：',
      '  先进：按总分从高到低前三名。',
      '  后进：仅【c】的，按【d】从低到高前10%（至少1名，向上取整）',
      '结果运用：按【部门】汇总',
      '  先进：扣2分',
    ].join('\n');
    expect(fmt(src)).toBe(
      lines(
        '否优：',
        '  【a】超过0人；',
        '  【b】的。',
        '',
        '等次：',
        '  优秀：80分（含）以上；限2名，按总分从高到低；否优的评为“良好”',
        '  良好：不足80分',
        '',
        '评定：',
        '  先进：按总分从高到低前3名',
        '  后进：仅【c】的，按【d】从低到高前10%（向上取整，至少1名）',
        '',
        '结果运用：按【部门】汇总',
        '  先进：减2分',
      ),
    );
  });

  test('comments on their own lines and at line ends', () => {
    const src = [
      '# 开头',
      '考核 示例 # 标题行末',
      '输入： # 块',
      '    # 声明前',
      '  【a】是否：甲 # 声明行末',
      '1.标题： # 标题行末',
      '  【a】的，扣1分；',
      '      # 两句之间',
      '  【b】的，扣1分。 # 句末',
      '2.短：【a】的， # 句中',
      '  扣1分。 # 句末二',
      '# 末尾',
    ].join('\n');
    expect(fmt(src)).toBe(
      lines(
        '# 开头',
        '考核 示例 # 标题行末',
        '',
        '输入： # 块',
        '  # 声明前',
        '  【a】是否：甲 # 声明行末',
        '',
        '1. 标题： # 标题行末',
        '  【a】的，扣1分；',
        '  # 两句之间',
        '  【b】的，扣1分。 # 句末',
        '',
        '2. 短：',
        '  # 句中',
        '  【a】的，扣1分。 # 句末二',
        '# 末尾',
      ),
    );
  });
});

describe('comments after an item, blank lines, 否则', () => {
  test('a comment under the last item of a group stays with that item', () => {
    // The minimal case: the comment is followed by a blank line, so it trails item 1.
    expect(fmt('（一）甲\n  1.乙：【a】的，扣1分。\n  # 关于乙\n\n（二）丙\n')).toBe(
      lines('（一）甲', '  1. 乙：【a】的，扣1分。', '  # 关于乙', '', '（二）丙'),
    );
    const src = [
      '（一）甲',
      '  1.乙：【a】的，扣1分。',
      '  # 关于乙，下一组紧接着',
      '（二）丙',
      '  2.丁：',
      '    【b】的，扣1分；',
      '    【c】的，扣2分。',
      '    # 关于丁的第二句',
      '  # 关于丁',
      '',
      '  # 关于戊',
      '  3.戊：【a】的，扣1分。',
      '# 等次的说明',
      '等次：',
      '  优秀：80分以上',
      '  良好：其余',
      '# 等次之后，顶格',
    ].join('\n');
    expect(fmt(src)).toBe(
      lines(
        '（一）甲',
        '  1. 乙：【a】的，扣1分。',
        // Indented deeper than （二）, which belongs to an outer block: the end of 1.'s block.
        '  # 关于乙，下一组紧接着',
        '',
        '（二）丙',
        // Indented under 2.: one level deeper than the item; then at the item's own level.
        '  2. 丁：【b】的，扣1分；【c】的，扣2分。',
        '    # 关于丁的第二句',
        '  # 关于丁',
        '',
        // After a blank line: it leads 3.
        '  # 关于戊',
        '  3. 戊：【a】的，扣1分。',
        '',
        // At 等次's indentation, directly before it: it leads 等次.
        '# 等次的说明',
        '等次：',
        '  优秀：80分以上',
        '  良好：其余',
        // After the block at column 0, at the end of the file: it trails the block, unindented.
        '# 等次之后，顶格',
      ),
    );
  });

  test('comments under a declaration, an attribute and a heading keep their level', () => {
    const src = [
      '输入：',
      '  【a】是否：甲',
      '  # 关于甲',
      '事件：',
      '  【b】件：乙',
      '    属性【c】是否：丙',
      '    # 关于丙',
      '',
      '  # 关于丁',
      '  【d】件：丁',
      '（一）甲',
      '  # 关于甲组',
      '',
      '  1.乙：【a】的，扣1分。',
    ].join('\n');
    expect(fmt(src)).toBe(
      lines(
        '输入：',
        '  【a】是否：甲',
        '  # 关于甲',
        '',
        '事件：',
        '  【b】件：乙',
        '    属性【c】是否：丙',
        '    # 关于丙',
        '',
        '  # 关于丁',
        '  【d】件：丁',
        '',
        '（一）甲',
        '  # 关于甲组',
        '',
        '  1. 乙：【a】的，扣1分。',
      ),
    );
  });

  test('blank lines between comment groups are kept', () => {
    expect(fmt('# a\n\n# b\n考核 甲\n')).toBe(lines('# a', '', '# b', '考核 甲'));
    expect(fmt('# a\n\n\n# b\n\n')).toBe(lines('# a', '', '# b'));
    expect(fmt('# 文件说明\n\n考核 甲\n# 标题说明\n\n# 一、说明\n\n一、甲\n')).toBe(
      lines('# 文件说明', '', '考核 甲', '# 标题说明', '', '# 一、说明', '', '一、甲'),
    );
  });

  test('one blank line where the source had any between statements; none added inside blocks', () => {
    const src = [
      '# 文件说明',
      '',
      '',
      '考核 甲（满分10分）',
      '',
      '考核对象：各单位',
      '说明：无',
      '输入：',
      '  【a】是否：甲',
      '',
      '  # 乙组',
      '  【b】是否：乙',
      '  【c】是否：丙',
      '一、甲组',
      '',
      '',
      '  1.子：【a】的，扣1分。',
      '',
      '  2.子：',
      '    【b】的，扣1分；',
      '',
      '    【c】的，扣1分。',
      '  3.子：【a】的，扣1分。',
      '等次：',
      '  优秀：8分以上',
      '',
      '  合格：其余',
    ].join('\n');
    expect(fmt(src)).toBe(
      lines(
        '# 文件说明',
        '',
        '考核 甲（满分10分）',
        '',
        '考核对象：各单位',
        '说明：无',
        '',
        '输入：',
        '  【a】是否：甲',
        '',
        '  # 乙组',
        '  【b】是否：乙',
        '  【c】是否：丙',
        '',
        '一、甲组',
        '',
        '  1. 子：【a】的，扣1分。',
        '',
        // An item's rules are one unit: blank lines between its sentences are not kept.
        '  2. 子：【b】的，扣1分；【c】的，扣1分。',
        '  3. 子：【a】的，扣1分。',
        '',
        '等次：',
        '  优秀：8分以上',
        '',
        '  合格：其余',
      ),
    );
  });

  test('a rule joined by 否则 that does not fit breaks before each 否则, one level deeper', () => {
    const src = '（一）甲\n  1.乙：【a】的，扣2分；否则【b】的，扣1分；否则【c】的，扣0.5分。\n';
    expect(fmt(src)).toBe(lines('（一）甲', '  1. 乙：【a】的，扣2分；否则【b】的，扣1分；否则【c】的，扣0.5分。'));
    expect(fmt(src, 30)).toBe(lines('（一）甲', '  1. 乙：', '    【a】的，扣2分；', '      否则【b】的，扣1分；', '      否则【c】的，扣0.5分。'));
    // Breaking is preferred even where a piece is still too wide.
    expect(fmt(src, 16)).toBe(lines('（一）甲', '  1. 乙：', '    【a】的，扣2分；', '      否则【b】的，扣1分；', '      否则【c】的，扣0.5分。'));
  });

  test('丽水第58项 at the default width', () => {
    const src = [
      '（五）争先创优（20分，加分制）',
      '  58.日常工作成绩突出：',
      '    【行政诉讼败诉件数】为0件且【行政复议被纠错件数】为0件的，加2分；否则【行政诉讼败诉件数】为0件或【行政复议被纠错件数】为0件的，加1分。',
    ].join('\n');
    expect(fmt(src)).toBe(
      lines(
        '（五）争先创优（20分，加分制）',
        '  58. 日常工作成绩突出：',
        '    【行政诉讼败诉件数】为0件且【行政复议被纠错件数】为0件的，加2分；',
        '      否则【行政诉讼败诉件数】为0件或【行政复议被纠错件数】为0件的，加1分。',
      ),
    );
  });

  test('a broken 否则 rule keeps each comment at the end of its alternative', () => {
    const src = ['1.甲：', '  【a】的，扣2分； # 第一支', '  否则【b】的，扣1分。 # 第二支', '  （限扣3分）'].join('\n');
    expect(fmt(src, 30)).toBe(lines('1. 甲：', '  【a】的，扣2分； # 第一支', '    否则【b】的，扣1分。 # 第二支', '  （限扣3分）'));
    // On one line only the last comment can stay at its end.
    expect(fmt(src)).toBe(lines('1. 甲：', '  # 第一支', '  【a】的，扣2分；否则【b】的，扣1分。 # 第二支', '  （限扣3分）'));
    const inner = ['1.甲：', '  【a】的，扣2分；', '  # 第二支之前', '  否则【b】的，', '  # 第二支之中', '  扣1分。（限扣3分）'].join('\n');
    expect(fmt(inner, 30)).toBe(lines('1. 甲：', '  【a】的，扣2分；', '    # 第二支之前', '    # 第二支之中', '    否则【b】的，扣1分。（限扣3分）'));
  });
});
