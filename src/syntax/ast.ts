/**
 * The abstract syntax tree. Every node carries the span of the source it came from, so that
 * every later diagnostic, trace line and generated comment can point back to the rubric text.
 * The tree is plain data (JSON-serialisable), which makes parse → print → parse comparable.
 */
import type { Span } from '../diagnostics/diagnostic.js';
import type { MarkerStyle } from './lexer.js';

export type { Span };

// ── expressions ─────────────────────────────────────────────────────────────

/** A measure word after a number: 分, 件, 人次, 工作日, % … */
export interface UnitWord {
  word: string;
  span: Span;
}

export interface NumberLit {
  kind: 'Number';
  /** Canonical decimal text: "0.5", "90". Chinese numerals are converted. */
  value: string;
  /** Source spelling, kept for the printer. */
  raw: string;
  /** true for 90% and 1个百分点: the value is a percentage. */
  percent?: boolean;
  unit?: UnitWord;
  /** The denominator of a rate: 1分/件 has unit 分 and per 件. */
  per?: UnitWord;
  /** In 5、3、2、1分 the unit is written once, after the last amount. */
  implicitUnit?: boolean;
  span: Span;
}

export interface RefExpr {
  kind: 'Ref';
  /** Without the brackets. */
  name: string;
  span: Span;
}

export interface StrLit {
  kind: 'Str';
  value: string;
  span: Span;
}

export interface BoolLit {
  kind: 'Bool';
  value: boolean;
  span: Span;
}

/** A date written 2022-12-31 or 2022年12月31日; a month (2022年12月) when `month` is set. */
export interface DateExpr {
  kind: 'Date';
  /** ISO yyyy-mm-dd; for a month, its first day. */
  value: string;
  month?: boolean;
  raw: string;
  span: Span;
}

export interface BinaryExpr {
  kind: 'Binary';
  op: '+' | '-' | '*' | '/';
  /** Source spelling of the operator (× * ÷ /), for the printer. */
  raw: string;
  left: Expr;
  right: Expr;
  span: Span;
}

export interface NegExpr {
  kind: 'Neg';
  operand: Expr;
  span: Span;
}

export interface ParenExpr {
  kind: 'Paren';
  inner: Expr;
  span: Span;
}

/** 全体平均【x】: a value over all assessed objects (a second pass over the population). */
export interface PopExpr {
  kind: 'Pop';
  fn: 'avg' | 'sum' | 'max' | 'min';
  arg: Expr;
  /** 仅【有执法权】的: only objects meeting this condition. */
  filter?: Cond;
  span: Span;
}

/** 本项得分, 满分 (this item's points), 总分 (the rubric total). */
export interface SpecialExpr {
  kind: 'Special';
  which: 'self-score' | 'self-points' | 'total';
  span: Span;
}

export interface IfExpr {
  kind: 'If';
  cond: Cond;
  then: Expr;
  else: Expr;
  span: Span;
}

/**
 * 【案件】中【程序】为“普通程序”的: the events of a kind that meet a condition. As a value it
 * is their count; as the subject of a rule, the rule applies to those events only.
 */
export interface FilterExpr {
  kind: 'Filter';
  event: RefExpr;
  cond: Cond;
  span: Span;
}

/** 【决定日期】起7个工作日: a date plus a number of days or working days. */
export interface DateOffsetExpr {
  kind: 'DateOffset';
  date: Expr;
  amount: NumberLit;
  span: Span;
}

export type Expr =
  NumberLit | RefExpr | StrLit | BoolLit | DateExpr | BinaryExpr | NegExpr | ParenExpr | PopExpr | SpecialExpr | IfExpr | FilterExpr | DateOffsetExpr;

// ── conditions ──────────────────────────────────────────────────────────────

export type CmpOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface CompareCond {
  kind: 'Compare';
  op: CmpOp;
  left: Expr;
  /** Several values for 为“a”、“b” (any of them). */
  right: Expr[];
  /** The words as written (不足, 达到…（含）以上), for the printer and messages. */
  words: string;
  /** 以上 or 以下 written without saying whether the boundary is included (R11). */
  unstatedBoundary?: boolean;
  /** 超过80分（含）: the words contradict each other. */
  contradictory?: boolean;
  span: Span;
}

/** A condition that is just a value: 【未组织培训】的 (a yes/no input, or a count above 0). */
export interface TruthyCond {
  kind: 'Truthy';
  expr: Expr;
  span: Span;
}

export interface NotCond {
  kind: 'Not';
  operand: Cond;
  /** 未 / 没有 / 无 / 非 */
  word: string;
  span: Span;
}

export interface LogicCond {
  kind: 'And' | 'Or';
  items: Cond[];
  span: Span;
}

export type Cond = CompareCond | TruthyCond | NotCond | LogicCond;

// ── qualifiers (the parenthesised lists after headings and clauses) ─────────

export type Qualifier =
  | { kind: 'Points'; amount: NumberLit; zhan?: boolean; span: Span }
  | { kind: 'FullMarks'; amount: NumberLit; span: Span }
  | { kind: 'Mode'; mode: ScoringMode; word: string; span: Span }
  | { kind: 'Cap'; cap: 'deduct' | 'add' | 'total'; word: string; amount: NumberLit; span: Span }
  | { kind: 'Floor'; amount: NumberLit; span: Span }
  | { kind: 'DeductUntil'; amount?: NumberLit; span: Span }
  | { kind: 'SameMatterMax'; word: string; span: Span }
  | { kind: 'OutsideTotal'; word: string; span: Span }
  | { kind: 'Alias'; name: RefExpr; span: Span }
  | { kind: 'Round'; places: number; placesRaw: string; mode: RoundMode; modeWord?: string; span: Span }
  | { kind: 'Basis'; text: StrLit; span: Span }
  | { kind: 'Period'; from: DateExpr; to: DateExpr; word: string; span: Span }
  | { kind: 'Quarterly'; word: string; span: Span }
  | { kind: 'Tie'; rule: TieRule; span: Span }
  | { kind: 'StepPartial'; partial: 'ceil' | 'floor'; step: NumberLit; span: Span }
  | { kind: 'Exempt'; cond: Cond; sign: 'deduct' | 'add'; span: Span };

export type ScoringMode = 'deduct' | 'add' | 'check' | 'assign' | 'points' | 'formula';
export type RoundMode = 'half-up' | 'up' | 'down' | 'half-even';
export type TieRule = { kind: 'high' } | { kind: 'average' } | { kind: 'by'; metric: RefExpr; order: 'desc' | 'asc' };

// ── actions and sentences ───────────────────────────────────────────────────

export type Sign = 'deduct' | 'add' | 'get';

/** The amount of a rank table: either listed (3分、2分、1分) or a range (1.2-0.2分) in equal steps. */
export type AmountList = { kind: 'List'; amounts: NumberLit[]; span: Span } | { kind: 'Range'; from: NumberLit; to: NumberLit; span: Span };

export type Action =
  /** 扣1分 / 得（…）×30分 */
  | { kind: 'Flat'; sign: Sign; amount: Expr; span: Span }
  /** 扣1分/件, 每件扣1分, 每起得（2分−【退卷扣分】）: an amount per occurrence. */
  | { kind: 'PerUnit'; sign: Sign; amount: Expr; per?: UnitWord; span: Span }
  /** 按【级别】，“国家级”、“省级”每项分别加5分、3分 */
  | { kind: 'Tiered'; sign: Sign; attr: RefExpr; values: Expr[]; amounts: NumberLit[]; per?: UnitWord; span: Span }
  /** 视情每例扣1-3分: each occurrence carries its own amount, which must lie in the range. */
  | { kind: 'Discretionary'; sign: Sign; min: NumberLit; max: NumberLit; per?: UnitWord; span: Span }
  /** 酌情扣【统筹协调扣分】: a judged amount given as an input. */
  | { kind: 'Judged'; sign: Sign; amount: Expr; span: Span }
  /** 每少5%（含不足5%）扣0.5分 */
  | {
      kind: 'Step';
      dir: 'less' | 'more';
      step: NumberLit;
      sign: Sign;
      amount: NumberLit;
      partial?: 'ceil' | 'floor';
      /** The step written in the partial rule (含不足5%): must equal `step`. */
      partialStep?: NumberLit;
      span: Span;
    }
  /** 按【x】排名，第1-5名分别加1.0-0.2分 */
  | {
      kind: 'Rank';
      metric: Expr;
      order?: 'desc' | 'asc';
      group?: RefExpr;
      from: number;
      /** undefined means 末名: every ranked object. */
      to?: number;
      sign: Sign;
      amounts: AmountList;
      span: Span;
    }
  | { kind: 'Exempt'; sign: 'deduct' | 'add'; span: Span }
  /** 按1.5倍扣分 / 减半扣分 / 加倍扣分 */
  | { kind: 'Multiplier'; factor: NumberLit; word: string; span: Span }
  /** 本项得…: replaces the item's score. */
  | { kind: 'Override'; amount: Expr; span: Span }
  /** A bare condition in a 达标 item: full points when it holds. */
  | { kind: 'Criterion'; span: Span };

export interface Subject {
  /** What is counted: an event kind (possibly filtered) or a count input. */
  expr: Expr;
  span: Span;
}

export interface Clause {
  kind: 'Clause';
  subject?: Subject;
  condition?: Cond;
  action: Action;
  qualifiers: Qualifier[];
  span: Span;
}

export type Sentence =
  /** One clause, or several joined by 否则 (the first that applies). */
  | { kind: 'Rule'; alternatives: Clause[]; span: Span }
  /** 其中…的，…: a tier or multiplier for some occurrences of the rule before it. */
  | { kind: 'Refine'; condition: Cond; action: Action; qualifiers: Qualifier[]; span: Span }
  /** 凡…的，加倍扣分: a multiplier for every occurrence-based rule of the item. */
  | { kind: 'ForAll'; condition: Cond; action: Action; span: Span }
  /** A parenthesised list standing alone after the rules: （限加3分）. */
  | { kind: 'ItemQualifiers'; qualifiers: Qualifier[]; span: Span }
  /** A sentence that did not parse; its diagnostic has been reported. */
  | { kind: 'Error'; span: Span };

export interface Marker {
  image: string;
  style: MarkerStyle;
  ordinal: string;
  span: Span;
}

export interface ScoreNode {
  kind: 'Node';
  /** The heading did not parse; its qualifiers are unknown, so checks of them are skipped. */
  broken?: boolean;
  marker: Marker;
  title?: string;
  titleSpan?: Span;
  qualifiers: Qualifier[];
  body: Sentence[];
  children: ScoreNode[];
  /** The heading line (marker, title, qualifiers). */
  span: Span;
}

// ── declarations ────────────────────────────────────────────────────────────

export type TypeSpec =
  | { kind: 'Points'; span: Span }
  | { kind: 'Quantity'; unit: UnitWord; per?: UnitWord; span: Span }
  | { kind: 'Percent'; span: Span }
  | { kind: 'Bool'; span: Span }
  | { kind: 'Choice'; options: StrLit[]; span: Span }
  | { kind: 'Date'; span: Span }
  | { kind: 'Text'; span: Span }
  | { kind: 'Number'; span: Span }
  | { kind: 'Subject'; span: Span };

export type DeclQualifier =
  { kind: 'Range'; min: NumberLit; max: NumberLit; span: Span } | { kind: 'Missing'; value: Expr; span: Span } | { kind: 'Group'; span: Span };

export interface ValueDecl {
  kind: 'Input' | 'Param';
  name: RefExpr;
  type?: TypeSpec;
  qualifiers: DeclQualifier[];
  desc?: string;
  span: Span;
}

export interface AttributeDecl {
  kind: 'Attribute';
  name: RefExpr;
  type?: TypeSpec;
  qualifiers: DeclQualifier[];
  desc?: string;
  span: Span;
}

/** 计入【主办人】、【协办人】减半: which objects an event counts for, and at what share. */
export interface ChargeDecl {
  kind: 'Charge';
  targets: { attr: RefExpr; factor?: NumberLit; word?: string }[];
  span: Span;
}

export interface EventDecl {
  kind: 'Event';
  name: RefExpr;
  unit?: UnitWord;
  qualifiers: DeclQualifier[];
  desc?: string;
  attributes: AttributeDecl[];
  charge?: ChargeDecl;
  span: Span;
}

export interface ComputedDecl {
  kind: 'Computed';
  name: RefExpr;
  type?: TypeSpec;
  /** A value, or a yes/no condition (kept as a Cond; a bare value is a Truthy). */
  value: Cond;
  desc?: string;
  span: Span;
}

export type Decl = ValueDecl | EventDecl | ComputedDecl;

export interface DeclBlock {
  kind: 'Inputs' | 'Params' | 'Events' | 'Computed';
  decls: Decl[];
  span: Span;
}

// ── outcomes ────────────────────────────────────────────────────────────────

export interface Bound {
  op: '>=' | '>' | '<=' | '<';
  value: NumberLit;
  unstatedBoundary?: boolean;
  words: string;
  span: Span;
}

export interface LabelRef {
  label: string;
  span: Span;
}

export interface GradeBand {
  kind: 'Band';
  label: string;
  labelSpan: Span;
  bounds: Bound[];
  rest?: boolean;
  /** 限4名, with the tie rule at the quota's boundary when the line states one. */
  quota?: { count: number; tie?: TieRule; span: Span };
  outsideQuota?: LabelRef;
  vetoTo?: LabelRef;
  span: Span;
}

export interface GradesBlock {
  kind: 'Grades';
  bands: GradeBand[];
  span: Span;
}

export interface VetoBlock {
  kind: 'Veto';
  conditions: Cond[];
  span: Span;
}

export type CountSpec = { kind: 'Count'; n: number; span: Span } | { kind: 'Share'; percent: NumberLit; span: Span };

export interface TitleDef {
  kind: 'TitleDef';
  label: string;
  labelSpan: Span;
  /** 满意候选中…: chosen among holders of another title. */
  from?: LabelRef;
  /** 仅【中队执法人员】的，…: only objects meeting this condition are ranked. */
  among?: Cond;
  /** Ranked selection; absent for a title given by a condition alone. */
  rank?: {
    metric: Expr;
    order: 'desc' | 'asc';
    group?: RefExpr;
    count: CountSpec;
    /** Per-group counts: 按【中队类别】，“直属中队”、“二类中队”分别前10%、5%. */
    perGroup?: { attr: RefExpr; values: Expr[]; counts: CountSpec[] };
    rounding?: 'ceil' | 'floor';
    atLeast?: number;
    tie?: TieRule;
  };
  condition?: Cond;
  /** 另加【上年度不满意】的: also every object meeting this. */
  plus?: Cond;
  span: Span;
}

export interface TitlesBlock {
  kind: 'Titles';
  defs: TitleDef[];
  span: Span;
}

export interface ResultUseBlock {
  kind: 'ResultUse';
  by?: RefExpr;
  rules: { label: LabelRef; delta: NumberLit; sign: 'add' | 'deduct'; span: Span }[];
  span: Span;
}

export interface Header {
  kind: 'Header';
  title?: string;
  qualifiers: Qualifier[];
  span: Span;
}

export interface TextBlock {
  kind: 'Subjects' | 'Note';
  text: string;
  span: Span;
}

export type TopLevel = Header | TextBlock | DeclBlock | ScoreNode | GradesBlock | VetoBlock | TitlesBlock | ResultUseBlock;

export interface Comment {
  text: string;
  span: Span;
}

export interface RubricFile {
  kind: 'Rubric';
  body: TopLevel[];
  comments: Comment[];
  span: Span;
}
