/**
 * The interpreter: evaluates a Program's expressions straight from the intermediate form, for
 * `check`, tests and editors, where compiling a module is not worth it. Each expression tree is
 * turned into closures once; they call the same value operations as compiled modules, so the
 * two agree to the last digit (the differential test holds them to it). Like the code
 * generator, it compares with one constant directly and builds constant lists once.
 */
import type { ChargedEvent } from '../runtime/engine/events.js';
import type { ExprFn, Scope } from '../runtime/engine/engine.js';
import * as op from '../runtime/engine/ops.js';
import { type ExprIR, isBooleanExpr, type Program } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';

type CondFn = (s: Scope, e?: ChargedEvent) => boolean;

/** The expression as a condition. */
function interpretCond(e: ExprIR): CondFn {
  const f = interpretExpr(e);
  if (isBooleanExpr(e)) return f as CondFn;
  return (s, ev) => op.truthy(f(s, ev));
}

const constantValue = (e: ExprIR): op.Value | undefined =>
  e.op === 'num' ? Rational.of(e.value) : e.op === 'str' || e.op === 'date' || e.op === 'bool' ? e.value : undefined;

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
      const c = interpretCond(e.c);
      const a = interpretExpr(e.a);
      const b = interpretExpr(e.b);
      return (s, ev) => (c(s, ev) ? a(s, ev) : b(s, ev));
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
      if (e.b.length === 1) {
        const b0 = e.b[0]!;
        if ((e.cmp === '==' || e.cmp === '!=') && (b0.op === 'str' || b0.op === 'date' || b0.op === 'bool')) {
          const v = b0.value;
          return e.cmp === '==' ? (s, ev) => op.is(a(s, ev), v) : (s, ev) => op.isNot(a(s, ev), v);
        }
        const f = { '<': op.lt, '<=': op.le, '>': op.gt, '>=': op.ge, '==': op.eq, '!=': op.ne }[e.cmp];
        const k = constantValue(b0);
        if (k !== undefined) return (s, ev) => f(a(s, ev), k);
        const b = interpretExpr(b0);
        return (s, ev) => f(a(s, ev), b(s, ev));
      }
      const ks = e.b.map(constantValue);
      if (ks.every((k) => k !== undefined)) {
        const list = ks as op.Value[];
        return (s, ev) => op.cmp(e.cmp, a(s, ev), list);
      }
      const bs = e.b.map(interpretExpr);
      return (s, ev) => {
        const x = a(s, ev);
        return op.cmp(
          e.cmp,
          x,
          bs.map((b) => b(s, ev)),
        );
      };
    }
    case 'truthy':
      return interpretCond(e.a);
    case 'not': {
      const a = interpretCond(e.a);
      return (s, ev) => !a(s, ev);
    }
    case 'and': {
      const items = e.items.map(interpretCond);
      return (s: Scope, ev?: ChargedEvent) => {
        for (let i = 0; i < items.length; i++) if (!items[i]!(s, ev)) return false;
        return true;
      };
    }
    case 'or': {
      const items = e.items.map(interpretCond);
      return (s: Scope, ev?: ChargedEvent) => {
        for (let i = 0; i < items.length; i++) if (items[i]!(s, ev)) return true;
        return false;
      };
    }
  }
}

export function interpret(program: Program): ExprFn[] {
  return program.exprs.map(interpretExpr);
}
