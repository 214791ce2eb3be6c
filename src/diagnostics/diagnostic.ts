/**
 * Diagnostics are data: every phase returns them instead of throwing, so `check` can
 * report every problem in a file at once and tools can consume them as JSON.
 */
export type Severity = 'error' | 'warning' | 'info';

/** A region of one source file. Lines and columns are 1-based; offsets are 0-based, end exclusive. */
export interface Span {
  start: number;
  end: number;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export interface RelatedInfo {
  span: Span;
  message: string;
}

export interface Diagnostic {
  /** Stable code, e.g. E4001; never reused for another kind of problem. */
  code: string;
  severity: Severity;
  span: Span;
  /** Chinese, one sentence, names the item or value concerned. */
  message: string;
  hint?: string;
  related?: RelatedInfo[];
}

export const NO_SPAN: Span = { start: 0, end: 0, line: 1, col: 1, endLine: 1, endCol: 1 };

export function joinSpans(a: Span, b: Span): Span {
  const first = a.start <= b.start ? a : b;
  const last = a.end >= b.end ? a : b;
  return {
    start: first.start,
    end: last.end,
    line: first.line,
    col: first.col,
    endLine: last.endLine,
    endCol: last.endCol,
  };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Stable order for output: by position, then code. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}
