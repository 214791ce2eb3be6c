/**
 * The interpreter: evaluates a Program's expressions straight from the intermediate form, for
 * `check`, tests and editors, where compiling a module is not worth it. Each expression tree is
 * turned into closures once; they call the same value operations as compiled modules, so the
 * two agree to the last digit (the differential test holds them to it).
 */
import type { ChargedEvent } from '../runtime/engine/events.js';
import type { ExprFn, Scope } from '../runtime/engine/engine.js';
import * as op from '../runtime/engine/ops.js';
import type { ExprIR, Program } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';

export function interpretExpr(e: ExprIR): ExprFn {
  switch (e.op) {
    case 'num': {
      const v = Rational.of(e.value);
      return () => v;
    }
    case 'bool':
    case 'str':
    case 'date': {
      const v = e.value;
      return () => v;
    }
    case 'input':
      return (s) => s.input(e.name);
    case 'param':
      return (s) => s.param(e.name);
    case 'computed':
      return (s) => s.computed(e.name);
    case 'node':
      return (s) => s.node(e.id);
    case 'count':
      return (s) => s.count(e.event, e.filter);
    case 'attr':
      return (s, ev) => s.attr(ev, e.name);
    case 'add':
    case 'sub':
    case 'mul':
    case 'div': {
      const a = interpretExpr(e.a);
      const b = interpretExpr(e.b);
      const f = op[e.op];
      return (s, ev) => f(a(s, ev), b(s, ev));
    }
    case 'neg': {
      const a = interpretExpr(e.a);
      return (s, ev) => op.neg(a(s, ev));
    }
    case 'if': {
      const c = interpretExpr(e.c);
      const a = interpretExpr(e.a);
      const b = interpretExpr(e.b);
      return (s, ev) => (op.truthy(c(s, ev)) ? a(s, ev) : b(s, ev));
    }
    case 'pop': {
      const arg = interpretExpr(e.arg);
      const filter = e.filter ? interpretExpr(e.filter) : undefined;
      return (s) => s.pop(e.id, e.fn, arg, filter);
    }
    case 'self-score':
      return (s) => s.selfScore();
    case 'self-points':
      return (s) => s.selfPoints();
    case 'total':
      return (s) => s.total();
    case 'date-add': {
      const d = interpretExpr(e.date);
      return (s, ev) => op.dateAdd(d(s, ev), e.days, e.workdays);
    }
    case 'cmp': {
      const a = interpretExpr(e.a);
      const bs = e.b.map(interpretExpr);
      return (s, ev) => op.cmp(e.cmp, a(s, ev), bs.map((b) => b(s, ev)));
    }
    case 'truthy': {
      const a = interpretExpr(e.a);
      return (s, ev) => op.truthy(a(s, ev));
    }
    case 'not': {
      const a = interpretExpr(e.a);
      return (s, ev) => !op.truthy(a(s, ev));
    }
    case 'and': {
      const items = e.items.map(interpretExpr);
      return (s: Scope, ev?: ChargedEvent) => items.every((i) => op.truthy(i(s, ev)));
    }
    case 'or': {
      const items = e.items.map(interpretExpr);
      return (s: Scope, ev?: ChargedEvent) => items.some((i) => op.truthy(i(s, ev)));
    }
  }
}

export function interpret(program: Program): ExprFn[] {
  return program.exprs.map(interpretExpr);
}
