/**
 * The line readers (src/data/source.ts) split as node:readline did before them (\r\n, \n and a
 * lone \r), whatever the chunk boundaries; the sparse reader of NDJSON's first pass counts the
 * lines it does not decode, so later lines keep their numbers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { lastLine, lineBatches, sparseLines, splitLines } from '../../src/data/source.js';

async function viaReadline(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const l of createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) out.push(l);
  return out;
}

function viaSplit(chunks: string[]): string[] {
  const out: string[] = [];
  let rest = '';
  for (const c of chunks) rest = splitLines(rest + c, out, Math.max(0, rest.length - 1));
  const last = lastLine(rest);
  if (last !== undefined) out.push(last);
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'rubric-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('line splitting', () => {
  it('matches readline on every way of cutting some awkward texts', async () => {
    const texts = ['a\r\nb\rc\n\nd', 'a\r', 'a\n\r', '\r\r\n\n', 'x\r\n', 'é,"q\r\nr"\n末', '', '\n'];
    for (const t of texts) {
      for (let i = 0; i <= t.length; i++) {
        for (let j = i; j <= t.length; j++) {
          const chunks = [t.slice(0, i), t.slice(i, j), t.slice(j)].filter((c) => c !== '');
          expect(viaSplit(chunks), JSON.stringify(chunks)).toEqual(await viaReadline(chunks));
        }
      }
    }
  });

  it('the sparse reader: the same lines, those it skips counted', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => (i === 20_000 ? '{"名称": "甲局"}' : i % 977 ? `{"类型": "违规", "编号": "E${i}"}` : ''));
    const file = join(dir, 'a.ndjson');
    writeFileSync(file, '\uFEFF' + lines.join('\n'));
    const all: string[] = [];
    for await (const b of lineBatches(file)) all.push(...b);
    expect(all).toEqual(lines);
    let n = 0;
    let skipped = 0;
    const seen = new Map<number, string>();
    for await (const b of sparseLines(file, ['名称'])) {
      if (typeof b === 'number') ((n += b), (skipped += b));
      else for (const l of b) seen.set(++n, l);
    }
    expect(n).toBe(lines.length);
    expect(skipped).toBeGreaterThan(20_000);
    expect(seen.get(20_001)).toBe('{"名称": "甲局"}');
    for (const [no, l] of seen) expect(l).toBe(lines[no - 1]);
  });
});
