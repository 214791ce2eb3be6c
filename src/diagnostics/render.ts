import type { Diagnostic, Severity } from './diagnostic.js';
import { displayWidth } from './width.js';

const LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

export interface RenderOptions {
  /** ANSI colours; off unless the caller knows the output is a terminal. */
  color?: boolean;
}

function paint(on: boolean | undefined, code: string, text: string): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** Tabs become four spaces so that the caret line and the source line agree. */
function untab(s: string): string {
  return s.replace(/\t/g, '    ');
}

/**
 * Renders one diagnostic the way rustc does: a header, `file:line:col`, the source line
 * and a caret run under the span, aligned by display width.
 */
export function renderDiagnostic(d: Diagnostic, file: string, source: string, opts: RenderOptions = {}): string {
  const lines = source.split(/\r?\n/);
  const { line, col } = d.span;
  const gutter = String(d.span.endLine).length;
  const pad = ' '.repeat(gutter);
  const sevColor = d.severity === 'error' ? '1;31' : d.severity === 'warning' ? '1;33' : '1;36';
  const out: string[] = [];
  out.push(`${paint(opts.color, sevColor, `${LABEL[d.severity]}[${d.code}]`)}: ${d.message}`);
  out.push(`${pad}--> ${file}:${line}:${col}`);
  const text = lines[line - 1];
  if (text !== undefined) {
    out.push(`${pad} |`);
    out.push(`${String(line).padStart(gutter)} | ${untab(text)}`);
    const before = untab(text.slice(0, col - 1));
    const endCol = d.span.endLine === line ? d.span.endCol : text.length + 1;
    const under = untab(text.slice(col - 1, Math.max(col, endCol - 1)));
    const carets = '^'.repeat(Math.max(1, displayWidth(under)));
    out.push(`${pad} | ${' '.repeat(displayWidth(before))}${paint(opts.color, sevColor, carets)}`);
  }
  for (const r of d.related ?? []) {
    out.push(`${pad} = 相关: ${file}:${r.span.line}:${r.span.col} ${r.message}`);
  }
  if (d.hint) out.push(`${pad} = 提示: ${d.hint}`);
  return out.join('\n');
}

export function renderDiagnostics(diags: readonly Diagnostic[], file: string, source: string, opts: RenderOptions = {}): string {
  return diags.map((d) => renderDiagnostic(d, file, source, opts)).join('\n\n');
}
