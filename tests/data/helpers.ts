/**
 * Shared helpers for the data-layer tests: a Program from a fixture rubric, datasets without
 * their sources (to compare formats), and the problems a read reports.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { check } from '../../src/checking/check.js';
import { DataError, readDataset, type DataSource } from '../../src/data/index.js';
import { lower } from '../../src/lowering/lower.js';
import type { DataProblem } from '../../src/runtime/errors.js';
import type { Dataset } from '../../src/runtime/model.js';
import type { Program } from '../../src/runtime/program.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(HERE, 'fixtures');
export const RUBRICS = join(HERE, '..', '..', 'rubrics');

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** Checks and lowers a rubric; fails the test if it has errors. */
export function programFrom(path: string, file = path): Program {
  const source = readFileSync(path, 'utf8');
  const r = check(source);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => d.message)).toEqual([]);
  return lower(r.context, source, { file });
}

let mini: Program | undefined;
/** tests/data/fixtures/mini.rubric, lowered once. */
export function miniProgram(): Program {
  return (mini ??= programFrom(fixture('mini.rubric'), 'mini.rubric'));
}

/** The dataset without `source` fields, to compare what different formats give. */
export function withoutSources(d: Dataset): Dataset {
  return {
    objects: d.objects.map(({ source: _s, ...o }) => o),
    params: d.params,
    events: d.events.map(({ source: _s, ...e }) => e),
  };
}

/** The problems a read reports; fails the test if it succeeds or throws something else. */
export async function problemsOf(files: DataSource[], program = miniProgram()): Promise<DataProblem[]> {
  try {
    await readDataset(program, files);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as DataError).problems;
  }
  throw new Error('应当报错，但读取成功');
}

/** One in-memory file. */
export function mem(name: string, text: string): DataSource {
  return { name, text };
}
