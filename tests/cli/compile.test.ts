/**
 * `rubric compile <rubric> -o <dir>` as the user runs it (on dist/: `npx tsc -p .` first): the
 * module and the JSON Schema land in the directory, twice the same bytes; the schema accepts the
 * example data and names what is wrong in bad data; a rubric with errors writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { HERE } from '../checking/helpers.js';

const ROOT = join(HERE, '..', '..');
const BIN = join(ROOT, 'bin', 'rubric.js');
const dir = mkdtempSync(join(tmpdir(), 'rubric-compile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rubric(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('rubric compile', () => {
  const first = join(dir, 'a');
  const second = join(dir, 'b');
  const runs = [rubric('compile', 'rubrics/lishui-2022.rubric', '-o', first), rubric('compile', 'rubrics/lishui-2022.rubric', '-o', second)];

  it('writes the module and the schema, and says where', () => {
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(readdirSync(first).sort()).toEqual(['lishui-2022.schema.json', 'lishui-2022.ts']);
    expect(runs[0]!.stdout).toContain(`rubrics/lishui-2022.rubric → ${join(first, 'lishui-2022.ts')}、${join(first, 'lishui-2022.schema.json')}`);
  });

  it('gives the same bytes twice', () => {
    for (const f of ['lishui-2022.ts', 'lishui-2022.schema.json']) expect(readFileSync(join(second, f), 'utf8')).toBe(readFileSync(join(first, f), 'utf8'));
  });

  it('the schema accepts the example data and points at a wrong value', () => {
    const schema = JSON.parse(readFileSync(join(first, 'lishui-2022.schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true }).compile(schema);
    for (const f of ['songyang.yaml', 'synthetic.yaml']) {
      const doc = parseYaml(readFileSync(join(ROOT, 'examples/lishui-2022', f), 'utf8'));
      expect(validate(doc), `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
    const bad = parseYaml(readFileSync(join(ROOT, 'examples/lishui-2022/synthetic.yaml'), 'utf8'));
    const unit = Object.values(bad.对象 as Record<string, Record<string, unknown>>)[0]!;
    unit['2021年度在编人数'] = '六十';
    expect(validate(bad)).toBe(false);
    expect(validate.errors!.some((e) => e.instancePath.endsWith('/2021年度在编人数'))).toBe(true);
  });

  it('a rubric with errors: diagnostics, exit 1, nothing written', () => {
    const out = join(dir, 'bad');
    const r = rubric('compile', 'tests/checking/fixtures/codes/E1001.rubric', '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('错误[E1001]');
    expect(r.stderr).toContain('--> tests/checking/fixtures/codes/E1001.rubric:7:13');
    expect(existsSync(out)).toBe(false);
  });

  it('a missing file is a usage error (exit 2)', () => {
    const r = rubric('compile', 'no-such.rubric', '-o', join(dir, 'none'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('找不到文件：no-such.rubric');
  });
});
