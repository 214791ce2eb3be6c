/** Compile rubrics to modules in a scratch folder inside the repo, and load them. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileRubric, emitTypeScript } from '../../src/api.js';
import type { Program } from '../../src/runtime/program.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const OUT = join(ROOT, 'tests/codegen/__output__');

export function programOf(file: string, source = readFileSync(join(ROOT, file), 'utf8')): Program {
  const r = compileRubric(source, file);
  if (!r.program) throw new Error(`${file}: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return r.program;
}

/** The module as a user gets it: importing the runtime by package name. */
export function emitForUsers(p: Program): Promise<string> {
  return emitTypeScript(p, { runtimeImport: 'rubric-lang/runtime' });
}

/** The same module importing the runtime's sources directly, so the test runner can load it. */
export async function loadCompiled(p: Program, name: string): Promise<{ scoreDataset: (d: unknown) => unknown; program: Program }> {
  mkdirSync(OUT, { recursive: true });
  const code = await emitTypeScript(p, { runtimeImport: pathToFileURL(join(ROOT, 'src/runtime/index.ts')).href });
  const file = join(OUT, `${name}.load.ts`);
  writeFileSync(file, code);
  return import(pathToFileURL(file).href);
}

/** tsc --strict --noEmit over the given generated files; returns tsc's output ('' when clean). */
export function typecheck(files: string[]): string {
  const tsconfig = join(OUT, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', skipLibCheck: true, types: [] },
      files,
    }),
  );
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { encoding: 'utf8' });
    return '';
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}
