/**
 * `rubric check --format sarif`: SARIF 2.1.0 for code-review tools (GitHub code scanning's
 * upload-sarif). Artifact locations are URI references (RFC 3986), as SARIF requires: a relative
 * path has its segments percent-encoded (rubrics/中队考核.rubric → rubrics/%E4%B8%AD…), an
 * absolute one becomes a file:// URL. A raw Chinese file name or a space is not a URI, and
 * GitHub rejects such a log as "not valid SARIF".
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODES } from '../../diagnostics/codes.js';
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import { VERSION } from '../version.js';

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
 * A file path as a SARIF artifact URI: an absolute path as a `file://` URL; a relative one as a
 * relative reference, `\` turned to `/` and each segment percent-encoded (`/` kept), so that
 * decodeURIComponent gives the path back.
 */
export function sarifUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/**
 * One run for all files: the driver `rubric` lists every code as a rule (so indexes are stable),
 * each diagnostic is a result at its span. Lines and columns are 1-based and the end column is
 * exclusive, as in the diagnostics; columns count UTF-16 code units. URIs: see `sarifUri`.
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
  const uris = files.map(({ file }) => sarifUri(file));
  files.forEach(({ diagnostics }, fi) => {
    for (const d of diagnostics) {
      const artifactLocation = { uri: uris[fi]!, index: fi };
      results.push({
        ruleId: d.code,
        ruleIndex: index.get(d.code) ?? -1,
        level: LEVEL[d.severity],
        message: { text: d.hint ? `${d.message}\n提示：${d.hint}` : d.message },
        locations: [{ physicalLocation: { artifactLocation, region: region(d.span) } }],
        ...(d.related?.length
          ? {
              relatedLocations: d.related.map((r, id) => ({
                id,
                message: { text: r.message },
                physicalLocation: { artifactLocation, region: region(r.span) },
              })),
            }
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
        artifacts: uris.map((uri) => ({ location: { uri } })),
        results,
      },
    ],
  };
}
