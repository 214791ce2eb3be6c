/**
 * What the engine reads (a dataset of objects, parameters and events, already validated and
 * typed) and what it returns (scores, outcomes and a trace per object). Plain data: results
 * serialise to JSON with every score as exact decimal text.
 */
import type { Rational } from './rational.js';

/** A typed value. Dates are ISO yyyy-mm-dd strings; choices, text and object names are strings. */
export type Scalar = Rational | boolean | string;

/** Where a record came from, so that every data error can name it. */
export interface SourceRef {
  file: string;
  /** 1-based line (NDJSON, YAML) or row (CSV, spreadsheet, counting the header as row 1). */
  line?: number;
  row?: number;
  sheet?: string;
  /** JSON path within the file: 对象[3].持证率 */
  path?: string;
}

export interface ObjectData {
  name: string;
  values: Record<string, Scalar | undefined>;
  /** 达标 answers by item id or number; true = met. */
  checklist?: Record<string, boolean>;
  source?: SourceRef;
}

export interface EventData {
  kind: string;
  /** The object it counts for when the event kind declares no 计入 attributes. */
  object?: string;
  date?: string;
  /** 数量: defaults to 1. */
  count?: Rational;
  /** 分值: the amount a person decided, for 视情 rules. */
  amount?: Rational;
  /** 事项: matter id, for 同一事项取最高. */
  matter?: string;
  id?: string;
  attrs: Record<string, Scalar | undefined>;
  source?: SourceRef;
}

export interface Dataset {
  objects: ObjectData[];
  params: Record<string, Scalar | undefined>;
  events: EventData[];
}

// ── trace ───────────────────────────────────────────────────────────────────

/** A value a rule looked at, as the reader should see it. */
export interface Fact {
  name: string;
  /** Exact text; for a percentage, the exact ratio (26/29), shown ×100 with % by readers. */
  value: string;
  percent?: boolean;
  unit?: string;
  /** Set when the value was not in the data and the rubric's 缺失时 rule supplied it. */
  assumed?: string;
  /**
   * For a computed value: the inputs it was computed from that were not in the data, with what
   * their 缺失时 rule supplied (持证率 from 持有执法证件人数 taken as 0).
   */
  defaults?: AssumedInput[];
}

/** An input not in the data, and its 缺失时 text: `按0`, `按【2021年度在编人数】`. */
export interface AssumedInput {
  name: string;
  assumed: string;
}

export interface EventGroup {
  /** What the events in this group have in common: 造成危害后果, 级别为“省级”, or the kind. */
  label: string;
  count: string;
  rate: string;
  amount: string;
  /** 加倍 / 按1.5倍 … applied to these events. */
  multiplier?: string;
}

export type TraceDetail =
  | { form: 'flat' }
  | { form: 'quantity'; count: string; per?: string; rate: string }
  | { form: 'events'; event: string; per?: string; groups: EventGroup[]; capped?: string; outsidePeriod?: number }
  | {
      form: 'step';
      value: string;
      target: string;
      words: string;
      step: string;
      steps: string;
      amount: string;
      partial: 'ceil' | 'floor';
      unit?: string;
      percent?: boolean;
    }
  | { form: 'rank'; rank: number; of: number; metric: string; tie?: boolean }
  | { form: 'judged' };

export type TraceEntry =
  | {
      kind: 'rule';
      node: string;
      line: number;
      text: string;
      sign: 'deduct' | 'add' | 'get';
      /** Exact amount charged (≥ 0), or the value given for 得. */
      amount: string;
      facts: Fact[];
      detail: TraceDetail;
      /** Which of several 否则 alternatives fired (0-based). */
      alternative?: number;
    }
  | { kind: 'criterion'; node: string; line: number; met: boolean; facts: Fact[]; checklist?: boolean }
  | { kind: 'exempt'; node: string; line: number; text: string; facts: Fact[] }
  | { kind: 'same-matter'; node: string; line: number; matter: string; dropped: string; kept: string }
  | { kind: 'cap'; node: string; line: number; word: string; before: string; after: string; limit: string; scope: 'rule' | 'item' }
  | { kind: 'floor'; node: string; line: number; before: string; after: string; limit: string }
  /** `before` is absent when the item's own score was not needed. */
  | { kind: 'override'; node: string; line: number; text: string; before?: string; after: string; facts: Fact[] }
  | { kind: 'round'; node: string; line: number; before: string; after: string; places: number }
  | { kind: 'score'; node: string; line: number; score: string; points?: string };

// ── results ─────────────────────────────────────────────────────────────────

export interface NodeResult {
  id: string;
  number: string;
  label: string;
  title?: string;
  line: number;
  points?: string;
  /** Exact decimal text; empty when the item was not scored (under an item replaced by 本项得…). */
  score: string;
  notScored?: boolean;
  outsideTotal?: boolean;
  children?: NodeResult[];
}

export interface ObjectResult {
  name: string;
  /** Σ of top-level items, including bonuses outside the total. */
  total: string;
  /** Without bonuses marked 不计入总分 (R4), when there are any. */
  base?: string;
  bonus?: string;
  rank: number;
  grade?: string;
  vetoed: boolean;
  vetoReasons: { line: number; text: string }[];
  /** Why the grade differs from the band of the total: quota, veto. */
  gradeNote?: string;
  titles: string[];
  nodes: NodeResult[];
  trace: TraceEntry[];
}

export interface DataIssue {
  kind: 'outside-period' | 'unknown-kind' | 'unknown-object' | 'no-object';
  count: number;
  message: string;
  examples: SourceRef[];
}

export interface RunResult {
  rubric: string;
  total?: string;
  period?: { from: string; to: string };
  objects: ObjectResult[];
  /** Events that were read but not counted, by reason: nothing is dropped silently. */
  issues: DataIssue[];
  /** 结果运用 (R38): adjustment per group value, e.g. per 主管部门. */
  resultUse?: { by: string; adjustments: { group: string; delta: string; from: string[] }[] };
  /** Ties at a quota or title boundary that admitted more than the count. */
  notes: string[];
}
