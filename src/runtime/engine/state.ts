/**
 * What the engine keeps per object while scoring: its counters' place, the events kept for later
 * folding, 同一事项 bests, and the memos of items, clauses, computed values and scopes.
 */
import type { AssumedInput, ObjectData, TraceEntry } from '../model.js';
import type { Rational } from '../rational.js';
import type { ClauseAcc, MatterPart, MatterRecords } from './accumulate.js';
import type { ObjectScope } from './scope.js';
import type { ChargedEvent } from './events.js';
import type { Value } from './ops.js';
import type { Plan } from './plan.js';

export interface NodeTrace {
  open: TraceEntry[];
  close: TraceEntry[];
}

export interface PoolNet {
  deduct: Rational;
  add: Rational;
  get: Rational;
}

export class ObjectState {
  readonly computed = new Map<string, Value>();
  /** By node index (allocated at full size when the object is first scored). */
  base: (Rational | undefined)[] = NONE;
  score: (Rational | undefined)[] = NONE;
  pools: (PoolNet | undefined)[] = NONE;
  trace: (NodeTrace | undefined)[] = NONE;
  busy: (boolean | undefined)[] = NONE;
  /** By clause index. */
  readonly accs: (ClauseAcc | undefined)[] = [];
  clauseMemo: (Rational | undefined)[] = NONE;
  /**
   * Counts, filtered counts and constant-rate rule counters (plan.numbers), whole: at `off` in
   * one array shared by all objects (one memory access per event instead of three).
   */
  readonly num: Float64Array;
  readonly off: number;
  /** The exact rest of a slot when a weight was not a small whole number. */
  frac: Map<number, Rational> | undefined;
  /** Events kept for rules (by clause index) and filtered counts (by expression index) that are folded at the end. */
  deferred: Map<number, ChargedEvent[]> | undefined;
  deferredCounts: Map<number, ChargedEvent[]> | undefined;
  /** 同一事项取最高: per item (owner index) the best occurrence of each 事项 (by text; when tracing, by 事项 id). */
  readonly matterBest: (Map<string, MatterPart> | undefined)[] = [];
  readonly matterBestById: ((MatterPart | undefined)[] | undefined)[] = [];
  readonly matterDone: (boolean | undefined)[] = [];
  /** When tracing: each rule's occurrences with a 事项 (by clause index), and the 事项 texts. */
  readonly matterRecs: (MatterRecords | undefined)[] = [];
  matterIds: Map<string, number> | undefined;
  matterNames: string[] | undefined;
  /** Scopes by node index (the last: no node). */
  scopes: (ObjectScope | undefined)[] = NONE;
  /** The text of each node's score, with the score it was made from. */
  scoreText: (string | undefined)[] = NONE;
  scoreTextOf: (Rational | undefined)[] = NONE;
  inProgressComputed: Set<string> | undefined;
  /** When tracing: per computed value, the inputs it used at their 缺失时 value. */
  computedDefaults: Map<string, AssumedInput[]> | undefined;
  /** The per-node and per-clause arrays have been allocated. */
  ready = false;
  constructor(
    readonly data: ObjectData,
    readonly index: number,
    numbers: Float64Array,
    size: number,
  ) {
    this.num = numbers;
    this.off = index * size;
  }
  get name(): string {
    return this.data.name;
  }
  /** Allocates the arrays scoring fills, at their full size (they would otherwise grow one by one). */
  prepare(plan: Plan, tracing: boolean): void {
    const n = plan.nodes.length;
    this.base = new Array(n);
    this.score = new Array(n);
    this.pools = new Array(n);
    this.busy = new Array(n);
    this.scopes = new Array(n + 1);
    this.clauseMemo = new Array(plan.clauses.length);
    if (tracing) {
      this.trace = new Array(n);
      this.scoreText = new Array(n);
      this.scoreTextOf = new Array(n);
    }
    this.ready = true;
  }
}

/** Placeholder until ObjectState.prepare. */
const NONE: never[] = [];
Object.freeze(NONE);
