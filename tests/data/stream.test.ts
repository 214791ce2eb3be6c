/**
 * Streaming: 200,000 events from a generated NDJSON file and a generated CSV file, read through
 * openData while the heap is measured. Events are consumed (counted and checked for order) and
 * dropped, as the Scorer does; a reader that kept them would hold every one of them.
 *
 * The bound: first measure what one retained event costs (read 20,000 into an array). Keeping
 * all 200,000 would cost 200,000 × that, roughly 60-80 MB. The streaming reader must stay
 * below a quarter of that, and below 16 MB; the test also checks that keeping the events
 * would break the bound, so it cannot pass vacuously.
 */
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openData, readDataset, type DataSource } from '../../src/data/index.js';
import type { EventData } from '../../src/runtime/model.js';
import { miniProgram } from './helpers.js';

const N = 200_000;
const OBJECTS = 50;
const MB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

let dir: string;
const ndjsonFile = () => join(dir, 'events.ndjson');
const csvFile = () => join(dir, 'events.csv');
const objectsFile = () => join(dir, 'objects.yaml');

function date(i: number): string {
  const d = 1 + (i % 28);
  const m = 1 + (Math.floor(i / 28) % 12);
  return `2023-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

async function write(path: string, lines: (i: number) => string, head?: string, tail?: string): Promise<void> {
  const out = createWriteStream(path);
  if (head) out.write(head);
  for (let i = 0; i < N; i++) if (!out.write(lines(i))) await new Promise((r) => out.once('drain', r));
  if (tail) out.write(tail);
  await new Promise((r) => out.end(r));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rubric-stream-'));
  const objects = Array.from({ length: OBJECTS }, (_, i) => `{"名称": "局${i}", "持证率": "9${i % 10}%"}\n`).join('');
  // Objects come after the events in the NDJSON file: pass 1 must find them first anyway.
  await write(
    ndjsonFile(),
    (i) =>
      `{"类型": "违规", "对象": "局${i % OBJECTS}", "日期": "${date(i)}", "级别": "${i % 3 ? '市级' : '省级'}", "造成后果": "${i % 7 ? '否' : '是'}", "编号": "E${i}"}\n`,
    undefined,
    objects,
  );
  await write(csvFile(), (i) => `违规,局${i % OBJECTS},${date(i)},${i % 3 ? '市级' : '省级'},,E${i}\n`, '\uFEFF类型,对象,日期,级别,造成后果,编号\n');
  writeFileSync(objectsFile(), `对象:\n${Array.from({ length: OBJECTS }, (_, i) => `  - 名称: 局${i}\n`).join('')}`);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes the heap holds per event kept in an array. */
async function retainedPerEvent(): Promise<number> {
  const sample = 20_000;
  const text = Array.from(
    { length: sample },
    (_, i) => `{"类型": "违规", "对象": "局${i % OBJECTS}", "日期": "${date(i)}", "级别": "省级", "造成后果": "否", "编号": "E${i}"}`,
  ).join('\n');
  const src: DataSource = { name: 'sample.ndjson', text };
  const before = heap();
  const d = await readDataset(miniProgram(), [src]);
  const after = heap();
  expect(d.events).toHaveLength(sample);
  return (after - before) / sample;
}

async function stream(files: DataSource[]) {
  const before = heap();
  const data = await openData(miniProgram(), files);
  let n = 0;
  let ordered = true;
  let mid = 0;
  let first: EventData | undefined;
  for await (const e of data.events) {
    if (e.id !== `E${n}`) ordered = false;
    if (n === 0) first = e;
    n++;
    if (n === N / 2) mid = heap() - before;
  }
  const after = heap() - before;
  return { n, ordered, mid, after, objects: data.objects.length, first };
}

describe('streaming 200,000 events', () => {
  let perEvent = 0;
  let bound = 0;

  beforeAll(async () => {
    perEvent = await retainedPerEvent();
    bound = Math.min(16 * MB, (N * perEvent) / 4);
    console.log(
      `一条事件保留在内存中约 ${perEvent.toFixed(0)} 字节；保留 ${N} 条约 ${((N * perEvent) / MB).toFixed(1)} MB；界限 ${(bound / MB).toFixed(1)} MB`,
    );
  }, 60_000);

  it('the bound would catch a reader that keeps the events', () => {
    expect(N * perEvent).toBeGreaterThan(2 * bound);
  });

  it('NDJSON: in order, with memory that does not grow', async () => {
    const r = await stream([ndjsonFile()]);
    console.log(`NDJSON：${r.n} 条，读到一半时堆增长 ${(r.mid / MB).toFixed(2)} MB，读完后 ${(r.after / MB).toFixed(2)} MB`);
    expect(r.objects).toBe(OBJECTS);
    expect(r.n).toBe(N);
    expect(r.ordered).toBe(true);
    expect(r.first).toMatchObject({ kind: '违规', object: '局0', date: '2023-01-01', attrs: { 级别: '省级', 造成后果: true }, source: { line: 1 } });
    expect(r.mid).toBeLessThan(bound);
    expect(r.after).toBeLessThan(bound);
  }, 120_000);

  it('CSV: in order, with memory that does not grow', async () => {
    const r = await stream([objectsFile(), csvFile()]);
    console.log(`CSV：${r.n} 条，读到一半时堆增长 ${(r.mid / MB).toFixed(2)} MB，读完后 ${(r.after / MB).toFixed(2)} MB`);
    expect(r.n).toBe(N);
    expect(r.ordered).toBe(true);
    expect(r.first).toMatchObject({ kind: '违规', object: '局0', source: { row: 2 } });
    expect(r.mid).toBeLessThan(bound);
    expect(r.after).toBeLessThan(bound);
  }, 120_000);
});
