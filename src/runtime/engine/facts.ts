/** The facts a rule's trace entry shows: the values it read, each once, with how missing ones were taken. */
import type { AssumedInput, Fact } from '../model.js';
import { fmt, type Value } from './ops.js';
import type { FactShape } from './plan.js';

/** Collects the values a rule reads, for its trace entry: the first reading of each name. Reused (reset) between rules. */
export class FactRecorder {
  readonly shapes: FactShape[] = [];
  readonly values: Value[] = [];
  readonly assumed: (string | undefined)[] = [];
  readonly defaults: (AssumedInput[] | undefined)[] = [];
  n = 0;
  add(shape: FactShape, value: Value, assumed?: string, defaults?: AssumedInput[]): void {
    const shapes = this.shapes;
    const n = this.n;
    for (let i = 0; i < n; i++) if (shapes[i]!.name === shape.name) return;
    shapes[n] = shape;
    this.values[n] = value;
    this.assumed[n] = assumed;
    this.defaults[n] = defaults;
    this.n = n + 1;
  }
  facts(): Fact[] {
    const out: Fact[] = new Array(this.n);
    for (let i = 0; i < out.length; i++) {
      const s = this.shapes[i]!;
      const f: Fact = { name: s.name, value: fmt(this.values[i]!) };
      if (s.unit !== undefined) f.unit = s.unit;
      if (s.percent) f.percent = true;
      const a = this.assumed[i];
      if (a !== undefined) f.assumed = a;
      const d = this.defaults[i];
      if (d !== undefined) f.defaults = d;
      out[i] = f;
    }
    return out;
  }
}

export const NO_FACTS: Fact[] = [];
Object.freeze(NO_FACTS);

/** Adds inputs taken at their 缺失时 value to a list, each name once (the first keeps its place). */
export function addAssumed(into: AssumedInput[], items: readonly AssumedInput[]): void {
  for (const x of items) if (!into.some((y) => y.name === x.name)) into.push(x);
}
