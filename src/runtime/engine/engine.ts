/**
 * The engine: runs a Program over a dataset. Evaluation is lazy and memoised per object, so
 * items, computed values and population values (全体平均, ranks) are computed once, in whatever
 * order their dependencies need, and a cycle is reported instead of looping. Every rule that
 * charges something, and every cap, floor, override and rounding, is written to the object's
 * trace, in document order — unless the caller asked for no traces (`trace: false`), in which
 * case nothing is recorded and every score and outcome is the same.
 *
 * What depends only on the Program (nodes and clauses by index, parsed constants, per event kind
 * the plan of what an event does) is worked out once in plan.ts and shared by every run.
 */
import { EvaluationProblem, describeSource, type DataProblem } from '../errors.js';
import type { AssumedInput, EventData, Fact, ObjectData, Scalar, TraceEntry } from '../model.js';
import type { ClauseSpec, NodeSpec, Program } from '../program.js';
import { Rational } from '../rational.js';
import {
  addKept,
  addWeight,
  foldEvent,
  offerSlot,
  materialise,
  recordAmount,
  slotValue,
  smallInt,
  testAttr,
  type ClauseAcc,
  type MatterPart,
  type MatterRecords,
} from './accumulate.js';
import { evalClause } from './clauses.js';
import { foldLayout, type CompiledFold, type FoldHost } from './compiled.js';
import { IssueLog, ISSUE, type ChargedEvent } from './events.js';
import { fmt, truthy, ZeroDivision, type Value } from './ops.js';
import { planOf, type ClauseInfo, type FactShape, type KindPlan, type NodeInfo, type Plan } from './plan.js';
import { addAssumed, FactRecorder, NO_FACTS } from './facts.js';
import { rankValues, type RankInput } from './rank.js';
import { ObjectScope } from './scope.js';
import { ObjectState, type NodeTrace, type PoolNet } from './state.js';

/** A compiled or interpreted expression: evaluated for one object, optionally at one event. */
export type ExprFn = (s: Scope, e?: ChargedEvent) => Value;

/** What expressions can ask of the object they are evaluated for. */
export interface Scope {
  readonly object: string;
  input(name: string): Value;
  param(name: string): Value;
  computed(name: string): Value;
  node(id: string): Rational;
  /** Σ 数量 × share of the object's events of a kind, or of those meeting filter (an expression index). */
  count(event: string, filter?: number): Rational;
  attr(e: ChargedEvent | undefined, name: string): Value;
  pop(key: number, fn: 'avg' | 'sum' | 'max' | 'min', arg: ExprFn, filter?: ExprFn): Rational;
  selfScore(): Rational;
  selfPoints(): Rational;
  total(): Rational;
}

export interface EngineOptions {
  /** false: no traces (every ObjectResult.trace is empty); scores and outcomes are the same. Default true. */
  trace?: boolean;
}

/** The net of an item that deducts, adds and gets nothing (shared; never changed). */
const ZERO_NET: PoolNet = Object.freeze({ deduct: Rational.ZERO, add: Rational.ZERO, get: Rational.ZERO });

const POP_WORD = { avg: '全体平均', sum: '全体合计', max: '全体最高', min: '全体最低' } as const;

export class Engine implements FoldHost {
  readonly plan: Plan;
  readonly objects: ObjectState[];
  readonly byName = new Map<string, ObjectState>();
  /** Problems met while folding events; reported with the scoring problems. */
  readonly problems: DataProblem[] = [];
  readonly tracing: boolean;
  /** Sequence number of the current (event, object): orders a rule's groups by first occurrence. */
  seq = 0;
  private issueLog = new IssueLog();
  private popMemo: (Map<number, Rational> | undefined)[] = [];
  readonly rankMemo = new Map<string, RankEntry[]>();
  private recorder: FactRecorder | undefined;
  /** While a computed value is evaluated (when tracing): the inputs it used at their 缺失时 value. */
  private defaulted: AssumedInput[] | undefined;
  private suspend = 0;
  private recStack: (FactRecorder | undefined)[] = [];
  private recPool: FactRecorder[] = [];
  private suspStack: number[] = [];
  private evScope: ObjectScope;
  private ce: ChargedEvent = { data: undefined as unknown as EventData, share: Rational.ONE };
  private outsideMessage: string | undefined;
  /** All objects' counters (ObjectState.num). */
  readonly num: Float64Array;
  /** The generated module's own folding, when it was made for this plan. */
  private compiled: CompiledFold | undefined;

  constructor(
    readonly program: Program,
    readonly E: ReadonlyArray<ExprFn>,
    objects: ObjectData[],
    readonly params_: Record<string, Scalar | undefined>,
    options: EngineOptions = {},
    compiled?: CompiledFold,
  ) {
    this.plan = planOf(program);
    this.tracing = options.trace !== false;
    const size = this.plan.numbers;
    const numbers = (this.num = new Float64Array(objects.length * size));
    this.objects = objects.map((o, i) => new ObjectState(o, i, numbers, size));
    if (compiled && compiled.layout === foldLayout(this.plan)) this.compiled = compiled;
    for (const o of this.objects) this.byName.set(o.name, o);
    this.evScope = new ObjectScope(this, this.objects[0]!, undefined);
    if (program.period) this.outsideMessage = ISSUE.outsidePeriod(program.period);
  }

  /** Fold one event into the accumulators of the objects it counts for. */
  addEvent(ev: EventData): void {
    const c = this.compiled;
    if (c !== undefined && c.fold(this, ev)) return;
    const k = this.plan.kinds.get(ev.kind);
    if (!k) {
      this.issueLog.add('unknown-kind', ISSUE.unknownKind, ev.source);
      return;
    }
    const period = this.program.period;
    if (period && ev.date && (ev.date < period.from || ev.date > period.to)) {
      this.issueLog.add('outside-period', this.outsideMessage!, ev.source);
      return;
    }
    if (!k.charge.length) {
      const who = ev.object;
      if (!who) {
        this.issueLog.add('no-object', ISSUE.noObject, ev.source);
        return;
      }
      const o = this.byName.get(who);
      if (!o) {
        this.issueLog.add('unknown-object', ISSUE.unknownObject, ev.source);
        return;
      }
      this.charge(k, ev, o, Rational.ONE);
      return;
    }
    // 计入 attributes: each object once, at its largest share.
    const targets = new Map<string, Rational>();
    for (const c of k.charge) {
      const who = ev.attrs[c.attr];
      if (typeof who === 'string' && who !== '') {
        const prev = targets.get(who);
        if (!prev || c.share.gt(prev)) targets.set(who, c.share);
      }
    }
    if (!targets.size) {
      this.issueLog.add('no-object', ISSUE.noObject, ev.source);
      return;
    }
    const out: [ObjectState, Rational][] = [];
    for (const [who, share] of targets) {
      const o = this.byName.get(who);
      if (o) out.push([o, share]);
      else this.issueLog.add('unknown-object', ISSUE.unknownObject, ev.source);
    }
    for (const [o, share] of out) this.charge(k, ev, o, share);
  }

  private charge(k: KindPlan, ev: EventData, o: ObjectState, share: Rational): void {
    this.seq++;
    const count = ev.count ?? Rational.ONE;
    const wr = share === Rational.ONE ? count : count.mul(share);
    const wi = smallInt(wr);
    if (k.countSlot >= 0) addWeight(o, k.countSlot, wi, wr);
    const filters = k.filters;
    const clauses = k.clauses;
    if (!filters.length && !clauses.length) return;
    const e = this.ce;
    e.data = ev;
    e.share = share;
    try {
      for (let i = 0; i < filters.length; i++) {
        const f = filters[i]!;
        if (f.deferred) {
          const m = (o.deferredCounts ??= new Map());
          let list = m.get(f.expr);
          if (!list) m.set(f.expr, (list = []));
          list.push({ data: ev, share });
          continue;
        }
        const t = f.test ? testAttr(f.test, e) : undefined;
        if (t === undefined ? truthy(this.E[f.expr]!(this.eventScope(o, undefined), e)) : t) addWeight(o, f.slot, wi, wr);
      }
      for (let i = 0; i < clauses.length; i++) {
        const p = clauses[i]!;
        if (p.deferred) {
          const m = (o.deferred ??= new Map());
          let list = m.get(p.clause.index);
          if (!list) m.set(p.clause.index, (list = []));
          list.push({ data: ev, share });
        } else {
          foldEvent(this, o, p, e, wi, wr, this.eventScope(o, p.node));
        }
      }
    } catch (err) {
      if (err instanceof EvaluationProblem) this.problems.push(err.problem);
      else if (err instanceof ZeroDivision)
        this.problems.push({ code: 'D1003', message: `${o.name}：事件${describeSource(ev.source)}：计算中出现除数为零`, object: o.name });
      else throw err;
    }
  }

  issues() {
    return this.issueLog.report();
  }

  unit(name: string | undefined): number {
    if (!name) return -1;
    const o = this.byName.get(name);
    return o === undefined ? -1 : o.index;
  }

  offer(unit: number, clause: number, slot: number, matter: string): void {
    offerSlot(this, this.objects[unit]!, this.plan.clauses[clause]!.fold!, matter, slot);
  }

  /** The scope per-event expressions are evaluated in while events arrive (one, reused). */
  eventScope(o: ObjectState, node: NodeSpec | undefined): ObjectScope {
    const s = this.evScope;
    s.o = o;
    s.at = node;
    return s;
  }

  scope(o: ObjectState, node?: NodeSpec): Scope {
    if (!o.ready) o.prepare(this.plan, this.tracing);
    const i = node ? this.plan.nodeById.get(node.id)!.index : this.plan.nodes.length;
    let s = o.scopes[i];
    if (!s) o.scopes[i] = s = new ObjectScope(this, o, node);
    return s;
  }

  scopeAt(o: ObjectState, n: NodeInfo): ObjectScope {
    if (!o.ready) o.prepare(this.plan, this.tracing);
    let s = o.scopes[n.index];
    if (!s) o.scopes[n.index] = s = new ObjectScope(this, o, n.spec);
    return s;
  }

  itemName(node: NodeSpec | undefined): string {
    if (!node) return '';
    return this.plan.nodeById.get(node.id)!.name;
  }

  problem(o: ObjectState, node: NodeSpec | undefined, code: string, message: string, extra: Partial<DataProblem> = {}): EvaluationProblem {
    return new EvaluationProblem({
      code,
      message: `${o.name}：${node ? `${this.itemName(node)}：` : ''}${message}`,
      object: o.name,
      ...(node ? { item: node.id } : {}),
      ...extra,
    });
  }

  private zero(o: ObjectState, node: NodeSpec | undefined, e: unknown, what = '计算'): unknown {
    if (e instanceof ZeroDivision) return this.problem(o, node, 'D1003', `${what}中出现除数为零`);
    return e;
  }

  // ── facts ──

  /**
   * Starts recording the facts a rule reads (when tracing): values read while it lasts, outside
   * another value's computation, become the rule's facts. End with endRecording (or
   * abortRecording on an exception).
   */
  beginRecording(): void {
    this.recStack.push(this.recorder);
    this.suspStack.push(this.suspend);
    // One recorder per nesting depth, reused: a rule's recording ends before the next begins.
    const depth = this.recStack.length - 1;
    let rec = this.recPool[depth];
    if (!rec) this.recPool[depth] = rec = new FactRecorder();
    rec.n = 0;
    this.recorder = rec;
    this.suspend = 0;
  }

  endRecording(): Fact[] {
    const rec = this.recorder!;
    this.recorder = this.recStack.pop();
    this.suspend = this.suspStack.pop()!;
    return rec.facts();
  }

  abortRecording(): void {
    this.recorder = this.recStack.pop();
    this.suspend = this.suspStack.pop()!;
  }

  /** Evaluate with a fresh recorder; returns the value and the facts it read. */
  recording<T>(f: () => T): { value: T; facts: Fact[] } {
    if (!this.tracing) return { value: f(), facts: NO_FACTS };
    this.beginRecording();
    let value: T;
    try {
      value = f();
    } catch (e) {
      this.abortRecording();
      throw e;
    }
    return { value, facts: this.endRecording() };
  }

  /** The facts read by the last recordCondition / recordValue (when tracing). */
  lastFacts: Fact[] = NO_FACTS;

  /** Evaluates a condition, recording its facts into lastFacts when tracing. */
  private recordCondition(o: ObjectState, node: NodeSpec | undefined, expr: number, s: Scope, guarded: boolean): boolean {
    if (!this.tracing) {
      try {
        return truthy(this.E[expr]!(s));
      } catch (e) {
        throw guarded ? this.zero(o, node, e) : e;
      }
    }
    this.beginRecording();
    let v: boolean;
    try {
      v = truthy(this.E[expr]!(s));
    } catch (e) {
      this.abortRecording();
      throw guarded ? this.zero(o, node, e) : e;
    }
    this.lastFacts = this.endRecording();
    return v;
  }

  /** Evaluates an expression (ZeroDivision becomes a problem), recording its facts into lastFacts when tracing. */
  private recordValue(o: ObjectState, node: NodeSpec, expr: number, s: Scope): Value {
    if (!this.tracing) {
      try {
        return this.E[expr]!(s);
      } catch (e) {
        throw this.zero(o, node, e);
      }
    }
    this.beginRecording();
    let v: Value;
    try {
      v = this.E[expr]!(s);
    } catch (e) {
      this.abortRecording();
      throw this.zero(o, node, e);
    }
    this.lastFacts = this.endRecording();
    return v;
  }

  record(f: Fact): void {
    if (this.recorder && this.suspend === 0)
      this.recorder.add({ name: f.name, ...(f.unit !== undefined ? { unit: f.unit } : {}), ...(f.percent ? { percent: true } : {}) }, f.value);
  }

  /** Records a value a rule read (when tracing and not inside another value's computation). */
  note(shape: FactShape, value: Value, assumed?: string, defaults?: AssumedInput[]): void {
    if (this.recorder && this.suspend === 0) this.recorder.add(shape, value, assumed, defaults);
  }

  /** Values read while computing another value are not facts of the rule itself. */
  quiet<T>(f: () => T): T {
    this.suspend++;
    try {
      return f();
    } finally {
      this.suspend--;
    }
  }

  // ── values ──

  input(o: ObjectState, name: string, node: NodeSpec | undefined, param: boolean): Value {
    const v = param ? this.params_[name] : o.data.values[name];
    if (v !== undefined) {
      if (this.recorder && this.suspend === 0) this.recorder.add((param ? this.plan.params : this.plan.inputs).get(name)?.shape ?? { name }, v);
      return v;
    }
    const info = (param ? this.plan.params : this.plan.inputs).get(name);
    const spec = info?.spec;
    if (spec?.missing !== undefined) {
      const how = spec.missingText ?? '按缺省值';
      // Inside a computed value: this input is one it was computed from at a 缺失时 value, and so
      // is any input the 缺失时 value is computed from (listed after it).
      const outer = this.defaulted;
      if (outer) addAssumed(outer, [{ name, assumed: how }]);
      const mine: AssumedInput[] | undefined = this.tracing ? [] : undefined;
      this.defaulted = mine;
      this.suspend++;
      let d: Value;
      try {
        d = this.E[spec.missing]!(this.scope(o, node));
      } finally {
        this.suspend--;
        this.defaulted = outer;
      }
      if (mine?.length && outer) addAssumed(outer, mine);
      if (this.recorder && this.suspend === 0) this.recorder.add(info!.shape, d, how, mine?.length ? mine : undefined);
      return d;
    }
    const what = param ? '参数' : '输入';
    const where = param ? '' : describeSource(o.data.source);
    throw this.problem(o, node, 'D1001', `需要${what}【${name}】，但数据中未提供${where ? `（${where}）` : ''}`, {
      ...(o.data.source ? { source: o.data.source } : {}),
    });
  }

  computed(o: ObjectState, name: string, node: NodeSpec | undefined): Value {
    let v = o.computed.get(name);
    const info = this.plan.computed.get(name);
    if (v === undefined) {
      const busy = (o.inProgressComputed ??= new Set());
      if (busy.has(name)) throw this.problem(o, node, 'D1005', `计算值【${name}】循环依赖自身`);
      busy.add(name);
      this.suspend++;
      const outer = this.defaulted;
      const mine: AssumedInput[] | undefined = this.tracing ? [] : undefined;
      this.defaulted = mine;
      try {
        v = this.E[info!.expr]!(this.scope(o, node));
      } catch (e) {
        throw this.zero(o, node, e);
      } finally {
        this.suspend--;
        busy.delete(name);
        this.defaulted = outer;
      }
      o.computed.set(name, v);
      if (mine?.length) (o.computedDefaults ??= new Map()).set(name, mine);
    }
    // A value computed from defaults says so, and so does every value computed from it.
    const used = o.computedDefaults?.get(name);
    const into = this.defaulted;
    if (used && into) addAssumed(into, used);
    if (this.recorder && this.suspend === 0) this.recorder.add(info ? info.shape : { name }, v, undefined, used);
    return v;
  }

  count(o: ObjectState, event: string, filter: number | undefined): Rational {
    let c: Rational;
    if (filter !== undefined) {
      this.settleCount(o, filter);
      const slot = this.plan.filterSlots.get(filter);
      c = slot === undefined ? Rational.ZERO : slotValue(o, slot);
    } else {
      const k = this.plan.kinds.get(event);
      c = k && k.countSlot >= 0 ? slotValue(o, k.countSlot) : Rational.ZERO;
    }
    if (this.recorder && this.suspend === 0) this.recorder.add(this.plan.kindShapes.get(event) ?? { name: event }, c.toString());
    return c;
  }

  pop(o: ObjectState, key: number, fn: 'avg' | 'sum' | 'max' | 'min', arg: ExprFn, filter: ExprFn | undefined, node: NodeSpec | undefined): Rational {
    const ni = node ? this.plan.nodeById.get(node.id)!.index : -1;
    const memo = (this.popMemo[key] ??= new Map());
    let v = memo.get(ni);
    if (v === undefined) {
      const values: Rational[] = [];
      this.suspend++;
      // Other objects' missing inputs are not this object's.
      const outer = this.defaulted;
      this.defaulted = undefined;
      try {
        for (const other of this.objects) {
          const s = this.scope(other, node);
          let x: Value | undefined;
          try {
            x = filter && !truthy(filter(s)) ? undefined : arg(s);
          } catch (e) {
            throw this.zero(other, node, e, '全体统计');
          }
          if (x === undefined) continue;
          if (!(x instanceof Rational)) throw this.problem(o, node, 'D1006', '全体统计的值不是数值');
          values.push(x);
        }
      } finally {
        this.suspend--;
        this.defaulted = outer;
      }
      if (!values.length) throw this.problem(o, node, 'D1004', '全体统计没有符合条件的对象，无法计算');
      v =
        fn === 'sum'
          ? Rational.sum(values)
          : fn === 'avg'
            ? Rational.sum(values).div(Rational.of(values.length))
            : fn === 'max'
              ? Rational.max(...values)
              : Rational.min(...values);
      memo.set(ni, v);
    }
    if (this.recorder && this.suspend === 0) this.recorder.add({ name: POP_WORD[fn] }, v.toString());
    return v;
  }

  // ── items ──

  private traceAt(o: ObjectState, n: NodeInfo): NodeTrace {
    if (!o.ready) o.prepare(this.plan, this.tracing);
    let t = o.trace[n.index];
    if (!t) o.trace[n.index] = t = { open: [], close: [] };
    return t;
  }

  /** Fold the events kept for a filtered count, now that all events are in. */
  settleCount(o: ObjectState, filter: number): void {
    const list = o.deferredCounts?.get(filter);
    if (!list) return;
    o.deferredCounts!.delete(filter);
    const s = this.scope(o);
    const slot = this.plan.filterSlots.get(filter)!;
    let c = slotValue(o, slot);
    for (const e of list) {
      this.suspend++;
      let yes: boolean;
      try {
        yes = truthy(this.E[filter]!(s, e));
      } finally {
        this.suspend--;
      }
      if (yes) c = c.add((e.data.count ?? Rational.ONE).mul(e.share));
    }
    o.num[o.off + slot] = 0;
    (o.frac ??= new Map()).set(slot, c);
  }

  /** Make a rule's groups ready, now that all events are in: fold the events kept for it, or read its counters. */
  settleClause(o: ObjectState, c: ClauseInfo): void {
    const p = c.fold;
    if (!p) return;
    if (p.fast) {
      if (!o.accs[c.index]) materialise(o, p, this.tracing);
      return;
    }
    const list = o.deferred?.get(c.index);
    if (!list) return;
    o.deferred!.delete(c.index);
    for (const e of list) {
      const count = e.data.count ?? Rational.ONE;
      const wr = e.share === Rational.ONE ? count : count.mul(e.share);
      this.suspend++;
      try {
        foldEvent(this, o, p, e, smallInt(wr), wr, this.scope(o, p.node) as ObjectScope);
      } finally {
        this.suspend--;
      }
    }
  }

  private settleGuarded(o: ObjectState, c: ClauseInfo, node: NodeSpec): void {
    try {
      this.settleClause(o, c);
    } catch (e) {
      throw this.zero(o, node, e);
    }
  }

  /** An item's score before 本项得… overrides: what 本项得分 means. */
  baseScore(o: ObjectState, node: NodeSpec): Rational {
    return this.baseAt(o, this.plan.nodeById.get(node.id)!);
  }

  baseAt(o: ObjectState, n: NodeInfo): Rational {
    if (!o.ready) o.prepare(this.plan, this.tracing);
    const memo = o.base[n.index];
    if (memo) return memo;
    if (o.busy[n.index]) throw this.problem(o, n.spec, 'D1005', '项目得分循环依赖自身');
    o.busy[n.index] = true;
    try {
      if (n.spec.sameMatterMax) this.planSameMatter(o, n);
      let base: Rational;
      if (n.spec.composite) {
        base = Rational.ZERO;
        for (const c of n.children) base = base.add(this.scoreAt(o, c));
      } else {
        base = this.poolScore(o, n);
      }
      o.base[n.index] = base;
      return base;
    } finally {
      o.busy[n.index] = false;
    }
  }

  score(o: ObjectState, node: NodeSpec): Rational {
    return this.scoreAt(o, this.plan.nodeById.get(node.id)!);
  }

  scoreAt(o: ObjectState, n: NodeInfo): Rational {
    if (!o.ready) o.prepare(this.plan, this.tracing);
    const memo = o.score[n.index];
    if (memo) return memo;
    const node = n.spec;
    const s = this.scopeAt(o, n);
    // 本项得…: decided first, so an item that is replaced does not demand the inputs it would
    // otherwise need; its own score is computed only if the replacement asks for 本项得分.
    let score: Rational | undefined;
    for (const ov of node.overrides) {
      let holds = true;
      let condFacts = NO_FACTS;
      if (ov.when !== undefined) {
        holds = this.recordCondition(o, node, ov.when, s, true);
        condFacts = this.lastFacts;
      }
      if (!holds) continue;
      const after = this.recordValue(o, node, ov.value, s) as Rational;
      const facts = this.lastFacts;
      if (this.tracing) {
        const before = o.base[n.index];
        this.traceAt(o, n).close.push({
          kind: 'override',
          node: node.id,
          line: ov.line,
          text: ov.text,
          ...(before ? { before: before.toString() } : {}),
          after: after.toString(),
          facts: [...condFacts, ...facts],
        });
      }
      score = after;
      break;
    }
    score ??= this.baseAt(o, n);
    if (node.round) {
      const r = score.round(node.round.places, node.round.mode);
      if (this.tracing && !r.eq(score))
        this.traceAt(o, n).close.push({
          kind: 'round',
          node: node.id,
          line: node.line,
          before: score.toString(),
          after: r.toString(),
          places: node.round.places,
        });
      score = r;
    }
    if (this.tracing && !n.poolChild) {
      const text = this.textOf(o, n, score);
      this.traceAt(o, n).close.push(
        node.points
          ? { kind: 'score', node: node.id, line: node.line, score: text, points: node.points }
          : { kind: 'score', node: node.id, line: node.line, score: text },
      );
    }
    o.score[n.index] = score;
    return score;
  }

  /** A node's score as text (made once per score). */
  textOf(o: ObjectState, n: NodeInfo, v: Rational): string {
    if (!this.tracing) return v.toString();
    if (!o.ready) o.prepare(this.plan, this.tracing);
    if (o.scoreTextOf[n.index] === v) return o.scoreText[n.index]!;
    const t = v.toString();
    o.scoreTextOf[n.index] = v;
    o.scoreText[n.index] = t;
    return t;
  }

  isPoolChild(node: NodeSpec): boolean {
    return this.plan.nodeById.get(node.id)!.poolChild;
  }

  private poolScore(o: ObjectState, n: NodeInfo): Rational {
    const node = n.spec;
    const points = n.points;
    if (node.mode === 'check') {
      let met: boolean;
      if (node.criterion === 'checklist' || node.criterion === undefined) {
        const answer = o.data.checklist?.[node.id] ?? o.data.checklist?.[node.number];
        if (answer === undefined) throw this.problem(o, node, 'D1001', '数据中没有本项的达标情况');
        met = answer;
        if (this.tracing) this.traceAt(o, n).open.push({ kind: 'criterion', node: node.id, line: node.line, met, facts: [], checklist: true });
      } else {
        met = this.recordCondition(o, node, node.criterion, this.scopeAt(o, n), false);
        if (this.tracing) this.traceAt(o, n).open.push({ kind: 'criterion', node: node.id, line: node.line, met, facts: this.lastFacts });
      }
      return met && points ? points : Rational.ZERO;
    }
    const net = this.poolNet(o, n);
    switch (node.mode) {
      case 'deduct': {
        const start = points ?? Rational.ZERO;
        let score = start.sub(net.deduct);
        const floor = n.floor ?? Rational.ZERO;
        if (score.lt(floor)) {
          if (this.tracing) {
            const f = floor.toString();
            this.traceAt(o, n).close.push({ kind: 'floor', node: node.id, line: node.line, before: score.toString(), after: f, limit: f });
          }
          score = floor;
        }
        return score;
      }
      case 'add': {
        let score = net.add;
        if (points && score.gt(points) && !n.capAddWithinPoints) {
          if (this.tracing) {
            const p = points.toString();
            this.traceAt(o, n).close.push({
              kind: 'cap',
              node: node.id,
              line: node.line,
              word: '满分',
              before: score.toString(),
              after: p,
              limit: p,
              scope: 'item',
            });
          }
          score = points;
        }
        return this.floored(o, n, score);
      }
      case 'points':
        return this.floored(o, n, net.add.sub(net.deduct).add(net.get));
      default:
        return this.floored(o, n, net.get.add(net.add).sub(net.deduct));
    }
  }

  /** 最低N分 holds in every mode (扣分制 applies its floor, 0 by default, itself). */
  private floored(o: ObjectState, n: NodeInfo, score: Rational): Rational {
    const floor = n.floor;
    if (floor === undefined) return score;
    if (!score.lt(floor)) return score;
    if (this.tracing) {
      const f = floor.toString();
      this.traceAt(o, n).close.push({ kind: 'floor', node: n.spec.id, line: n.spec.line, before: score.toString(), after: f, limit: f });
    }
    return floor;
  }

  /** Own rules and point-less children, after waivers and the item's caps. */
  poolNet(o: ObjectState, n: NodeInfo): PoolNet {
    if (!o.ready) o.prepare(this.plan, this.tracing);
    const memo = o.pools[n.index];
    if (memo) return memo;
    const node = n.spec;
    if (node.sameMatterMax) this.planSameMatter(o, n);
    const s = this.scopeAt(o, n);
    let deduct = Rational.ZERO;
    let add = Rational.ZERO;
    let get = Rational.ZERO;
    for (const alts of n.rules) {
      for (let i = 0; i < alts.length; i++) {
        const c = alts[i]!;
        let condFacts = NO_FACTS;
        if (c.spec.when !== undefined) {
          // The values the condition looked at are part of the rule's explanation.
          if (!this.recordCondition(o, node, c.spec.when, s, true)) continue;
          condFacts = this.lastFacts;
        }
        const amount = this.clause(o, c, alts.length > 1 ? i : undefined, condFacts);
        if (c.spec.sign === 'deduct') deduct = deduct.add(amount);
        else if (c.spec.sign === 'add') add = add.add(amount);
        else get = get.add(amount);
        break;
      }
    }
    for (const child of n.children) {
      const cn = this.poolNet(o, child);
      deduct = deduct.add(cn.deduct);
      add = add.add(cn.add);
      get = get.add(cn.get);
      o.score[child.index] = cn === ZERO_NET ? Rational.ZERO : cn.get.add(cn.add).sub(cn.deduct);
    }
    for (const w of node.waivers) {
      if (!this.recordCondition(o, node, w.when, s, false)) continue;
      if (this.tracing) this.traceAt(o, n).close.push({ kind: 'exempt', node: node.id, line: w.line, text: w.text, facts: this.lastFacts });
      if (w.sign === 'deduct') deduct = Rational.ZERO;
      else add = Rational.ZERO;
    }
    deduct = this.capItem(o, n, deduct, n.capDeduct, node.capDeduct, node.capWord ?? '限扣');
    add = this.capItem(o, n, add, n.capAdd, node.capAdd, node.capWord ?? '限加');
    // Most items of most objects score nothing: they share one net instead of one each.
    const Z = Rational.ZERO;
    const net = deduct === Z && add === Z && get === Z ? ZERO_NET : { deduct, add, get };
    o.pools[n.index] = net;
    return net;
  }

  /** 限扣/限加 on an item's total: the amount cut to the cap, and the cut in the trace. */
  private capItem(o: ObjectState, n: NodeInfo, amount: Rational, cap: Rational | undefined, capText: string | undefined, word: string): Rational {
    if (cap === undefined || !amount.gt(cap)) return amount;
    if (this.tracing)
      this.traceAt(o, n).close.push({
        kind: 'cap',
        node: n.spec.id,
        line: n.spec.line,
        word,
        before: amount.toString(),
        after: capText!,
        limit: capText!,
        scope: 'item',
      });
    return cap;
  }

  /** Turn a ZeroDivision inside a guard into a problem naming the object and item. */
  guard<T>(o: ObjectState, node: NodeSpec | undefined, f: () => T, what = '计算'): T {
    try {
      return f();
    } catch (e) {
      throw this.zero(o, node, e, what);
    }
  }

  /** A clause's amount (memoised), its trace entries added to its item's. */
  clause(o: ObjectState, c: ClauseInfo, alternative: number | undefined, condFacts: Fact[] = NO_FACTS): Rational {
    if (!o.ready) o.prepare(this.plan, this.tracing);
    const memo = o.clauseMemo[c.index];
    if (memo) return memo;
    const node = c.node.spec;
    if (c.matterOwner) this.planSameMatter(o, c.matterOwner);
    if (c.fold) this.settleGuarded(o, c, node);
    const entries: TraceEntry[] | undefined = this.tracing ? [] : undefined;
    let r: Rational;
    try {
      r = evalClause(this, o, c, alternative, condFacts, entries);
    } catch (e) {
      throw this.zero(o, node, e);
    }
    o.clauseMemo[c.index] = r;
    if (entries?.length) {
      const open = this.traceAt(o, c.node).open;
      for (const x of entries) open.push(x);
    }
    return r;
  }

  /**
   * 同一事项取最高 (R23): among the additions of this item and everything under it, occurrences
   * that share a 事项 count once, at the highest amount (the first in document order on a tie).
   * The kept occurrences join their rule's groups; the others are traced as dropped.
   */
  planSameMatter(o: ObjectState, owner: NodeInfo): void {
    const own = owner.owner!;
    if (o.matterDone[own.index]) return;
    o.matterDone[own.index] = true;
    for (const c of own.clauses) this.settleGuarded(o, c, c.node.spec);
    if (!this.tracing) {
      const best = o.matterBest[own.index];
      if (best) for (const part of best.values()) addKept(o, part, false);
      return;
    }
    const best = o.matterBestById[own.index];
    if (!best) return;
    const names = o.matterNames!;
    for (const c of own.clauses) {
      const recs = o.matterRecs[c.index];
      if (!recs) continue;
      const buf = recs.buf;
      let t: NodeTrace | undefined;
      for (let j = 0, r = 0; r < recs.len; j++, r += 2) {
        const matter = names[buf[r]!]!;
        const kept = best[buf[r]!]!;
        if (kept.clause === c.index && kept.rec === j) {
          addKept(o, kept, true);
          continue;
        }
        t ??= this.traceAt(o, c.node);
        t.open.push({
          kind: 'same-matter',
          node: c.node.spec.id,
          line: c.spec.line,
          matter,
          dropped: recordAmount(c.fold!, recs, buf[r + 1]!).toString(),
          kept: kept.amount.toString(),
        });
      }
    }
  }

  /** Ranks for a rank table, computed once per run: by object index. */
  ranks(f: RankForm, node: NodeSpec): RankEntry[] {
    let m = this.rankMemo.get(f.key);
    if (m) return m;
    // Other objects' missing inputs are not this object's.
    const outer = this.defaulted;
    this.defaulted = undefined;
    try {
      m = this.rankAll(f, node);
    } finally {
      this.defaulted = outer;
    }
    this.rankMemo.set(f.key, m);
    return m;
  }

  private rankAll(f: RankForm, node: NodeSpec): RankEntry[] {
    const { metric, order, group } = f;
    const tiebreak = f.tie.kind === 'by' ? f.tie : undefined;
    const m = new Array<RankEntry>(this.objects.length);
    const groups = new Map<string, ObjectState[]>();
    for (const o of this.objects) {
      const g = group ? fmt(this.quiet(() => this.input(o, group, node, false))) : '';
      let list = groups.get(g);
      if (!list) groups.set(g, (list = []));
      list.push(o);
    }
    const at = this.plan.nodeById.get(node.id)!;
    // When tracing: per object, the inputs its measure used at their 缺失时 value (for its trace).
    const defaults: (AssumedInput[] | undefined)[] = [];
    for (const members of groups.values()) {
      const items: RankInput<number>[] = new Array(members.length);
      this.suspend++;
      try {
        for (let i = 0; i < members.length; i++) {
          const o = members[i]!;
          const s = this.scopeAt(o, at);
          let value: Rational;
          const used: AssumedInput[] | undefined = this.tracing ? [] : undefined;
          this.defaulted = used;
          try {
            value = this.E[metric]!(s) as Rational;
          } catch (e) {
            throw this.zero(o, node, e);
          } finally {
            this.defaulted = undefined;
          }
          if (used?.length) defaults[o.index] = used;
          const tb = tiebreak ? (this.E[tiebreak.metric]!(s) as Rational) : undefined;
          const item: RankInput<number> = { key: o.index, name: o.name, value };
          if (tb) item.tiebreak = tb;
          items[i] = item;
        }
      } finally {
        this.suspend--;
      }
      // Only the ranks are kept, not the order: exact ties need not be ordered by name.
      for (const r of rankValues(items, order, tiebreak?.order, false)) {
        const e: RankEntry = { rank: r.rank, tied: r.tied, of: items.length, value: r.value };
        const d = defaults[r.key];
        if (d) e.defaults = d;
        m[r.key] = e;
      }
    }
    return m;
  }
}

/** A rank rule's form: the measure, order, group and tie rule of a ranking. */
type RankForm = Extract<ClauseSpec['form'], { kind: 'rank' }>;

export interface RankEntry {
  /** When tracing: the inputs the measure was computed from at their 缺失时 value. */
  defaults?: AssumedInput[];
  rank: number;
  tied: number;
  of: number;
  value: Rational;
}
