/**
 * What `rubric check` adds for `--strict`, `--max-warnings N` and `--format sarif`: the strict
 * findings of the bounds analysis (src/analysis/strict.ts) merged with the checker's, a warning
 * budget, and SARIF 2.1.0 for code-review tools.
 */
import { Analysis } from '../../analysis/bounds.js';
import { fmtRange, strictFindings } from '../../analysis/strict.js';
import { compileRubric } from '../../api.js';
import { check, type CheckResult } from '../../checking/check.js';
import { CODES } from '../../diagnostics/codes.js';
import { sortDiagnostics, type Diagnostic, type Severity } from '../../diagnostics/diagnostic.js';
import { UsageError } from '../io.js';
import { VERSION } from '../version.js';

export type CheckFormat = 'text' | 'json' | 'sarif';

export interface CheckOptions {
  format: CheckFormat;
  strict: boolean;
  /** Exit 1 when the warnings of all files together exceed this; undefined: no limit. */
  maxWarnings?: number;
}

/** The options as commander gives them, validated. */
export function checkOptions(raw: { format: string; strict?: boolean; maxWarnings?: string }): CheckOptions {
  if (raw.format !== 'text' && raw.format !== 'json' && raw.format !== 'sarif') {
    throw new UsageError(`不支持的格式：${raw.format}（可用 text、json、sarif）`);
  }
  let maxWarnings: number | undefined;
  if (raw.maxWarnings !== undefined) {
    if (!/^\d+$/.test(raw.maxWarnings.trim())) throw new UsageError(`--max-warnings 须为不小于0的整数，这里是“${raw.maxWarnings}”`);
    maxWarnings = Number(raw.maxWarnings.trim());
  }
  return { format: raw.format, strict: raw.strict === true, ...(maxWarnings !== undefined ? { maxWarnings } : {}) };
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

// ── SARIF 2.1.0 ──

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifRule[] } };
    columnKind: 'utf16CodeUnits';
    artifacts: { location: { uri: string } }[];
    results: SarifResult[];
  }[];
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; index: number }; region: SarifRegion } }[];
  relatedLocations?: { id: number; message: { text: string }; physicalLocation: { artifactLocation: { uri: string; index: number }; region: SarifRegion } }[];
}

/**
 * One run for all files: the driver `rubric` lists every code as a rule (so indexes are stable),
 * each diagnostic is a result at its span. Lines and columns are 1-based and the end column is
 * exclusive, as in the diagnostics; columns count UTF-16 code units. URIs are the paths as given.
 */
export function toSarif(files: { file: string; diagnostics: readonly Diagnostic[] }[]): SarifLog {
  const codes = Object.keys(CODES) as (keyof typeof CODES)[];
  const index = new Map(codes.map((c, i) => [c as string, i]));
  const rules: SarifRule[] = codes.map((c) => ({
    id: c,
    name: c,
    shortDescription: { text: CODES[c].title },
    defaultConfiguration: { level: LEVEL[CODES[c].severity] },
  }));
  const region = (s: Diagnostic['span']): SarifRegion => ({ startLine: s.line, startColumn: s.col, endLine: s.endLine, endColumn: s.endCol });
  const results: SarifResult[] = [];
  files.forEach(({ file, diagnostics }, fi) => {
    for (const d of diagnostics) {
      const artifactLocation = { uri: file, index: fi };
      results.push({
        ruleId: d.code,
        ruleIndex: index.get(d.code) ?? -1,
        level: LEVEL[d.severity],
        message: { text: d.hint ? `${d.message}\n提示：${d.hint}` : d.message },
        locations: [{ physicalLocation: { artifactLocation, region: region(d.span) } }],
        ...(d.related?.length
          ? { relatedLocations: d.related.map((r, id) => ({ id, message: { text: r.message }, physicalLocation: { artifactLocation, region: region(r.span) } })) }
          : {}),
      });
    }
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'rubric', version: VERSION, rules } },
        columnKind: 'utf16CodeUnits',
        artifacts: files.map(({ file }) => ({ location: { uri: file } })),
        results,
      },
    ],
  };
}
