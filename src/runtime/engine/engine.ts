/**
 * The engine: runs a Program over a dataset. Evaluation is lazy and memoised per object, so
 * items, computed values and population values (全体平均, ranks) are computed once, in whatever
 * order their dependencies need, and a cycle is reported instead of looping. Every rule that
 * charges something, and every cap, floor, override and rounding, is written to the object's
 * trace, in document order.
 */
import { EvaluationProblem, describeSource, type DataProblem } from '../errors.js';
import type { EventData, Fact, ObjectData, Scalar, TraceEntry } from '../model.js';
import type { ClauseSpec, EventMultiplier, InputSpec, NodeSpec, Program } from '../program.js';
import { Rational } from '../rational.js';
import { foldEvent, foldPlan, streamable, type ClauseAcc, type MatterPart } from './accumulate.js';
import { evalClause, type ClauseResult } from './clauses.js';
import { EventRouter, type ChargedEvent } from './events.js';
import { fmt, truthy, ZeroDivision, type Value } from './ops.js';
import { rankValues } from './rank.js';

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

interface NodeTrace {
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
  readonly base = new Map<string, Rational>();
  readonly score = new Map<string, Rational>();
  readonly pools = new Map<string, PoolNet>();
  /** Per event kind: Σ 数量 × share. */
  readonly kindCounts = new Map<string, Rational>();
  /** Per filter expression: Σ 数量 × share of the events meeting it. */
  readonly filtered = new Map<number, Rational>();
  /** Per per-occurrence rule: its folded groups. */
  readonly accs = new Map<ClauseSpec, ClauseAcc>();
  /**
   * Events kept for rules whose per-event values need counts, item scores or population values:
   * folded on first use, once every event has been read. Only these rules' events are kept.
   */
  readonly deferred = new Map<ClauseSpec, { node: NodeSpec; keepMatters: boolean; events: ChargedEvent[] }>();
  readonly deferredCounts = new Map<number, ChargedEvent[]>();
  readonly clauseMemo = new Map<ClauseSpec, ClauseResult>();
  readonly matterDone = new Set<string>();
  readonly inProgress = new Set<string>();
  readonly trace = new Map<string, NodeTrace>();
  constructor(readonly data: ObjectData) {}
  get name(): string {
    return this.data.name;
  }
  traceOf(id: string): NodeTrace {
    let t = this.trace.get(id);
    if (!t) this.trace.set(id, (t = { open: [], close: [] }));
    return t;
  }
}

/** Collects the values a rule reads, for its trace entry. */
class FactRecorder {
  readonly facts: Fact[] = [];
  private seen = new Set<string>();
  add(f: Fact): void {
    if (this.seen.has(f.name)) return;
    this.seen.add(f.name);
    this.facts.push(f);
  }
}

export class Engine {
  readonly objects: ObjectState[];
  readonly byName = new Map<string, ObjectState>();
  readonly nodes = new Map<string, NodeSpec>();
  readonly inputs: Map<string, InputSpec>;
  readonly params: Map<string, InputSpec>;
  /** Expressions that are plain numbers, parsed once. */
  readonly constants = new Map<number, Rational>();
  readonly factors = new Map<EventMultiplier, Rational>();
  /** Per event kind, attribute defaults (缺失时) by attribute name: expression index. */
  readonly attrDefaults = new Map<string, Map<string, number>>();
  /** Problems met while folding events; reported with the scoring problems. */
  readonly problems: DataProblem[] = [];
  private router: EventRouter;
  private plan: Map<string, { clause: ClauseSpec; node: NodeSpec; keepMatters: boolean }[]>;
  private filters: Map<string, number[]>;
  private deferredClauses = new Set<ClauseSpec>();
  private deferredFilters = new Set<number>();
  /** The nearest ancestor with 同一事项取最高, for rules under one. */
  readonly matterOwner = new Map<ClauseSpec, NodeSpec>();
  private popMemo = new Map<string, Rational>();
  readonly rankMemo = new Map<string, Map<string, { rank: number; tied: number; of: number; value: Rational }>>();
  private recorder: FactRecorder | undefined;
  private suspend = 0;

  constructor(
    readonly program: Program,
    readonly E: ReadonlyArray<ExprFn>,
    objects: ObjectData[],
    readonly params_: Record<string, Scalar | undefined>,
  ) {
    this.objects = objects.map((o) => new ObjectState(o));
    for (const o of this.objects) this.byName.set(o.name, o);
    const walk = (n: NodeSpec, owner: NodeSpec | undefined) => {
      this.nodes.set(n.id, n);
      const own = n.sameMatterMax ? n : owner;
      for (const r of n.rules) for (const c of r.alternatives) if (own && c.form.kind === 'events') this.matterOwner.set(c, own);
      n.children.forEach((c) => walk(c, own));
    };
    program.nodes.forEach((n) => walk(n, undefined));
    this.inputs = new Map(program.inputs.map((i) => [i.name, i]));
    this.params = new Map(program.params.map((i) => [i.name, i]));
    program.exprs.forEach((e, i) => e.op === 'num' && this.constants.set(i, Rational.of(e.value)));
    for (const ev of program.events) {
      const m = new Map<string, number>();
      for (const a of ev.attrs) if (a.missing !== undefined) m.set(a.name, a.missing);
      if (m.size) this.attrDefaults.set(ev.name, m);
    }
    this.plan = foldPlan(program);
    this.filters = new Map();
    program.exprs.forEach((e) => {
      const visit = (x: typeof e): void => {
        if (x.op === 'count' && x.filter !== undefined) {
          let list = this.filters.get(x.event);
          if (!list) this.filters.set(x.event, (list = []));
          if (!list.includes(x.filter)) list.push(x.filter);
        }
        for (const v of Object.values(x)) {
          if (v && typeof v === 'object') (Array.isArray(v) ? v : [v]).forEach((y) => y && typeof y === 'object' && 'op' in y && visit(y));
        }
      };
      visit(e);
    });
    // Rules whose per-event values read counts, item scores or population values wait for all events.
    for (const list of this.plan.values()) {
      for (const { clause } of list) {
        const f = clause.form;
        if (f.kind !== 'events') continue;
        for (const m of f.multipliers) this.factors.set(m, Rational.of(m.factor));
        const idx = [f.filter, f.rate, ...f.tiers.flatMap((t) => [t.when, t.rate]), ...f.multipliers.map((m) => m.when)];
        if (idx.some((i) => i !== undefined && !streamable(program.exprs[i]!, program))) this.deferredClauses.add(clause);
      }
    }
    for (const list of this.filters.values()) for (const f of list) if (!streamable(program.exprs[f]!, program)) this.deferredFilters.add(f);
    this.router = new EventRouter(program, new Set(this.byName.keys()));
  }

  /** Fold one event into the accumulators of the objects it counts for. */
  addEvent(ev: EventData): void {
    const targets = this.router.route(ev);
    if (!targets.length) return;
    const count = ev.count ?? Rational.ONE;
    const clauses = this.plan.get(ev.kind);
    const filters = this.filters.get(ev.kind);
    for (const [who, share] of targets) {
      const o = this.byName.get(who)!;
      const e: ChargedEvent = { data: ev, share };
      const w = share === Rational.ONE ? count : count.mul(share);
      o.kindCounts.set(ev.kind, (o.kindCounts.get(ev.kind) ?? Rational.ZERO).add(w));
      try {
        if (filters) {
          const s = this.scope(o);
          for (const f of filters) {
            if (this.deferredFilters.has(f)) {
              let list = o.deferredCounts.get(f);
              if (!list) o.deferredCounts.set(f, (list = []));
              list.push(e);
            } else if (truthy(this.E[f]!(s, e))) o.filtered.set(f, (o.filtered.get(f) ?? Rational.ZERO).add(w));
          }
        }
        if (clauses) {
          for (const p of clauses) {
            if (this.deferredClauses.has(p.clause)) {
              let d = o.deferred.get(p.clause);
              if (!d) o.deferred.set(p.clause, (d = { node: p.node, keepMatters: p.keepMatters, events: [] }));
              d.events.push(e);
            } else {
              foldEvent(this, o, p.node, p.clause, e, p.keepMatters);
            }
          }
        }
      } catch (err) {
        if (err instanceof EvaluationProblem) this.problems.push(err.problem);
        else if (err instanceof ZeroDivision) this.problems.push({ code: 'D1003', message: `${o.name}：事件${describeSource(ev.source)}：计算中出现除数为零`, object: o.name });
        else throw err;
      }
    }
  }

  issues() {
    return this.router.report();
  }

  scope(o: ObjectState, node?: NodeSpec): Scope {
    return new ObjectScope(this, o, node);
  }

  itemName(node: NodeSpec | undefined): string {
    if (!node) return '';
    return `${node.label}${node.title ? `「${node.title}」` : ''}`;
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

  // ── facts ──

  /** Evaluate with a fresh recorder; returns the value and the facts it read. */
  recording<T>(f: () => T): { value: T; facts: Fact[] } {
    const prev = this.recorder;
    const rec = new FactRecorder();
    const prevSuspend = this.suspend;
    this.recorder = rec;
    this.suspend = 0;
    try {
      return { value: f(), facts: rec.facts };
    } finally {
      this.recorder = prev;
      this.suspend = prevSuspend;
    }
  }

  record(f: Fact): void {
    if (this.recorder && this.suspend === 0) this.recorder.add(f);
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
    const spec = (param ? this.params : this.inputs).get(name);
    const v = param ? this.params_[name] : o.data.values[name];
    const unit = spec?.type.percent ? undefined : spec?.type.unit;
    const shape = { ...(unit ? { unit } : {}), ...(spec?.type.percent ? { percent: true } : {}) };
    if (v !== undefined) {
      this.record({ name, value: fmt(v), ...shape });
      return v;
    }
    if (spec?.missing !== undefined) {
      const d = this.quiet(() => this.E[spec.missing!]!(this.scope(o, node)));
      this.record({ name, value: fmt(d), ...shape, assumed: spec.missingText ?? '按缺省值' });
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
    if (v === undefined) {
      const key = `computed:${name}`;
      if (o.inProgress.has(key)) throw this.problem(o, node, 'D1005', `计算值【${name}】循环依赖自身`);
      o.inProgress.add(key);
      const spec = this.program.computed.find((c) => c.name === name)!;
      try {
        v = this.quiet(() => this.guard(o, node, () => this.E[spec.expr]!(this.scope(o, node))));
      } finally {
        o.inProgress.delete(key);
      }
      o.computed.set(name, v);
    }
    const spec = this.program.computed.find((c) => c.name === name);
    const unit = spec?.type.percent ? undefined : spec?.type.unit;
    this.record({ name, value: fmt(v), ...(unit ? { unit } : {}), ...(spec?.type.percent ? { percent: true } : {}) });
    return v;
  }

  count(o: ObjectState, event: string, filter: number | undefined): Rational {
    if (filter !== undefined) this.settleCount(o, filter);
    const c = (filter === undefined ? o.kindCounts.get(event) : o.filtered.get(filter)) ?? Rational.ZERO;
    const unit = this.program.events.find((e) => e.name === event)?.unit;
    this.record({ name: event, value: c.toString(), ...(unit ? { unit } : {}) });
    return c;
  }

  pop(o: ObjectState, key: number, fn: 'avg' | 'sum' | 'max' | 'min', arg: ExprFn, filter: ExprFn | undefined, node: NodeSpec | undefined): Rational {
    const memoKey = `${key}@${node?.id ?? ''}`;
    let v = this.popMemo.get(memoKey);
    if (v === undefined) {
      const values: Rational[] = [];
      this.quiet(() => {
        for (const other of this.objects) {
          const s = this.scope(other, node);
          const x = this.guard(other, node, () => (filter && !truthy(filter(s)) ? undefined : arg(s)), '全体统计');
          if (x === undefined) continue;
          if (!(x instanceof Rational)) throw this.problem(o, node, 'D1006', '全体统计的值不是数值');
          values.push(x);
        }
      });
      if (!values.length) throw this.problem(o, node, 'D1004', '全体统计没有符合条件的对象，无法计算');
      v =
        fn === 'sum'
          ? Rational.sum(values)
          : fn === 'avg'
            ? Rational.sum(values).div(Rational.of(values.length))
            : fn === 'max'
              ? Rational.max(...values)
              : Rational.min(...values);
      this.popMemo.set(memoKey, v);
    }
    const word = { avg: '全体平均', sum: '全体合计', max: '全体最高', min: '全体最低' }[fn];
    this.record({ name: word, value: v.toString() });
    return v;
  }

  // ── items ──

  /** Fold the events kept for a filtered count, now that all events are in. */
  settleCount(o: ObjectState, filter: number): void {
    const list = o.deferredCounts.get(filter);
    if (!list) return;
    o.deferredCounts.delete(filter);
    const s = this.scope(o);
    let c = o.filtered.get(filter) ?? Rational.ZERO;
    for (const e of list) if (truthy(this.quiet(() => this.E[filter]!(s, e)))) c = c.add((e.data.count ?? Rational.ONE).mul(e.share));
    o.filtered.set(filter, c);
  }

  /** Fold the events kept for a rule, now that all events are in. */
  settleClause(o: ObjectState, c: ClauseSpec): void {
    const d = o.deferred.get(c);
    if (!d) return;
    o.deferred.delete(c);
    for (const e of d.events) this.quiet(() => foldEvent(this, o, d.node, c, e, d.keepMatters));
  }

  /** An item's score before 本项得… overrides: what 本项得分 means. */
  baseScore(o: ObjectState, node: NodeSpec): Rational {
    const memo = o.base.get(node.id);
    if (memo) return memo;
    const key = `node:${node.id}`;
    if (o.inProgress.has(key)) throw this.problem(o, node, 'D1005', '项目得分循环依赖自身');
    o.inProgress.add(key);
    try {
      if (node.sameMatterMax) this.planSameMatter(o, node);
      let base: Rational;
      if (node.composite) {
        base = Rational.ZERO;
        for (const c of node.children) base = base.add(this.score(o, c));
      } else {
        base = this.poolScore(o, node);
      }
      o.base.set(node.id, base);
      return base;
    } finally {
      o.inProgress.delete(key);
    }
  }

  score(o: ObjectState, node: NodeSpec): Rational {
    const memo = o.score.get(node.id);
    if (memo) return memo;
    const t = o.traceOf(node.id);
    const s = this.scope(o, node);
    // 本项得…: decided first, so an item that is replaced does not demand the inputs it would
    // otherwise need; its own score is computed only if the replacement asks for 本项得分.
    let score: Rational | undefined;
    for (const ov of node.overrides) {
      const r = this.recording(() => (ov.when === undefined ? true : truthy(this.guard(o, node, () => this.E[ov.when!]!(s)))));
      if (!r.value) continue;
      const v = this.recording(() => this.guard(o, node, () => this.E[ov.value]!(s)));
      const after = v.value as Rational;
      const before = o.base.get(node.id);
      t.close.push({
        kind: 'override',
        node: node.id,
        line: ov.line,
        text: ov.text,
        ...(before ? { before: before.toString() } : {}),
        after: after.toString(),
        facts: [...r.facts, ...v.facts],
      });
      score = after;
      break;
    }
    score ??= this.baseScore(o, node);
    if (node.round) {
      const r = score.round(node.round.places, node.round.mode);
      if (!r.eq(score)) t.close.push({ kind: 'round', node: node.id, line: node.line, before: score.toString(), after: r.toString(), places: node.round.places });
      score = r;
    }
    if (!this.isPoolChild(node)) t.close.push({ kind: 'score', node: node.id, line: node.line, score: score.toString(), ...(node.points ? { points: node.points } : {}) });
    o.score.set(node.id, score);
    return score;
  }

  private parentOf = new Map<string, NodeSpec>();
  isPoolChild(node: NodeSpec): boolean {
    if (!this.parentOf.size) {
      const walk = (n: NodeSpec) => n.children.forEach((c) => (this.parentOf.set(c.id, n), walk(c)));
      this.program.nodes.forEach(walk);
    }
    const p = this.parentOf.get(node.id);
    return p !== undefined && !p.composite;
  }

  private poolScore(o: ObjectState, node: NodeSpec): Rational {
    const t = o.traceOf(node.id);
    const s = this.scope(o, node);
    const points = node.points !== undefined ? Rational.of(node.points) : undefined;
    if (node.mode === 'check') {
      let met: boolean;
      if (node.criterion === 'checklist' || node.criterion === undefined) {
        const answer = o.data.checklist?.[node.id] ?? o.data.checklist?.[node.number];
        if (answer === undefined) throw this.problem(o, node, 'D1001', '数据中没有本项的达标情况');
        met = answer;
        t.open.push({ kind: 'criterion', node: node.id, line: node.line, met, facts: [], checklist: true });
      } else {
        const r = this.recording(() => truthy(this.E[node.criterion as number]!(s)));
        met = r.value;
        t.open.push({ kind: 'criterion', node: node.id, line: node.line, met, facts: r.facts });
      }
      return met && points ? points : Rational.ZERO;
    }
    const net = this.poolNet(o, node);
    switch (node.mode) {
      case 'deduct': {
        const start = points ?? Rational.ZERO;
        let score = start.sub(net.deduct);
        const floor = node.floor !== undefined ? Rational.of(node.floor) : Rational.ZERO;
        if (score.lt(floor)) {
          t.close.push({ kind: 'floor', node: node.id, line: node.line, before: score.toString(), after: floor.toString(), limit: floor.toString() });
          score = floor;
        }
        return score;
      }
      case 'add': {
        let score = net.add;
        if (points && score.gt(points) && !(node.capAdd && Rational.of(node.capAdd).le(points))) {
          t.close.push({ kind: 'cap', node: node.id, line: node.line, word: '满分', before: score.toString(), after: points.toString(), limit: points.toString(), scope: 'item' });
          score = points;
        }
        return this.floored(t, node, score);
      }
      case 'points':
        return this.floored(t, node, net.add.sub(net.deduct).add(net.get));
      default:
        return this.floored(t, node, net.get.add(net.add).sub(net.deduct));
    }
  }

  /** 最低N分 holds in every mode (扣分制 applies its floor, 0 by default, itself). */
  private floored(t: NodeTrace, node: NodeSpec, score: Rational): Rational {
    if (node.floor === undefined) return score;
    const floor = Rational.of(node.floor);
    if (!score.lt(floor)) return score;
    t.close.push({ kind: 'floor', node: node.id, line: node.line, before: score.toString(), after: floor.toString(), limit: floor.toString() });
    return floor;
  }

  /** Own rules and point-less children, after waivers and the item's caps. */
  poolNet(o: ObjectState, node: NodeSpec): PoolNet {
    const memo = o.pools.get(node.id);
    if (memo) return memo;
    if (node.sameMatterMax) this.planSameMatter(o, node);
    const t = o.traceOf(node.id);
    const s = this.scope(o, node);
    let deduct = Rational.ZERO;
    let add = Rational.ZERO;
    let get = Rational.ZERO;
    for (const rule of node.rules) {
      for (let i = 0; i < rule.alternatives.length; i++) {
        const c = rule.alternatives[i]!;
        let condFacts: Fact[] = [];
        if (c.when !== undefined) {
          // The values the condition looked at are part of the rule's explanation.
          const w = this.guard(o, node, () => this.recording(() => truthy(this.E[c.when!]!(s))));
          if (!w.value) continue;
          condFacts = w.facts;
        }
        const r = this.clause(o, node, c, rule.alternatives.length > 1 ? i : undefined, condFacts);
        if (c.sign === 'deduct') deduct = deduct.add(r.amount);
        else if (c.sign === 'add') add = add.add(r.amount);
        else get = get.add(r.amount);
        break;
      }
    }
    for (const child of node.children) {
      const cn = this.poolNet(o, child);
      deduct = deduct.add(cn.deduct);
      add = add.add(cn.add);
      get = get.add(cn.get);
      o.score.set(child.id, cn.get.add(cn.add).sub(cn.deduct));
    }
    for (const w of node.waivers) {
      const r = this.recording(() => truthy(this.E[w.when]!(s)));
      if (!r.value) continue;
      t.close.push({ kind: 'exempt', node: node.id, line: w.line, text: w.text, facts: r.facts });
      if (w.sign === 'deduct') deduct = Rational.ZERO;
      else add = Rational.ZERO;
    }
    if (node.capDeduct !== undefined && deduct.gt(Rational.of(node.capDeduct))) {
      t.close.push({ kind: 'cap', node: node.id, line: node.line, word: node.capWord ?? '限扣', before: deduct.toString(), after: node.capDeduct, limit: node.capDeduct, scope: 'item' });
      deduct = Rational.of(node.capDeduct);
    }
    if (node.capAdd !== undefined && add.gt(Rational.of(node.capAdd))) {
      t.close.push({ kind: 'cap', node: node.id, line: node.line, word: node.capWord ?? '限加', before: add.toString(), after: node.capAdd, limit: node.capAdd, scope: 'item' });
      add = Rational.of(node.capAdd);
    }
    const net = { deduct, add, get };
    o.pools.set(node.id, net);
    return net;
  }

  /** Turn a ZeroDivision inside a guard into a problem naming the object and item. */
  guard<T>(o: ObjectState, node: NodeSpec | undefined, f: () => T, what = '计算'): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof ZeroDivision) throw this.problem(o, node, 'D1003', `${what}中出现除数为零`);
      throw e;
    }
  }

  clause(o: ObjectState, node: NodeSpec, c: ClauseSpec, alternative: number | undefined, condFacts: Fact[] = []): ClauseResult {
    const memo = o.clauseMemo.get(c);
    if (memo) return memo;
    const owner = this.matterOwner.get(c);
    if (owner) this.planSameMatter(o, owner);
    this.guard(o, node, () => this.settleClause(o, c));
    const r = this.guard(o, node, () => evalClause(this, o, node, c, alternative, condFacts));
    o.clauseMemo.set(c, r);
    if (r.entries.length) o.traceOf(node.id).open.push(...r.entries);
    return r;
  }

  /**
   * 同一事项取最高 (R23): among the additions of this item and everything under it, occurrences
   * that share a 事项 count once, at the highest amount (the first in document order on a tie).
   * The kept occurrences join their rule's groups; the others are traced as dropped.
   */
  planSameMatter(o: ObjectState, node: NodeSpec): void {
    if (o.matterDone.has(node.id)) return;
    o.matterDone.add(node.id);
    const all: { part: MatterPart; clause: ClauseSpec; node: NodeSpec }[] = [];
    const visit = (n: NodeSpec) => {
      for (const rule of n.rules) {
        for (const c of rule.alternatives) {
          this.guard(o, n, () => this.settleClause(o, c));
          for (const part of o.accs.get(c)?.matters ?? []) all.push({ part, clause: c, node: n });
        }
      }
      n.children.forEach(visit);
    };
    visit(node);
    const best = new Map<string, MatterPart>();
    for (const { part } of all) {
      const b = best.get(part.matter);
      if (!b || part.amount.gt(b.amount)) best.set(part.matter, part);
    }
    for (const { part, clause, node: n } of all) {
      const kept = best.get(part.matter)!;
      if (kept !== part) {
        o.traceOf(n.id).open.push({ kind: 'same-matter', node: n.id, line: clause.line, matter: part.matter, dropped: part.amount.toString(), kept: kept.amount.toString() });
        continue;
      }
      const acc = o.accs.get(clause)!;
      let g = acc.groups.get(part.groupKey);
      if (!g) {
        g = {
          label: part.label,
          ...(part.rate ? { rate: part.rate } : {}),
          ...(part.multiplier ? { multiplier: part.multiplier } : {}),
          ...(part.quarter ? { quarter: part.quarter } : {}),
          count: Rational.ZERO,
          amount: Rational.ZERO,
        };
        acc.groups.set(part.groupKey, g);
      }
      g.count = g.count.add(part.count);
      g.amount = g.amount.add(part.amount);
    }
  }

  /** Ranks for a rank table, computed once per run. */
  ranks(key: string, metric: number, order: 'desc' | 'asc', group: string | undefined, tiebreak: { metric: number; order: 'desc' | 'asc' } | undefined, node: NodeSpec) {
    let m = this.rankMemo.get(key);
    if (m) return m;
    m = new Map();
    const groups = new Map<string, ObjectState[]>();
    for (const o of this.objects) {
      const g = group ? fmt(this.quiet(() => this.input(o, group, node, false))) : '';
      let list = groups.get(g);
      if (!list) groups.set(g, (list = []));
      list.push(o);
    }
    for (const members of groups.values()) {
      const items = members.map((o) => {
        const s = this.scope(o, node);
        const value = this.quiet(() => this.guard(o, node, () => this.E[metric]!(s))) as Rational;
        const tb = tiebreak ? (this.quiet(() => this.E[tiebreak.metric]!(s)) as Rational) : undefined;
        return { key: o.name, name: o.name, value, ...(tb ? { tiebreak: tb } : {}) };
      });
      for (const r of rankValues(items, order, tiebreak?.order)) m.set(r.key, { rank: r.rank, tied: r.tied, of: items.length, value: r.value });
    }
    this.rankMemo.set(key, m);
    return m;
  }
}

class ObjectScope implements Scope {
  constructor(
    private eng: Engine,
    private o: ObjectState,
    private at: NodeSpec | undefined,
  ) {}
  get object(): string {
    return this.o.name;
  }
  input(name: string): Value {
    return this.eng.input(this.o, name, this.at, false);
  }
  param(name: string): Value {
    return this.eng.input(this.o, name, this.at, true);
  }
  computed(name: string): Value {
    return this.eng.computed(this.o, name, this.at);
  }
  node(id: string): Rational {
    const n = this.eng.nodes.get(id)!;
    const v = this.eng.quiet(() => this.eng.score(this.o, n));
    this.eng.record({ name: `${this.eng.itemName(n)}得分`, value: v.toString(), unit: '分' });
    return v;
  }
  count(event: string, filter?: number): Rational {
    return this.eng.count(this.o, event, filter);
  }
  attr(e: ChargedEvent | undefined, name: string): Value {
    if (!e) throw this.eng.problem(this.o, this.at, 'D1006', `【${name}】只能在关于事件的规则中使用`);
    const d = e.data;
    let v: Value | undefined;
    switch (name) {
      case '对象':
        v = d.object;
        break;
      case '日期':
        v = d.date;
        break;
      case '数量':
        v = d.count ?? Rational.ONE;
        break;
      case '分值':
        v = d.amount;
        break;
      case '事项':
        v = d.matter;
        break;
      case '编号':
        v = d.id;
        break;
      default:
        v = d.attrs[name];
    }
    if (v === undefined) {
      const dflt = this.eng.attrDefaults.get(d.kind)?.get(name);
      if (dflt !== undefined) return this.eng.E[dflt]!(this, e);
      throw this.eng.problem(this.o, this.at, 'D1001', `事件【${d.kind}】缺少【${name}】${d.source ? `（${describeSource(d.source)}）` : ''}`, d.source ? { source: d.source } : {});
    }
    return v;
  }
  pop(key: number, fn: 'avg' | 'sum' | 'max' | 'min', arg: ExprFn, filter?: ExprFn): Rational {
    return this.eng.pop(this.o, key, fn, arg, filter, this.at);
  }
  selfScore(): Rational {
    if (!this.at) throw this.eng.problem(this.o, undefined, 'D1006', '“本项得分”只能用在考核项目中');
    return this.eng.baseScore(this.o, this.at);
  }
  selfPoints(): Rational {
    return this.at?.points !== undefined ? Rational.of(this.at.points) : Rational.ZERO;
  }
  total(): Rational {
    let t = Rational.ZERO;
    for (const n of this.eng.program.nodes) t = t.add(this.eng.quiet(() => this.eng.score(this.o, n)));
    return t;
  }
}
