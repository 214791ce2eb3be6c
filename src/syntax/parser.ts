/**
 * The grammar, as a chevrotain parser with embedded actions that build the AST directly.
 * It parses one statement or one sentence at a time (see `parse.ts`), so each entry rule is
 * small and an error never spreads beyond its own sentence.
 */
import { EmbeddedActionsParser, MismatchedTokenException, tokenMatcher, type IToken, type TokenType } from './chevrotain.js';
import { NO_SPAN, type Span } from '../diagnostics/diagnostic.js';
import type * as A from './ast.js';
import type { MarkerPayload } from './lexer.js';
import { numberValue } from './numbers.js';
import * as T from './tokens.js';

export function tokenSpan(first: IToken, last: IToken = first): Span {
  // During chevrotain's recording phase rule arguments are undefined.
  if (!first || !last) return NO_SPAN;
  return {
    start: first.startOffset,
    end: (last.endOffset ?? last.startOffset) + 1,
    line: first.startLine ?? 1,
    col: first.startColumn ?? 1,
    endLine: last.endLine ?? first.startLine ?? 1,
    endCol: (last.endColumn ?? first.startColumn ?? 0) + 1,
  };
}

/** Span from the start of `a` to the end of `b`; tolerant of recording-phase placeholders. */
function over(a: { span?: Span } | undefined, b: { span?: Span } | undefined): Span {
  const s = a?.span ?? NO_SPAN;
  const e = b?.span ?? s;
  return { start: s.start, end: e.end, line: s.line, col: s.col, endLine: e.endLine, endCol: e.endCol };
}

function tokSpanned(t: IToken): { span: Span } {
  return { span: tokenSpan(t) };
}

/** The message of the error raised when a condition lacks 的 before its comma. */
export const MISSING_DE = 'missing-de';
/** The message of the error raised when a step's parenthesis holds more than its partial rule. */
export const STEP_PAREN = 'step-paren';
/** The message of the error raised for 每N项 with N other than 1. */
export const EACH_N = 'each-n';

const ACTION_START: TokenType[] = [
  T.Each,
  T.Deduct,
  T.Add,
  T.Get,
  T.By,
  T.ShiQing,
  T.ZhuoQing,
  T.StepLess,
  T.StepMore,
  T.NoDeduct,
  T.NoAdd,
  T.SelfGet,
  T.Halve,
  T.Double,
];

function signOf(t: IToken): A.Sign {
  return t.tokenType === T.Deduct ? 'deduct' : t.tokenType === T.Add ? 'add' : 'get';
}

function unitWord(t: IToken): A.UnitWord {
  // 个工作日 and 个月 are written with a classifier; the unit is the word after it.
  const word = t.image === '个工作日' ? '工作日' : t.image;
  return { word, span: tokenSpan(t) };
}

export class RubricParser extends EmbeddedActionsParser {
  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: false, maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  private is(k: number, ...types: TokenType[]): boolean {
    const t = this.LA(k);
    return types.some((type) => tokenMatcher(t, type));
  }

  /** chevrotain records recognition errors through SAVE_ERROR, which its typings do not expose. */
  private saveError(e: Error): Error {
    return (this as unknown as { SAVE_ERROR(e: Error): Error }).SAVE_ERROR(e);
  }

  public atEnd(): boolean {
    return this.LA(1).tokenType.name === 'EOF';
  }

  public peek(): IToken {
    return this.LA(1);
  }

  // ── numbers and expressions ──────────────────────────────────────────────

  public numberLit = this.RULE('numberLit', (): A.NumberLit => {
    const num = this.CONSUME(T.AnyNumber);
    let last = num;
    let unit: A.UnitWord | undefined;
    let per: A.UnitWord | undefined;
    let percent: boolean | undefined;
    let raw = num.image;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            const p = this.CONSUME(T.Percent);
            last = p;
            percent = true;
            raw += p.image;
          },
        },
        {
          ALT: () => {
            const u = this.OR2([{ ALT: () => this.CONSUME(T.Fen) }, { ALT: () => this.CONSUME(T.Unit) }]);
            last = u;
            raw += u.image;
            this.ACTION(() => {
              if (u.tokenType === T.PercentPoint) percent = true;
              else unit = unitWord(u);
            });
            this.OPTION2({
              GATE: () => this.is(1, T.Slash) && this.is(2, T.Unit),
              DEF: () => {
                const s = this.CONSUME(T.Slash);
                const d = this.CONSUME2(T.Unit);
                last = d;
                raw += s.image + d.image;
                per = this.ACTION(() => unitWord(d));
              },
            });
          },
        },
      ]);
    });
    return {
      kind: 'Number',
      value: this.ACTION(() => numberValue(num.image)) ?? '0',
      raw,
      ...(percent ? { percent } : {}),
      ...(unit ? { unit } : {}),
      ...(per ? { per } : {}),
      span: tokenSpan(num, last),
    };
  });

  private dateLit = this.RULE('dateLit', (): A.DateExpr => {
    const t = this.OR([{ ALT: () => this.CONSUME(T.DateLit) }, { ALT: () => this.CONSUME(T.YearMonth) }]);
    return this.ACTION(() => {
      const digits = t.image.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
      const [y, m, d] = digits.split(/[-年月日]/).filter(Boolean);
      const iso = `${y}-${m!.padStart(2, '0')}-${(d ?? '1').padStart(2, '0')}`;
      return {
        kind: 'Date' as const,
        value: iso,
        ...(t.tokenType === T.YearMonth ? { month: true } : {}),
        raw: t.image,
        span: tokenSpan(t),
      };
    }) as A.DateExpr;
  });

  private primary = this.RULE('primary', (): A.Expr => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.numberLit) },
      {
        ALT: () => {
          const t = this.CONSUME(T.Name);
          const ref: A.RefExpr = { kind: 'Ref', name: t.image.slice(1, -1), span: tokenSpan(t) };
          let result: A.Expr = ref;
          // 【案件】中【程序】为“普通程序”的: the events of a kind that meet a condition.
          this.OPTION3(() => {
            this.CONSUME(T.In);
            const cond = this.SUBRULE2(this.orCond);
            const de = this.CONSUME(T.De);
            result = { kind: 'Filter', event: ref, cond, span: tokenSpan(t, de) };
          });
          return result;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Str);
          return { kind: 'Str', value: t.image.slice(1, -1), span: tokenSpan(t) } as A.StrLit;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.GradeWord);
          return { kind: 'Str', value: t.image, span: tokenSpan(t) } as A.StrLit;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Yes);
          return { kind: 'Bool', value: true, span: tokenSpan(t) } as A.BoolLit;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.No);
          return { kind: 'Bool', value: false, span: tokenSpan(t) } as A.BoolLit;
        },
      },
      { ALT: () => this.SUBRULE(this.dateLit) },
      {
        ALT: () => {
          const l = this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.expr);
          const r = this.CONSUME(T.RParen);
          return { kind: 'Paren', inner, span: tokenSpan(l, r) } as A.ParenExpr;
        },
      },
      { ALT: () => this.SUBRULE(this.popExpr) },
      {
        ALT: () => {
          const t = this.OR2([{ ALT: () => this.CONSUME(T.SelfScore) }, { ALT: () => this.CONSUME(T.FullMarks) }, { ALT: () => this.CONSUME(T.TotalKw) }]);
          const which = t.tokenType === T.SelfScore ? 'self-score' : t.tokenType === T.FullMarks ? 'self-points' : 'total';
          return { kind: 'Special', which, span: tokenSpan(t) } as A.SpecialExpr;
        },
      },
      {
        ALT: () => {
          const i = this.CONSUME(T.If);
          const cond = this.SUBRULE(this.orCond);
          this.OPTION(() => this.CONSUME(T.Comma));
          this.CONSUME(T.Then);
          const then = this.SUBRULE2(this.expr);
          this.OPTION2(() => this.CONSUME2(T.Comma));
          this.CONSUME(T.Else);
          const els = this.SUBRULE3(this.expr);
          return { kind: 'If', cond, then, else: els, span: over(tokSpanned(i), els) } as A.IfExpr;
        },
      },
    ]);
  });

  private popExpr = this.RULE('popExpr', (): A.PopExpr => {
    const f = this.CONSUME(T.PopFn);
    const fn = f.tokenType === T.PopAvg ? 'avg' : f.tokenType === T.PopSum ? 'sum' : f.tokenType === T.PopMax ? 'max' : 'min';
    let arg: A.Expr | undefined;
    let filter: A.Cond | undefined;
    let end: { span: Span } = tokSpanned(f);
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.Name);
          arg = { kind: 'Ref', name: t.image.slice(1, -1), span: tokenSpan(t) };
          end = arg;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          arg = this.SUBRULE(this.expr);
          this.OPTION(() => {
            this.CONSUME(T.Comma);
            this.CONSUME(T.Only);
            filter = this.SUBRULE(this.orCond);
            this.OPTION2(() => this.CONSUME(T.De));
          });
          end = tokSpanned(this.CONSUME(T.RParen));
        },
      },
    ]);
    return { kind: 'Pop', fn, arg: arg!, ...(filter ? { filter } : {}), span: over(tokSpanned(f), end) };
  });

  /** A value, then 起/后 N工作日 for a date offset. */
  private postfix = this.RULE('postfix', (): A.Expr => {
    const base = this.SUBRULE(this.primary);
    let result: A.Expr = base;
    this.OPTION({
      GATE: () => this.is(1, T.Qi, T.After) && this.is(2, T.AnyNumber),
      DEF: () => {
        this.OR([{ ALT: () => this.CONSUME(T.Qi) }, { ALT: () => this.CONSUME(T.After) }]);
        const amount = this.SUBRULE(this.numberLit);
        result = { kind: 'DateOffset', date: base, amount, span: over(base, amount) };
      },
    });
    return result;
  });

  private unary = this.RULE('unary', (): A.Expr => {
    return this.OR([
      {
        ALT: () => {
          const d = this.CONSUME(T.Dash);
          const operand = this.SUBRULE(this.postfix);
          return { kind: 'Neg', operand, span: over(tokSpanned(d), operand) } as A.NegExpr;
        },
      },
      { ALT: () => this.SUBRULE2(this.postfix) },
    ]);
  });

  private mulExpr = this.RULE('mulExpr', (): A.Expr => {
    let left = this.SUBRULE(this.unary);
    this.MANY({
      // 1分/件 is a rate, not a division: a slash before a measure word belongs to the number.
      GATE: () => this.is(1, T.Times) || (this.is(1, T.Slash) && !this.is(2, T.Unit)),
      DEF: () => {
        const op = this.OR([{ ALT: () => this.CONSUME(T.Times) }, { ALT: () => this.CONSUME(T.Slash) }]);
        const right = this.SUBRULE2(this.unary);
        left = {
          kind: 'Binary',
          op: op.tokenType === T.Times ? '*' : '/',
          raw: op.image,
          left,
          right,
          span: over(left, right),
        };
      },
    });
    return left;
  });

  public expr = this.RULE('expr', (): A.Expr => {
    let left = this.SUBRULE(this.mulExpr);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Dash) }]);
      const right = this.SUBRULE2(this.mulExpr);
      left = {
        kind: 'Binary',
        op: op.tokenType === T.Plus ? '+' : '-',
        raw: op.image,
        left,
        right,
        span: over(left, right),
      };
    });
    return left;
  });

  // ── conditions ───────────────────────────────────────────────────────────

  /** （含） or （不含） */
  private inclMark = this.RULE('inclMark', (): { incl: boolean; image: string } => {
    this.CONSUME(T.LParen);
    const t = this.OR([{ ALT: () => this.CONSUME(T.Incl) }, { ALT: () => this.CONSUME(T.Excl) }]);
    this.CONSUME(T.RParen);
    return { incl: t.tokenType === T.Incl, image: `（${t.image}）` };
  });

  private inclAhead(): boolean {
    return this.is(1, T.LParen) && this.is(2, T.Incl, T.Excl) && this.is(3, T.RParen);
  }

  /**
   * The boundary words after a value: （含）以上, 以下（不含), or nothing. Returns the
   * direction (以上/以下) and whether 含/不含 was stated.
   */
  private boundaryTail = this.RULE('boundaryTail', (): { dir?: 'above' | 'below'; incl?: boolean; words: string; last?: IToken } => {
    let dir: 'above' | 'below' | undefined;
    let incl: boolean | undefined;
    let words = '';
    let last: IToken | undefined;
    this.OPTION({
      GATE: () => this.inclAhead(),
      DEF: () => {
        const m = this.SUBRULE(this.inclMark);
        incl = m.incl;
        words += m.image;
        last = this.LA(0);
      },
    });
    this.OPTION2(() => {
      const t = this.OR([{ ALT: () => this.CONSUME(T.Above) }, { ALT: () => this.CONSUME(T.Below) }]);
      dir = t.tokenType === T.Above ? 'above' : 'below';
      words += t.image;
      last = t;
      this.OPTION3({
        GATE: () => this.inclAhead(),
        DEF: () => {
          const m = this.SUBRULE2(this.inclMark);
          incl = m.incl;
          words += m.image;
          last = this.LA(0);
        },
      });
    });
    return { dir, incl, words, last };
  });

  private atomCond = this.RULE('atomCond', (): A.Cond => {
    const left = this.SUBRULE(this.expr);
    let cond: A.Cond = { kind: 'Truthy', expr: left, span: left?.span ?? NO_SPAN };
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            const c = this.CONSUME(T.Cmp);
            const right: A.Expr[] = [this.SUBRULE2(this.expr)];
            this.MANY(() => {
              this.CONSUME(T.Dun);
              right.push(this.SUBRULE3(this.expr));
            });
            const tail = this.SUBRULE(this.boundaryTail);
            cond = this.ACTION(() => compareFrom(left, c, right, tail)) ?? cond;
          },
        },
        {
          // 在80分（不含）以下 / 80分（含）以上
          GATE: () => this.is(1, T.At, T.AnyNumber, T.Name),
          ALT: () => {
            const at = this.OPTION2(() => this.CONSUME(T.At));
            const right = this.SUBRULE4(this.expr);
            const tail = this.SUBRULE2(this.boundaryTail);
            cond = this.ACTION(() => compareFrom(left, at, [right], tail)) ?? cond;
          },
        },
      ]);
    });
    return cond;
  });

  private notCond = this.RULE('notCond', (): A.Cond => {
    return this.OR([
      {
        ALT: () => {
          const n = this.CONSUME(T.Not);
          const operand = this.SUBRULE(this.notCond);
          return { kind: 'Not', operand, word: n.image, span: over(tokSpanned(n), operand) } as A.NotCond;
        },
      },
      { ALT: () => this.SUBRULE(this.atomCond) },
    ]);
  });

  private andCond = this.RULE('andCond', (): A.Cond => {
    const items = [this.SUBRULE(this.notCond)];
    this.MANY({
      GATE: () => this.is(1, T.And) || (this.is(1, T.Comma) && this.is(2, T.And)),
      DEF: () => {
        this.OPTION(() => this.CONSUME(T.Comma));
        this.CONSUME(T.And);
        items.push(this.SUBRULE2(this.notCond));
      },
    });
    return items.length === 1 ? items[0]! : { kind: 'And', items, span: over(items[0], items[items.length - 1]) };
  });

  public orCond = this.RULE('orCond', (): A.Cond => {
    const items = [this.SUBRULE(this.andCond)];
    this.MANY(() => {
      this.CONSUME(T.Or);
      items.push(this.SUBRULE2(this.andCond));
    });
    return items.length === 1 ? items[0]! : { kind: 'Or', items, span: over(items[0], items[items.length - 1]) };
  });

  // ── qualifiers ───────────────────────────────────────────────────────────

  private qualifier = this.RULE('qualifier', (): A.Qualifier => {
    return this.OR([
      {
        GATE: () => this.is(1, T.Zhan) || (this.is(1, T.AnyNumber) && this.is(2, T.Fen)),
        ALT: () => {
          const z = this.OPTION(() => this.CONSUME(T.Zhan));
          const amount = this.SUBRULE(this.numberLit);
          return {
            kind: 'Points',
            amount,
            ...(z ? { zhan: true } : {}),
            span: z ? over(tokSpanned(z), amount) : amount.span,
          } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const f = this.CONSUME(T.FullMarks);
          const amount = this.SUBRULE2(this.numberLit);
          return { kind: 'FullMarks', amount, span: over(tokSpanned(f), amount) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const m = this.CONSUME(T.Mode);
          return { kind: 'Mode', mode: this.ACTION(() => modeOf(m)), word: m.image, span: tokenSpan(m) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const c = this.CONSUME(T.Cap);
          const amount = this.SUBRULE3(this.numberLit);
          const cap = c.tokenType === T.CapDeduct ? 'deduct' : c.tokenType === T.CapAdd ? 'add' : 'total';
          return { kind: 'Cap', cap, word: c.image, amount, span: over(tokSpanned(c), amount) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const f = this.CONSUME(T.Floor);
          const amount = this.SUBRULE4(this.numberLit);
          return { kind: 'Floor', amount, span: over(tokSpanned(f), amount) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const d = this.CONSUME(T.DeductUntil);
          return { kind: 'DeductUntil', span: tokenSpan(d) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const d = this.CONSUME(T.DeductDone);
          const amount = this.SUBRULE5(this.numberLit);
          const u = this.CONSUME(T.Until);
          return { kind: 'DeductUntil', amount, span: tokenSpan(d, u) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const s = this.CONSUME(T.SameMatterMax);
          return { kind: 'SameMatterMax', word: s.image, span: tokenSpan(s) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const s = this.CONSUME(T.OutsideTotal);
          return { kind: 'OutsideTotal', word: s.image, span: tokenSpan(s) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const a = this.CONSUME(T.AliasKw);
          const n = this.CONSUME(T.Name);
          const name: A.RefExpr = { kind: 'Ref', name: n.image.slice(1, -1), span: tokenSpan(n) };
          return { kind: 'Alias', name, span: tokenSpan(a, n) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const r = this.OPTION2(() => this.CONSUME(T.Rounding));
          const k = this.CONSUME(T.Keep);
          const p = this.CONSUME(T.AnyNumber);
          const d = this.CONSUME(T.DecimalPlaces);
          return this.ACTION(() => ({
            kind: 'Round',
            places: Number(numberValue(p.image)),
            placesRaw: p.image,
            mode: r ? roundModeOf(r) : 'half-up',
            ...(r ? { modeWord: r.image } : {}),
            span: tokenSpan(r ?? k, d),
          })) as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const b = this.CONSUME(T.Basis);
          const s = this.CONSUME(T.Str);
          const text: A.StrLit = { kind: 'Str', value: s.image.slice(1, -1), span: tokenSpan(s) };
          return { kind: 'Basis', text, span: tokenSpan(b, s) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const p = this.CONSUME(T.PeriodKw);
          const from = this.SUBRULE(this.dateLit);
          this.CONSUME(T.To);
          const to = this.SUBRULE2(this.dateLit);
          return { kind: 'Period', from, to, word: p.image, span: over(tokSpanned(p), to) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const q = this.CONSUME(T.Quarterly);
          return { kind: 'Quarterly', word: q.image, span: tokenSpan(q) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Tie);
          const rule = this.SUBRULE(this.tieRule);
          return { kind: 'Tie', rule: rule.rule, span: tokenSpan(t, rule.last) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const i = this.CONSUME(T.InclShort);
          const step = this.SUBRULE6(this.numberLit);
          return { kind: 'StepPartial', partial: 'ceil', step, span: over(tokSpanned(i), step) } as A.Qualifier;
        },
      },
      {
        ALT: () => {
          const l = this.CONSUME(T.Lt);
          const step = this.SUBRULE7(this.numberLit);
          const nc = this.CONSUME(T.NotCounted);
          return { kind: 'StepPartial', partial: 'floor', step, span: tokenSpan(l, nc) } as A.Qualifier;
        },
      },
      {
        GATE: () => this.is(1, T.Name, T.Not),
        ALT: () => {
          const cond = this.SUBRULE2(this.orCond);
          this.CONSUME2(T.De);
          this.OPTION4(() => this.CONSUME(T.Comma));
          const e = this.OR2([{ ALT: () => this.CONSUME(T.NoDeduct) }, { ALT: () => this.CONSUME(T.NoAdd) }]);
          const sign = e.tokenType === T.NoDeduct ? 'deduct' : 'add';
          return { kind: 'Exempt', cond, sign, span: over(cond, tokSpanned(e)) } as A.Qualifier;
        },
      },
    ]);
  });

  private tieRule = this.RULE('tieRule', (): { rule: A.TieRule; last: IToken } => {
    return this.OR([
      { ALT: () => ({ rule: { kind: 'high' } as A.TieRule, last: this.CONSUME(T.TieHigh) }) },
      { ALT: () => ({ rule: { kind: 'average' } as A.TieRule, last: this.CONSUME(T.TieAvg) }) },
      {
        ALT: () => {
          this.CONSUME(T.By);
          const n = this.CONSUME(T.Name);
          let last = n;
          let order: 'desc' | 'asc' = 'desc';
          this.OPTION(() => {
            const o = this.OR2([{ ALT: () => this.CONSUME(T.Desc) }, { ALT: () => this.CONSUME(T.Asc) }]);
            order = o.tokenType === T.Asc ? 'asc' : 'desc';
            last = o;
          });
          const metric: A.RefExpr = { kind: 'Ref', name: n.image.slice(1, -1), span: tokenSpan(n) };
          return { rule: { kind: 'by', metric, order } as A.TieRule, last };
        },
      },
    ]);
  });

  public qualParen = this.RULE('qualParen', (): { qualifiers: A.Qualifier[]; span: Span } => {
    const l = this.CONSUME(T.LParen);
    const qualifiers = [this.SUBRULE(this.qualifier)];
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semi) }, { ALT: () => this.CONSUME(T.Dun) }]);
      qualifiers.push(this.SUBRULE2(this.qualifier));
    });
    const r = this.CONSUME(T.RParen);
    return { qualifiers, span: tokenSpan(l, r) };
  });

  /** Qualifier lists may also follow a comma: …每个扣1分，限扣7分 */
  private trailingQuals = this.RULE('trailingQuals', (): A.Qualifier[] => {
    const out: A.Qualifier[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => out.push(...(this.SUBRULE(this.qualParen).qualifiers ?? [])) },
        {
          GATE: () => this.is(1, T.Comma) && this.is(2, T.Cap, T.DeductUntil, T.DeductDone, T.Floor, T.Tie),
          ALT: () => {
            this.CONSUME(T.Comma);
            out.push(this.SUBRULE(this.qualifier));
          },
        },
      ]);
    });
    return out;
  });

  // ── actions ──────────────────────────────────────────────────────────────

  private rangeAhead(): boolean {
    return (
      (this.is(1, T.AnyNumber) && this.is(2, T.Dash) && this.is(3, T.AnyNumber)) || (this.is(1, T.AnyNumber) && this.is(2, T.Percent) && this.is(3, T.Dash))
    );
  }

  /** 1-3分, 1.2-0.2分: two numbers and the unit after the second. */
  private range = this.RULE('range', (): { from: A.NumberLit; to: A.NumberLit; span: Span } => {
    const a = this.CONSUME(T.AnyNumber);
    // 80%-100%: the first number may repeat the percent sign; 80-100% means the same.
    const pct = this.OPTION(() => this.CONSUME(T.Percent));
    this.CONSUME(T.Dash);
    const to = this.SUBRULE(this.numberLit);
    const from: A.NumberLit = {
      kind: 'Number',
      value: this.ACTION(() => numberValue(a.image)) ?? '0',
      raw: a.image + (pct?.image ?? ''),
      ...(to?.unit ? { unit: to.unit } : {}),
      ...(pct || to?.percent ? { percent: true } : {}),
      span: pct ? tokenSpan(a, pct) : tokenSpan(a),
    };
    return { from, to, span: over(from, to) };
  });

  /** 3分、2分、1分 / 5、3、2、1分 / 1.2-0.2分 */
  private amountList = this.RULE('amountList', (): A.AmountList => {
    return this.OR([
      {
        GATE: () => this.rangeAhead(),
        ALT: () => {
          const r = this.SUBRULE(this.range);
          return { kind: 'Range', from: r.from, to: r.to, span: r.span } as A.AmountList;
        },
      },
      {
        ALT: () => {
          const amounts = [this.SUBRULE(this.numberLit)];
          this.MANY(() => {
            this.CONSUME(T.Dun);
            amounts.push(this.SUBRULE2(this.numberLit));
          });
          return { kind: 'List', amounts, span: over(amounts[0], amounts[amounts.length - 1]) } as A.AmountList;
        },
      },
    ]);
  });

  private signTok = this.RULE('signTok', (): IToken => {
    return this.OR([{ ALT: () => this.CONSUME(T.Deduct) }, { ALT: () => this.CONSUME(T.Add) }, { ALT: () => this.CONSUME(T.Get) }]);
  });

  /** After 扣/加/得: a range (视情), or an amount (per unit when it is a rate such as 1分/件). */
  private signedAmount = this.RULE('signedAmount', (): A.Action => {
    const s = this.SUBRULE(this.signTok);
    const sign = signOf(s);
    return this.OR([
      {
        GATE: () => this.rangeAhead(),
        ALT: () => {
          const r = this.SUBRULE(this.range);
          return { kind: 'Discretionary', sign, min: r.from, max: r.to, span: over(tokSpanned(s), r) } as A.Action;
        },
      },
      {
        ALT: () => {
          const amount = this.SUBRULE(this.expr);
          const span = over(tokSpanned(s), amount);
          if (amount?.kind === 'Number' && amount.per) {
            const { per, ...rate } = amount;
            const raw = rate.raw.slice(0, rate.raw.length - per.word.length - 1);
            return { kind: 'PerUnit', sign, amount: { ...rate, raw, span: rate.span }, per, span } as A.Action;
          }
          return { kind: 'Flat', sign, amount, span } as A.Action;
        },
      },
    ]);
  });

  /** 每项扣0.5分, 每一个加1分, 每例次扣1-2分, 每起得（2分−【退卷扣分】） */
  private eachAction = this.RULE('eachAction', (): A.Action => {
    const e = this.CONSUME(T.Each);
    let per: A.UnitWord | undefined;
    this.OPTION(() => {
      const n = this.OPTION2(() => this.CONSUME(T.AnyNumber));
      // 每1件 and 每一个 read as 每件; 每2项扣0.1分 has no single reading, so it is refused.
      this.ACTION(() => {
        if (n && numberValue(n.image) !== '1') throw this.saveError(new MismatchedTokenException(EACH_N, n, n));
      });
      const u = this.CONSUME(T.Unit);
      per = this.ACTION(() => unitWord(u));
    });
    const inner = this.SUBRULE(this.signedAmount);
    return this.ACTION(() => {
      const span = over(tokSpanned(e), inner);
      if (inner.kind === 'Discretionary') return { ...inner, ...(per ? { per } : {}), span };
      if (inner.kind === 'Flat') return { kind: 'PerUnit', sign: inner.sign, amount: inner.amount, ...(per ? { per } : {}), span };
      return { ...inner, span };
    }) as A.Action;
  });

  private valueList = this.RULE('valueList', (): A.Expr[] => {
    const values = [this.SUBRULE(this.primary)];
    this.MANY(() => {
      this.CONSUME(T.Dun);
      values.push(this.SUBRULE2(this.primary));
    });
    return values;
  });

  /** After 按: a multiplier (按1.5倍扣分), a rank table, or a tier list. */
  private byAction = this.RULE('byAction', (): A.Action => {
    const b = this.CONSUME(T.By);
    return this.OR([
      {
        GATE: () => this.is(1, T.AnyNumber) && this.is(2, T.Bei),
        ALT: () => {
          const factor = this.SUBRULE(this.numberLit);
          let last = this.CONSUME(T.Bei);
          this.OPTION(() => {
            last = this.SUBRULE(this.signTok);
            this.OPTION2(() => (last = this.CONSUME(T.Fen)));
          });
          return { kind: 'Multiplier', factor, word: `按${factor.raw}倍`, span: tokenSpan(b, last) } as A.Action;
        },
      },
      {
        ALT: () => {
          const metric = this.OR2([
            {
              ALT: () => {
                const n = this.CONSUME(T.Name);
                return { kind: 'Ref', name: n.image.slice(1, -1), span: tokenSpan(n) } as A.Expr;
              },
            },
            {
              ALT: () => {
                const t = this.CONSUME(T.TotalKw);
                return { kind: 'Special', which: 'total', span: tokenSpan(t) } as A.Expr;
              },
            },
          ]);
          return this.OR3([
            {
              GATE: () => this.is(1, T.At, T.Desc, T.Asc, T.RankKw),
              ALT: () => this.SUBRULE(this.rankTail, { ARGS: [metric, b] }),
            },
            { ALT: () => this.SUBRULE(this.tierTail, { ARGS: [metric, b] }) },
          ]);
        },
      },
    ]);
  });

  private rankTail = this.RULE('rankTail', (metric: A.Expr, by: IToken): A.Action => {
    let group: A.RefExpr | undefined;
    let order: 'desc' | 'asc' | undefined;
    this.OPTION(() => {
      this.CONSUME(T.At);
      const g = this.CONSUME(T.Name);
      this.CONSUME(T.Within);
      group = { kind: 'Ref', name: g.image.slice(1, -1), span: tokenSpan(g) };
    });
    this.OPTION2(() => {
      const o = this.OR([{ ALT: () => this.CONSUME(T.Desc) }, { ALT: () => this.CONSUME(T.Asc) }]);
      order = o.tokenType === T.Asc ? 'asc' : 'desc';
    });
    this.CONSUME(T.RankKw);
    this.OPTION3(() => this.CONSUME(T.Comma));
    let from = 1;
    let to: number | undefined;
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.Ordinal);
          const a = this.CONSUME(T.AnyNumber);
          from = this.ACTION(() => Number(numberValue(a.image))) ?? 1;
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(T.Dash);
                const z = this.CONSUME2(T.AnyNumber);
                to = this.ACTION(() => Number(numberValue(z.image)));
                this.CONSUME(T.Ming);
              },
            },
            {
              ALT: () => {
                this.CONSUME2(T.Ming);
                this.CONSUME(T.To);
                this.OR4([
                  {
                    ALT: () => {
                      const z = this.CONSUME3(T.AnyNumber);
                      to = this.ACTION(() => Number(numberValue(z.image)));
                    },
                  },
                  { ALT: () => this.CONSUME(T.Last) },
                ]);
                this.CONSUME3(T.Ming);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Top);
          const z = this.CONSUME4(T.AnyNumber);
          to = this.ACTION(() => Number(numberValue(z.image)));
          this.CONSUME4(T.Ming);
        },
      },
    ]);
    this.OPTION4(() => this.CONSUME2(T.Comma));
    this.OPTION5(() => this.CONSUME(T.Respectively));
    const s = this.SUBRULE(this.signTok);
    const amounts = this.SUBRULE(this.amountList);
    return {
      kind: 'Rank',
      metric,
      ...(order ? { order } : {}),
      ...(group ? { group } : {}),
      from,
      ...(to !== undefined ? { to } : {}),
      sign: signOf(s),
      amounts,
      span: over(tokSpanned(by), amounts),
    } as A.Action;
  });

  private tierTail = this.RULE('tierTail', (attr: A.Expr, by: IToken): A.Action => {
    this.OPTION(() => this.CONSUME(T.Comma));
    const values = this.SUBRULE(this.valueList);
    let per: A.UnitWord | undefined;
    this.OPTION2(() => {
      this.CONSUME(T.Each);
      const u = this.CONSUME(T.Unit);
      per = this.ACTION(() => unitWord(u));
    });
    this.CONSUME(T.Respectively);
    const s = this.SUBRULE(this.signTok);
    const list = this.SUBRULE(this.amountList);
    return this.ACTION(() => {
      const amounts = list.kind === 'List' ? spreadUnit(list.amounts) : [list.from, list.to];
      return {
        kind: 'Tiered',
        sign: signOf(s),
        attr: attr as A.RefExpr,
        values,
        amounts,
        ...(per ? { per } : {}),
        span: over(tokSpanned(by), list),
      };
    }) as A.Action;
  });

  public action = this.RULE('action', (): A.Action => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.eachAction) },
      { ALT: () => this.SUBRULE(this.signedAmount) },
      { ALT: () => this.SUBRULE(this.byAction) },
      {
        ALT: () => {
          const v = this.CONSUME(T.ShiQing);
          let per: A.UnitWord | undefined;
          this.OPTION(() => {
            this.CONSUME(T.Each);
            this.OPTION2(() => {
              const u = this.CONSUME(T.Unit);
              per = this.ACTION(() => unitWord(u));
            });
          });
          const s = this.SUBRULE(this.signTok);
          const r = this.SUBRULE(this.range);
          return {
            kind: 'Discretionary',
            sign: signOf(s),
            min: r.from,
            max: r.to,
            ...(per ? { per } : {}),
            span: over(tokSpanned(v), r),
          } as A.Action;
        },
      },
      {
        ALT: () => {
          const z = this.CONSUME(T.ZhuoQing);
          const s = this.SUBRULE2(this.signTok);
          const amount = this.SUBRULE(this.expr);
          return { kind: 'Judged', sign: signOf(s), amount, span: over(tokSpanned(z), amount) } as A.Action;
        },
      },
      {
        ALT: () => {
          const d = this.OR2([{ ALT: () => this.CONSUME(T.StepDown) }, { ALT: () => this.CONSUME(T.StepUp) }]);
          const step = this.SUBRULE(this.numberLit);
          const quals: A.Qualifier[] = [];
          this.OPTION3(() => quals.push(...(this.SUBRULE(this.qualParen).qualifiers ?? [])));
          this.OPTION4(() => this.CONSUME(T.Comma));
          const s = this.SUBRULE3(this.signTok);
          const amount = this.SUBRULE2(this.numberLit);
          return this.ACTION(() => {
            const partial = quals.find((q) => q.kind === 'StepPartial');
            // Anything else in this parenthesis would be lost: it belongs after the amount.
            const other = quals.find((q) => q.kind !== 'StepPartial');
            if (other) throw this.saveError(new MismatchedTokenException(STEP_PAREN, d, d));
            return {
              kind: 'Step',
              dir: d.tokenType === T.StepLess ? 'less' : 'more',
              step,
              sign: signOf(s),
              amount,
              ...(partial && partial.kind === 'StepPartial' ? { partial: partial.partial, partialStep: partial.step } : {}),
              span: over(tokSpanned(d), amount),
            };
          }) as A.Action;
        },
      },
      {
        ALT: () => {
          const e = this.OR3([{ ALT: () => this.CONSUME(T.NoDeduct) }, { ALT: () => this.CONSUME(T.NoAdd) }]);
          return { kind: 'Exempt', sign: e.tokenType === T.NoDeduct ? 'deduct' : 'add', span: tokenSpan(e) } as A.Action;
        },
      },
      {
        ALT: () => {
          const g = this.CONSUME(T.SelfGet);
          const amount = this.SUBRULE2(this.expr);
          return { kind: 'Override', amount, span: over(tokSpanned(g), amount) } as A.Action;
        },
      },
      {
        ALT: () => {
          const h = this.OR4([{ ALT: () => this.CONSUME(T.Halve) }, { ALT: () => this.CONSUME(T.Double) }]);
          let last = h;
          this.OPTION5(() => {
            last = this.SUBRULE4(this.signTok);
            this.OPTION6(() => (last = this.CONSUME(T.Fen)));
          });
          const value = h.tokenType === T.Halve ? '0.5' : '2';
          const factor: A.NumberLit = { kind: 'Number', value, raw: value, span: tokenSpan(h) };
          return { kind: 'Multiplier', factor, word: h.image, span: tokenSpan(h, last) } as A.Action;
        },
      },
    ]);
  });

  // ── sentences ────────────────────────────────────────────────────────────

  private actionAhead(): boolean {
    return this.is(1, ...ACTION_START);
  }

  public clause = this.RULE('clause', (): A.Clause => {
    let subject: A.Subject | undefined;
    let condition: A.Cond | undefined;
    let action: A.Action | undefined;
    const first = this.LA(1);
    this.OR([
      {
        GATE: () => this.actionAhead(),
        ALT: () => {
          action = this.SUBRULE(this.action);
        },
      },
      {
        ALT: () => {
          const lead = this.SUBRULE(this.orCond);
          this.OR2([
            {
              // 【表彰奖励】中【类别】为“通报表扬”的，每项加1分: a filtered subject, then a comma.
              GATE: () => this.is(1, T.Comma) && this.is(2, ...ACTION_START),
              ALT: () => {
                const comma = this.CONSUME(T.Comma);
                // 【持证率】不足90%，扣1分: a condition needs 的 before the comma.
                this.ACTION(() => {
                  if (lead.kind !== 'Truthy') throw this.saveError(new MismatchedTokenException(MISSING_DE, comma, comma));
                });
                subject = this.ACTION(() => subjectOf(lead));
                action = this.SUBRULE2(this.action);
              },
            },
            {
              ALT: () => {
                this.CONSUME2(T.De);
                this.OPTION2(() => this.CONSUME2(T.Comma));
                condition = lead;
                this.OPTION3(() => {
                  // 败诉率高于8%的，【败诉案件】每件扣2分
                  this.OPTION4({
                    GATE: () => !this.actionAhead(),
                    DEF: () => {
                      const q = this.SUBRULE(this.expr);
                      subject = this.ACTION(() => subjectOf({ kind: 'Truthy', expr: q, span: q.span }));
                    },
                  });
                  action = this.SUBRULE3(this.action);
                });
              },
            },
            {
              GATE: () => this.actionAhead(),
              ALT: () => {
                const next = this.LA(1);
                // 【x】超过3件扣1分: a condition needs 的 before its action.
                this.ACTION(() => {
                  if (lead.kind !== 'Truthy') throw this.saveError(new MismatchedTokenException(MISSING_DE, next, next));
                });
                subject = this.ACTION(() => subjectOf(lead));
                action = this.SUBRULE4(this.action);
              },
            },
            {
              // A bare criterion (达标 items): nothing follows.
              GATE: () => this.atEnd(),
              ALT: () => {
                condition = lead;
              },
            },
          ]);
        },
      },
    ]);
    const qualifiers = this.SUBRULE(this.trailingQuals);
    return this.ACTION(() => {
      let act: A.Action = action ?? { kind: 'Criterion', span: condition?.span ?? NO_SPAN };
      // …每低1个百分点扣0.1分（不足1个百分点不计）: the partial rule may also follow the amount.
      const trailing = qualifiers.findIndex((q) => q.kind === 'StepPartial');
      if (act.kind === 'Step' && !act.partial && trailing >= 0) {
        const q = qualifiers.splice(trailing, 1)[0] as Extract<A.Qualifier, { kind: 'StepPartial' }>;
        act = { ...act, partial: q.partial, partialStep: q.step };
      }
      // The clause ends at the last token consumed, a closing parenthesis included.
      const lastSpan = tokenSpan(this.LA(0));
      return {
        kind: 'Clause',
        ...(subject ? { subject } : {}),
        ...(condition ? { condition } : {}),
        action: act,
        qualifiers,
        span: over({ span: tokenSpan(first) }, { span: lastSpan }),
      };
    }) as A.Clause;
  });

  /** One sentence of an item's body: a rule, 否则…, 其中…, 凡…, or a lone qualifier list. */
  public sentence = this.RULE('sentence', (): A.Sentence | { kind: 'Else'; clause: A.Clause } => {
    return this.OR([
      {
        ALT: () => {
          const a = this.CONSUME(T.Among);
          const condition = this.SUBRULE(this.orCond);
          this.CONSUME(T.De);
          this.OPTION(() => this.CONSUME(T.Comma));
          const action = this.SUBRULE(this.action);
          const qualifiers = this.SUBRULE(this.trailingQuals);
          return { kind: 'Refine', condition, action, qualifiers, span: over(tokSpanned(a), action) } as A.Sentence;
        },
      },
      {
        ALT: () => {
          const e = this.CONSUME(T.Every);
          const condition = this.SUBRULE2(this.orCond);
          this.CONSUME2(T.De);
          this.OPTION2(() => this.CONSUME2(T.Comma));
          const action = this.SUBRULE2(this.action);
          return { kind: 'ForAll', condition, action, span: over(tokSpanned(e), action) } as A.Sentence;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Else);
          const clause = this.SUBRULE(this.clause);
          return { kind: 'Else', clause };
        },
      },
      {
        GATE: () => this.is(1, T.LParen) && !this.is(2, T.Name, T.AnyNumber, T.PopFn, T.LParen, T.Dash),
        ALT: () => {
          const q = this.SUBRULE(this.qualParen);
          return { kind: 'ItemQualifiers', qualifiers: q.qualifiers, span: q.span } as A.Sentence;
        },
      },
      {
        ALT: () => {
          const c = this.SUBRULE2(this.clause);
          return { kind: 'Rule', alternatives: [c], span: c.span } as A.Sentence;
        },
      },
    ]);
  });

  // ── headings and top-level statements ────────────────────────────────────

  public nodeHeading = this.RULE('nodeHeading', () => {
    const m = this.CONSUME(T.ItemMarker);
    let title: IToken | undefined;
    let quals: { qualifiers: A.Qualifier[]; span: Span } | undefined;
    this.OPTION(() => (title = this.CONSUME(T.Title)));
    this.OPTION2(() => (quals = this.SUBRULE(this.qualParen)));
    this.OPTION3(() => this.CONSUME(T.Colon));
    return this.ACTION(() => {
      const p = m.payload as MarkerPayload;
      const marker: A.Marker = { image: m.image, style: p.style, ordinal: p.ordinal, span: tokenSpan(m) };
      return {
        marker,
        ...(title ? { title: title.image, titleSpan: tokenSpan(title) } : {}),
        qualifiers: quals?.qualifiers ?? [],
        span: quals ? over(marker, quals) : title ? tokenSpan(m, title) : tokenSpan(m),
      };
    });
  });

  public header = this.RULE('header', (): A.Header => {
    const h = this.CONSUME(T.HeaderKw);
    let title: IToken | undefined;
    let quals: { qualifiers: A.Qualifier[]; span: Span } | undefined;
    this.OPTION(() => this.CONSUME(T.Colon));
    this.OPTION2(() => (title = this.CONSUME(T.Title)));
    this.OPTION3(() => (quals = this.SUBRULE(this.qualParen)));
    return {
      kind: 'Header',
      ...(title ? { title: title.image } : {}),
      qualifiers: quals?.qualifiers ?? [],
      span: quals ? over(tokSpanned(h), quals) : tokenSpan(h, title ?? h),
    };
  });

  public typeSpec = this.RULE('typeSpec', (): A.TypeSpec => {
    return this.OR([
      {
        ALT: () => {
          const f = this.CONSUME(T.Fen);
          return { kind: 'Points', span: tokenSpan(f) } as A.TypeSpec;
        },
      },
      {
        ALT: () => {
          const u = this.CONSUME(T.Unit);
          let per: A.UnitWord | undefined;
          let last = u;
          this.OPTION(() => {
            this.CONSUME(T.Slash);
            last = this.CONSUME2(T.Unit);
            per = this.ACTION(() => unitWord(last));
          });
          return this.ACTION(() =>
            u.tokenType === T.PercentPoint
              ? { kind: 'Percent', span: tokenSpan(u) }
              : { kind: 'Quantity', unit: unitWord(u), ...(per ? { per } : {}), span: tokenSpan(u, last) },
          ) as A.TypeSpec;
        },
      },
      {
        ALT: () => {
          const c = this.CONSUME(T.TChoice);
          const options: A.StrLit[] = [];
          let last = c;
          this.OPTION2(() => this.CONSUME(T.LParen));
          this.AT_LEAST_ONE(() => {
            this.OPTION3(() => this.CONSUME(T.Dun));
            const s = this.CONSUME(T.Str);
            last = s;
            options.push({ kind: 'Str', value: s.image.slice(1, -1), span: tokenSpan(s) });
          });
          this.OPTION4(() => (last = this.CONSUME(T.RParen)));
          return { kind: 'Choice', options, span: tokenSpan(c, last) } as A.TypeSpec;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.DeclType);
          return this.ACTION(() => {
            const kind =
              t.tokenType === T.TPercent
                ? 'Percent'
                : t.tokenType === T.TBool
                  ? 'Bool'
                  : t.tokenType === T.TDate
                    ? 'Date'
                    : t.tokenType === T.TText
                      ? 'Text'
                      : t.tokenType === T.TSubject
                        ? 'Subject'
                        : 'Number';
            return { kind, span: tokenSpan(t) };
          }) as A.TypeSpec;
        },
      },
    ]);
  });

  private declQualifier = this.RULE('declQualifier', (): A.DeclQualifier => {
    return this.OR([
      {
        ALT: () => {
          const r = this.CONSUME(T.RangeKw);
          const rg = this.SUBRULE(this.range);
          return { kind: 'Range', min: rg.from, max: rg.to, span: over(tokSpanned(r), rg) } as A.DeclQualifier;
        },
      },
      {
        ALT: () => {
          const w = this.CONSUME(T.WhenMissing);
          this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.By) }, { ALT: () => this.CONSUME(T.Eq) }]));
          const value = this.SUBRULE(this.expr);
          return { kind: 'Missing', value, span: over(tokSpanned(w), value) } as A.DeclQualifier;
        },
      },
      {
        ALT: () => {
          const g = this.CONSUME(T.GroupKw);
          return { kind: 'Group', span: tokenSpan(g) } as A.DeclQualifier;
        },
      },
    ]);
  });

  private declQuals = this.RULE('declQuals', (): A.DeclQualifier[] => {
    this.CONSUME(T.LParen);
    const out = [this.SUBRULE(this.declQualifier)];
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semi) }]);
      out.push(this.SUBRULE2(this.declQualifier));
    });
    this.CONSUME(T.RParen);
    return out;
  });

  private descTail = this.RULE('descTail', (): string | undefined => {
    let desc: string | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      desc = this.CONSUME(T.DescText).image;
    });
    return desc;
  });

  /** 【持证率】百分比（缺失时按0%）：描述 */
  public valueDecl = this.RULE('valueDecl', (kind: 'Input' | 'Param'): A.ValueDecl => {
    const n = this.CONSUME(T.Name);
    const type = this.OPTION(() => this.SUBRULE(this.typeSpec));
    const qualifiers = this.OPTION2(() => this.SUBRULE(this.declQuals)) ?? [];
    const desc = this.SUBRULE(this.descTail);
    const name: A.RefExpr = { kind: 'Ref', name: n.image.slice(1, -1), span: tokenSpan(n) };
    return {
      kind,
      name,
      ...(type ? { type } : {}),
      qualifiers,
      ...(desc !== undefined ? { desc } : {}),
      span: tokenSpan(n, this.LA(0)),
    };
  });

  public eventDecl = this.RULE('eventDecl', (): A.EventDecl => {
    const n = this.CONSUME(T.Name);
    let unit: A.UnitWord | undefined;
    this.OPTION(() => {
      const u = this.CONSUME(T.Unit);
      unit = this.ACTION(() => unitWord(u));
    });
    const qualifiers = this.OPTION2(() => this.SUBRULE(this.declQuals)) ?? [];
    const desc = this.SUBRULE(this.descTail);
    const name: A.RefExpr = { kind: 'Ref', name: n.image.slice(1, -1), span: tokenSpan(n) };
    return {
      kind: 'Event',
      name,
      ...(unit ? { unit } : {}),
      qualifiers,
      ...(desc !== undefined ? { desc } : {}),
      attributes: [],
      span: tokenSpan(n, this.LA(0)),
    };
  });

  public attributeDecl = this.RULE('attributeDecl', (): A.AttributeDecl => {
    const a = this.CONSUME(T.AttributeKw);
    const n = this.CONSUME(T.Name);
    const type = this.OPTION(() => this.SUBRULE(this.typeSpec));
    const qualifiers = this.OPTION2(() => this.SUBRULE(this.declQuals)) ?? [];
    const desc = this.SUBRULE(this.descTail);
    const name: A.RefExpr = { kind: 'Ref', name: n.image.slice(1, -1), span: tokenSpan(n) };
    return {
      kind: 'Attribute',
      name,
      ...(type ? { type } : {}),
      qualifiers,
      ...(desc !== undefined ? { desc } : {}),
      span: tokenSpan(a, this.LA(0)),
    };
  });

  public chargeDecl = this.RULE('chargeDecl', (): A.ChargeDecl => {
    const c = this.CONSUME(T.ChargeTo);
    const targets: A.ChargeDecl['targets'] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Dun,
      DEF: () => {
        const n = this.CONSUME(T.Name);
        const attr: A.RefExpr = { kind: 'Ref', name: n.image.slice(1, -1), span: tokenSpan(n) };
        let factor: A.NumberLit | undefined;
        let word: string | undefined;
        this.OPTION(() => {
          this.OR([
            {
              ALT: () => {
                const h = this.CONSUME(T.Halve);
                factor = { kind: 'Number', value: '0.5', raw: '0.5', span: tokenSpan(h) };
                word = h.image;
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.By);
                factor = this.SUBRULE(this.numberLit);
                this.CONSUME(T.Bei);
                word = `按${factor.raw}倍`;
              },
            },
          ]);
        });
        targets.push({ attr, ...(factor ? { factor } : {}), ...(word ? { word } : {}) });
      },
    });
    return { kind: 'Charge', targets, span: tokenSpan(c, this.LA(0)) };
  });

  /** 【满意度得分】分 =（…）×30分：描述 */
  public computedDecl = this.RULE('computedDecl', (): A.ComputedDecl => {
    const n = this.CONSUME(T.Name);
    const type = this.OPTION(() => this.SUBRULE(this.typeSpec));
    this.CONSUME(T.Eq);
    const value = this.SUBRULE(this.orCond);
    const desc = this.SUBRULE(this.descTail);
    const name: A.RefExpr = { kind: 'Ref', name: n.image.slice(1, -1), span: tokenSpan(n) };
    return {
      kind: 'Computed',
      name,
      ...(type ? { type } : {}),
      value,
      ...(desc !== undefined ? { desc } : {}),
      span: tokenSpan(n, this.LA(0)),
    };
  });

  private labelRef = this.RULE('labelRef', (): A.LabelRef => {
    const t = this.OR([{ ALT: () => this.CONSUME(T.Str) }, { ALT: () => this.CONSUME(T.GradeWord) }]);
    return {
      label: t.tokenType === T.Str ? t.image.slice(1, -1) : t.image,
      span: tokenSpan(t),
    };
  });

  /** One bound of a grade band: 80分（含）以上 / 在80分（不含）以下 / 达到70分 / 不足60分 */
  private bound = this.RULE('bound', (): A.Bound => {
    const first = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.At));
          const value = this.SUBRULE(this.numberLit);
          const tail = this.SUBRULE(this.boundaryTail);
          return this.ACTION(() => boundFrom(undefined, value, tail, tokenSpan(first, tail.last ?? this.LA(0)))) as A.Bound;
        },
      },
      {
        ALT: () => {
          const c = this.CONSUME(T.Cmp);
          const value = this.SUBRULE2(this.numberLit);
          const tail = this.SUBRULE2(this.boundaryTail);
          return this.ACTION(() => boundFrom(c, value, tail, tokenSpan(first, tail.last ?? this.LA(0)))) as A.Bound;
        },
      },
    ]);
  });

  public gradeLine = this.RULE('gradeLine', (): A.GradeBand => {
    const l = this.CONSUME(T.LineLabel);
    this.CONSUME(T.Colon);
    const bounds: A.Bound[] = [];
    let rest = false;
    let quota: A.GradeBand['quota'];
    let outsideQuota: A.LabelRef | undefined;
    let vetoTo: A.LabelRef | undefined;
    this.OR([
      { ALT: () => (rest = !!this.CONSUME(T.Rest)) },
      {
        ALT: () => {
          bounds.push(this.SUBRULE(this.bound));
          this.OPTION(() => {
            this.OPTION2(() => this.OR2([{ ALT: () => this.CONSUME(T.Dun) }, { ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.And) }]));
            bounds.push(this.SUBRULE2(this.bound));
          });
        },
      },
    ]);
    this.MANY(() => {
      this.OR3([{ ALT: () => this.CONSUME2(T.Semi) }, { ALT: () => this.CONSUME2(T.Comma) }]);
      this.OR4([
        {
          ALT: () => {
            const q = this.CONSUME(T.Quota);
            const nTok = this.CONSUME(T.AnyNumber);
            const m = this.CONSUME(T.Ming);
            let last = m;
            let tie: A.TieRule | undefined;
            this.OPTION3({
              GATE: () => this.is(1, T.Comma) && this.is(2, T.By),
              DEF: () => {
                this.CONSUME3(T.Comma);
                this.CONSUME(T.By);
                last = this.CONSUME(T.TotalKw);
                this.OPTION4(() => (last = this.CONSUME(T.Desc)));
                this.OPTION5(() => (last = this.CONSUME(T.RankKw)));
              },
            });
            // 限4名，…，并列按【x】从高到低: the tie rule at the quota's boundary.
            this.OPTION7({
              GATE: () => this.is(1, T.Comma) && this.is(2, T.Tie),
              DEF: () => {
                this.CONSUME4(T.Comma);
                this.CONSUME(T.Tie);
                const r = this.SUBRULE(this.tieRule);
                tie = r.rule;
                last = r.last;
              },
            });
            quota = {
              count: this.ACTION(() => Number(numberValue(nTok.image))) ?? 0,
              ...(tie ? { tie } : {}),
              span: tokenSpan(q, last),
            };
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.OutsideQuota);
            this.CONSUME(T.RatedAs);
            outsideQuota = this.SUBRULE(this.labelRef);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Veto);
            this.CONSUME(T.De);
            this.CONSUME2(T.RatedAs);
            vetoTo = this.SUBRULE2(this.labelRef);
          },
        },
      ]);
    });
    this.OPTION6(() => this.CONSUME(T.Period));
    return {
      kind: 'Band',
      label: l.image,
      labelSpan: tokenSpan(l),
      bounds,
      ...(rest ? { rest } : {}),
      ...(quota ? { quota } : {}),
      ...(outsideQuota ? { outsideQuota } : {}),
      ...(vetoTo ? { vetoTo } : {}),
      span: tokenSpan(l, this.LA(0)),
    };
  });

  private countSpec = this.RULE('countSpec', (): A.CountSpec => {
    const n = this.CONSUME(T.AnyNumber);
    return this.OR([
      {
        ALT: () => {
          const m = this.CONSUME(T.Ming);
          return { kind: 'Count', n: this.ACTION(() => Number(numberValue(n.image))) ?? 0, span: tokenSpan(n, m) } as A.CountSpec;
        },
      },
      {
        ALT: () => {
          const p = this.CONSUME(T.Percent);
          const percent: A.NumberLit = {
            kind: 'Number',
            value: this.ACTION(() => numberValue(n.image)) ?? '0',
            raw: n.image + p.image,
            percent: true,
            span: tokenSpan(n, p),
          };
          return { kind: 'Share', percent, span: tokenSpan(n, p) } as A.CountSpec;
        },
      },
    ]);
  });

  public titleLine = this.RULE('titleLine', (): A.TitleDef => {
    const l = this.CONSUME(T.LineLabel);
    this.CONSUME(T.Colon);
    let from: A.LabelRef | undefined;
    let rank: A.TitleDef['rank'];
    let condition: A.Cond | undefined;
    let plus: A.Cond | undefined;
    let among: A.Cond | undefined;
    this.OPTION({
      GATE: () => this.is(1, T.Str, T.GradeWord) && this.is(2, T.In),
      DEF: () => {
        from = this.SUBRULE(this.labelRef);
        this.CONSUME(T.In);
      },
    });
    this.option(12, () => {
      this.CONSUME(T.Only);
      among = this.SUBRULE3(this.orCond);
      this.CONSUME3(T.De);
      this.option(13, () => this.CONSUME5(T.Comma));
    });
    this.OR([
      {
        GATE: () => this.is(1, T.By) && !this.is(3, T.Comma),
        ALT: () => {
          this.CONSUME(T.By);
          const metric = this.OR2([
            {
              ALT: () => {
                const t = this.CONSUME(T.TotalKw);
                return { kind: 'Special', which: 'total', span: tokenSpan(t) } as A.Expr;
              },
            },
            {
              ALT: () => {
                const n = this.CONSUME(T.Name);
                return { kind: 'Ref', name: n.image.slice(1, -1), span: tokenSpan(n) } as A.Expr;
              },
            },
          ]);
          let group: A.RefExpr | undefined;
          this.OPTION2(() => {
            this.CONSUME(T.At);
            const g = this.CONSUME2(T.Name);
            this.CONSUME(T.Within);
            group = { kind: 'Ref', name: g.image.slice(1, -1), span: tokenSpan(g) };
          });
          const o = this.OR3([{ ALT: () => this.CONSUME(T.Desc) }, { ALT: () => this.CONSUME(T.Asc) }]);
          const order: 'desc' | 'asc' = o.tokenType === T.Asc ? 'asc' : 'desc';
          let count: A.CountSpec | undefined;
          let perGroup: NonNullable<A.TitleDef['rank']>['perGroup'];
          this.OR4([
            {
              ALT: () => {
                this.CONSUME(T.Top);
                count = this.SUBRULE(this.countSpec);
              },
            },
            {
              ALT: () => {
                this.OPTION3(() => this.CONSUME(T.Comma));
                this.CONSUME2(T.By);
                const a = this.CONSUME3(T.Name);
                this.OPTION4(() => this.CONSUME2(T.Comma));
                const values = this.SUBRULE(this.valueList);
                this.CONSUME(T.Respectively);
                this.OPTION5(() => this.CONSUME(T.Eq));
                this.OPTION6(() => this.CONSUME2(T.Top));
                const counts = [this.SUBRULE2(this.countSpec)];
                this.MANY(() => {
                  this.CONSUME(T.Dun);
                  counts.push(this.SUBRULE3(this.countSpec));
                });
                const attr: A.RefExpr = { kind: 'Ref', name: a.image.slice(1, -1), span: tokenSpan(a) };
                perGroup = { attr, values, counts };
                count = counts[0];
              },
            },
          ]);
          let rounding: 'ceil' | 'floor' | undefined;
          let atLeast: number | undefined;
          let tie: A.TieRule | undefined;
          this.OPTION7(() => {
            this.CONSUME(T.LParen);
            this.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () => {
                this.OR5([
                  { ALT: () => (rounding = this.CONSUME(T.CeilCount) ? 'ceil' : rounding) },
                  { ALT: () => (rounding = this.CONSUME(T.FloorCount) ? 'floor' : rounding) },
                  {
                    ALT: () => {
                      this.CONSUME(T.Tie);
                      tie = this.SUBRULE(this.tieRule).rule;
                    },
                  },
                  {
                    ALT: () => {
                      this.CONSUME(T.AtLeast);
                      const k = this.CONSUME2(T.AnyNumber);
                      this.CONSUME2(T.Ming);
                      atLeast = this.ACTION(() => Number(numberValue(k.image)));
                    },
                  },
                ]);
              },
            });
            this.CONSUME(T.RParen);
          });
          rank = {
            metric,
            order,
            ...(group ? { group } : {}),
            count: count!,
            ...(perGroup ? { perGroup } : {}),
            ...(rounding ? { rounding } : {}),
            ...(atLeast !== undefined ? { atLeast } : {}),
            ...(tie ? { tie } : {}),
          };
          this.OPTION8(() => {
            this.CONSUME4(T.Comma);
            this.CONSUME(T.AlsoAdd);
            plus = this.SUBRULE(this.orCond);
            this.OPTION9(() => this.CONSUME(T.De));
          });
        },
      },
      {
        ALT: () => {
          condition = this.SUBRULE2(this.orCond);
          this.option(10, () => this.CONSUME2(T.De));
        },
      },
    ]);
    this.option(11, () => this.CONSUME(T.Period));
    return {
      kind: 'TitleDef',
      label: l.image,
      labelSpan: tokenSpan(l),
      ...(from ? { from } : {}),
      ...(among ? { among } : {}),
      ...(rank ? { rank } : {}),
      ...(condition ? { condition } : {}),
      ...(plus ? { plus } : {}),
      span: tokenSpan(l, this.LA(0)),
    };
  });

  public resultUseHead = this.RULE('resultUseHead', (): A.RefExpr | undefined => {
    this.CONSUME(T.KwResultUse);
    this.CONSUME(T.Colon);
    let by: A.RefExpr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.By);
      const n = this.CONSUME(T.Name);
      by = { kind: 'Ref', name: n.image.slice(1, -1), span: tokenSpan(n) };
      this.OPTION2(() => this.CONSUME(T.Summarize));
    });
    return by;
  });

  public resultUseLine = this.RULE('resultUseLine', (): A.ResultUseBlock['rules'][number] => {
    const l = this.CONSUME(T.LineLabel);
    this.CONSUME(T.Colon);
    const s = this.OR([{ ALT: () => this.CONSUME(T.Add) }, { ALT: () => this.CONSUME(T.Deduct) }]);
    const delta = this.SUBRULE(this.numberLit);
    this.OPTION(() => this.CONSUME(T.Period));
    return {
      label: { label: l.image, span: tokenSpan(l) },
      delta,
      sign: s.tokenType === T.Add ? 'add' : 'deduct',
      span: over(tokSpanned(l), delta),
    };
  });

  public textBlock = this.RULE('textBlock', (): A.TextBlock => {
    const k = this.CONSUME(T.BlockKw);
    this.CONSUME(T.Colon);
    const d = this.CONSUME(T.DescText);
    return { kind: k.tokenType === T.KwSubjects ? 'Subjects' : 'Note', text: d.image, span: tokenSpan(k, d) };
  });
}

// ── helpers used inside actions ──────────────────────────────────────────────

function modeOf(t: IToken): A.ScoringMode {
  switch (t.tokenType) {
    case T.ModeDeduct:
      return 'deduct';
    case T.ModeAdd:
      return 'add';
    case T.ModeCheck:
      return 'check';
    case T.ModeAssign:
      return 'assign';
    case T.ModePoints:
      return 'points';
    default:
      return 'formula';
  }
}

function roundModeOf(t: IToken): A.RoundMode {
  return t.tokenType === T.RoundUp ? 'up' : t.tokenType === T.RoundDown ? 'down' : t.tokenType === T.RoundHalfEven ? 'half-even' : 'half-up';
}

/** 5、3、2、1分: the unit written once after the list applies to every amount. */
function spreadUnit(amounts: A.NumberLit[]): A.NumberLit[] {
  const unit = amounts[amounts.length - 1]?.unit;
  if (!unit) return amounts;
  return amounts.map((a): A.NumberLit => (a.unit ? a : { ...a, unit, implicitUnit: true }));
}

function subjectOf(lead: A.Cond): A.Subject {
  // A subject is a quantity; the checker reports a subject that is a comparison.
  const expr: A.Expr = lead.kind === 'Truthy' ? lead.expr : { kind: 'Ref', name: '', span: lead.span };
  return { expr, span: lead.span };
}

const OP_OF = new Map<TokenType, A.CmpOp>([
  [T.Lt, '<'],
  [T.Le, '<='],
  [T.Gt, '>'],
  [T.Ge, '>='],
  [T.Eq, '=='],
  [T.Ne, '!='],
]);

/**
 * Combine a comparison word with the boundary words after the value. 以上/以下 alone do not
 * say whether the boundary value itself is included (R11); that is flagged, never guessed silently.
 */
function compareFrom(
  left: A.Expr,
  word: IToken | undefined,
  right: A.Expr[],
  tail: { dir?: 'above' | 'below'; incl?: boolean; words: string; last?: IToken },
): A.CompareCond {
  let op: A.CmpOp | undefined = word && word.tokenType !== T.At ? OP_OF.get(word.tokenType) : undefined;
  let unstatedBoundary = false;
  let contradictory = false;
  if (tail.dir) {
    const fromTail: A.CmpOp = tail.dir === 'above' ? (tail.incl === false ? '>' : '>=') : tail.incl === false ? '<' : '<=';
    if (tail.incl === undefined && op === undefined) unstatedBoundary = true;
    if (op && op !== fromTail && !(tail.incl === undefined && sameSide(op, fromTail))) contradictory = true;
    if (op === undefined || tail.incl !== undefined) op = fromTail;
  } else if (tail.incl !== undefined) {
    if (op === undefined) {
      contradictory = true;
      op = '>=';
    } else if ((tail.incl && (op === '<' || op === '>')) || (!tail.incl && (op === '<=' || op === '>='))) {
      contradictory = true;
    }
  }
  const words = `${word?.image ?? ''}${tail.words}`;
  const last = right[right.length - 1];
  const endSpan = tail.last ? tokenSpan(tail.last) : last?.span;
  return {
    kind: 'Compare',
    op: op ?? '==',
    left,
    right,
    words,
    ...(unstatedBoundary ? { unstatedBoundary } : {}),
    ...(contradictory ? { contradictory } : {}),
    span: over(left, { span: endSpan ?? left.span }),
  };
}

function sameSide(a: A.CmpOp, b: A.CmpOp): boolean {
  const up = (o: A.CmpOp) => o === '>' || o === '>=';
  const down = (o: A.CmpOp) => o === '<' || o === '<=';
  return (up(a) && up(b)) || (down(a) && down(b));
}

function boundFrom(word: IToken | undefined, value: A.NumberLit, tail: { dir?: 'above' | 'below'; incl?: boolean; words: string }, span: Span): A.Bound {
  const c = compareFrom({ kind: 'Special', which: 'total', span }, word, [value], tail);
  const op = c.op === '==' || c.op === '!=' ? '>=' : c.op;
  return {
    op,
    value,
    ...(c.unstatedBoundary || (!word && !tail.dir) ? { unstatedBoundary: true } : {}),
    words: `${word?.image ?? ''}${value.raw}${tail.words}`,
    span,
  };
}
