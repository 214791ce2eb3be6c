/** `rubric report`: the four files written into the output directory, and its usage errors. */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerReport } from '../../src/cli/commands/report.js';
import { UsageError } from '../../src/cli/io.js';
import { EXAMPLES, ROOT } from './report-helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command().exitOverride();
  let code = 0;
  registerReport(program, (c) => {
    code = Math.max(code, c);
  });
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.chdir(cwd);
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout, stderr };
}

describe('rubric report', () => {
  it('writes report.html, report.xlsx, report.md and items.csv for Lishui, quietly when not on a terminal', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rubric-report-')), 'new', 'out');
    dirs.push(dir);
    const r = await run(['report', 'rubrics/lishui-2022.rubric', '--data', ...EXAMPLES['lishui-2022']!, '-o', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const files = ['report.html', 'report.xlsx', 'report.md', 'items.csv'].map((f) => join(dir, f));
    expect(r.stdout).toBe(files.map((f) => `${f}\n`).join(''));
    for (const f of files) expect(existsSync(f) && statSync(f).size > 0, f).toBe(true);
    const html = readFileSync(files[0]!, 'utf8');
    expect(html).toContain('松阳县');
    // The rules section shows the source lines, comments included.
    expect(html).toContain('# 解释：');
    expect(readFileSync(files[1]!).subarray(0, 2).toString()).toBe('PK');
    expect(readFileSync(files[3]!, 'utf8').split('\n')[0]).toMatch(/^名次,考核对象,（一）\.1,.*,总分$/);
  });

  it('--panels lazy writes the compact form', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubric-report-'));
    dirs.push(dir);
    await run(['report', 'rubrics/shaanxi-2023.rubric', '--data', ...EXAMPLES['shaanxi-2023']!, '-o', dir, '--panels', 'lazy']);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('data-panels="lazy"');
  });

  it('rejects an unknown --panels mode and a missing -o', async () => {
    await expect(run(['report', 'rubrics/shaanxi-2023.rubric', '--data', 'x.yaml', '-o', 'x', '--panels', 'some'])).rejects.toThrow(UsageError);
    await expect(run(['report', 'rubrics/shaanxi-2023.rubric', '--data', 'x.yaml'])).rejects.toThrow(/-o, --out/);
  });
});
