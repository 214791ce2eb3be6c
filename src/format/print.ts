/**
 * The canonical printer: AST → source text in one layout. `rubric fmt` is print(parse(src)).
 *
 * Layout rules (for the user documentation)
 * ─────────────────────────────────────────
 * Characters
 *  - Chinese punctuation is full-width: ，；：（）。、 ; strings are quoted “…” (「…」 or 『…』
 *    when the value itself contains ”); names are written 【…】.
 *  - Digits and % are half-width; full-width digits in numbers, dates and item numbers are
 *    made half-width (１．５ → 1.5). Numbers otherwise keep their spelling (1.0 stays 1.0,
 *    每少一家 keeps 一). Titles, descriptions, strings and comments are printed exactly as written.
 *  - Operators are × ÷ + -; 计算 lines use =: 【人均案件】件/人=【案件】÷【人数】.
 *  - No spaces inside a line, except: one after an arabic item marker (`1. 标题`, always, since
 *    `1.2022年` would read as a number), one between 考核 and the title, and one before a
 *    comment at the end of a line.
 * Lines and blocks
 *  - Top-level blocks are separated by one blank line; the header line, 考核对象 and 说明 form
 *    one group, with no blank line added between them. Lines have no trailing spaces; the file
 *    ends with a newline and starts with no blank line.
 *  - Elsewhere the writer's paragraphs are kept: where the source had one or more blank lines
 *    between two printed lines (declarations, attributes, items, grade lines, comments, the
 *    header group), exactly one is printed; no other blank line is added. An item's heading
 *    and rules are one unit, reflowed: no blank line inside them. (Blank lines are read from
 *    spans: a line holding nothing but punctuation, such as a lone 。, counts as blank.)
 *  - Items are indented two spaces per nesting level. Item numbers are never changed; markers
 *    print as 一、 （一） 1. （1） ① from the style and the number (1、 and １． become 1.).
 *  - A declaration block keyword stands alone on its line (输入：); declarations are indented
 *    two spaces, 属性 and 计入 lines four; an event's 计入 line follows its attributes.
 *    等次, 否优, 评定 and 结果运用 lines are indented two spaces. Nothing but item bodies wraps.
 * Item bodies
 *  - An item's rules follow `：` on the heading line when the whole line fits in the width
 *    (default 100 display columns; a CJK character counts 2; a trailing comment is not counted)
 *    and no comment sits between its sentences. Otherwise the heading ends with `：` and each
 *    sentence goes on its own line, one level deeper than the item. Sentences end with `；`,
 *    the last with `。`. Rules joined by 否则 are one sentence: A的，扣2分；否则B的，扣1分. When
 *    the line of such a sentence in a wrapped body does not fit, it breaks before each 否则, the
 *    lines after the first one level deeper (also when a piece alone is still too wide):
 *        A的，扣2分；
 *          否则B的，扣1分。
 *  - A stand-alone qualifier list follows the rules directly: …每次加1分。（限加3分）; a second
 *    one follows after `；`: …。（限加3分）；（最低0分）. One in the middle of the body is a sentence
 *    of its own, ending with `；`. In a wrapped body the lists after the last rule share its line
 *    unless a comment sits between them.
 *  - A `：` follows the heading whenever rules follow it. Without rules there is no `：`, except
 *    after a title the lexer would not read as a title on its own (10. 已完成。 reads as a rule).
 *  - An item without a title whose rules would otherwise read as a title or as heading
 *    qualifiers (the rules start with a parenthesis) gets a `：` right after the marker:
 *    `1. ：本项得满分。（最低0分）`.
 * Words
 *  - Words the AST records are kept: comparison words (不足, 未达到, （含）以上 …), 限扣 / 最多扣 /
 *    封顶 / 累计最高 / 最高, the mode word (达标 / 达标制), 减半 / 加倍, 未 / 无 / 非 / 没有, the
 *    同一事项… and 不计入总分 / 不占总分 spellings, 期间 / 考核期, 按季累计 / 按季考评, rounding
 *    words, 个百分点 / %. Recorded words that do not mean what the AST says are replaced by
 *    the canonical spelling: `<` 不足, `<=` 不超过, `>` 超过, `>=` 达到, `==` 为, `!=` 不为;
 *    grade bounds 80分（含）以上 / （不含）以上 / （含）以下 / （不含）以下.
 *  - Where the AST keeps no spelling, one canonical form is printed:
 *    扣/加/得 (扣除 and 减 become 扣); 每件扣1分 for every per-occurrence amount (扣1分/件 too);
 *    视情每例扣1-3分; 每少 / 每多 for steps, with （含不足5%） or （不足1个百分点不计） before
 *    the amount; 按【x】从高到低排名，前5名分别加… (第2-5名, 第1名至末名); tier lists
 *    按【级别】，“国家级”、“省级”每项分别加5分、3分; multipliers 按1.5倍 / 减半 / 加倍 followed by
 *    扣分 or 加分 after the sign of the rule before them; 的 (never 时) after a condition;
 *    若…，则…，否则…; 缺失时按…; 选项“甲”“乙”; a clause's qualifiers in one parenthesis after
 *    it (，限扣3分 becomes （限扣3分）); a comma after a filtered subject (【x】中…的，每项加1分)
 *    and none after a plain one; rank numbers and counts in arabic digits (前三名 → 前3名).
 *  - Outcomes: `优秀：80分（含）以上；限4名，按总分从高到低；名额外的评为“良好”；否优的评为“良好”`;
 *    bounds joined by 、; 否优 conditions one per line ending with ；/。, with 的 after a bare
 *    value; 评定 conditions end with 的; 结果运用 lines read 加5分 / 减10分 and its head
 *    按【x】汇总.
 * Comments (see comments.ts for how they are attached)
 *  - Comments on their own lines keep their place between the statements around them; they
 *    either lead the statement after them (printed at its indentation) or trail the statement
 *    before them. A comment directly after a statement (no blank line between) trails it when a
 *    blank line or the end of the file follows, or when it is indented deeper than the next
 *    statement (which then belongs to an outer block: the end of the statement's block). A
 *    trailing comment is printed at the indentation of the statement (of the item, for a rule),
 *    of one of the blocks around it, or one level deeper than the statement — whichever the
 *    comment's own column matched. A comment after a blank line leads what follows (at the end
 *    of the file: unindented). Between an item's heading and rules, and between its rules,
 *    comments always lead the sentence after them.
 *  - A comment at the end of a line stays at the end of the printed line of its statement.
 *  - A statement printed on one line can only keep one comment at its end: comments that were
 *    at the ends of its other source lines, or on lines of their own inside it, are printed on
 *    their own lines just before it, in their order. An item whose sentences carry such
 *    comments, or comments between them, is printed wrapped. A rule broken before 否则 keeps
 *    each comment with its alternative: at the end of that alternative's line, or before it.
 * Sentences that did not parse (Error nodes) have no text in the AST and are left out; format
 * only files that parse without errors.
 */
import type * as A from '../syntax/ast.js';
import { displayWidth } from '../diagnostics/width.js';
import { lex } from '../syntax/lexer.js';
import * as T from '../syntax/tokens.js';
import { attachComments, type Anchor } from './comments.js';
import { bandLine, chargeLine, declLine, resultUseLine, titleLine } from './blocks.js';
import { cond, lastAtom, qualParen, sentencePieces } from './text.js';

export interface PrintOptions {
  /** Display columns an item line may take before its rules wrap; default 100. */
  width?: number;
}

const MARKER: Record<A.Marker['style'], (n: string) => string> = {
  'cn-dun': (n) => `${n}、`,
  'cn-paren': (n) => `（${n}）`,
  'arabic-dot': (n) => `${n}. `,
  'arabic-paren': (n) => `（${n}）`,
  circled: (n) => n,
};

const BLOCK_WORD: Record<A.DeclBlock['kind'], string> = { Inputs: '输入', Params: '参数', Events: '事件', Computed: '计算' };

function halfWidth(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** The title the lexer reads on this heading line, if any. */
function titleOf(line: string): string | undefined {
  const t = lex(line).tokens[1];
  return t?.tokenType === T.Title ? t.image : undefined;
}

export function print(ast: A.RubricFile, options: PrintOptions = {}): string {
  const width = options.width ?? 100;
  const { anchors, end, blankBetween } = attachComments(ast);
  const out: string[] = [];
  const none: Anchor = { start: 0, leading: [], after: [], trail: [] };
  const anchor = (o: object): Anchor => anchors.get(o) ?? none;
  const spanOf = (o: object): A.Span => (o as { span: A.Span }).span;

  /** The last source line printed so far. */
  let printed = 0;

  /**
   * One output line for source lines first…to. It follows a blank line when the source had one
   * between the line printed before and this one, and `keep` (not inside an item's rules).
   */
  function emit(text: string, first: number, to: number, keep: boolean): void {
    if (keep && out.length && out[out.length - 1] !== '' && blankBetween(printed, first)) out.push('');
    out.push(text);
    printed = Math.max(printed, to);
  }

  /** The blank line between top-level blocks. */
  function blank(): void {
    if (out.length && out[out.length - 1] !== '') out.push('');
  }

  interface Note {
    text: string;
    trailing: boolean;
    line: number;
  }

  /** The comments of the statements on one line, in source order. */
  function comments(of: object[]): Note[] {
    const seq: Note[] = [];
    for (const o of of) {
      const a = anchor(o);
      for (const t of a.leading) seq.push({ text: t.text, trailing: false, line: t.line });
      for (const t of a.after) seq.push({ text: t.text, trailing: !t.own, line: t.line });
    }
    return seq;
  }

  /** Would a line of these statements end with a comment? */
  function endsWithComment(of: object[]): boolean {
    return comments(of).at(-1)?.trailing ?? false;
  }

  /**
   * One printed line for source lines first…to, after the comments `seq` on lines of their own;
   * the last of them stays at the end of the line if it was at the end of a source line.
   */
  function put(indent: string, text: string, seq: Note[], first: number, to: number, keep: boolean): void {
    const last = seq.length && seq[seq.length - 1]!.trailing ? seq.pop() : undefined;
    for (const c of seq) emit(indent + c.text, Math.min(c.line, first), c.line, keep);
    emit(indent + text + (last ? ` ${last.text}` : ''), first, Math.max(to, last?.line ?? 0), keep);
  }

  /** The comments trailing the statements `of`, each at its own indentation. */
  function trails(of: object[], keep: boolean): void {
    for (const o of of) for (const t of anchor(o).trail) emit('  '.repeat(t.depth) + t.text, t.line, t.line, keep);
  }

  /** One printed line carrying the statements `of`, with their comments. */
  function line(indent: string, text: string, of: object[], keep = true): void {
    const to = Math.max(...of.map((o) => spanOf(o).endLine));
    put(indent, text, comments(of), spanOf(of[0]!).line, to, keep);
    trails(of, keep);
  }

  /**
   * A line of an item's wrapped rules: the sentence `of[0]`, with qualifier lists after it. A
   * rule of several alternatives that does not fit is broken before each 否则, the lines after
   * the first one level deeper; each comment stays with the alternative it was written at.
   */
  function ruleLine(indent: string, text: string, pieces: string[], of: A.Sentence[]): void {
    const s = of[0]!;
    if (s.kind !== 'Rule' || pieces.length < 2 || displayWidth(indent + text) <= width) {
      line(indent, text, of, false);
      return;
    }
    const alts = s.alternatives;
    const rest = text.slice(pieces.join('；').length);
    const groups: Note[][] = alts.map(() => []);
    const a = anchor(s);
    for (const c of a.leading) groups[0]!.push({ text: c.text, trailing: false, line: c.line });
    for (const c of a.after) {
      // The alternative the comment was written in or after; one on its own line between two
      // alternatives goes before the second.
      let k = 0;
      while (k + 1 < alts.length && alts[k + 1]!.span.start < c.start) k++;
      if (c.own && k + 1 < alts.length && c.start >= alts[k]!.span.end) k++;
      groups[k]!.push({ text: c.text, trailing: !c.own, line: c.line });
    }
    groups[alts.length - 1]!.push(...comments(of.slice(1)));
    const to = Math.max(...of.map((o) => spanOf(o).endLine));
    pieces.forEach((p, k) => {
      const last = k === pieces.length - 1;
      put(k ? `${indent}  ` : indent, last ? p + rest : `${p}；`, groups[k]!, alts[k]!.span.line, last ? to : alts[k]!.span.endLine, false);
    });
    trails(of, false);
  }

  function node(n: A.ScoreNode, depth: number): void {
    const indent = '  '.repeat(depth);
    const marker = MARKER[n.marker.style](halfWidth(n.marker.ordinal));
    const head = marker + (n.title ?? '') + qualParen(n.qualifiers);
    const body = n.body.filter((s) => s.kind !== 'Error');
    if (!body.length) {
      // A title alone on its line must still read as a title (10. 已完成。 might read as a rule).
      const lone = n.title !== undefined && !n.qualifiers.length && titleOf(head) !== n.title;
      line(indent, head.trimEnd() + (lone ? '：' : ''), [n]);
    } else {
      const pieces = sentencePieces(body);
      const texts = pieces.map((p) => p.join('；'));
      const last = body.reduce((k, s, i) => (s.kind === 'ItemQualifiers' ? k : i), -1);
      // Sentence i with its closing punctuation; trailing qualifier lists follow the 。 directly.
      const closed = texts.map((t, i) => (i < last ? `${t}；` : i === last ? `${t}。` : i < body.length - 1 ? `${t}；` : t));
      const bare = n.title === undefined && !n.qualifiers.length;
      const inlineBody = closed.join('');
      let colon = !bare || texts[0]!.startsWith('（') || titleOf(marker + inlineBody) !== undefined;
      const inline = head + (colon ? '：' : '') + inlineBody;
      // Comments between or inside the sentences, or several at the end of the line, make the
      // body wrap. (The decision must come out the same after printing and parsing again.)
      const quiet =
        !endsWithComment([n]) &&
        body.every((s, i) => {
          const { leading, after } = anchor(s);
          return !leading.length && (i < body.length - 1 ? !after.length : after.length <= 1 && after.every((c) => !c.own));
        });
      if (quiet && displayWidth(indent + inline) <= width) {
        line(indent, inline, [n, ...body]);
      } else {
        colon = !bare || texts[0]!.startsWith('（');
        line(indent, (head + (colon ? '：' : '')).trimEnd(), [n]);
        const inner = `${indent}  `;
        let pending: { text: string; of: A.Sentence[]; i: number } | undefined;
        body.forEach((s, i) => {
          if (i > last && pending && !anchor(s).leading.length && !endsWithComment(pending.of)) {
            pending.text += closed[i];
            pending.of.push(s);
            return;
          }
          if (pending) ruleLine(inner, pending.text, pieces[pending.i]!, pending.of);
          pending = { text: closed[i]!, of: [s], i };
        });
        if (pending) ruleLine(inner, pending.text, pieces[pending.i]!, pending.of);
      }
    }
    for (const c of n.children) node(c, depth + 1);
  }

  function top(b: A.TopLevel): void {
    switch (b.kind) {
      case 'Header':
        line('', `考核${b.title !== undefined ? ` ${b.title}` : ''}${qualParen(b.qualifiers)}`, [b]);
        break;
      case 'Subjects':
      case 'Note':
        line('', `${b.kind === 'Subjects' ? '考核对象' : '说明'}：${b.text}`, [b]);
        break;
      case 'Inputs':
      case 'Params':
      case 'Events':
      case 'Computed':
        line('', `${BLOCK_WORD[b.kind]}：`, [b]);
        for (const d of b.decls) {
          line('  ', declLine(d), [d]);
          if (d.kind !== 'Event') continue;
          for (const a of d.attributes) line('    ', declLine(a), [a]);
          if (d.charge) line('    ', chargeLine(d.charge), [d.charge]);
        }
        break;
      case 'Node':
        node(b, 0);
        break;
      case 'Grades':
        line('', '等次：', [b]);
        for (const band of b.bands) line('  ', bandLine(band), [band]);
        break;
      case 'Veto':
        line('', '否优：', [b]);
        b.conditions.forEach((c, i) => {
          const de = lastAtom(c).kind === 'Truthy' ? '的' : '';
          line('  ', `${cond(c)}${de}${i === b.conditions.length - 1 ? '。' : '；'}`, [c]);
        });
        break;
      case 'Titles':
        line('', '评定：', [b]);
        for (const d of b.defs) line('  ', titleLine(d), [d]);
        break;
      case 'ResultUse':
        line('', `结果运用：${b.by ? `按【${b.by.name}】汇总` : ''}`, [b]);
        for (const r of b.rules) line('  ', resultUseLine(r), [r]);
        break;
    }
  }

  const headerGroup = (b: A.TopLevel | undefined) => b?.kind === 'Header' || b?.kind === 'Subjects' || b?.kind === 'Note';
  ast.body.forEach((b, i) => {
    const prev = ast.body[i - 1];
    if (prev && !(headerGroup(prev) && headerGroup(b))) blank();
    top(b);
  });
  for (const c of end) emit(c.text, c.line, c.line, true);
  return out.length ? `${out.join('\n')}\n` : '';
}
