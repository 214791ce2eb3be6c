/**
 * Shared steps of the scoring commands: read and compile the rubric (printing its diagnostics
 * when it has errors), read the data, and report data problems in Chinese with exit code 1.
 */
import { compileRubric } from '../api.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { ScoringError } from '../runtime/errors.js';
import type { Program } from '../runtime/program.js';
import { readSource, useColor } from './io.js';

export class Failed extends Error {
  constructor(readonly exitCode: number) {
    super('failed');
  }
}

/** A rubric file's Program; when it has errors, they are printed (…无法${purpose}) and undefined returned. */
export function compileFile(file: string, purpose = '评分'): Program | undefined {
  const source = readSource(file);
  const r = compileRubric(source, file);
  if (r.program) return r.program;
  process.stderr.write(
    `${renderDiagnostics(
      r.diagnostics.filter((d) => d.severity === 'error'),
      file,
      source,
      { color: useColor(process.stderr) },
    )}\n`,
  );
  process.stderr.write(`${file}：考核规则有错误，无法${purpose}\n`);
  return undefined;
}

export function loadProgram(file: string): Program {
  const p = compileFile(file);
  if (!p) throw new Failed(1);
  return p;
}

/** Print every problem of a ScoringError (or a data error of the same shape) and fail. */
export function reportProblems(e: unknown): never {
  if (e instanceof ScoringError || (e instanceof Error && Array.isArray((e as { problems?: unknown }).problems))) {
    const problems = (e as ScoringError).problems;
    for (const p of problems) process.stderr.write(`${p.code ? `[${p.code}] ` : ''}${p.message}\n`);
    process.stderr.write(`共${problems.length}个数据问题，未能完成评分\n`);
    throw new Failed(1);
  }
  throw e;
}
