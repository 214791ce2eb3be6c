/**
 * The intermediate form: a rubric lowered to plain data that the engine runs. Lowering (the
 * compiler) produces it; the interpreter evaluates its expressions directly; a generated module
 * embeds it with every expression compiled to a TypeScript function. Expressions sit in one
 * table (`exprs`) and the structure refers to them by index, so compiled and interpreted
 * scoring differ only in that table.
 */
import type { RoundMode } from './rational.js';

export type { RoundMode };

/** A value's kind, as far as the engine and data validation need it. */
export interface ValueSpec {
  kind: 'num' | 'bool' | 'choice' | 'date' | 'text' | 'subject';
  /** For numbers: the unit as written back to readers (分, 件, 件/人); absent for plain numbers. */
  unit?: string;
  percent?: boolean;
  options?: string[];
}

export interface InputSpec {
  name: string;
  desc?: string;
  type: ValueSpec;
  /** Inclusive bounds, exact decimal text. */
  range?: [string, string];
  /** Expression (index) giving the value when data does not provide one. */
  missing?: number;
  /** The written form of the missing-value rule, for traces: 按0项. */
  missingText?: string;
  group?: boolean;
  /** Which items read it: a missing value is reported against them. */
  usedBy: string[];
  line: number;
}

export interface AttrSpec {
  name: string;
  desc?: string;
  type: ValueSpec;
  builtin?: boolean;
  /** Expression (index) for the value when an event does not give one. */
  missing?: number;
  missingText?: string;
}

export interface EventSpec {
  name: string;
  unit?: string;
  desc?: string;
  attrs: AttrSpec[];
  /** Attributes naming the objects an event counts for, with shares; empty: the field 对象. */
  charge: { attr: string; share: string }[];
  line: number;
}

export interface ComputedSpec {
  name: string;
  desc?: string;
  type: ValueSpec;
  expr: number;
  line: number;
}

export type CmpOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** Expressions and conditions (conditions are boolean-valued expressions). */
export type ExprIR =
  | { op: 'num'; value: string }
  | { op: 'bool'; value: boolean }
  | { op: 'str'; value: string }
  | { op: 'date'; value: string }
  | { op: 'input'; name: string }
  | { op: 'param'; name: string }
  | { op: 'computed'; name: string }
  /** An item's score, by its id. */
  | { op: 'node'; id: string }
  /**
   * Σ 数量 × share over the object's events of a kind in the period. A filter is an expression
   * in the table (by index), evaluated per event as events arrive.
   */
  | { op: 'count'; event: string; filter?: number }
  /** An attribute (or built-in field) of the event being looked at. */
  | { op: 'attr'; name: string }
  | { op: 'add' | 'sub' | 'mul' | 'div'; a: ExprIR; b: ExprIR }
  | { op: 'neg'; a: ExprIR }
  | { op: 'if'; c: ExprIR; a: ExprIR; b: ExprIR }
  /** Over every object; `id` identifies it so the engine computes it once per run. */
  | { op: 'pop'; fn: 'avg' | 'sum' | 'max' | 'min'; arg: ExprIR; filter?: ExprIR; id: number }
  | { op: 'self-score' }
  | { op: 'self-points' }
  | { op: 'total' }
  | { op: 'date-add'; date: ExprIR; days: string; workdays: boolean }
  | { op: 'cmp'; cmp: CmpOp; a: ExprIR; b: ExprIR[] }
  | { op: 'truthy'; a: ExprIR }
  | { op: 'not'; a: ExprIR }
  | { op: 'and' | 'or'; items: ExprIR[] };

export type TieSpec = { kind: 'high' } | { kind: 'average' } | { kind: 'by'; metric: number; order: 'desc' | 'asc' };

/** A per-occurrence tier or multiplier: applies to events meeting `when`. */
export interface EventTier {
  when: number;
  /** The tier's rate; absent for a 视情 tier, whose amount is each event's 分值 within `discretionary`. */
  rate?: number;
  discretionary?: [string, string];
  /** How the trace names this tier: 造成危害后果, 级别为“省级”. */
  label: string;
}
export interface EventMultiplier {
  when: number;
  factor: string;
  label: string;
  /** 减半 / 加倍 / 按1.5倍 */
  word: string;
}

export type FormSpec =
  /** 扣1分, 得【领导赋分】 */
  | { kind: 'flat'; value: number }
  /** rate × a count that is not an event kind: 【未学习宣讲项数】每项扣0.5分 */
  | { kind: 'quantity'; quantity: number; rate: number; per?: string }
  /** Per occurrence over events: base rate, tiers (first match), multipliers (all that match). */
  | {
      kind: 'events';
      event: string;
      filter?: number;
      rate?: number;
      tiers: EventTier[];
      multipliers: EventMultiplier[];
      /** 视情: the rate is each event's 分值, which must lie in [min, max]. */
      discretionary?: [string, string];
      /** 最低N分 on a per-occurrence rule floors each occurrence. */
      floorEach?: string;
      per?: string;
    }
  /** ceil or floor of (target − value) / step, times amount (R12). */
  | {
      kind: 'step';
      quantity: number;
      target: number;
      dir: 'less' | 'more';
      step: number;
      partial: 'ceil' | 'floor';
      amount: string;
      /** The threshold as written: 未达到40%. */
      words: string;
      /** How the measured value is shown: a unit, or a percentage. */
      unit?: string;
      percent?: boolean;
    }
  /** A rank table over all objects (R22, R16). */
  | {
      kind: 'rank';
      metric: number;
      order: 'desc' | 'asc';
      group?: string;
      from: number;
      /** undefined: every ranked object (第1名至末名). */
      to?: number;
      amounts: { list: string[] } | { from: string; to: string };
      tie: TieSpec;
      /** Identifies the ranking so it is computed once per population. */
      key: string;
      /** The measure as written: 【全局人均办案数】, and whether it is a percentage. */
      metricText: string;
      metricPercent?: boolean;
    }
  /** 酌情扣【x】: the input's value. */
  | { kind: 'judged'; value: number };

export interface ClauseSpec {
  line: number;
  col: number;
  /** The source text of the clause, for traces and reports. */
  text: string;
  sign: 'deduct' | 'add' | 'get';
  when?: number;
  form: FormSpec;
  /** 限扣 / 限加 / 封顶 on this clause. */
  cap?: string;
  capWord?: string;
  /** （…的，不扣分）: conditions under which the clause charges nothing. */
  exempt: { when: number; line: number }[];
  /** 按季累计: computed per quarter (clause caps per quarter), then summed. */
  quarterly: boolean;
}

export interface RuleSpec {
  /** One or more clauses joined by 否则: the first whose condition holds fires. */
  alternatives: ClauseSpec[];
}

export interface NodeSpec {
  /** Path of numbers, 九.（一）.3: unique. */
  id: string;
  /** As a reader cites it: 16, （三）, 三. */
  number: string;
  /** 第16项 / （三） */
  label: string;
  title?: string;
  line: number;
  points?: string;
  mode: 'deduct' | 'add' | 'check' | 'assign' | 'formula' | 'points';
  /** The sum of its children (they carry points). */
  composite: boolean;
  outsideTotal: boolean;
  alias?: string;
  /** The node's pool cut: 限扣 / 扣完N分为止 (deductions), 限加 / 累计最高 / 封顶 (additions). */
  capDeduct?: string;
  capAdd?: string;
  capWord?: string;
  floor?: string;
  sameMatterMax: boolean;
  round?: { places: number; mode: RoundMode };
  period?: { from: string; to: string };
  rules: RuleSpec[];
  /** 达标: a condition (expr index), or the checklist answer in the data. */
  criterion?: number | 'checklist';
  /** 本项得…: replaces the score when the condition holds. */
  overrides: { line: number; text: string; when?: number; value: number }[];
  /** …的，不扣分 as a rule of its own: waives the item's deductions when it holds. */
  waivers: { line: number; text: string; when: number; sign: 'deduct' | 'add' }[];
  children: NodeSpec[];
}

export interface GradeBandSpec {
  label: string;
  line: number;
  lo?: { value: string; closed: boolean };
  hi?: { value: string; closed: boolean };
  rest: boolean;
  quota?: { count: number; tie?: TieSpec };
  outsideQuota?: string;
  vetoTo?: string;
}

export interface TitleSpec {
  label: string;
  line: number;
  from?: string;
  among?: number;
  rank?: {
    metric: number;
    order: 'desc' | 'asc';
    group?: string;
    /** One count, or per group value. */
    counts: { group?: string; n?: number; percent?: string }[];
    rounding?: 'ceil' | 'floor';
    atLeast?: number;
    tie: TieSpec;
  };
  when?: number;
  plus?: number;
}

export interface Program {
  /** Bumped when the shape changes; a generated module records the version it was built for. */
  version: 1;
  title: string;
  file: string;
  total?: string;
  period?: { from: string; to: string };
  round?: { places: number; mode: RoundMode };
  inputs: InputSpec[];
  params: InputSpec[];
  events: EventSpec[];
  computed: ComputedSpec[];
  nodes: NodeSpec[];
  veto: { line: number; text: string; when: number }[];
  grades?: { bands: GradeBandSpec[] };
  titles: TitleSpec[];
  resultUse?: { by: string; rules: { label: string; delta: string; line: number }[] };
  exprs: ExprIR[];
}

/**
 * Expressions whose value is always a boolean: as a condition they need no truthy() test. Shared
 * by the code generator and the interpreter so both take the same shortcut.
 */
export function isBooleanExpr(e: ExprIR): boolean {
  switch (e.op) {
    case 'bool':
    case 'cmp':
    case 'truthy':
    case 'not':
    case 'and':
    case 'or':
      return true;
    default:
      return false;
  }
}
