/**
 * `rubric check --format codequality`: GitLab's Code Quality report, run as the user runs it
 * (`node bin/rubric.js`, on the built files in dist/: `npx tsc -p .` first), and `toCodeQuality`
 * directly for what the command line cannot easily reach.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { codeQualityPath, toCodeQuality } from '../../src/cli/commands/check-codequality.js';
import { CODES } from '../../src/diagnostics/codes.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { FIXTURES, HERE } from '../checking/helpers.js';

const ROOT = join(HERE, '..', '..');
const BIN = join(ROOT, 'bin', 'rubric.js');

function rubricIn(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const rubric = (...args: string[]) => rubricIn(ROOT, ...args);

/** A code fixture (relative to the repository, as a user would pass it) and its expected codes and lines. */
function fixture(name: string) {
  const path = `tests/checking/fixtures/codes/${name}.rubric`;
  const source = readFileSync(join(FIXTURES, 'codes', `${name}.rubric`), 'utf8');
  const expected = [...source.matchAll(/^# expect: (\w+) at (\d+):(\d+)$/gm)].map((m) => ({ code: m[1]!, line: Number(m[2]) }));
  return { path, source, expected };
}

interface Issue {
  type: string;
  check_name: string;
  description: string;
  categories: string[];
  severity: string;
  fingerprint: string;
  location: { path: string; lines: { begin: number; end: number } };
}

/** What GitLab reads of a Code Quality report (the Code Climate issue format, the fields GitLab documents as required). */
const CODE_QUALITY = {
  type: 'array',
  items: {
    type: 'object',
    required: ['type', 'check_name', 'description', 'severity', 'fingerprint', 'location'],
    properties: {
      type: { const: 'issue' },
      check_name: { type: 'string', pattern: '^rubric/[EWS]\\d{4}$' },
      description: { type: 'string', minLength: 1 },
      categories: {
        type: 'array',
        minItems: 1,
        items: { enum: ['Bug Risk', 'Clarity', 'Compatibility', 'Complexity', 'Duplication', 'Performance', 'Security', 'Style'] },
      },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', minLength: 1, not: { pattern: '^(/|\\./)|\\\\' } },
          lines: {
            type: 'object',
            required: ['begin'],
            properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } },
          },
        },
      },
    },
  },
};

const SEVERITY = { error: 'critical', warning: 'major', info: 'info' } as const;

describe('rubric check --format codequality', () => {
  // An error (E5002), a warning (S7001) and a note (S7010).
  const files = [fixture('S7001'), fixture('S7010'), fixture('E5002')];
  const r = rubric('check', '--strict', '--format', 'codequality', ...files.map((f) => f.path));
  const issues = JSON.parse(r.stdout) as Issue[];

  it('is a Code Quality report: an array of issues with every field GitLab needs', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(CODE_QUALITY);
    expect(validate(issues), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(issues.length).toBe(files.reduce((n, f) => n + f.expected.length, 0));
  });

  it('one issue per diagnostic, at the path as given and the line of the diagnostic', () => {
    for (const f of files) {
      const mine = issues.filter((i) => i.location.path === f.path);
      expect(mine.map((i) => `${i.check_name}@${i.location.lines.begin}`).sort()).toEqual(f.expected.map((e) => `rubric/${e.code}@${e.line}`).sort());
      for (const i of mine) expect(i.location.lines.end).toBeGreaterThanOrEqual(i.location.lines.begin);
    }
  });

  it('severities: error → critical, warning → major, 提示 (info) → info', () => {
    expect(issues.map((i) => [i.check_name, i.severity])).toEqual([
      ['rubric/S7001', 'major'],
      ['rubric/S7010', 'info'],
      ['rubric/E5002', 'critical'],
    ]);
    for (const i of issues) expect(i.severity).toBe(SEVERITY[CODES[i.check_name.slice('rubric/'.length) as keyof typeof CODES].severity]);
  });

  it('the description names the code and carries the message and the hint', () => {
    const e = issues.find((i) => i.check_name === 'rubric/E5002')!;
    expect(e.description).toMatch(/^\[E5002\] 该规则的限扣2分低于单次扣分3分（提示：.+）$/);
  });

  it('exits as check does: 1 when a file has errors, 0 when not; --max-warnings counts as for text', () => {
    expect(r.code).toBe(1);
    expect(r.code).toBe(rubric('check', '--strict', ...files.map((f) => f.path)).code);
    for (const args of [['S7001'], ['S7010']].map((names) => names.map((n) => fixture(n).path))) {
      const quality = rubric('check', '--strict', '--format', 'codequality', ...args);
      expect(quality.code).toBe(0);
      expect(quality.code).toBe(rubric('check', '--strict', ...args).code);
    }
    const over = rubric('check', '--strict', '--max-warnings', '0', '--format', 'codequality', fixture('S7001').path);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('共1个警告，超过 --max-warnings 允许的0个');
    expect(JSON.parse(over.stdout)).toHaveLength(1); // the report is still written
  });

  it('a clean rubric: an empty report', () => {
    const clean = rubric('check', '--format', 'codequality', 'rubrics/lishui-2022.rubric');
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual([]);
  });
});

describe('rubric check --format codequality: fingerprints and paths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rubric-codequality-'));
  mkdirSync(join(dir, 'rubrics'));
  const rel = 'rubrics/中队考核 2025.rubric';
  copyFileSync(join(FIXTURES, 'codes', 'S7001.rubric'), join(dir, rel));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const report = (...args: string[]) => JSON.parse(rubricIn(dir, 'check', '--strict', '--format', 'codequality', ...args).stdout) as Issue[];

  it('stay the same when lines are inserted above the issue, so GitLab does not call it new', () => {
    const before = report(rel);
    expect(before.map((i) => i.check_name)).toEqual(['rubric/S7001']);
    const source = readFileSync(join(dir, rel), 'utf8');
    writeFileSync(join(dir, rel), `# 2025年修订\n# 依据某文件\n\n${source}`);
    const after = report(rel);
    writeFileSync(join(dir, rel), source);
    expect(after.map((i) => i.location.lines.begin)).toEqual(before.map((i) => i.location.lines.begin + 3));
    expect(after.map((i) => i.fingerprint)).toEqual(before.map((i) => i.fingerprint));
  });

  it('are sha256 of file, code, message and occurrence (the formula of the former scripts/rubric-codequality.mjs)', () => {
    const [issue] = report(rel);
    const message = issue!.description.replace(/^\[S7001\] /, '').replace(/（提示：[\s\S]*）$/, '');
    expect(issue!.fingerprint).toBe(createHash('sha256').update(`${rel}\0S7001\0${message}\0${1}`).digest('hex').slice(0, 32));
  });

  it('paths: relative, forward slashes, no ./; a directory or an absolute path names the file the same way', () => {
    const paths = (args: string[]) => report(...args).map((i) => i.location.path);
    expect(paths([rel])).toEqual([rel]);
    expect(paths([`./${rel}`])).toEqual([rel]);
    expect(paths(['rubrics'])).toEqual([rel]);
    expect(paths([join(dir, rel)])).toEqual([rel]);
    expect(codeQualityPath('rubrics\\中队考核.rubric', dir)).toBe('rubrics/中队考核.rubric');
    expect(codeQualityPath(join(dir, 'a', 'b.rubric'), dir)).toBe('a/b.rubric');
  });

  it('the same finding twice in a file: distinct fingerprints, each kept when both move', () => {
    const at = (line: number, message: string): Diagnostic => ({
      code: 'S7002',
      severity: 'info',
      message,
      span: { start: 0, end: 1, line, col: 1, endLine: line, endCol: 2 },
    });
    const one = toCodeQuality([{ file: 'a.rubric', diagnostics: [at(3, '甲'), at(5, '甲'), at(7, '乙')] }]);
    const moved = toCodeQuality([{ file: 'a.rubric', diagnostics: [at(13, '甲'), at(15, '甲'), at(17, '乙')] }]);
    expect(new Set(one.map((i) => i.fingerprint)).size).toBe(3);
    expect(moved.map((i) => i.fingerprint)).toEqual(one.map((i) => i.fingerprint));
    // the same finding in another file is another issue
    expect(toCodeQuality([{ file: 'b.rubric', diagnostics: [at(3, '甲')] }])[0]!.fingerprint).not.toBe(one[0]!.fingerprint);
  });
});
