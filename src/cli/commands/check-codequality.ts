/**
 * `rubric check --format codequality`: GitLab's Code Quality report (`artifacts:reports:codequality`),
 * the subset of the Code Climate issue format GitLab reads. GitLab does not show SARIF in merge
 * requests, but it lists the new and the resolved issues of this report there (in the Free tier),
 * by comparing each issue's fingerprint with the target branch's report.
 *
 * The fingerprint is made of the file, the code, the message and how many times that same
 * (file, code, message) has occurred before in the file, not of the line: inserting lines above
 * an issue does not make it "new". Paths are relative (to the working directory, where CI runs
 * from the repository root) with forward slashes, as GitLab links them to the repository.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, posix, relative } from 'node:path';
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  type: 'issue';
  /** rubric/E4001 */
  check_name: string;
  description: string;
  categories: string[];
  severity: CodeQualitySeverity;
  /** Stable across line moves: see the module comment. */
  fingerprint: string;
  location: { path: string; lines: { begin: number; end: number } };
}

const SEVERITY: Record<Severity, CodeQualitySeverity> = { error: 'critical', warning: 'major', info: 'info' };

/** A path as the report names it: relative to `cwd`, forward slashes, no leading `./`. */
export function codeQualityPath(file: string, cwd: string = process.cwd()): string {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  return posix.normalize(rel.replace(/\\/g, '/')).replace(/^\.\//, '');
}

/** One issue per diagnostic, in the order given (files in argument order, diagnostics in source order). */
export function toCodeQuality(files: { file: string; diagnostics: readonly Diagnostic[] }[], cwd: string = process.cwd()): CodeQualityIssue[] {
  const issues: CodeQualityIssue[] = [];
  const seen = new Map<string, number>();
  for (const { file, diagnostics } of files) {
    const path = codeQualityPath(file, cwd);
    for (const d of diagnostics) {
      const key = `${path}\0${d.code}\0${d.message}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      issues.push({
        type: 'issue',
        check_name: `rubric/${d.code}`,
        description: `[${d.code}] ${d.message}${d.hint ? `（提示：${d.hint}）` : ''}`,
        categories: ['Bug Risk'],
        severity: SEVERITY[d.severity],
        fingerprint: createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32),
        location: { path, lines: { begin: d.span.line, end: d.span.endLine } },
      });
    }
  }
  return issues;
}
