/**
 * check(source) → diagnostics, the checked model and a summary. Runs the parser, builds the
 * symbol table, resolves names and infers units, then every validation rule (one file each
 * under rules/). Rules only report; none of them changes the AST.
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { parse } from '../syntax/parse.js';
import { CheckContext } from './context.js';
import { checkBoundaries } from './rules/boundaries.js';
import { checkCaps } from './rules/caps.js';
import { checkClauses } from './rules/clauses.js';
import { checkCycles } from './rules/cycles.js';
import { checkDates } from './rules/dates.js';
import { checkGrades } from './rules/grades.js';
import { checkModes } from './rules/modes.js';
import { checkNames } from './rules/names.js';
import { checkNumbering } from './rules/numbering.js';
import { checkPoints, totalPoints } from './rules/points.js';
import { checkRanks } from './rules/ranks.js';
import { checkTitles } from './rules/titles.js';
import { checkVeto } from './rules/veto.js';
import { buildScope } from './scope.js';
import { summarize, type RubricSummary } from './summary.js';

export interface CheckResult {
  ast: A.RubricFile;
  diagnostics: Diagnostic[];
  summary: RubricSummary;
  /** The checked model lowering reads: symbols, types, node tree. */
  context: CheckContext;
}

/** Names first: the other rules read the types and symbols it records. */
const RULES: ReadonlyArray<(ctx: CheckContext) => void> = [
  checkNumbering,
  checkPoints,
  checkModes,
  checkClauses,
  checkCaps,
  checkBoundaries,
  checkDates,
  checkRanks,
  checkGrades,
  checkVeto,
  checkTitles,
  checkCycles,
];

export function check(source: string): CheckResult {
  const { ast, diagnostics } = parse(source);
  const ctx = new CheckContext(ast, buildScope(ast));
  checkNames(ctx);
  for (const rule of RULES) rule(ctx);
  // A line with a syntax error does not say what its writer meant; findings about what the
  // checker saw there would only repeat the same typo (one typo, one diagnostic).
  const broken = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.span.line));
  const semantic = ctx.diagnostics.filter((d) => !broken.has(d.span.line));
  return {
    ast,
    diagnostics: sortDiagnostics([...diagnostics, ...semantic]),
    summary: summarize(ast, totalPoints(ctx)),
    context: ctx,
  };
}
