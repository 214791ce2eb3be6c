/** The library API. The command line is a thin face over these functions. */
export { parse, type ParseResult } from './syntax/parse.js';
export { check, type CheckResult } from './checking/check.js';
export type { Diagnostic, Severity, Span } from './diagnostics/diagnostic.js';
export { renderDiagnostic, renderDiagnostics } from './diagnostics/render.js';
export type * as AST from './syntax/ast.js';
