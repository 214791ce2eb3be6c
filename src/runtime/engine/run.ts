/**
 * run(program, exprs, dataset): score every object, then decide outcomes over the population.
 * A data problem in one object does not stop the others; all problems are reported together.
 */
import { describeSource, EvaluationProblem, ScoringError, type DataProblem } from '../errors.js';
import type { Dataset, EventData, NodeResult, ObjectData, ObjectResult, RunResult, Scalar, TraceEntry } from '../model.js';
import type { Program } from '../program.js';
import { Rational } from '../rational.js';
import type { CompiledFold } from './compiled.js';
import { Engine, type EngineOptions, type ExprFn } from './engine.js';
import type { ObjectState } from './state.js';
import { decideOutcomes, resultUse } from './outcomes.js';
import type { NodeInfo } from './plan.js';
import { rankValues } from './rank.js';

export type ScoreOptions = EngineOptions;

function nodeResult(eng: Engine, o: ObjectState, i: NodeInfo): NodeResult {
  const n = i.spec;
  const v = o.score[i.index];
  const score = v ? eng.textOf(o, i, v) : '';
  // One literal per shape, keys in the order of the result type (the order JSON shows them in).
  let r: NodeResult;
  if (n.title) {
    r =
      n.points !== undefined
        ? { id: n.id, number: n.number, label: n.label, title: n.title, line: n.line, points: n.points, score }
        : { id: n.id, number: n.number, label: n.label, title: n.title, line: n.line, score };
  } else {
    r =
      n.points !== undefined
        ? { id: n.id, number: n.number, label: n.label, line: n.line, points: n.points, score }
        : { id: n.id, number: n.number, label: n.label, line: n.line, score };
  }
  if (!v) r.notScored = true;
  if (n.outsideTotal) r.outsideTotal = true;
  if (i.children.length) {
    const cs: NodeResult[] = new Array(i.children.length);
    for (let k = 0; k < cs.length; k++) cs[k] = nodeResult(eng, o, i.children[k]!);
    r.children = cs;
  }
  return r;
}

/** Document order: an item's rules, then its children, then its caps, floors and score. */
function traceOf(o: ObjectState, nodes: NodeInfo[]): TraceEntry[] {
  const out: TraceEntry[] = [];
  const walk = (n: NodeInfo) => {
    const t = o.trace[n.index];
    if (t) for (const x of t.open) out.push(x);
    for (const c of n.children) walk(c);
    if (t) for (const x of t.close) out.push(x);
  };
  nodes.forEach(walk);
  return out;
}

/** Score a whole dataset held in memory. */
export function run(program: Program, exprs: ReadonlyArray<ExprFn>, data: Dataset, options?: ScoreOptions, compiled?: CompiledFold): RunResult {
  const scorer = new Scorer(program, exprs, data.objects, data.params, options, compiled);
  for (const e of data.events) scorer.addEvent(e);
  return scorer.finish();
}

/**
 * Streaming scoring: objects and parameters first, then events one at a time (folded as they
 * come, so memory does not grow with their number), then finish(). With `{ trace: false }`
 * nothing is recorded for traces: every ObjectResult.trace is empty, everything else the same.
 */
export class Scorer {
  private eng: Engine;
  /** `compiled`: a generated module's event folding for this program (see compiled.ts). */
  constructor(
    program: Program,
    exprs: ReadonlyArray<ExprFn>,
    objects: ObjectData[],
    params: Record<string, Scalar | undefined>,
    options?: ScoreOptions,
    compiled?: CompiledFold,
  ) {
    const names = new Set<string>();
    for (const o of objects) {
      if (names.has(o.name))
        throw new ScoringError([
          { code: 'D2005', message: `考核对象「${o.name}」重复出现${o.source ? `（${describeSource(o.source)}）` : ''}`, object: o.name },
        ]);
      names.add(o.name);
    }
    this.eng = new Engine(program, exprs, objects, params, options, compiled);
  }
  addEvent(e: EventData): void {
    this.eng.addEvent(e);
  }
  /**
   * Scores every object and decides the outcomes. `onProgress(done, total)`, when given, is
   * called as objects are scored (every PROGRESS_EVERY objects and at the end), for a progress
   * bar: finish() is synchronous, so this is the only way to show how far it is.
   */
  finish(onProgress?: (done: number, total: number) => void): RunResult {
    return finish(this.eng, onProgress);
  }
}

/** Objects scored between two progress calls. */
const PROGRESS_EVERY = 64;

function finish(eng: Engine, onProgress?: (done: number, total: number) => void): RunResult {
  const program = eng.program;
  const problems: DataProblem[] = [...eng.problems];
  const n = eng.objects.length;
  const totals: Rational[] = new Array(n);
  const bases: Rational[] = new Array(n);
  const bonuses: Rational[] = new Array(n);
  for (const o of eng.objects) {
    try {
      let base = Rational.ZERO;
      let bonus = Rational.ZERO;
      for (const n of eng.plan.top) {
        const s = eng.scoreAt(o, n);
        if (n.spec.outsideTotal) bonus = bonus.add(s);
        else base = base.add(s);
      }
      let total = base.add(bonus);
      if (program.round) total = total.round(program.round.places, program.round.mode);
      totals[o.index] = total;
      bases[o.index] = base;
      bonuses[o.index] = bonus;
    } catch (e) {
      if (e instanceof EvaluationProblem) problems.push(e.problem);
      else throw e;
    }
    if (onProgress && ((o.index + 1) % PROGRESS_EVERY === 0 || o.index + 1 === n)) onProgress(o.index + 1, n);
  }
  if (problems.length) throw new ScoringError(dedupe(problems));
  const notes: string[] = [];
  let outcomes;
  let use: RunResult['resultUse'];
  try {
    outcomes = decideOutcomes(eng, totals, notes);
    use = resultUse(eng, outcomes);
  } catch (e) {
    if (e instanceof EvaluationProblem) throw new ScoringError([e.problem]);
    throw e;
  }
  const ranks: number[] = new Array(n);
  for (const r of rankValues(
    eng.objects.map((o) => ({ key: o.index, name: o.name, value: totals[o.index]! })),
    'desc',
  ))
    ranks[r.key] = r.rank;
  const hasBonus = program.nodes.some((n) => n.outsideTotal);
  const objects: ObjectResult[] = new Array(n);
  for (const o of eng.objects) {
    const oc = outcomes[o.index]!;
    // Built key by key, in the order JSON shows them (no spreads: this runs once per object).
    const r = { name: o.name, total: totals[o.index]!.toString() } as ObjectResult;
    if (hasBonus) {
      r.base = bases[o.index]!.toString();
      r.bonus = bonuses[o.index]!.toString();
    }
    r.rank = ranks[o.index]!;
    if (oc.grade) r.grade = oc.grade;
    r.vetoed = oc.vetoed;
    r.vetoReasons = oc.vetoReasons;
    if (oc.gradeNote) r.gradeNote = oc.gradeNote;
    r.titles = oc.titles;
    const top = eng.plan.top;
    const nodes: NodeResult[] = new Array(top.length);
    for (let k = 0; k < top.length; k++) nodes[k] = nodeResult(eng, o, top[k]!);
    r.nodes = nodes;
    r.trace = eng.tracing ? traceOf(o, top) : [];
    objects[o.index] = r;
  }
  objects.sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    rubric: program.title,
    ...(program.total ? { total: program.total } : {}),
    ...(program.period ? { period: program.period } : {}),
    objects,
    issues: eng.issues(),
    ...(use ? { resultUse: use } : {}),
    notes,
  };
}

function dedupe(ps: DataProblem[]): DataProblem[] {
  const seen = new Set<string>();
  return ps.filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)));
}
