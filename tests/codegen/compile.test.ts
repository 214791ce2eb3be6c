/**
 * Every seed rubric compiles to a module that type-checks under tsc --strict, and compiling
 * twice gives byte-identical output.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitForUsers, OUT, programOf, ROOT, typecheck } from './helpers.js';
import { mkdirSync } from 'node:fs';

const rubrics = readdirSync(join(ROOT, 'rubrics'))
  .filter((f) => f.endsWith('.rubric'))
  .sort();

describe('generated modules', () => {
  const files: string[] = [];
  beforeAll(async () => {
    // The runtime's declarations come from dist/ (self-reference through package.json exports).
    expect(existsSync(join(ROOT, 'dist/runtime/index.d.ts')), 'run `npx tsc -p .` (npm ci does) before the tests').toBe(true);
    mkdirSync(OUT, { recursive: true });
    for (const r of rubrics) {
      const code = await emitForUsers(programOf(`rubrics/${r}`));
      const file = join(OUT, r.replace('.rubric', '.ts'));
      writeFileSync(file, code);
      files.push(file);
    }
  }, 120_000);

  it('compile all four seed rubrics', () => {
    expect(rubrics).toEqual(['lishui-2022.rubric', 'pingyang-2023.rubric', 'shaanxi-2023.rubric', 'wucheng-2024.rubric']);
    expect(files).toHaveLength(4);
  });

  it('type-check under tsc --strict', () => {
    expect(typecheck(files)).toBe('');
  }, 120_000);

  it.each(rubrics)(
    '%s compiles to identical bytes twice',
    async (r) => {
      const p1 = programOf(`rubrics/${r}`);
      const p2 = programOf(`rubrics/${r}`);
      expect(await emitForUsers(p2)).toBe(await emitForUsers(p1));
    },
    60_000,
  );

  it('cite item numbers and rubric lines beside the compiled expressions', async () => {
    const code = await emitForUsers(programOf('rubrics/lishui-2022.rubric'));
    expect(code).toMatch(/第5项「执法能力提升」 第\d+行 条件/);
    expect(code).toContain("from 'rubric-lang/runtime'");
    // Nothing but the runtime is imported.
    expect(code.match(/^import .*$/gm)).toEqual(["import * as rt from 'rubric-lang/runtime';"]);
  }, 60_000);
});
