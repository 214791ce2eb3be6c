/**
 * Property: for random small rubrics (see generate.ts), printing keeps the AST and the
 * comments, and printing the printed text again changes nothing.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parse } from '../../src/syntax/parse.js';
import { checkRoundTrip } from './helpers.js';
import { rubric } from './generate.js';

describe('printer property', () => {
  test('generated rubrics parse cleanly (the generator is sound)', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const src = rubric(g);
        expect(parse(src).diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${d.message}\n${src}`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('round trip and idempotence at random widths', () => {
    fc.assert(
      fc.property(fc.gen(), fc.integer({ min: 10, max: 200 }), (g, width) => {
        checkRoundTrip(rubric(g), 'generated', { width });
      }),
      { numRuns: 500 },
    );
  });
});
