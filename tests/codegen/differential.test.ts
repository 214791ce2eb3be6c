/**
 * Compiled and interpreted scoring agree to the last digit, traces included: on every example
 * dataset and on thousands of datasets generated from each rubric's own declarations.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { interpreterFor } from '../../src/api.js';
import { readDataset } from '../../src/data/index.js';
import { run } from '../../src/runtime/engine/run.js';
import type { Dataset, EventData, ObjectData, Scalar } from '../../src/runtime/model.js';
import type { InputSpec, NodeSpec, Program, ValueSpec } from '../../src/runtime/program.js';
import { Rational } from '../../src/runtime/rational.js';
import { loadCompiled, programOf, ROOT } from './helpers.js';

type Compiled = { scoreDataset: (d: Dataset) => unknown };

/** The result as JSON, or the problems when scoring refuses the data. */
function outcome(f: () => unknown): string {
  try {
    return JSON.stringify(f());
  } catch (e) {
    const problems = (e as { problems?: { message: string }[] }).problems;
    if (!problems) throw e;
    return `problems: ${problems.map((p) => p.message).join('\n')}`;
  }
}

/** A result's JSON with every unit's trace emptied, as { trace: false } gives it. */
function withoutTraces(json: string): string {
  if (json.startsWith('problems')) return json;
  const r = JSON.parse(json) as { objects: { trace: unknown[] }[] };
  for (const o of r.objects) o.trace = [];
  return JSON.stringify(r);
}

const NAMES = ['甲单位', '乙单位', '丙单位', '丁单位', '戊单位', '己单位'];

function scalar(t: ValueSpec, names: string[], period: { from: string; to: string } | undefined): fc.Arbitrary<Scalar> {
  switch (t.kind) {
    case 'num':
      return t.percent
        ? fc.integer({ min: 0, max: 1000 }).map((n) => Rational.of(n).div(1000))
        : fc.oneof(
            fc.integer({ min: 0, max: 30 }).map((n) => Rational.of(n)),
            fc.integer({ min: 0, max: 300 }).map((n) => Rational.of(n).div(10)),
          );
    case 'bool':
      return fc.boolean();
    case 'choice':
      return fc.constantFrom(...(t.options ?? ['']));
    case 'date': {
      const from = Date.parse(period?.from ?? '2023-01-01');
      const to = Date.parse(period?.to ?? '2023-12-31');
      // A little outside the period too: such events must be counted as excluded the same way.
      return fc.integer({ min: from - 20 * 864e5, max: to + 20 * 864e5 }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    }
    case 'subject':
      return fc.constantFrom(...names);
    default:
      return fc.constantFrom('A', 'B', 'C');
  }
}

function inRange(spec: InputSpec, v: fc.Arbitrary<Scalar>): fc.Arbitrary<Scalar> {
  if (!spec.range) return v;
  const [lo, hi] = spec.range.map((x) => Rational.of(x));
  return fc.integer({ min: 0, max: 10 }).map((k) => lo!.add(hi!.sub(lo!).mul(Rational.of(k)).div(10)));
}

function checkItems(p: Program): string[] {
  const out: string[] = [];
  const walk = (n: NodeSpec) => {
    if (n.mode === 'check' && !n.composite && (n.criterion === 'checklist' || n.criterion === undefined)) out.push(n.id);
    n.children.forEach(walk);
  };
  p.nodes.forEach(walk);
  return out;
}

/** A dataset drawn from the rubric's own declarations; some values are left out on purpose. */
function dataset(p: Program): fc.Arbitrary<Dataset> {
  const items = checkItems(p);
  return fc.integer({ min: 1, max: NAMES.length }).chain((n) => {
    const names = NAMES.slice(0, n);
    const value = (spec: InputSpec) => fc.option(inRange(spec, scalar(spec.type, names, p.period)), { freq: 150, nil: undefined });
    const object = (name: string): fc.Arbitrary<ObjectData> =>
      fc
        .record({
          values: fc.tuple(...p.inputs.map(value)),
          checklist: fc.array(fc.boolean(), { minLength: items.length, maxLength: items.length }),
        })
        .map(({ values, checklist }) => ({
          name,
          values: Object.fromEntries(p.inputs.map((s, i) => [s.name, values[i]])),
          ...(items.length ? { checklist: Object.fromEntries(items.map((id, i) => [id, checklist[i]!])) } : {}),
        }));
    const event: fc.Arbitrary<EventData> = p.events.length
      ? fc.constantFrom(...p.events).chain((ev) =>
          fc
            .record({
              object: fc.constantFrom(...names),
              date: scalar({ kind: 'date' }, names, p.period) as fc.Arbitrary<string>,
              count: fc.option(
                fc.integer({ min: 1, max: 3 }).map((k) => Rational.of(k)),
                { nil: undefined },
              ),
              amount: fc.option(
                fc.integer({ min: 1, max: 6 }).map((k) => Rational.of(k).div(2)),
                { freq: 20, nil: undefined },
              ),
              matter: fc.option(fc.constantFrom('事项一', '事项二'), { nil: undefined }),
              attrs: fc.tuple(...ev.attrs.filter((a) => !a.builtin).map((a) => fc.option(scalar(a.type, names, p.period), { freq: 150, nil: undefined }))),
            })
            .map((r) => ({
              kind: ev.name,
              object: r.object,
              date: r.date,
              ...(r.count ? { count: r.count } : {}),
              ...(r.amount ? { amount: r.amount } : {}),
              ...(r.matter ? { matter: r.matter } : {}),
              attrs: Object.fromEntries(ev.attrs.filter((a) => !a.builtin).map((a, i) => [a.name, r.attrs[i]])),
            })),
        )
      : fc.constant(undefined as unknown as EventData);
    return fc.record({
      objects: fc.tuple(...names.map(object)),
      params: fc.tuple(...p.params.map(value)).map((vs) => Object.fromEntries(p.params.map((s, i) => [s.name, vs[i]]))),
      events: p.events.length ? fc.array(event, { maxLength: 40 }) : fc.constant([]),
    });
  });
}

const rubrics = readdirSync(join(ROOT, 'rubrics'))
  .filter((f) => f.endsWith('.rubric'))
  .sort();

describe.each(rubrics)('compiled and interpreted %s agree', (r) => {
  let p: Program;
  let compiled: Compiled;
  beforeAll(async () => {
    p = programOf(`rubrics/${r}`);
    compiled = (await loadCompiled(p, r.replace('.rubric', ''))) as unknown as Compiled;
  }, 120_000);

  it('on the example data', async () => {
    const dir = join(ROOT, 'examples', r.replace('.rubric', ''));
    if (!existsSync(dir)) return;
    const files = readdirSync(dir)
      .filter((f) => /\.(ya?ml|json|csv|ndjson)$/.test(f) && f !== 'expected.yaml')
      .map((f) => join(dir, f));
    const data = await readDataset(p, files);
    const a = outcome(() => compiled.scoreDataset(data));
    const b = outcome(() => run(p, interpreterFor(p), data));
    expect(a).toBe(b);
    expect(a.startsWith('problems')).toBe(false);
  }, 120_000);

  it('on generated data', () => {
    let scored = 0;
    const problems = new Set<string>();
    fc.assert(
      fc.property(dataset(p), (data) => {
        const a = outcome(() => compiled.scoreDataset(data));
        const b = outcome(() => run(p, interpreterFor(p), data));
        expect(a).toBe(b);
        // Without traces the scores are the same and nothing else is recorded.
        const quiet = outcome(() => run(p, interpreterFor(p), data, { trace: false }));
        expect(quiet).toBe(withoutTraces(b));
        if (!a.startsWith('problems')) scored++;
        else problems.add(a.split('\n')[0]!.replace(/^problems: [^：]*：/, ''));
      }),
      { seed: 20261122, numRuns: 300 },
    );
    // The comparison is worth something only if many datasets actually score.
    expect(scored, [...problems].slice(0, 5).join('\n')).toBeGreaterThan(100);
  }, 300_000);
});
