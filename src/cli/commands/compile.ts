/** `rubric compile <rubric> -o <dir>`: the TypeScript scoring module and the JSON Schema of its data. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { emitTypeScript } from '../../api.js';
import { inputSchema } from '../../codegen/schema.js';
import { EXIT_OK } from '../io.js';
import { loadProgram } from '../load.js';
import { VERSION } from '../version.js';

export function registerCompile(program: Command, setExit: (code: number) => void): void {
  program
    .command('compile')
    .description('把考核规则编译成 TypeScript 评分模块，并生成数据的 JSON Schema')
    .argument('<rubric>', '.rubric 文件')
    .requiredOption('-o, --out <dir>', '输出目录')
    .option('--runtime <specifier>', '生成模块引入运行时的路径', 'rubric-lang/runtime')
    .action(async (rubric: string, opts: { out: string; runtime: string }) => {
      const p = loadProgram(rubric);
      const base = basename(rubric).replace(/\.rubric$/, '');
      mkdirSync(opts.out, { recursive: true });
      const modulePath = join(opts.out, `${base}.ts`);
      const schemaPath = join(opts.out, `${base}.schema.json`);
      writeFileSync(modulePath, await emitTypeScript(p, { runtimeImport: opts.runtime, version: VERSION }));
      writeFileSync(schemaPath, `${JSON.stringify(inputSchema(p), null, 2)}\n`);
      process.stdout.write(`${rubric} → ${modulePath}、${schemaPath}\n`);
      setExit(EXIT_OK);
    });
}
