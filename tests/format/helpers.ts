/**
 * Shared checks for the printer tests: the AST comparison that ignores positions and
 * spelling-only fields, and the round-trip / idempotence / comment checks.
 */
import { expect } from 'vitest';
import { parse } from '../../src/syntax/parse.js';
import { print } from '../../src/format/print.js';
import type * as A from '../../src/syntax/ast.js';

/** Positions, and fields that only record how something was spelled. */
const DROPPED = new Set(['span', 'titleSpan', 'labelSpan', 'raw', 'words', 'placesRaw', 'modeWord', 'implicitUnit', 'image']);
/** Recorded spellings that are kept, up to full-width digits (按１．５倍, item number １). */
const DIGIT_NORMALISED = new Set(['word', 'ordinal']);

function halfWidth(s: string): string {
  return s.replace(/[０-９．]/g, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** A copy of the AST without positions and spelling-only fields; comments are compared apart. */
export function strip(x: unknown, key = ''): unknown {
  if (Array.isArray(x)) return x.map((v) => strip(v));
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) {
      if (DROPPED.has(k) || (key === '' && k === 'comments')) continue;
      out[k] = strip(v, k);
    }
    return out;
  }
  if (typeof x === 'string' && DIGIT_NORMALISED.has(key)) return halfWidth(x);
  return x;
}

/** The recorded boundary words of every comparison and bound, digits made half-width. */
export function boundaryWords(ast: A.RubricFile): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.words === 'string') out.push(halfWidth(o.words.replace(/％/g, '%')));
      for (const [k, v] of Object.entries(o)) if (k !== 'span') walk(v);
    }
  };
  walk(ast.body);
  return out;
}

export function parseClean(src: string, what: string): A.RubricFile {
  const r = parse(src);
  expect(r.diagnostics.map((d) => `${what}:${d.span.line}:${d.span.col} ${d.code} ${d.message}`)).toEqual([]);
  return r.ast;
}

/** print ∘ parse keeps the AST and the comments, and printing is idempotent. */
export function checkRoundTrip(src: string, what: string, options?: { width?: number }): string {
  const ast = parseClean(src, what);
  const out = print(ast, options);
  const again = parseClean(out, `${what} (printed)`);
  expect(strip(again)).toEqual(strip(ast));
  expect(again.comments.map((c) => c.text)).toEqual(ast.comments.map((c) => c.text));
  expect(print(again, options)).toBe(out);
  return out;
}
