/**
 * run(program, exprs, dataset): score every object, then decide outcomes over the population.
 * A data problem in one object does not stop the others; all problems are reported together.
 */
import { describeSource, EvaluationProblem, ScoringError, type DataProblem } from '../errors.js';
import type { Dataset, EventData, NodeResult, ObjectData, ObjectResult, RunResult, Scalar, TraceEntry } from '../model.js';
import type { NodeSpec, Program } from '../program.js';
import { Rational } from '../rational.js';
import { Engine, type ExprFn, type ObjectState } from './engine.js';
import { decideOutcomes, resultUse } from './outcomes.js';
import { rankValues } from './rank.js';

function nodeResult(o: ObjectState, n: NodeSpec): NodeResult {
  return {
    id: n.id,
    number: n.number,
    label: n.label,
    ...(n.title ? { title: n.title } : {}),
    line: n.line,
    ...(n.points !== undefined ? { points: n.points } : {}),
    score: o.score.get(n.id)?.toString() ?? '',
    ...(o.score.has(n.id) ? {} : { notScored: true }),
    ...(n.outsideTotal ? { outsideTotal: true } : {}),
    ...(n.children.length ? { children: n.children.map((c) => nodeResult(o, c)) } : {}),
  };
}

/** Document order: an item's rules, then its children, then its caps, floors and score. */
function traceOf(o: ObjectState, nodes: NodeSpec[]): TraceEntry[] {
  const out: TraceEntry[] = [];
  const walk = (n: NodeSpec) => {
    const t = o.trace.get(n.id);
    if (t) out.push(...t.open);
    n.children.forEach(walk);
    if (t) out.push(...t.close);
  };
  nodes.forEach(walk);
  return out;
}

/** Score a whole dataset held in memory. */
export function run(program: Program, exprs: ReadonlyArray<ExprFn>, data: Dataset): RunResult {
  const scorer = new Scorer(program, exprs, data.objects, data.params);
  for (const e of data.events) scorer.addEvent(e);
  return scorer.finish();
}

/**
 * Streaming scoring: objects and parameters first, then events one at a time (folded as they
 * come, so memory does not grow with their number), then finish().
 */
export class Scorer {
  private eng: Engine;
  constructor(program: Program, exprs: ReadonlyArray<ExprFn>, objects: ObjectData[], params: Record<string, Scalar | undefined>) {
    const names = new Set<string>();
    for (const o of objects) {
      if (names.has(o.name)) throw new ScoringError([{ code: 'D2005', message: `考核对象「${o.name}」重复出现${o.source ? `（${describeSource(o.source)}）` : ''}`, object: o.name }]);
      names.add(o.name);
    }
    this.eng = new Engine(program, exprs, objects, params);
  }
  addEvent(e: EventData): void {
    this.eng.addEvent(e);
  }
  finish(): RunResult {
    return finish(this.eng);
  }
}

function finish(eng: Engine): RunResult {
  const program = eng.program;
  const problems: DataProblem[] = [...eng.problems];
  const totals = new Map<string, Rational>();
  const split = new Map<string, { base: Rational; bonus: Rational }>();
  for (const o of eng.objects) {
    try {
      let base = Rational.ZERO;
      let bonus = Rational.ZERO;
      for (const n of program.nodes) {
        const s = eng.score(o, n);
        if (n.outsideTotal) bonus = bonus.add(s);
        else base = base.add(s);
      }
      let total = base.add(bonus);
      if (program.round) total = total.round(program.round.places, program.round.mode);
      totals.set(o.name, total);
      split.set(o.name, { base, bonus });
    } catch (e) {
      if (e instanceof EvaluationProblem) problems.push(e.problem);
      else throw e;
    }
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
  const ranks = new Map(rankValues(eng.objects.map((o) => ({ key: o.name, name: o.name, value: totals.get(o.name)! })), 'desc').map((r) => [r.key, r.rank]));
  const hasBonus = program.nodes.some((n) => n.outsideTotal);
  const objects: ObjectResult[] = eng.objects.map((o) => {
    const oc = outcomes.get(o.name)!;
    const sp = split.get(o.name)!;
    return {
      name: o.name,
      total: totals.get(o.name)!.toString(),
      ...(hasBonus ? { base: sp.base.toString(), bonus: sp.bonus.toString() } : {}),
      rank: ranks.get(o.name)!,
      ...(oc.grade ? { grade: oc.grade } : {}),
      vetoed: oc.vetoed,
      vetoReasons: oc.vetoReasons,
      ...(oc.gradeNote ? { gradeNote: oc.gradeNote } : {}),
      titles: oc.titles,
      nodes: program.nodes.map((n) => nodeResult(o, n)),
      trace: traceOf(o, program.nodes),
    };
  });
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
