/**
 * The lexer. Chinese has no spaces between words, so a name token would swallow the keyword
 * after it; the language therefore marks names with 【】 and allows free text in exactly three
 * places, each recognised from context:
 *   - a title, right after an item marker (一、 （一） 1. （1） ①) or the header keyword 考核;
 *   - a description, after the colon of a declaration line (【名称】…：描述);
 *   - a quoted string (“…” "…" 「…」).
 * Every other run of Chinese text must be a keyword, matched longest-first from a trie; a run
 * that is not becomes one UnknownWord token and one diagnostic.
 */
import { createTokenInstance, type IToken, type TokenType } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as T from './tokens.js';

export interface MarkerPayload {
  style: MarkerStyle;
  /** The number alone: 一, 1, 3. */
  ordinal: string;
}
export type MarkerStyle = 'cn-dun' | 'cn-paren' | 'arabic-dot' | 'arabic-paren' | 'circled';

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

interface TrieNode {
  next: Map<string, TrieNode>;
  type?: TokenType;
}

function buildTrie(words: ReadonlyArray<readonly [string, TokenType]>): TrieNode {
  const root: TrieNode = { next: new Map() };
  for (const [word, type] of words) {
    let node = root;
    for (const ch of word) {
      let n = node.next.get(ch);
      if (!n) node.next.set(ch, (n = { next: new Map() }));
      node = n;
    }
    node.type = type;
  }
  return root;
}

const TRIE = buildTrie(T.KEYWORDS);

const MARKERS: ReadonlyArray<readonly [RegExp, MarkerStyle]> = [
  [/([一二三四五六七八九十百]+)、/y, 'cn-dun'],
  [/[（(]([一二三四五六七八九十百]+)[）)]/y, 'cn-paren'],
  [/([0-9０-９]+)[.．、](?![0-9０-９])/y, 'arabic-dot'],
  [/[（(]([0-9０-９]+)[）)]/y, 'arabic-paren'],
  [/([①-⑳])/y, 'circled'],
];

/** A parenthesis that opens attributes, not part of a title: （15分… （扣分制… （满分… */
const ATTR_START =
  /[ \t\u3000]*(?:占[ \t\u3000]*)?(?:[0-9０-９][0-9０-９.．]*[ \t\u3000]*分|满分|扣分制|加分制|达标|赋分|积分制|公式|限扣|限加|最多扣|最多加|封顶|累计最高|最高|最低|扣完为止|同一事项|同一事迹|不计入总分|不占总分|简称|保留|四舍五入|四舍六入|进一法|去尾法|依据|期间|考核期|按季|扣完|并列|[一二两三四五六七八九十百]+分)/y;

const LINE_LABEL = /[^\s【】“”"「」『』：:#＃（）()，,；;。]+(?=[ \t\u3000]*[：:])/y;
const DATE = /[0-9０-９]{4}(?:-[0-9０-９]{1,2}-[0-9０-９]{1,2}|年[0-9０-９]{1,2}月[0-9０-９]{1,2}日)/y;
const YEAR_MONTH = /[0-9０-９]{4}年[0-9０-９]{1,2}月/y;
const NUMBER = /[0-9０-９]+(?:[.．][0-9０-９]+)?/y;
const CN_NUMBER = /[〇零一二两三四五六七八九十百千]+/y;
const QUOTES: Record<string, string> = { '“': '”', '"': '"', '「': '」', '『': '』', '‘': '’' };

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\u3000' || ch === '\r' || ch === '\ufeff';
}
function isWordChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

const DESC_LINE_STARTERS = new Set<TokenType>([T.Name, T.AttributeKw, T.KwSubjects, T.KwNote]);
const DECL_BLOCKS = new Set<TokenType>([T.KwInputs, T.KwParams, T.KwEvents, T.KwComputed]);

export function lex(text: string): LexResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const diagnostics: Diagnostic[] = [];
  const n = text.length;
  let pos = 0;
  let line = 1;
  let col = 1;
  let lineHasToken = false;
  let lineFirstToken: IToken | undefined;

  function emit(type: TokenType, image: string, payload?: unknown): IToken {
    // Tokens never span lines, so end line = start line.
    const t = createTokenInstance(type, image, pos, pos + image.length - 1, line, line, col, col + image.length - 1);
    if (payload !== undefined) t.payload = payload;
    if (!lineHasToken) lineFirstToken = t;
    lineHasToken = true;
    tokens.push(t);
    pos += image.length;
    col += image.length;
    return t;
  }

  function error(code: string, length: number, message: string, hint?: string): void {
    diagnostics.push({
      code,
      severity: 'error',
      span: { start: pos, end: pos + length, line, col, endLine: line, endCol: col + length },
      message,
      hint,
    });
  }

  function match(re: RegExp): RegExpExecArray | null {
    re.lastIndex = pos;
    return re.exec(text);
  }

  function keywordAt(at: number): { type: TokenType; length: number } | undefined {
    let node: TrieNode | undefined = TRIE;
    let best: { type: TokenType; length: number } | undefined;
    for (let i = at; i < n && node; i++) {
      node = node.next.get(text[i]!);
      if (node?.type) best = { type: node.type, length: i - at + 1 };
    }
    return best;
  }

  function restOfLine(from: number): number {
    let end = from;
    while (end < n && text[end] !== '\n') end++;
    return end;
  }

  /** The title runs to a colon, to an attribute parenthesis, or to the end of the line. */
  function scanTitle(): string | undefined {
    let i = pos;
    let quote: string | undefined;
    while (i < n) {
      const ch = text[i]!;
      if (ch === '\n' || ch === '\r') break;
      if (quote) {
        if (ch === quote) quote = undefined;
      } else if (ch === '“' || ch === '「') {
        quote = QUOTES[ch];
      } else if (ch === '：' || ch === ':') {
        break;
      } else if (ch === '【') {
        return undefined; // a rule, not a title
      } else if ((ch === '#' || ch === '＃') && i > pos && isSpace(text[i - 1]!)) {
        break;
      } else if (ch === '（' || ch === '(') {
        ATTR_START.lastIndex = i + 1;
        if (ATTR_START.exec(text)) break;
      }
      i++;
    }
    const title = text.slice(pos, i).replace(/[ \t\u3000]+$/, '');
    // Text that runs to the end of the line, with no colon or attribute parenthesis after it, is
    // a title only if it does not read as a rule: 3. 未组织培训的，扣1分。 is a rule, while
    // （5）优化营商环境，助力共富示范区 is a heading.
    const atEol = i >= n || text[i] === '\n' || text[i] === '\r' || text[i] === '#' || text[i] === '＃';
    if (atEol && (/。$/.test(title) || /[扣加得][0-9０-９一二两三四五六七八九十]/.test(title))) return undefined;
    return title.length > 0 ? title : undefined;
  }

  while (pos < n) {
    const ch = text[pos]!;
    if (ch === '\n') {
      pos++;
      line++;
      col = 1;
      lineHasToken = false;
      lineFirstToken = undefined;
      continue;
    }
    if (isSpace(ch)) {
      pos++;
      col++;
      continue;
    }
    if (ch === '#' || ch === '＃') {
      const end = restOfLine(pos);
      const image = text.slice(pos, end).replace(/\r$/, '');
      comments.push(createTokenInstance(T.Name, image, pos, pos + image.length - 1, line, line, col, col + image.length - 1));
      col += end - pos;
      pos = end;
      continue;
    }

    if (!lineHasToken) {
      const block = T.BLOCK_KEYWORDS.find(([kw]) => text.startsWith(kw, pos) && /^[ \t\u3000]*[：:]/.test(text.slice(pos + kw.length, pos + kw.length + 4)));
      if (block) {
        emit(block[1], block[0]);
        continue;
      }
      if (text.startsWith('考核', pos) && !/[对期]/.test(text[pos + 2] ?? '')) {
        emit(T.HeaderKw, '考核');
        continue;
      }
      let marked = false;
      for (const [re, style] of MARKERS) {
        const m = match(re);
        if (m) {
          emit(T.ItemMarker, m[0], { style, ordinal: m[1]! } satisfies MarkerPayload);
          marked = true;
          break;
        }
      }
      if (marked) continue;
      // 优秀：… / 满意单位：… — a label is text up to a colon at the start of a line.
      const label = match(LINE_LABEL);
      if (label && !/^[0-9０-９]/.test(label[0])) {
        emit(T.LineLabel, label[0]);
        continue;
      }
    }

    const prev = tokens[tokens.length - 1];
    const prevSameLine = prev !== undefined && lineHasToken;
    if (prevSameLine && prev) {
      const before = tokens[tokens.length - 2];
      const titled =
        prev.tokenType === T.ItemMarker ||
        prev.tokenType === T.HeaderKw ||
        (prev.tokenType === T.Colon && before?.tokenType === T.HeaderKw && before.startLine === line);
      if (titled && ch !== '（' && ch !== '(') {
        const title = scanTitle();
        if (title) {
          emit(T.Title, title);
          continue;
        }
      }
      const beforeColon = tokens[tokens.length - 2];
      // 参数：【办案标准】件：描述 — a declaration on its block keyword's line has a description too.
      const declOnBlockLine = lineFirstToken !== undefined && DECL_BLOCKS.has(lineFirstToken.tokenType) && beforeColon !== lineFirstToken;
      if (prev.tokenType === T.Colon && lineFirstToken && (DESC_LINE_STARTERS.has(lineFirstToken.tokenType) || declOnBlockLine)) {
        let end = restOfLine(pos);
        const hash = text.slice(pos, end).search(/[ \t\u3000][#＃]/);
        if (hash >= 0) end = pos + hash;
        const desc = text.slice(pos, end).replace(/[ \t\u3000\r]+$/, '');
        if (desc) {
          emit(T.DescText, desc);
          continue;
        }
      }
    }

    if (ch === '【') {
      let end = pos + 1;
      while (end < n && text[end] !== '】' && text[end] !== '\n') end++;
      if (text[end] === '】') {
        emit(T.Name, text.slice(pos, end + 1));
      } else {
        error('E1002', end - pos, '名称缺少右括号“】”', '名称写作【名称】，括号须成对');
        col += end - pos;
        pos = end;
      }
      continue;
    }
    const close = QUOTES[ch];
    if (close) {
      const end = text.indexOf(close, pos + 1);
      const eol = restOfLine(pos);
      if (end >= 0 && end < eol) {
        emit(T.Str, text.slice(pos, end + 1));
      } else {
        error('E1003', eol - pos, `引号不成对：「${ch}」之后缺少「${close}」`, '取值写作“取值”，引号须成对且不跨行');
        col += eol - pos;
        pos = eol;
      }
      continue;
    }

    const date = match(DATE);
    if (date) {
      emit(T.DateLit, date[0]);
      continue;
    }
    const ym = match(YEAR_MONTH);
    if (ym) {
      emit(T.YearMonth, ym[0]);
      continue;
    }
    const num = match(NUMBER);
    if (num) {
      emit(T.Num, num[0]);
      continue;
    }
    const kw = keywordAt(pos);
    const cn = match(CN_NUMBER);
    if (cn && (!kw || cn[0].length > kw.length)) {
      emit(T.CnNum, cn[0]);
      continue;
    }
    if (kw) {
      emit(kw.type, text.slice(pos, pos + kw.length));
      continue;
    }
    if (isWordChar(ch)) {
      let end = pos + 1;
      while (end < n && isWordChar(text[end]!) && !keywordAt(end)) end++;
      const word = text.slice(pos, end);
      // 未组织执法人员参加培训: keywords inside an unmarked name split it into several unknown
      // words; report the whole run once.
      const last = diagnostics[diagnostics.length - 1];
      if (last?.code === 'E1001' && last.span.line === line && /^[\u3400-\u9fff\uf900-\ufaffA-Za-z_]*$/.test(text.slice(last.span.end, pos))) {
        last.span = { ...last.span, end, endCol: col + word.length };
        last.message = `无法识别的词语「${text.slice(last.span.start, end)}」`;
        emit(T.UnknownWord, word);
        continue;
      }
      error('E1001', word.length, `无法识别的词语「${word}」`, '名称（输入、事件、属性）请用【】括起，取值请加引号，如【持证率】、“省级”');
      emit(T.UnknownWord, word);
      continue;
    }
    // Any other character: one diagnostic for the whole run.
    let end = pos + 1;
    while (
      end < n &&
      !isSpace(text[end]!) &&
      text[end] !== '\n' &&
      !isWordChar(text[end]!) &&
      !keywordAt(end) &&
      !QUOTES[text[end]!] &&
      text[end] !== '【' &&
      !/[0-9０-９#＃]/.test(text[end]!)
    )
      end++;
    error('E1004', end - pos, `无法识别的字符「${text.slice(pos, end)}」`);
    col += end - pos;
    pos = end;
  }
  return { tokens, comments, diagnostics };
}
