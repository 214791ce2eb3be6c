/**
 * The text of one AST piece in canonical spelling: numbers, expressions, conditions,
 * qualifiers, actions and sentences (declaration and outcome lines are in blocks.ts). Layout
 * (lines, indentation, comments) is print.ts's job; the rules are documented at its top.
 *
 * Every function here must produce text that parses back to the same AST. Where the AST has
 * forgotten how something was written, the canonical spelling is used; where it remembers
 * (`words`, `word`, `raw`), the writer's spelling is kept as long as it still means what the
 * AST says.
 */
import type * as A from '../syntax/ast.js';
import type { TokenType } from '../syntax/chevrotain.js';
import { halfWidthDigits } from '../syntax/numbers.js';
import * as T from '../syntax/tokens.js';

/**
 * The spellings the lexer knows for each meaning, read from its keyword table so that a word
 * added there is kept by the printer too: { 不足: '<', 低于: '<', … }.
 */
function spellings<M extends string>(pairs: [TokenType, M][]): Record<string, M> {
  const out: Record<string, M> = {};
  for (const [word, type] of T.KEYWORDS) {
    const meaning = pairs.find(([t]) => t === type)?.[1];
    if (meaning !== undefined) out[word] = meaning;
  }
  return out;
}

// ── numbers ─────────────────────────────────────────────────────────────────

const NUMERAL = /^(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[〇零一二两三四五六七八九十百千]+)/;

/** The number alone, as written (full-width digits made half-width): 1.0, 一, 90. */
export function numeral(n: A.NumberLit): string {
  const m = n.raw !== undefined ? NUMERAL.exec(n.raw) : null;
  return m ? halfWidthDigits(m[0]) : n.value;
}

/** A number with its percent sign or unit: 0.5分, 90%, 1个百分点, 14件/人, 7个工作日. */
export function number(n: A.NumberLit): string {
  const rest = n.raw !== undefined ? n.raw.slice((NUMERAL.exec(n.raw)?.[0] ?? '').length) : '';
  let out = numeral(n);
  if (n.percent) out += /^个?百分点/.exec(rest)?.[0] ?? '%';
  if (n.unit && !n.implicitUnit) out += n.unit.word === '工作日' && rest.startsWith('个工作日') ? '个工作日' : n.unit.word;
  if (n.per) out += `/${n.per.word}`;
  return out;
}

/** Quote a string value, choosing quotes that do not occur in it. */
export function quote(value: string): string {
  for (const [open, close] of [
    ['“', '”'],
    ['「', '」'],
    ['『', '』'],
    ['"', '"'],
  ] as const) {
    if (!value.includes(close)) return `${open}${value}${close}`;
  }
  return `“${value}”`;
}

function date(d: A.DateExpr): string {
  if (d.raw) return halfWidthDigits(d.raw);
  const [y, m, day] = d.value.split('-').map(Number);
  return d.month ? `${y}年${m}月` : `${y}年${m}月${day}日`;
}

// ── expressions and conditions ──────────────────────────────────────────────

const OP: Record<A.BinaryExpr['op'], string> = { '+': '+', '-': '-', '*': '×', '/': '÷' };
const POP: Record<A.PopExpr['fn'], string> = { avg: '全体平均', sum: '全体合计', max: '全体最高', min: '全体最低' };
const SPECIAL: Record<A.SpecialExpr['which'], string> = { 'self-score': '本项得分', 'self-points': '满分', total: '总分' };

export function expr(e: A.Expr): string {
  switch (e.kind) {
    case 'Number':
      return number(e);
    case 'Ref':
      return `【${e.name}】`;
    case 'Str':
      return quote(e.value);
    case 'Bool':
      return e.value ? '是' : '否';
    case 'Date':
      return date(e);
    case 'Binary':
      return `${expr(e.left)}${OP[e.op]}${expr(e.right)}`;
    case 'Neg':
      return `-${expr(e.operand)}`;
    case 'Paren':
      return `（${expr(e.inner)}）`;
    case 'Pop':
      return e.arg.kind === 'Ref' && !e.filter ? `${POP[e.fn]}${expr(e.arg)}` : `${POP[e.fn]}（${expr(e.arg)}${e.filter ? `，仅${cond(e.filter)}的` : ''}）`;
    case 'Special':
      return SPECIAL[e.which];
    case 'If':
      // The commas keep 为否 + 则 from reading as 否则.
      return `若${cond(e.cond)}，则${expr(e.then)}，否则${expr(e.else)}`;
    case 'Filter':
      return `${expr(e.event)}中${cond(e.cond)}的`;
    case 'DateOffset':
      return `${expr(e.date)}起${number(e.amount)}`;
  }
}

const CMP_WORDS = spellings<A.CmpOp>([
  [T.Lt, '<'],
  [T.Le, '<='],
  [T.Gt, '>'],
  [T.Ge, '>='],
  [T.Eq, '=='],
  [T.Ne, '!='],
]);
const CANONICAL_CMP: Record<A.CmpOp, string> = { '<': '不足', '<=': '不超过', '>': '超过', '>=': '达到', '==': '为', '!=': '不为' };
const TAIL = /(?:（(含|不含)）)?(?:(以上|以下)(?:（(含|不含)）)?)?$/;

/**
 * Split recorded boundary words into the word before the value (不足, 在, or nothing) and the
 * words after it (（含）以上), and work out the operator they mean exactly as the parser does.
 */
function boundaryWords(words: string): { prefix: string; tail: string; op: A.CmpOp } | undefined {
  const m = TAIL.exec(words)!;
  const prefix = words.slice(0, m.index);
  if (prefix !== '' && prefix !== '在' && !Object.hasOwn(CMP_WORDS, prefix)) return undefined;
  const incl = m[3] !== undefined ? m[3] === '含' : m[1] !== undefined ? m[1] === '含' : undefined;
  const dir = m[2] === '以上' ? 'above' : m[2] === '以下' ? 'below' : undefined;
  let op: A.CmpOp | undefined = CMP_WORDS[prefix];
  if (dir) {
    const fromTail: A.CmpOp = dir === 'above' ? (incl === false ? '>' : '>=') : incl === false ? '<' : '<=';
    if (op === undefined || incl !== undefined) op = fromTail;
  } else if (incl !== undefined && op === undefined) {
    op = '>=';
  }
  return { prefix, tail: m[0], op: op ?? '==' };
}

function compare(c: A.CompareCond): string {
  const left = expr(c.left);
  const right = c.right.map(expr).join('、');
  const w = c.words !== undefined ? boundaryWords(c.words) : undefined;
  // Without a comparison word the parser takes only one value, starting with a number or a name.
  const bare = w !== undefined && (w.prefix === '' || w.prefix === '在');
  if (w && w.op === c.op && !(bare && c.right.length !== 1) && !(w.prefix === '' && !/^[0-9〇零一二两三四五六七八九十百千【]/.test(right))) {
    return `${left}${w.prefix}${right}${w.tail}`;
  }
  return `${left}${CANONICAL_CMP[c.op]}${right}`;
}

const NOT_WORDS = spellings([[T.Not, 'not']]);

export function cond(c: A.Cond): string {
  switch (c.kind) {
    case 'Compare':
      return compare(c);
    case 'Truthy':
      return expr(c.expr);
    case 'Not':
      return `${Object.hasOwn(NOT_WORDS, c.word) ? c.word : '未'}${cond(c.operand)}`;
    case 'And':
      return c.items.map(cond).join('且');
    case 'Or':
      return c.items.map(cond).join('或');
  }
}

/** The last comparison or bare value of a condition. */
export function lastAtom(c: A.Cond): A.Cond {
  return c.kind === 'Not' ? lastAtom(c.operand) : c.kind === 'And' || c.kind === 'Or' ? lastAtom(c.items[c.items.length - 1]!) : c;
}

/** A grade bound: 80分（含）以上, keeping the recorded words when they mean the same bound. */
export function bound(b: A.Bound): string {
  const value = number(b.value);
  const at = b.value.raw ? b.words.indexOf(b.value.raw) : -1;
  if (at >= 0) {
    const w = boundaryWords(b.words.slice(0, at) + b.words.slice(at + b.value.raw.length));
    const op = w && (w.op === '==' || w.op === '!=' ? '>=' : w.op);
    if (w && op === b.op) return `${w.prefix}${value}${w.tail}`;
  }
  return `${value}${{ '>=': '（含）以上', '>': '（不含）以上', '<=': '（含）以下', '<': '（不含）以下' }[b.op]}`;
}

// ── qualifiers ──────────────────────────────────────────────────────────────

function keep<T extends string>(word: string | undefined, table: Record<string, T>, want: T, fallback: string): string {
  return word !== undefined && Object.hasOwn(table, word) && table[word] === want ? word : fallback;
}

const MODE_WORDS = spellings<A.ScoringMode>([
  [T.ModeDeduct, 'deduct'],
  [T.ModeAdd, 'add'],
  [T.ModeCheck, 'check'],
  [T.ModeAssign, 'assign'],
  [T.ModePoints, 'points'],
  [T.ModeFormula, 'formula'],
]);
const MODE_CANON: Record<A.ScoringMode, string> = { deduct: '扣分制', add: '加分制', check: '达标', assign: '赋分', points: '积分制', formula: '公式' };
const CAP_WORDS = spellings<'deduct' | 'add' | 'total'>([
  [T.CapDeduct, 'deduct'],
  [T.CapAdd, 'add'],
  [T.CapTotal, 'total'],
]);
const CAP_CANON = { deduct: '限扣', add: '限加', total: '封顶' } as const;
const ROUND_WORDS = spellings<A.RoundMode>([
  [T.RoundHalfUp, 'half-up'],
  [T.RoundUp, 'up'],
  [T.RoundDown, 'down'],
  [T.RoundHalfEven, 'half-even'],
]);
const ROUND_CANON: Record<A.RoundMode, string> = { 'half-up': '四舍五入', up: '进一法', down: '去尾法', 'half-even': '四舍六入五成双' };

/** The word as recorded if the lexer reads it as `type`, else the canonical spelling. */
function oneOf(word: string | undefined, type: TokenType, canonical: string): string {
  return word !== undefined && T.KEYWORDS.some(([w, t]) => w === word && t === type) ? word : canonical;
}

export function tieRule(r: A.TieRule): string {
  if (r.kind === 'high') return '取高';
  if (r.kind === 'average') return '取平均';
  return `按${expr(r.metric)}${r.order === 'asc' ? '从低到高' : '从高到低'}`;
}

export function qualifier(q: A.Qualifier): string {
  switch (q.kind) {
    case 'Points':
      return `${q.zhan ? '占' : ''}${number(q.amount)}`;
    case 'FullMarks':
      return `满分${number(q.amount)}`;
    case 'Mode':
      return keep(q.word, MODE_WORDS, q.mode, MODE_CANON[q.mode]);
    case 'Cap':
      return `${keep(q.word, CAP_WORDS, q.cap, CAP_CANON[q.cap])}${number(q.amount)}`;
    case 'Floor':
      return `最低${number(q.amount)}`;
    case 'DeductUntil':
      return q.amount ? `扣完${number(q.amount)}为止` : '扣完为止';
    case 'SameMatterMax':
      return oneOf(q.word, T.SameMatterMax, '同一事项取最高');
    case 'OutsideTotal':
      return oneOf(q.word, T.OutsideTotal, '不计入总分');
    case 'Alias':
      return `简称${expr(q.name)}`;
    case 'Round': {
      const word = q.modeWord !== undefined ? keep(q.modeWord, ROUND_WORDS, q.mode, ROUND_CANON[q.mode]) : q.mode === 'half-up' ? '' : ROUND_CANON[q.mode];
      const places = q.placesRaw !== undefined && NUMERAL.test(q.placesRaw) ? halfWidthDigits(q.placesRaw) : String(q.places);
      return `${word}保留${places}位小数`;
    }
    case 'Basis':
      return `依据${quote(q.text.value)}`;
    case 'Period':
      return `${oneOf(q.word, T.PeriodKw, '期间')}${date(q.from)}至${date(q.to)}`;
    case 'Quarterly':
      return oneOf(q.word, T.Quarterly, '按季累计');
    case 'Tie':
      return `并列${tieRule(q.rule)}`;
    case 'StepPartial':
      return q.partial === 'ceil' ? `含不足${number(q.step)}` : `不足${number(q.step)}不计`;
    case 'Exempt':
      return `${cond(q.cond)}的，${q.sign === 'deduct' ? '不扣分' : '不加分'}`;
  }
}

export function qualParen(qs: A.Qualifier[]): string {
  return qs.length ? `（${qs.map(qualifier).join('，')}）` : '';
}

// ── actions and sentences ───────────────────────────────────────────────────

const SIGN: Record<A.Sign, string> = { deduct: '扣', add: '加', get: '得' };

/** The sign a multiplier's 扣分/加分 tail repeats: the sign of the rule it modifies. */
export interface SentenceContext {
  sign: A.Sign;
}

function per(u: A.UnitWord | undefined): string {
  return u ? `每${u.word}` : '';
}

export function action(a: A.Action, ctx: SentenceContext): string {
  switch (a.kind) {
    case 'Flat':
      return `${SIGN[a.sign]}${expr(a.amount)}`;
    case 'PerUnit':
      return `每${a.per?.word ?? ''}${SIGN[a.sign]}${expr(a.amount)}`;
    case 'Tiered':
      return `按${expr(a.attr)}，${a.values.map(expr).join('、')}${per(a.per)}分别${SIGN[a.sign]}${a.amounts.map(number).join('、')}`;
    case 'Discretionary':
      return `视情${per(a.per)}${SIGN[a.sign]}${numeral(a.min)}-${number(a.max)}`;
    case 'Judged':
      return `酌情${SIGN[a.sign]}${expr(a.amount)}`;
    case 'Step': {
      // The partial rule prints its own step as written (the checker reports one that differs).
      const ps = number(a.partialStep ?? a.step);
      const partial = a.partial === 'ceil' ? `（含不足${ps}）` : a.partial === 'floor' ? `（不足${ps}不计）` : '';
      return `${a.dir === 'less' ? '每少' : '每多'}${number(a.step)}${partial}${SIGN[a.sign]}${number(a.amount)}`;
    }
    case 'Rank': {
      const range = a.to === undefined ? `第${a.from}名至末名` : a.from === 1 ? `前${a.to}名` : `第${a.from}-${a.to}名`;
      const amounts = a.amounts.kind === 'Range' ? `${numeral(a.amounts.from)}-${number(a.amounts.to)}` : a.amounts.amounts.map(number).join('、');
      const group = a.group ? `在${expr(a.group)}内` : '';
      const order = a.order === 'asc' ? '从低到高' : a.order === 'desc' ? '从高到低' : '';
      return `按${expr(a.metric)}${group}${order}排名，${range}分别${SIGN[a.sign]}${amounts}`;
    }
    case 'Exempt':
      return a.sign === 'deduct' ? '不扣分' : '不加分';
    case 'Multiplier': {
      const word = (a.word === '减半' && a.factor.value === '0.5') || (a.word === '加倍' && a.factor.value === '2') ? a.word : `按${numeral(a.factor)}倍`;
      return `${word}${ctx.sign === 'deduct' ? '扣分' : ctx.sign === 'add' ? '加分' : ''}`;
    }
    case 'Override':
      return `本项得${expr(a.amount)}`;
    case 'Criterion':
      return '';
  }
}

export function clause(c: A.Clause, ctx: SentenceContext): string {
  const act = action(c.action, ctx);
  let out: string;
  if (c.condition) {
    out = cond(c.condition);
    if (c.action.kind !== 'Criterion') out += `的，${c.subject ? expr(c.subject.expr) : ''}${act}`;
    else if (c.qualifiers.length) out += '的';
  } else if (c.subject) {
    out = `${expr(c.subject.expr)}${c.subject.expr.kind === 'Filter' ? '，' : ''}${act}`;
  } else {
    out = act;
  }
  return out + qualParen(c.qualifiers);
}

function signOf(a: A.Action): A.Sign | undefined {
  return 'sign' in a && (a.sign === 'deduct' || a.sign === 'add' || a.sign === 'get') ? a.sign : undefined;
}

/**
 * Sentence texts in pieces, without the closing ；/。: one piece per alternative of a rule, 否则
 * starting every piece but the first (the printer may break a long rule before each 否则); one
 * piece for any other sentence. Tracks the sign of the rule a multiplier refers to.
 */
export function sentencePieces(body: A.Sentence[]): string[][] {
  const ctx: SentenceContext = { sign: 'deduct' };
  return body.map((s) => {
    switch (s.kind) {
      case 'Rule': {
        const pieces = s.alternatives.map((c, i) => (i ? '否则' : '') + clause(c, ctx));
        ctx.sign = signOf(s.alternatives[0]!.action) ?? ctx.sign;
        return pieces;
      }
      case 'Refine':
        return [`其中${cond(s.condition)}的，${action(s.action, ctx)}${qualParen(s.qualifiers)}`];
      case 'ForAll':
        return [`凡${cond(s.condition)}的，${action(s.action, ctx)}`];
      case 'ItemQualifiers':
        return [qualParen(s.qualifiers)];
      case 'Error':
        return [''];
    }
  });
}

/** Sentence texts (without the closing ；/。): the pieces of each joined by ；. */
export function sentenceTexts(body: A.Sentence[]): string[] {
  return sentencePieces(body).map((p) => p.join('；'));
}
