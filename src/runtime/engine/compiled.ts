/**
 * Event folding compiled for one Program: a generated scoring module may bring, beside its
 * expressions, a function that folds the common events of its rubric (kind by `switch`, tiers and
 * filters as comparisons of the event's attributes with the rubric's texts, counters at fixed
 * places) instead of the engine's general path. It does exactly what that path does for the
 * events it accepts, and hands every other event back untouched (returns false): events with a
 * 数量, outside the period, without a known object, with a missing or differently typed
 * attribute, and kinds whose rules it does not cover. The engine then folds them itself, and
 * counts and reports what it must.
 *
 * The counters' places come from the plan (plan.ts). A module compiled against another plan
 * layout (another version of this runtime) is not used: its `layout` must equal `foldLayout`.
 */
import type { EventData } from '../model.js';
import type { Plan } from './plan.js';

/** What compiled folding may use of the engine. */
export interface FoldHost {
  /** All objects' counters: object index × plan.numbers + slot. */
  readonly num: Float64Array;
  readonly tracing: boolean;
  /** Sequence number of the current (event, object); compiled folding increments it once per event it folds. */
  seq: number;
  /** The object's index, or −1 when the name is missing or unknown. */
  unit(name: string | undefined): number;
  /** An occurrence with a 事项 under 同一事项取最高, of a constant-rate rule's slot (数量 1). */
  offer(unit: number, clause: number, slot: number, matter: string): void;
}

export interface CompiledFold {
  /** The plan layout the code was generated for (foldLayout). */
  layout: string;
  /** Folds one event and returns true, or returns false having changed nothing. */
  fold(h: FoldHost, ev: EventData): boolean;
}

/** The places compiled folding writes to: per-object size, per kind its count and filter slots, per fast rule its slots. */
export function foldLayout(plan: Plan): string {
  const parts: string[] = [`numbers=${plan.numbers}`];
  for (const k of plan.kinds.values()) {
    const rules = k.clauses.map((p) => (p.fast ? `${p.clause.index}@${p.fast.counts}/${p.fast.first}/${p.fast.slots}/${p.fast.nMult}` : `${p.clause.index}`));
    parts.push(`${k.name}:${k.countSlot}:${k.filters.map((f) => f.slot).join(',')}:${rules.join(',')}`);
  }
  return parts.join(';');
}
