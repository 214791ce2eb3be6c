/**
 * parse(text) → AST and diagnostics. The token stream is cut into statements (at line-start
 * markers, block keywords and labels) and item bodies into sentences (at ；and 。 outside
 * parentheses); each piece is parsed on its own. A typo therefore costs one diagnostic and the
 * rest of the file still parses, so `rubric check` can report every error at once.
 */
import { tokenMatcher, type IToken, type TokenType } from './chevrotain.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type * as A from './ast.js';
import { lex, type MarkerPayload } from './lexer.js';
import { nestNodes } from './nest.js';
import { RubricParser, tokenSpan } from './parser.js';
import { parseErrorDiagnostic } from './syntax-errors.js';
import * as T from './tokens.js';

export interface ParseResult {
  ast: A.RubricFile;
  diagnostics: Diagnostic[];
}

let sharedParser: RubricParser | undefined;
/** Building the grammar takes a few milliseconds, so one parser serves every call. */
function parser(): RubricParser {
  return (sharedParser ??= new RubricParser());
}

type BlockContext = 'nodes' | 'inputs' | 'params' | 'events' | 'computed' | 'grades' | 'veto' | 'titles' | 'resultUse' | 'text';

const BLOCK_CONTEXT = new Map<TokenType, BlockContext>([
  [T.KwInputs, 'inputs'],
  [T.KwParams, 'params'],
  [T.KwEvents, 'events'],
  [T.KwComputed, 'computed'],
  [T.KwGrades, 'grades'],
  [T.KwVetoBlock, 'veto'],
  [T.KwTitles, 'titles'],
  [T.KwResultUse, 'resultUse'],
  [T.KwSubjects, 'text'],
  [T.KwNote, 'text'],
]);

function isStructural(t: IToken): boolean {
  return t.tokenType === T.ItemMarker || t.tokenType === T.HeaderKw || t.tokenType === T.LineLabel || tokenMatcher(t, T.BlockKw);
}

/** Split at ；/。 outside parentheses; the separators are dropped. */
function splitSentences(tokens: IToken[]): IToken[][] {
  const out: IToken[][] = [];
  let cur: IToken[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === T.LParen) depth++;
    else if (t.tokenType === T.RParen) depth = Math.max(0, depth - 1);
    if (depth === 0 && (t.tokenType === T.Semi || t.tokenType === T.Period)) {
      if (cur.length) out.push(cur);
      cur = [];
      continue;
    }
    cur.push(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Keywords that can open a heading's parenthesis (besides modes, caps, rounding and points). */
const HEADING_QUALIFIER_START = new Set<TokenType>([
  T.Zhan,
  T.FullMarks,
  T.Floor,
  T.DeductUntil,
  T.DeductDone,
  T.SameMatterMax,
  T.OutsideTotal,
  T.AliasKw,
  T.Keep,
  T.Basis,
  T.PeriodKw,
  T.Quarterly,
  T.Tie,
]);

/** Where the heading of a node ends: marker, title, an attribute parenthesis, a colon. */
function headingLength(tokens: IToken[]): number {
  let i = 1;
  const titled = tokens[i]?.tokenType === T.Title;
  if (titled) i++;
  if (tokens[i]?.tokenType === T.LParen) {
    // Without a title, a parenthesis right after the marker is a heading only if it holds attributes.
    const next = tokens[i + 1];
    const attrLike =
      titled ||
      (next !== undefined &&
        (tokenMatcher(next, T.Mode) ||
          tokenMatcher(next, T.Cap) ||
          tokenMatcher(next, T.Rounding) ||
          HEADING_QUALIFIER_START.has(next.tokenType) ||
          (tokenMatcher(next, T.AnyNumber) && tokens[i + 2]?.tokenType === T.Fen && tokens[i + 3]?.tokenType !== T.Slash)));
    if (attrLike) {
      let depth = 0;
      let closed = false;
      for (let j = i; j < tokens.length; j++) {
        if (tokens[j]!.tokenType === T.LParen) depth++;
        else if (tokens[j]!.tokenType === T.RParen && --depth === 0) {
          i = j + 1;
          closed = true;
          break;
        }
      }
      // Unclosed: the rest of the heading line is the heading, which then fails to parse and
      // marks the item broken instead of reading its attributes as a rule.
      if (!closed) {
        const line = tokens[0]!.startLine;
        while (i < tokens.length && tokens[i]!.startLine === line) i++;
        return i;
      }
    }
  }
  if (tokens[i]?.tokenType === T.Colon) i++;
  return i;
}

const MAX_NESTING = 40;

/** Deeply nested sentences would exhaust the stack of a recursive parser: refuse them with a reason. */
function complexity(tokens: IToken[]): string | undefined {
  let depth = 0;
  let max = 0;
  let nots = 0;
  let ifs = 0;
  for (const t of tokens) {
    if (t.tokenType === T.LParen) max = Math.max(max, ++depth);
    else if (t.tokenType === T.RParen) depth--;
    else if (t.tokenType === T.Not) nots++;
    else if (t.tokenType === T.If) ifs++;
  }
  if (max > MAX_NESTING) return `括号嵌套超过${MAX_NESTING}层`;
  if (nots > MAX_NESTING) return `否定词超过${MAX_NESTING}个`;
  if (ifs > MAX_NESTING) return `“若…则…”嵌套超过${MAX_NESTING}层`;
  return undefined;
}

function spanOfTokens(tokens: IToken[]): Span {
  return tokenSpan(tokens[0]!, tokens[tokens.length - 1]!);
}

export function parse(text: string): ParseResult {
  const lexed = lex(text);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const p = parser();

  // Lines where the lexer already reported a problem: the parser's view of them is not worth a
  // second diagnostic (one typo, one diagnostic).
  const lexLines = new Set(lexed.diagnostics.map((d) => d.span.line));

  /** Run one entry rule over a whole piece; report the first error only. */
  function run<R>(tokens: IToken[], rule: () => R, what: string): R | undefined {
    const suppressed = tokens.some((t) => lexLines.has(t.startLine ?? 0));
    const tooDeep = complexity(tokens);
    if (tooDeep) {
      diagnostics.push({
        code: 'E1109',
        severity: 'error',
        span: spanOfTokens(tokens),
        message: `${what}${tooDeep}，无法分析`,
        hint: '把这一句拆成几句，或把其中一部分写成“计算：”中的计算值',
      });
      return undefined;
    }
    p.input = tokens;
    let result: R;
    try {
      result = rule();
    } catch (e) {
      if (e instanceof RangeError) {
        diagnostics.push({ code: 'E1109', severity: 'error', span: spanOfTokens(tokens), message: `${what}过于复杂，无法分析` });
        return undefined;
      }
      throw e;
    }
    const err = p.errors[0];
    if (err) {
      if (!suppressed) diagnostics.push(parseErrorDiagnostic(err, tokens, what));
      return undefined;
    }
    if (!p.atEnd()) {
      const extra = p.peek();
      if (!suppressed) {
        diagnostics.push({
          code: 'E1103',
          severity: 'error',
          span: tokenSpan(extra, tokens[tokens.length - 1]!),
          message: `${what}在「${extra.image}」处多出了无法理解的内容`,
          hint: '检查是否漏写了“；”或“。”，或把一句话拆成两句',
        });
      }
      return undefined;
    }
    return result;
  }

  // ── statements ──
  const statements: { ctx: BlockContext; tokens: IToken[] }[] = [];
  let ctx: BlockContext = 'nodes';
  let cur: IToken[] | undefined;
  let prevLine = 0;
  const flush = () => {
    if (cur?.length) statements.push({ ctx, tokens: cur });
    cur = undefined;
  };
  for (const t of lexed.tokens) {
    const firstOnLine = t.startLine !== prevLine;
    prevLine = t.startLine ?? prevLine;
    if (isStructural(t)) {
      flush();
      if (t.tokenType === T.ItemMarker || t.tokenType === T.HeaderKw) ctx = 'nodes';
      const block = BLOCK_CONTEXT.get(t.tokenType);
      if (block) ctx = block;
      cur = [t];
      continue;
    }
    // Anything on the lines after the header that is not a block or an item stands alone.
    if (firstOnLine && cur?.[0]?.tokenType === T.HeaderKw) {
      flush();
      cur = [t];
      continue;
    }
    const declCtx = ctx === 'inputs' || ctx === 'params' || ctx === 'events' || ctx === 'computed';
    if (firstOnLine && declCtx && (t.tokenType === T.Name || t.tokenType === T.AttributeKw || t.tokenType === T.ChargeTo)) {
      flush();
      cur = [t];
      continue;
    }
    (cur ??= []).push(t);
  }
  flush();

  // ── parse each statement ──
  const body: A.TopLevel[] = [];
  const flatNodes: { node: A.ScoreNode; index: number }[] = [];
  let declBlock: A.DeclBlock | undefined;
  let grades: A.GradesBlock | undefined;
  let veto: A.VetoBlock | undefined;
  let titles: A.TitlesBlock | undefined;
  let resultUse: A.ResultUseBlock | undefined;
  let lastEvent: A.EventDecl | undefined;
  const closeBlocks = () => {
    declBlock = grades = veto = titles = resultUse = undefined;
    // 属性 and 计入 attach to the last event of the current 事件 block only.
    lastEvent = undefined;
  };

  function declarationStatement(tokens: IToken[]): void {
    const first = tokens[0]!;
    const block = declBlock!;
    if (first.tokenType === T.AttributeKw) {
      const decl = run(tokens, () => p.attributeDecl(), '属性声明');
      if (decl && lastEvent) lastEvent.attributes.push(decl);
      else if (decl) diagnostics.push(attachError(tokenSpan(first), '属性'));
    } else if (first.tokenType === T.ChargeTo) {
      const decl = run(tokens, () => p.chargeDecl(), '计入声明');
      if (decl && lastEvent) lastEvent.charge = decl;
      else if (decl) diagnostics.push(attachError(tokenSpan(first), '计入'));
    } else if (block.kind === 'Events') {
      const e = run(tokens, () => p.eventDecl(), '事件声明');
      if (e) {
        block.decls.push(e);
        lastEvent = e;
      }
    } else if (block.kind === 'Computed') {
      const e = run(tokens, () => p.computedDecl(), '计算声明');
      if (e) block.decls.push(e);
    } else {
      const kind = block.kind === 'Inputs' ? 'Input' : 'Param';
      const e = run(tokens, () => p.valueDecl(kind), kind === 'Input' ? '输入声明' : '参数声明');
      if (e) block.decls.push(e);
    }
  }

  for (const { ctx: c, tokens } of statements) {
    const first = tokens[0]!;
    const span = spanOfTokens(tokens);
    if (first.tokenType === T.HeaderKw) {
      closeBlocks();
      const h = run(tokens, () => p.header(), '考核标题');
      if (h) body.push(h);
      continue;
    }
    if (first.tokenType === T.ItemMarker) {
      closeBlocks();
      const n = headingLength(tokens);
      const head = run(tokens.slice(0, n), () => p.nodeHeading(), '标题行');
      const sentences: A.Sentence[] = [];
      for (const piece of splitSentences(tokens.slice(n))) {
        const s = run(piece, () => p.sentence(), '这一句');
        if (!s) {
          sentences.push({ kind: 'Error', span: spanOfTokens(piece) });
        } else if (s.kind === 'Else') {
          const prev = sentences[sentences.length - 1];
          if (prev?.kind === 'Rule') {
            prev.alternatives.push(s.clause);
            prev.span = { ...prev.span, end: s.clause.span.end, endLine: s.clause.span.endLine, endCol: s.clause.span.endCol };
          } else {
            diagnostics.push({
              code: 'E1104',
              severity: 'error',
              span: spanOfTokens(piece),
              message: '“否则”前面没有可以衔接的规则',
              hint: '“否则”接在同一项的上一条规则之后，如：未开展的，扣2分；否则成效不明显的，扣1分',
            });
            sentences.push({ kind: 'Error', span: spanOfTokens(piece) });
          }
        } else {
          sentences.push(s);
        }
      }
      const node: A.ScoreNode = {
        kind: 'Node',
        ...(head ? {} : { broken: true }),
        // The marker token knows its style even when the rest of the heading did not parse.
        marker: head?.marker ?? { image: first.image, ...(first.payload as MarkerPayload), span: tokenSpan(first) },
        ...(head?.title !== undefined ? { title: head.title, titleSpan: head.titleSpan } : {}),
        qualifiers: head?.qualifiers ?? [],
        body: sentences,
        children: [],
        span: head?.span ?? tokenSpan(first),
      };
      flatNodes.push({ node, index: body.length });
      body.push(node);
      continue;
    }
    if (tokenMatcher(first, T.BlockKw)) {
      closeBlocks();
      if (first.tokenType === T.KwSubjects || first.tokenType === T.KwNote) {
        const t = run(tokens, () => p.textBlock(), '说明');
        if (t) body.push(t);
        continue;
      }
      if (first.tokenType === T.KwResultUse) {
        const by = run(tokens, () => p.resultUseHead(), '结果运用');
        resultUse = { kind: 'ResultUse', ...(by ? { by } : {}), rules: [], span };
        body.push(resultUse);
        continue;
      }
      const rest = tokens.slice(1);
      if (rest[0]?.tokenType === T.Colon) rest.shift();
      if (c === 'inputs' || c === 'params' || c === 'events' || c === 'computed') {
        const kind = c === 'inputs' ? 'Inputs' : c === 'params' ? 'Params' : c === 'events' ? 'Events' : 'Computed';
        declBlock = { kind, decls: [], span };
        body.push(declBlock);
        // 参数：【办案标准】件：… — a first declaration on the block keyword's line.
        if (rest.length) declarationStatement(rest);
        continue;
      } else if (c === 'grades') {
        grades = { kind: 'Grades', bands: [], span };
        body.push(grades);
      } else if (c === 'titles') {
        titles = { kind: 'Titles', defs: [], span };
        body.push(titles);
      } else if (c === 'veto') {
        veto = { kind: 'Veto', conditions: [], span };
        body.push(veto);
        for (const piece of splitSentences(rest)) {
          // 否优 conditions read like the document: “…受到处分的”; the trailing 的 is optional.
          const toks = piece[piece.length - 1]!.tokenType === T.De ? piece.slice(0, -1) : piece;
          const cond = toks.length ? run(toks, () => p.orCond(), '否优条件') : undefined;
          if (cond) veto.conditions.push(cond);
        }
        continue;
      }
      if (rest.length) {
        diagnostics.push({
          code: 'E1105',
          severity: 'error',
          span: spanOfTokens(rest),
          message: '冒号后的内容须另起一行书写',
          hint: '每条声明、等次、评定各占一行',
        });
      }
      continue;
    }
    if (first.tokenType === T.LineLabel) {
      if (c === 'grades' && grades) {
        const b = run(tokens, () => p.gradeLine(), '等次');
        if (b) grades.bands.push(b);
      } else if (c === 'titles' && titles) {
        const d = run(tokens, () => p.titleLine(), '评定');
        if (d) titles.defs.push(d);
      } else if (c === 'resultUse' && resultUse) {
        const r = run(tokens, () => p.resultUseLine(), '结果运用');
        if (r) resultUse.rules.push(r);
      } else {
        diagnostics.push({
          code: 'E1106',
          severity: 'error',
          span: tokenSpan(first),
          message: `「${first.image}：」只能写在“等次：”“评定：”或“结果运用：”之下`,
          hint: '考核项目请以序号开头，如“1.”“（一）”“一、”',
        });
      }
      continue;
    }
    if (declBlock) {
      declarationStatement(tokens);
      continue;
    }
    diagnostics.push({
      code: 'E1107',
      severity: 'error',
      span,
      message: `「${first.image}」不属于任何考核项目或声明`,
      hint: '内容应写在考核项目（以“1.”“（一）”等序号开头）或“输入：”“事件：”等声明之下',
    });
  }

  const roots = nestNodes(body, flatNodes);
  const ast: A.RubricFile = {
    kind: 'Rubric',
    body: roots,
    comments: lexed.comments.map((c) => ({ text: c.image, span: tokenSpan(c) })),
    span: { start: 0, end: text.length, line: 1, col: 1, endLine: 1, endCol: 1 },
  };
  return { ast, diagnostics };
}

function attachError(span: Span, what: string): Diagnostic {
  return {
    code: 'E1108',
    severity: 'error',
    span,
    message: `“${what}”须写在某个事件声明之下`,
    hint: '先声明事件，如“【表彰奖励】项：…”，再在下一行写“属性【级别】…”',
  };
}
