/**
 * Errors the runtime reports about data, in Chinese, naming the object, the item and where the
 * data came from. They are collected, not thrown one at a time, so a run reports every problem.
 */
import type { SourceRef } from './model.js';

export function describeSource(s: SourceRef | undefined): string {
  if (!s) return '';
  const where = s.sheet ? `工作表「${s.sheet}」` : '';
  const pos = s.row !== undefined ? `第${s.row}行` : s.line !== undefined ? `第${s.line}行` : '';
  const path = s.path ? ` ${s.path}` : '';
  return `${s.file}${where ? ' ' + where : ''}${pos ? ' ' + pos : ''}${path}`;
}

export interface DataProblem {
  /** Stable code: D1001 missing value, D1002 out of range, … (see docs/data.md). */
  code: string;
  message: string;
  object?: string;
  item?: string;
  source?: SourceRef;
}

/** One or more problems that stop scoring; `problems` lists them all. */
export class ScoringError extends Error {
  constructor(readonly problems: DataProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'ScoringError';
  }
}

/** Thrown inside evaluation; the engine catches it and records it against the object. */
export class EvaluationProblem extends Error {
  constructor(readonly problem: DataProblem) {
    super(problem.message);
  }
}
