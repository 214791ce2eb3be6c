/**
 * The runtime that generated scoring modules import. It depends on nothing of the compiler:
 * exact arithmetic, the working-day calendar, the program format and the engine that runs it.
 */
export { Rational, DivisionByZeroError, type RoundMode } from './rational.js';
export { addDays, addWorkdays, calendarYears, CalendarRangeError, isWorkday, parseDate, quarterOf } from './calendar.js';
export type * from './program.js';
export type * from './model.js';
export { ScoringError, describeSource, type DataProblem } from './errors.js';
export { run, Scorer, type ScoreOptions } from './engine/run.js';
export type { ExprFn, Scope } from './engine/engine.js';
export type { CompiledFold, FoldHost } from './engine/compiled.js';
export type { ChargedEvent } from './engine/events.js';
export * as op from './engine/ops.js';
