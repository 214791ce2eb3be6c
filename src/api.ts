/**
 * The library API: parse, check, compile, score. The command line is a thin face over these
 * functions; other programs import them the same way.
 */
import { check, type CheckResult } from './checking/check.js';
import { emitModule, type EmitOptions } from './codegen/emit.js';
import { hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import { interpret } from './interpret/interpret.js';
import { lower } from './lowering/lower.js';
import type { ExprFn } from './runtime/engine/engine.js';
import { run, Scorer, type ScoreOptions } from './runtime/engine/run.js';
import type { Dataset, ObjectData, RunResult, Scalar } from './runtime/model.js';
import type { Program } from './runtime/program.js';

export interface CompileResult {
  /** Present when the rubric has no errors. */
  program?: Program;
  diagnostics: Diagnostic[];
  check: CheckResult;
}

/** Check a rubric and, when it has no errors, lower it to its Program. */
export function compileRubric(source: string, file: string): CompileResult {
  const c = check(source);
  if (hasErrors(c.diagnostics)) return { diagnostics: c.diagnostics, check: c };
  return { program: lower(c.context, source, { file }), diagnostics: c.diagnostics, check: c };
}

/** The TypeScript module for a Program (formatted, deterministic). */
export function emitTypeScript(program: Program, opts?: EmitOptions): Promise<string> {
  return emitModule(program, opts);
}

/** Expressions for the interpreter, built once per Program. */
const interpreted = new WeakMap<Program, ExprFn[]>();
export function interpreterFor(program: Program): ExprFn[] {
  let e = interpreted.get(program);
  if (!e) interpreted.set(program, (e = interpret(program)));
  return e;
}

/** Score a dataset held in memory with the interpreter. `{ trace: false }`: the same scores, no traces. */
export function score(program: Program, data: Dataset, options?: ScoreOptions): RunResult {
  return run(program, interpreterFor(program), data, options);
}

/** A streaming scorer: objects and parameters first, then events one by one, then finish(). */
export function createScorer(program: Program, objects: ObjectData[], params: Record<string, Scalar | undefined>, options?: ScoreOptions): Scorer {
  return new Scorer(program, interpreterFor(program), objects, params, options);
}
