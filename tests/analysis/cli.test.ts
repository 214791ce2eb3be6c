/**
 * `rubric check --strict`, `--max-warnings` and `--format sarif`, run as the user runs them
 * (`node bin/rubric.js`, on the built files in dist/: `npx tsc -p .` first). `--format
 * codequality`: codequality.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { sarifUri } from '../../src/cli/commands/check-sarif.js';
import { CODES } from '../../src/diagnostics/codes.js';
import { FIXTURES, HERE } from '../checking/helpers.js';

const ROOT = join(HERE, '..', '..');
const BIN = join(ROOT, 'bin', 'rubric.js');
const REAL = ['lishui-2022', 'pingyang-2023', 'shaanxi-2023', 'wucheng-2024'].map((n) => `rubrics/${n}.rubric`);

function rubric(...args: string[]) {
  return rubricIn(ROOT, ...args);
}

function rubricIn(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A code fixture (relative to the repository, as a user would pass it) and its first expected position. */
function fixture(name: string) {
  const path = `tests/checking/fixtures/codes/${name}.rubric`;
  const source = readFileSync(join(FIXTURES, 'codes', `${name}.rubric`), 'utf8');
  const m = /^# expect: (\w+) at (\d+):(\d+)$/m.exec(source)!;
  return { path, source, code: m[1]!, line: Number(m[2]), col: Number(m[3]) };
}

describe('rubric check --strict', () => {
  it('is built', () => {
    for (const f of ['check-strict.js', 'check-sarif.js', 'check-codequality.js']) {
      expect(existsSync(join(ROOT, 'dist', 'cli', 'commands', f)), 'run `npx tsc -p .` before the tests').toBe(true);
    }
  });

  it('passes on the four real rubrics (exit 0), with the reachable totals in the summary', () => {
    const r = rubric('check', '--strict', ...REAL);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('总分可得0.2分至100分');
    expect(lines[1]).toContain('总分可得0分至105分');
    expect(lines[2]).toContain('总分可得0分至100分');
    expect(lines[3]).toContain('总分可得0分至无上限');
    expect(r.stderr).not.toMatch(/错误\[/);
  });

  it('the real rubrics trigger informational findings as 提示 (info), never errors', () => {
    const r = rubric('check', '--strict', '--format', 'json', ...REAL);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { results: { file: string; diagnostics: { code: string; severity: string }[] }[] };
    const strict = out.results.flatMap((x) => x.diagnostics).filter((d) => d.code.startsWith('S'));
    expect(strict.length).toBeGreaterThan(0);
    for (const d of strict) expect(d.severity).toBe(CODES[d.code as keyof typeof CODES].severity);
    expect(strict.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('without --strict, no strict findings and the summary is unchanged', () => {
    const r = rubric('check', fixture('S7001').path);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('总分可得');
  });

  it('--max-warnings N: exit 1 when the warnings exceed N, 0 otherwise; 2 for a bad N', () => {
    const f = fixture('S7001');
    const over = rubric('check', '--strict', '--max-warnings', '0', f.path);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('共1个警告，超过 --max-warnings 允许的0个');
    expect(rubric('check', '--strict', '--max-warnings', '1', f.path).code).toBe(0);
    // Infos (提示) are not warnings.
    expect(rubric('check', '--strict', '--max-warnings', '0', fixture('S7002').path).code).toBe(0);
    expect(rubric('check', '--strict', '--max-warnings', 'many', f.path).code).toBe(2);
    expect(rubric('check', '--format', 'xml', f.path).code).toBe(2);
  });
});

/** The parts of SARIF 2.1.0 (sarif-schema-2.1.0.json) that a consumer relies on, as a JSON Schema. */
const region = {
  type: 'object',
  required: ['startLine', 'startColumn', 'endLine', 'endColumn'],
  properties: {
    startLine: { type: 'integer', minimum: 1 },
    startColumn: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    endColumn: { type: 'integer', minimum: 1 },
  },
};
const physicalLocation = {
  type: 'object',
  required: ['artifactLocation', 'region'],
  properties: {
    artifactLocation: { type: 'object', required: ['uri'], properties: { uri: { type: 'string' }, index: { type: 'integer', minimum: 0 } } },
    region,
  },
};
const message = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } };
const SARIF_SUBSET = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      maxItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'rules'],
                properties: {
                  name: { const: 'rubric' },
                  version: { type: 'string' },
                  rules: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id', 'shortDescription', 'defaultConfiguration'],
                      properties: {
                        id: { type: 'string' },
                        shortDescription: message,
                        defaultConfiguration: { type: 'object', required: ['level'], properties: { level: { enum: ['error', 'warning', 'note'] } } },
                      },
                    },
                  },
                },
              },
            },
          },
          columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
          artifacts: { type: 'array', items: { type: 'object', required: ['location'], properties: { location: { type: 'object', required: ['uri'] } } } },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ruleId', 'level', 'message', 'locations'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: 0 },
                level: { enum: ['error', 'warning', 'note', 'none'] },
                message,
                locations: { type: 'array', minItems: 1, items: { type: 'object', required: ['physicalLocation'], properties: { physicalLocation } } },
                relatedLocations: { type: 'array', items: { type: 'object', required: ['physicalLocation'], properties: { physicalLocation, message } } },
              },
            },
          },
        },
      },
    },
  },
};

interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] } };
    artifacts: { location: { uri: string } }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string; index: number };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
    }[];
  }[];
}

describe('rubric check --format sarif', () => {
  const files = [fixture('S7001'), fixture('S7010'), fixture('E5002')];
  const r = rubric('check', '--strict', '--format', 'sarif', ...files.map((f) => f.path));
  const log = JSON.parse(r.stdout) as Sarif;
  const run = log.runs[0]!;

  it('is SARIF 2.1.0: one run, driver rubric, every required field', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(SARIF_SUBSET);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(run.tool.driver.rules.map((x) => x.id)).toEqual(Object.keys(CODES));
    // The fixture paths are plain ASCII: as URI references they read as the paths themselves.
    expect(run.artifacts.map((a) => a.location.uri)).toEqual(files.map((f) => f.path));
    for (const a of run.artifacts) expect(decodeURIComponent(a.location.uri)).toBe(a.location.uri);
  });

  it('exits as check does: 1 when a file has errors', () => {
    expect(r.code).toBe(1);
  });

  it('one result per diagnostic, with the rule, level and position of the diagnostic', () => {
    const levels = { error: 'error', warning: 'warning', info: 'note' } as const;
    for (const f of files) {
      const mine = run.results.filter((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === f.path);
      const expected = [...f.source.matchAll(/^# expect: (\w+) at (\d+):(\d+)$/gm)].map((m) => `${m[1]}@${m[2]}:${m[3]}`);
      expect(
        mine.map((x) => `${x.ruleId}@${x.locations[0]!.physicalLocation.region.startLine}:${x.locations[0]!.physicalLocation.region.startColumn}`).sort(),
      ).toEqual(expected.sort());
      for (const x of mine) {
        expect(run.tool.driver.rules[x.ruleIndex]!.id).toBe(x.ruleId);
        expect(x.level).toBe(levels[CODES[x.ruleId as keyof typeof CODES].severity]);
        expect(x.locations[0]!.physicalLocation.artifactLocation.index).toBe(files.indexOf(f));
      }
    }
  });

  it('regions cover the text the diagnostic is about (1-based, end column exclusive)', () => {
    const text = (f: (typeof files)[number], reg: { startLine: number; startColumn: number; endLine: number; endColumn: number }) => {
      expect(reg.endLine).toBe(reg.startLine);
      return f.source.split('\n')[reg.startLine - 1]!.slice(reg.startColumn - 1, reg.endColumn - 1);
    };
    const at = (f: (typeof files)[number], code: string) =>
      run.results.find((x) => x.ruleId === code && x.locations[0]!.physicalLocation.artifactLocation.uri === f.path)!;
    // S7001 points at the item's heading.
    expect(text(files[0]!, at(files[0]!, 'S7001').locations[0]!.physicalLocation.region)).toBe('31.推进美丽乡镇建设（1分）');
    // S7010 at the attribute the tiers are by.
    expect(text(files[1]!, at(files[1]!, 'S7010').locations[0]!.physicalLocation.region)).toBe('【开展情况】');
    expect(at(files[1]!, 'S7010').level).toBe('note');
    // A checker error: the cap.
    expect(text(files[2]!, at(files[2]!, 'E5002').locations[0]!.physicalLocation.region)).toBe('限扣2分');
  });

  it('the message carries the hint', () => {
    const s7001 = run.results.find((x) => x.ruleId === 'S7001')!;
    expect(s7001.message.text).toContain('第31项「推进美丽乡镇建设」最多可扣1.5分，超过本项1分');
    expect(s7001.message.text).toContain('\n提示：');
  });
});

/** Characters RFC 3986 allows in a URI reference's path (unreserved, sub-delims, `:`, `@`, `/`, and `%` escapes). */
const URI_PATH = /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]+$/;

describe('rubric check --format sarif: artifact URIs', () => {
  // A repository whose folder and file names are Chinese and contain spaces, as a policy office names them.
  const dir = mkdtempSync(join(tmpdir(), 'rubric-sarif-'));
  const folder = '考核 规则';
  const rel = `${folder}/中队考核 2025.rubric`;
  mkdirSync(join(dir, folder));
  copyFileSync(join(FIXTURES, 'codes', 'S7001.rubric'), join(dir, rel));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const uris = (stdout: string) => {
    const run = (JSON.parse(stdout) as Sarif).runs[0]!;
    return [...run.artifacts.map((a) => a.location.uri), ...run.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)];
  };

  it('a relative path with a Chinese name and a space: each segment percent-encoded, / kept; it decodes back to the path', () => {
    const r = rubricIn(dir, 'check', '--strict', '--format', 'sarif', rel);
    expect(r.code, r.stderr).toBe(0);
    const all = uris(r.stdout);
    expect(all.length).toBe(2); // the artifact and the S7001 warning
    for (const uri of all) {
      expect(uri).toBe('%E8%80%83%E6%A0%B8%20%E8%A7%84%E5%88%99/%E4%B8%AD%E9%98%9F%E8%80%83%E6%A0%B8%202025.rubric');
      expect(uri).toMatch(URI_PATH);
      expect(decodeURIComponent(uri)).toBe(rel);
    }
  });

  it('a directory argument gives the same URIs', () => {
    const r = rubricIn(dir, 'check', '--strict', '--format', 'sarif', folder);
    expect(uris(r.stdout)).toEqual(uris(rubricIn(dir, 'check', '--strict', '--format', 'sarif', rel).stdout));
  });

  it('an absolute path: a file:// URL that names the file', () => {
    const abs = join(dir, rel);
    const r = rubricIn(ROOT, 'check', '--strict', '--format', 'sarif', abs);
    for (const uri of uris(r.stdout)) {
      expect(uri.startsWith('file:///')).toBe(true);
      expect(uri).not.toMatch(/[^\x21-\x7e]/); // no spaces, nothing outside ASCII
      expect(fileURLToPath(uri)).toBe(abs);
    }
  });

  it('sarifUri: backslashes become /, reserved characters in a segment are escaped', () => {
    expect(sarifUri('rubrics\\中队考核.rubric')).toBe('rubrics/%E4%B8%AD%E9%98%9F%E8%80%83%E6%A0%B8.rubric');
    expect(sarifUri('rubrics/a#1?b.rubric')).toBe('rubrics/a%231%3Fb.rubric');
    expect(sarifUri('a:b/100%.rubric')).toBe('a%3Ab/100%25.rubric'); // a colon in the first segment would read as a scheme
    expect(sarifUri('rubrics/lishui-2022.rubric')).toBe('rubrics/lishui-2022.rubric');
  });
});
