/**
 * A generator of small random rubrics for the printer's property test. Items are built from a
 * pool of clause templates filled with random names, numbers and units; the text is then
 * roughened (half-width punctuation, full-width digits, stray spaces, line breaks) and
 * sprinkled with comments and blank lines, so the printer sees many spellings and layouts of
 * the same AST.
 */
import fc from 'fast-check';

type G = fc.GeneratorValue;

const pick = <T>(g: G, xs: readonly T[]): T => g(fc.constantFrom, ...xs);
const int = (g: G, min: number, max: number): number => g(fc.integer, { min, max });
const chance = (g: G, p: number): boolean => int(g, 0, 999) < p * 1000;

const NAMES = ['甲', '乙', '持证率', '案件', '未学习项数', 'a1', '空 格', 'x#y', '二级', '旧'];
const UNITS = ['件', '次', '项', '人', '起', '个', '家', '例', '人次', '篇'];
const CMP = ['不足', '低于', '未达到', '不到', '不超过', '超过', '高于', '达到', '不低于', '为', '不为', '<', '≥', '大于', '等于'];
const STR = ['“省级”', '“市级”', '“国家级”', '“a，b”', '「含”引号」'];

const name = (g: G): string => `【${pick(g, NAMES)}】`;

/** A number as someone might write it: 3, 0.5, 1.0, １．５, 三. */
function num(g: G, chinese = true): string {
  const n = int(g, 0, chinese ? 5 : 4);
  if (n === 0) return String(int(g, 0, 100));
  if (n === 1) return `${int(g, 0, 9)}.${int(g, 1, 9)}`;
  if (n === 2) return '1.0';
  if (n === 3) return '１．５';
  if (n === 4) return String(int(g, 1, 20));
  return pick(g, ['一', '三', '十二']);
}

function atom(g: G): string {
  switch (int(g, 0, 8)) {
    case 0:
      return name(g);
    case 1:
      return `${name(g)}为${pick(g, STR)}`;
    case 2:
      return `${name(g)}为${pick(g, STR)}、${pick(g, STR)}`;
    case 3:
      return `${name(g)}${pick(g, CMP)}${num(g)}${pick(g, UNITS)}`;
    case 4:
      return `${name(g)}${num(g, false)}%（含）以上`;
    case 5:
      return `${name(g)}在${num(g, false)}分（不含）以下`;
    case 6:
      return `未${name(g)}`;
    case 7:
      return `${name(g)}为否`;
    default:
      return `${name(g)}÷${name(g)}超过${num(g, false)}%`;
  }
}

function cond(g: G): string {
  const n = int(g, 0, 3);
  let out = atom(g);
  for (let i = 0; i < n; i++) out += pick(g, ['且', '或', '并且', '或者']) + atom(g);
  return out;
}

const sign = (g: G): string => pick(g, ['扣', '加', '得', '扣除', '减']);

function clause(g: G): string {
  const N = () => num(g);
  const U = () => pick(g, UNITS);
  switch (int(g, 0, 31)) {
    case 0:
      return `${name(g)}每${U()}${sign(g)}${N()}分`;
    case 1:
      return `${name(g)}扣${N()}分/${U()}`;
    case 2:
      return `${cond(g)}的，${sign(g)}${N()}分`;
    case 3:
      return `${name(g)}按${name(g)}，${pick(g, STR)}、${pick(g, STR)}每${U()}分别加${N()}分、${N()}分`;
    case 4:
      return `${name(g)}视情每${U()}扣${num(g, false)}-${num(g, false)}分`;
    case 5:
      return `酌情扣${name(g)}`;
    case 6:
      return `${name(g)}不足${num(g, false)}%的，每少${num(g, false)}%（含不足${num(g, false)}%）扣${N()}分`;
    case 7:
      return `${name(g)}低于${name(g)}的，每低${N()}个百分点（不足1个百分点不计）扣${N()}分`;
    case 8:
      return `按${name(g)}排名，第1-${int(g, 2, 9)}名分别加${num(g, false)}-${num(g, false)}分（并列取高）`;
    case 9:
      return `按${name(g)}从低到高排名，前3名分别扣3分、2分、1分`;
    case 10:
      return `按${name(g)}在${name(g)}内从高到低排名，第1名至末名分别得2-0.2分`;
    case 11:
      return `${cond(g)}的，扣${N()}分；否则${cond(g)}的，扣${N()}分`;
    case 31:
      // A long rule of three alternatives, as in the real rubrics: the printer breaks it before 否则.
      return `${cond(g)}且${cond(g)}的，扣${N()}分；否则${cond(g)}的，${name(g)}每${U()}扣${N()}分；否则${cond(g)}的，扣${N()}分`;
    case 12:
      return `${name(g)}每${U()}扣${N()}分；其中${cond(g)}的，${pick(g, ['按1.5倍扣分', '减半扣分', '加倍', '按１．２５倍'])}`;
    case 13:
      return `${name(g)}扣1分/件；凡${cond(g)}的，加倍扣分`;
    case 14:
      return `${name(g)}每${U()}扣${N()}分（封顶${N()}分，${name(g)}的，不扣分）`;
    case 15:
      return `得（${name(g)}×1+${name(g)}*0.6）÷${name(g)}×30分`;
    case 16:
      return `${name(g)}为否的，本项得全体平均（本项得分，仅${name(g)}的）×80%`;
    case 17:
      return `${name(g)}中${name(g)}晚于${name(g)}起7个工作日的，每件扣0.1分`;
    case 18:
      return `${name(g)}每起得（2分－${name(g)}）（最低0分）`;
    case 19:
      return `${cond(g)}的，${name(g)}每件扣2分`;
    case 20:
      return `${cond(g)}的，扣1分，限扣3分`;
    case 21:
      return cond(g);
    case 22:
      return `${name(g)}的，不扣分`;
    case 23:
      return `${name(g)}超过${N()}件的，每多${N()}件扣${N()}分`;
    case 24:
      return `${name(g)}中${name(g)}为${pick(g, STR)}的，每项加1分`;
    case 25:
      return `${name(g)}扣${num(g, false)}-${num(g, false)}分`;
    case 26:
      return `${name(g)}按${name(g)}，${pick(g, STR)}、${pick(g, STR)}分别得5、3分`;
    case 27:
      return `${cond(g)}的，得若${cond(g)}，则1分，否则2分`;
    case 28:
      return `${sign(g)}${N()}分`;
    case 29:
      return pick(g, ['本项得满分', '满分超过5分的，加1分', '得100%×满分', '视情扣1-2分', '每少一件扣1分']);
    default:
      return `${name(g)}未达到${N()}${U()}的，每少${N()}${U()}（含不足${N()}${U()}），扣${N()}分`;
  }
}

const TITLES = ['队伍建设', '2022年度表现', '标题（第1-4条）', '含 空格 的标题', '“引号”标题', '执法人员清楚并落实要求。', 'a#b'];
const ATTR_FIRST = ['10分', '占5分', '满分10分', '扣分制', '加分制', '达标', '赋分制', '限扣3分', '最多加2分', '封顶2分', '累计最高5分', '最高1分'];
const ATTR_MORE = [
  '同一事项取最高',
  '同一事迹取最高分',
  '不计入总分',
  '不占总分',
  '保留一位小数',
  '进一法保留2位小数',
  '四舍六入五成双保留一位小数',
  '并列取高',
  '并列按【甲】从低到高',
  '依据“某文〔2023〕1号”',
  '期间2023年1月至2023年6月',
  '考核期2023-01-01至2023-12-31',
  '按季累计',
  '最低0分',
  '扣完为止',
  '扣完2分为止',
  '简称【别名】',
  '公式',
  '积分制',
];

function heading(g: G, titled: boolean): string {
  const title = titled ? pick(g, TITLES) : '';
  if (!chance(g, 0.5)) return title;
  const quals = [pick(g, ATTR_FIRST)];
  for (let i = int(g, 0, 2); i > 0; i--) quals.push(pick(g, ATTR_MORE));
  return `${title}（${quals.join('，')}）`;
}

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const CIRCLED = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩'];
type Style = 'cn-dun' | 'cn-paren' | 'arabic-dot' | 'arabic-paren' | 'circled';
const STYLES: Style[] = ['cn-dun', 'cn-paren', 'arabic-dot', 'arabic-paren', 'circled'];

function marker(g: G, style: Style, i: number): string {
  switch (style) {
    case 'cn-dun':
      return `${CN[i]}、`;
    case 'cn-paren':
      return pick(g, ['（', '(']) + CN[i] + pick(g, ['）', ')']);
    case 'arabic-dot':
      return `${i + 1}${pick(g, ['.', '．', '、'])}${pick(g, ['', ' '])}`;
    case 'arabic-paren':
      return `（${i + 1}）`;
    case 'circled':
      return CIRCLED[i]!;
  }
}

const IQ = ['限加3分', '限扣2分', '最低0分', '同一事项取最高', '封顶1分，扣完为止'];

function body(g: G): string {
  const n = int(g, 1, 4);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    // A sentence may run over several lines.
    const c = clause(g)
      .replace(/的，/g, (m) => (chance(g, 0.2) ? `${m}\n        ` : m))
      .replace(/；否则/g, (m) => (chance(g, 0.3) ? '；\n        否则' : m));
    parts.push(c);
    if (chance(g, 0.1)) parts.push(`（${pick(g, IQ)}）`);
  }
  const broken = chance(g, 0.4);
  const text = parts.map((p, i) => (broken ? '\n      ' : '') + p + (i === parts.length - 1 ? '。' : pick(g, ['；', ';']))).join('');
  // Stand-alone qualifier lists after the last sentence: …。（限加3分）
  let tail = '';
  for (let i = int(g, -3, 2); i > 0; i--) tail += `${tail ? pick(g, ['；', '。']) : ''}（${pick(g, IQ)}）`;
  return text + tail;
}

function items(g: G, out: string[], depth: number, styles: Style[], indent: string): void {
  const style = styles[depth]!;
  const n = int(g, 1, depth === 0 ? 3 : 2);
  for (let i = 0; i < n; i++) {
    const titled = chance(g, 0.8);
    const head = heading(g, titled);
    const withBody = chance(g, 0.7) || (!titled && head === '');
    // 2.2022年 would read as a number: a title starting with a digit needs the space.
    const m = marker(g, style, i);
    let line = indent + (style === 'arabic-dot' && /^[0-9]/.test(head) ? `${m.trimEnd()} ` : m) + head;
    // A title ending with 。 alone on its line reads as a rule; a colon keeps it a title.
    if (!withBody && head.endsWith('。')) line += '：';
    if (withBody) {
      const b = chance(g, 0.05) ? `（${pick(g, IQ)}）` : body(g);
      line += (titled || head !== '' || b.startsWith('（') || chance(g, 0.5) ? pick(g, ['：', ':']) : '') + b;
    }
    out.push(line);
    if (depth + 1 < styles.length && chance(g, 0.4)) items(g, out, depth + 1, styles, `${indent}  `);
  }
}

function declarations(g: G, out: string[]): void {
  const TYPES = ['分', '件', '件/人', '百分比', '是否', '选项“甲”“乙”', '日期', '文本', '数值', '对象', ''];
  const QUALS = ['（范围0-10分）', '（缺失时按0件）', '（分组）', '（缺失时按“甲”，分组）', ''];
  out.push(pick(g, ['输入：', '参数：']));
  for (let i = int(g, 1, 3); i > 0; i--) {
    out.push(`  ${name(g)}${pick(g, TYPES)}${pick(g, QUALS)}${chance(g, 0.7) ? `：${pick(g, ['描述', '含（括号）的描述', '描述#不是注释'])}` : ''}`);
  }
  if (chance(g, 0.5)) {
    out.push('事件：', `  ${name(g)}${pick(g, UNITS)}：事件`, `    属性${name(g)}${pick(g, TYPES)}`);
    if (chance(g, 0.5)) out.push(`    计入${name(g)}、${name(g)}${pick(g, ['减半', '按0.5倍', ''])}`);
  }
  if (chance(g, 0.5)) out.push('计算：', `  ${name(g)}${pick(g, TYPES)}=${cond(g)}：计算`);
}

function outcomes(g: G, out: string[]): void {
  if (chance(g, 0.5)) out.push('否优：', `  ${cond(g)}；`, `  ${pick(g, [cond(g), `${name(g)}中${name(g)}为“甲”的`])}的。`);
  if (chance(g, 0.5)) {
    out.push(
      '等次：',
      `  优秀：${pick(g, ['80分（含）以上', '达到80分', '80分以上（含）'])}${pick(g, ['', '；限3名，按总分从高到低', '；限2名，并列取高；名额外的评为“良好”'])}`,
      `  良好：${pick(g, ['其余', '70分（含）以上、80分（不含）以下', '不足80分'])}`,
    );
  }
  if (chance(g, 0.5)) {
    out.push(
      '评定：',
      `  先进：${pick(g, ['按总分从高到低前3名', '仅未【甲】的，按【乙】从低到高前10%（向上取整，至少1名）', '“优秀”中按总分从高到低前1名（并列取高）'])}`,
      `  后进：${cond(g)}${pick(g, ['的', ''])}`,
    );
  }
  if (chance(g, 0.5)) out.push(`结果运用：${pick(g, ['', '按【部门】汇总'])}`, `  先进：${pick(g, ['加', '减', '扣'])}${num(g, false)}分`);
}

/** Full-width ↔ half-width punctuation and digits, stray spaces: the same AST, spelled otherwise. */
function roughen(g: G, text: string): string {
  const SWAP: Record<string, string> = { '，': ',', '；': ';', '：': ':', '（': '(', '）': ')', '%': '％' };
  let out = '';
  let inName = false;
  for (const ch of text) {
    if (ch === '【') inName = true;
    if (ch === '】') inName = false;
    if (!inName && SWAP[ch] !== undefined && chance(g, 0.15)) out += SWAP[ch];
    else if (!inName && /[0-9]/.test(ch) && chance(g, 0.05)) out += String.fromCharCode(ch.charCodeAt(0) + 0xfee0);
    else out += ch;
    if (!inName && (ch === '，' || ch === '、') && chance(g, 0.1)) out += ' ';
  }
  return out;
}

const COMMENTS = ['# 注释', '＃全角注释', '#', '# 含  两个空格', '# 【名称】与“引号”'];

/**
 * Comments on lines of their own and at line ends, at random places; notes under a line at its
 * indentation or one level deeper (as the real rubrics write them after the item they explain);
 * blank lines, single or several, between any lines, comments included.
 */
function sprinkle(g: G, lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (chance(g, 0.1)) out.push(' '.repeat(int(g, 0, 4)) + pick(g, COMMENTS));
    out.push(l.trim() && chance(g, 0.1) ? `${l} ${pick(g, COMMENTS)}` : l);
    if (l.trim() && chance(g, 0.12)) {
      const indent = /^ */.exec(l)![0].length;
      for (let i = int(g, 1, 2); i > 0; i--) out.push(' '.repeat(indent + pick(g, [0, 0, 2])) + pick(g, COMMENTS));
    }
    if (chance(g, 0.12)) for (let i = int(g, 1, 2); i > 0; i--) out.push(pick(g, ['', '', '  ']));
  }
  if (chance(g, 0.2)) out.push(pick(g, COMMENTS));
  if (chance(g, 0.1)) out.unshift(pick(g, COMMENTS), '');
  return out;
}

export function rubric(g: G): string {
  const out: string[] = [];
  if (chance(g, 0.7)) {
    const title = pick(g, [' 示例', ' 2023年度考核', '：示例', '', ' 对象考核']);
    out.push(`考核${title}${chance(g, 0.7) ? `（满分100分${pick(g, ['', '，并列取高', '，考核期2023年1月1日至2023年12月31日'])}）` : ''}`);
  }
  if (chance(g, 0.3)) out.push('考核对象：各单位', '说明：随机生成');
  if (chance(g, 0.5)) declarations(g, out);
  const styles = [...STYLES];
  // A random order of numbering styles, one per nesting level.
  for (let i = styles.length - 1; i > 0; i--) {
    const j = int(g, 0, i);
    [styles[i], styles[j]] = [styles[j]!, styles[i]!];
  }
  items(g, out, 0, styles.slice(0, int(g, 1, 3)), '');
  outcomes(g, out);
  return roughen(g, sprinkle(g, out.join('\n').split('\n')).join('\n'));
}
