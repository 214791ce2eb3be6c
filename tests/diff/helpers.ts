/** Helpers for the diff tests: compile rubric text, run the `diff` command as main.ts would. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { analyzeBounds } from '../../src/analysis/bounds.js';
import { compileRubric } from '../../src/api.js';
import { check } from '../../src/checking/check.js';
import { registerDiff } from '../../src/cli/commands/diff.js';
import { EXIT_USAGE, UsageError } from '../../src/cli/io.js';
import { Failed } from '../../src/cli/load.js';
import { diffPrograms } from '../../src/diff/diff.js';
import type { DiffResult } from '../../src/diff/model.js';
import { print } from '../../src/format/print.js';
import type { Program } from '../../src/runtime/program.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function compile(source: string, file = 'test.rubric'): Program {
  const r = compileRubric(source, file);
  if (!r.program) {
    throw new Error(`${file} has errors:\n${r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${d.message}`).join('\n')}`);
  }
  return r.program;
}

/** The canonical layout of a rubric (what `rubric fmt` prints): same meaning, other text and lines. */
export function format(source: string): string {
  return print(check(source).ast);
}

export function diffSources(oldSource: string, newSource: string, bounds = false): DiffResult {
  return diffPrograms(compile(oldSource, 'old.rubric'), compile(newSource, 'new.rubric'), bounds ? { bounds: analyzeBounds } : {});
}

const tempDirs: string[] = [];

/** Writes rubric texts to a fresh temporary directory; returns their paths. */
export function writeTemp(files: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'rubric-diff-'));
  tempDirs.push(dir);
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    out[name] = join(dir, name);
    writeFileSync(out[name], text);
  }
  return out;
}

/** Removes the directories writeTemp made. */
export function removeTemp(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `rubric diff …` with the exit-code handling of src/cli/main.ts. */
export async function runDiff(args: string[]): Promise<CliRun> {
  const program = new Command();
  program.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  let code = 0;
  registerDiff(program, (c) => {
    code = Math.max(code, c);
  });
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => ((stdout += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((stderr += String(s)), true)) as typeof process.stderr.write;
  try {
    await program.parseAsync(['diff', ...args], { from: 'user' });
  } catch (e) {
    if (e instanceof Failed) code = e.exitCode;
    else if (e instanceof UsageError) {
      stderr += `rubric: ${e.message}\n`;
      code = EXIT_USAGE;
    } else if (e instanceof CommanderError) code = e.exitCode === 0 ? 0 : EXIT_USAGE;
    else throw e;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return { code, stdout, stderr };
}
