/**
 * The symbol table: every name a rubric declares, what kind of thing it is and its type.
 * Built once from the declarations; name resolution and lowering both read it.
 */
import type * as A from '../syntax/ast.js';
import { allNodes, declarations } from '../syntax/walk.js';
import { BOOL, DATE, fromTypeSpec, num, POINTS_T, SUBJECT, TEXT, UNKNOWN, type ValueType } from './types.js';
import { unitDim } from './units.js';

export interface ValueSym {
  kind: 'input' | 'param' | 'computed';
  name: string;
  type: ValueType;
  decl: A.ValueDecl | A.ComputedDecl;
  range?: { min: A.NumberLit; max: A.NumberLit };
  missing?: A.Expr;
  group?: boolean;
}

export interface AttrSym {
  kind: 'attribute';
  name: string;
  type: ValueType;
  /** Absent for the built-in fields every event has. */
  decl?: A.AttributeDecl;
  event: EventSym;
}

export interface EventSym {
  kind: 'event';
  name: string;
  /** The measure word events of this kind are counted in. */
  unit?: string;
  decl: A.EventDecl;
  attributes: Map<string, AttrSym>;
}

export interface AliasSym {
  kind: 'alias';
  name: string;
  node: A.ScoreNode;
  decl: A.RefExpr;
}

export type Sym = ValueSym | EventSym | AttrSym | AliasSym;

/** Fields every event record has, whatever its kind. */
export const BUILTIN_EVENT_FIELDS = ['对象', '日期', '数量', '分值', '事项', '编号'] as const;

export function builtinFieldType(field: string, event: EventSym): ValueType {
  switch (field) {
    case '对象':
      return SUBJECT;
    case '日期':
      return DATE;
    case '数量':
      return event.unit ? num(unitDim(event.unit)) : UNKNOWN;
    case '分值':
      return POINTS_T;
    default:
      return TEXT;
  }
}

export interface Scope {
  /** Inputs, parameters, computed values, event kinds and aliases share one name space. */
  globals: Map<string, ValueSym | EventSym | AliasSym>;
  events: EventSym[];
  duplicates: { name: A.RefExpr; first: A.RefExpr }[];
}

export function buildScope(ast: A.RubricFile): Scope {
  const globals = new Map<string, ValueSym | EventSym | AliasSym>();
  const events: EventSym[] = [];
  const duplicates: Scope['duplicates'] = [];
  const firstDecl = new Map<string, A.RefExpr>();
  const add = (name: A.RefExpr, sym: ValueSym | EventSym | AliasSym) => {
    const prev = firstDecl.get(name.name);
    if (prev) {
      duplicates.push({ name, first: prev });
      return;
    }
    firstDecl.set(name.name, name);
    globals.set(name.name, sym);
  };
  for (const d of declarations(ast)) {
    if (d.kind === 'Event') {
      const ev: EventSym = { kind: 'event', name: d.name.name, ...(d.unit ? { unit: d.unit.word } : {}), decl: d, attributes: new Map() };
      for (const f of BUILTIN_EVENT_FIELDS) ev.attributes.set(f, { kind: 'attribute', name: f, type: builtinFieldType(f, ev), event: ev });
      for (const a of d.attributes) {
        // A built-in field's name is reported once, as E2004 by the names rule.
        if (ev.attributes.has(a.name.name) && !ev.attributes.get(a.name.name)!.decl) continue;
        ev.attributes.set(a.name.name, { kind: 'attribute', name: a.name.name, type: fromTypeSpec(a.type), decl: a, event: ev });
      }
      events.push(ev);
      add(d.name, ev);
    } else if (d.kind === 'Computed') {
      add(d.name, { kind: 'computed', name: d.name.name, type: d.type ? fromTypeSpec(d.type) : UNKNOWN, decl: d });
    } else {
      const range = d.qualifiers.find((q) => q.kind === 'Range');
      const missing = d.qualifiers.find((q) => q.kind === 'Missing');
      add(d.name, {
        kind: d.kind === 'Input' ? 'input' : 'param',
        name: d.name.name,
        type: fromTypeSpec(d.type),
        decl: d,
        ...(range && range.kind === 'Range' ? { range: { min: range.min, max: range.max } } : {}),
        ...(missing && missing.kind === 'Missing' ? { missing: missing.value } : {}),
        ...(d.qualifiers.some((q) => q.kind === 'Group') ? { group: true } : {}),
      });
    }
  }
  for (const { node } of allNodes(ast)) {
    for (const q of node.qualifiers) {
      if (q.kind === 'Alias') add(q.name, { kind: 'alias', name: q.name.name, node, decl: q.name });
    }
  }
  return { globals, events, duplicates };
}

export { BOOL };
