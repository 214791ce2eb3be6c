/**
 * The library API: parse, check, compile, score, and what the command line builds on them
 * (data files, explanations, reports, formatting, diff, pinned tests). The command line is a thin
 * face over these exports; other programs import them the same way. Generated scoring modules
 * import only `rubric-lang/runtime`.
 */
export { parse, type ParseResult } from './syntax/parse.js';
export type * as AST from './syntax/ast.js';
export { check, type CheckResult } from './checking/check.js';
export type { Diagnostic, Severity, Span } from './diagnostics/diagnostic.js';
export { CODES } from './diagnostics/codes.js';
export { renderDiagnostic, renderDiagnostics } from './diagnostics/render.js';

export { compileRubric, createScorer, emitTypeScript, interpreterFor, score, type CompileResult } from './api.js';
export { inputSchema } from './codegen/schema.js';
export type { Program } from './runtime/program.js';
export type { Dataset, EventData, ObjectData, ObjectResult, RunResult, Scalar } from './runtime/model.js';
export type { ScoreOptions } from './runtime/engine/run.js';
export { Rational } from './runtime/rational.js';

export { openData, readDataset, DataError, type DataSource, type DataStream, type ReadOptions } from './data/index.js';

export { explainObject, type ExplainLine } from './report/explain.js';
export { renderHtml } from './report/html.js';
export { renderReportMarkdown } from './report/markdown.js';
export { renderItemsCsv } from './report/items-csv.js';
export { writeWorkbook } from './report/xlsx.js';

export { formatRubric } from './format/prettier-plugin.js';
export { diffPrograms, trips } from './diff/diff.js';
export { toMarkdown as diffToMarkdown, toJson as diffToJson } from './diff/report.js';
export { runTests, allPassed, reportText, type TestReport } from './testing/index.js';
