/**
 * What `rubric check` adds for `--strict` and `--max-warnings N`: the strict findings of the
 * bounds analysis (src/analysis/strict.ts) merged with the checker's, and a warning budget; and
 * the validated options. The machine formats for code-review tools are in check-sarif.ts and
 * check-codequality.ts.
 */
import { Analysis } from '../../analysis/bounds.js';
import { fmtRange, strictFindings } from '../../analysis/strict.js';
import { compileRubric } from '../../api.js';
import { check, type CheckResult } from '../../checking/check.js';
import { sortDiagnostics, type Diagnostic, type Severity } from '../../diagnostics/diagnostic.js';
import { UsageError } from '../io.js';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'codequality'] as const;

export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions {
  format: CheckFormat;
  strict: boolean;
  /** Exit 1 when the warnings of all files together exceed this; undefined: no limit. */
  maxWarnings?: number;
}

/** The options as commander gives them, validated. */
export function checkOptions(raw: { format: string; strict?: boolean; maxWarnings?: string }): CheckOptions {
  const format = CHECK_FORMATS.find((f) => f === raw.format);
  if (!format) throw new UsageError(`不支持的格式：${raw.format}（可用 ${CHECK_FORMATS.join('、')}）`);
  let maxWarnings: number | undefined;
  if (raw.maxWarnings !== undefined) {
    if (!/^\d+$/.test(raw.maxWarnings.trim())) throw new UsageError(`--max-warnings 须为不小于0的整数，这里是“${raw.maxWarnings}”`);
    maxWarnings = Number(raw.maxWarnings.trim());
  }
  return { format, strict: raw.strict === true, ...(maxWarnings !== undefined ? { maxWarnings } : {}) };
}

export interface FileCheck {
  result: CheckResult;
  /** The checker's diagnostics, and with --strict the strict findings, in source order. */
  diagnostics: Diagnostic[];
  /** With --strict, when the rubric has no errors: the range of the total, for the summary. */
  totalRange?: string;
}

/** Check one file; with `strict`, lower it and add the strict findings (none when it has errors). */
export function checkFile(source: string, file: string, strict: boolean): FileCheck {
  if (!strict) {
    const result = check(source);
    return { result, diagnostics: result.diagnostics };
  }
  const c = compileRubric(source, file);
  const analysis = c.program ? new Analysis(c.program) : undefined;
  return {
    result: c.check,
    diagnostics: sortDiagnostics([...c.diagnostics, ...strictFindings(c, analysis)]),
    ...(analysis ? { totalRange: fmtRange(analysis.total()) } : {}),
  };
}

export function count(diags: readonly Diagnostic[], severity: Severity): number {
  return diags.filter((d) => d.severity === severity).length;
}

/** What the summary line adds with --strict: the reachable totals and the number of notes. */
export function strictSummary(f: FileCheck): string {
  const infos = count(f.diagnostics, 'info');
  return `${f.totalRange ? `，总分可得${f.totalRange}` : ''}${infos ? `，${infos}个提示` : ''}`;
}

/** The message when the warnings exceed --max-warnings; undefined when they do not. */
export function warningBudget(warnings: number, max: number | undefined): string | undefined {
  if (max === undefined || warnings <= max) return undefined;
  return `共${warnings}个警告，超过 --max-warnings 允许的${max}个`;
}
