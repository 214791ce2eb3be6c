/**
 * Property: for random small rubrics (see generate.ts), printing keeps the AST and the
 * comments, and printing the printed text again changes nothing; blank lines are kept (one for
 * any number) but never invented.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parse } from '../../src/syntax/parse.js';
import { print } from '../../src/format/print.js';
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

  test('blank lines: at most one in a row, none at the ends, and none the source did not have', () => {
    fc.assert(
      fc.property(fc.gen(), fc.integer({ min: 10, max: 200 }), (g, width) => {
        const src = rubric(g);
        const ast = parse(src).ast;
        const out = print(ast, { width });
        const lines = out.split('\n');
        expect(lines.pop()).toBe('');
        expect(lines[0]).not.toBe('');
        expect(lines.at(-1)).not.toBe('');
        expect(out).not.toMatch(/\n\n\n|[ \t]\n/);
        // Each blank line of the output stands for a run of blank lines of the source, or is
        // the one between two top-level blocks.
        const blank = lines.filter((l) => l === '').length;
        const runs = src.split('\n').filter((l, i, all) => !l.trim() && (i === 0 || all[i - 1]!.trim())).length;
        expect(blank).toBeLessThanOrEqual(runs + ast.body.length);
      }),
      { numRuns: 300 },
    );
  });

  test('a file of comments keeps its paragraphs', () => {
    const piece = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom('# 甲', '# 乙 乙', '＃丙', '#')).map(([n, c]) => ({ comment: c, indent: n })),
      fc.integer({ min: 1, max: 3 }).map((n) => ({ blank: n })),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const src = pieces.map((p) => ('comment' in p ? ' '.repeat(p.indent) + p.comment : Array(p.blank).fill('').join('\n'))).join('\n');
        const want: string[] = [];
        let gap = false;
        for (const p of pieces) {
          if (!('comment' in p)) gap = true;
          else {
            if (gap && want.length) want.push('');
            want.push(p.comment);
            gap = false;
          }
        }
        expect(checkRoundTrip(src, 'comments only')).toBe(want.length ? `${want.join('\n')}\n` : '');
      }),
      { numRuns: 200 },
    );
  });
});
