/** The terminal progress bar: quiet off a terminal and for quick runs, throttled, cleared at the end. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataPosition, Progress } from '../../src/cli/progress.js';
import { scoreFiles } from '../../src/cli/scoring.js';

function fakeStream(isTTY: boolean, columns = 80): NodeJS.WriteStream & { out: string } {
  const s = {
    isTTY,
    columns,
    out: '',
    write(chunk: string) {
      s.out += chunk;
      return true;
    },
  };
  return s as unknown as NodeJS.WriteStream & { out: string };
}

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('Progress', () => {
  it('prints nothing when stderr is not a terminal', () => {
    const s = fakeStream(false);
    const c = clock();
    const p = new Progress({ stream: s, now: c.now });
    p.phase('读取事件', '条事件');
    c.advance(5000);
    p.update(1000, 0.5);
    p.done();
    expect(s.out).toBe('');
  });

  it('stays quiet for a quick run, even on a terminal', () => {
    const s = fakeStream(true);
    const c = clock();
    const p = new Progress({ stream: s, now: c.now });
    p.phase('读取事件', '条事件');
    c.advance(400);
    p.update(100000, 0.9);
    p.done();
    expect(s.out).toBe('');
  });

  it('redraws in place at most ten times a second and clears the line at the end', () => {
    const s = fakeStream(true, 100);
    const c = clock();
    const p = new Progress({ stream: s, now: c.now });
    p.phase('读取事件', '条事件');
    c.advance(1500);
    p.update(1024, 0.25);
    const first = s.out;
    expect(first).toMatch(/^\r读取事件 \[█+░+\]  25%  1,024条事件  683条事件\/秒  1\.5秒\x1b\[K$/);
    c.advance(50);
    p.update(2048, 0.5);
    expect(s.out).toBe(first);
    c.advance(60);
    p.update(3072, 0.75);
    expect(s.out.split('\r')).toHaveLength(3);
    expect(s.out).toContain(' 75%  3,072条事件');
    p.phase('计算得分与排名');
    expect(s.out.endsWith('\r计算得分与排名 1.6秒\x1b[K')).toBe(true);
    p.done();
    expect(s.out.endsWith('\r\x1b[K')).toBe(true);
    expect(p.visible).toBe(false);
  });

  it('fits the line to a narrow terminal', () => {
    const s = fakeStream(true, 40);
    const c = clock();
    const p = new Progress({ stream: s, now: c.now });
    p.phase('读取事件，来自很多很多很多个数据文件', '条事件');
    c.advance(2000);
    p.update(123456, 0.5);
    expect(p.line()).not.toContain('读取事件，来自很多很多很多个数据文件');
    p.done();
  });
});

describe('dataPosition', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rubric-progress-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tells the share of the data read from file sizes and line numbers', () => {
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.csv');
    writeFileSync(a, 'x'.repeat(9).concat('\n').repeat(100)); // 1000 bytes, 100 lines
    writeFileSync(b, 'y'.repeat(9).concat('\n').repeat(300)); // 3000 bytes, 300 lines
    const at = dataPosition([a, b]);
    expect(at(a, 50)).toBeCloseTo(0.125, 2);
    expect(at(b, 150)).toBeCloseTo(0.625, 2);
    expect(at(b, 10000)).toBeLessThan(1);
    expect(at('other.csv', 1)).toBeUndefined();
    expect(at(a, undefined)).toBe(0);
  });
});

describe('progress while scoring', () => {
  it('counts the objects scored in finish(), not only the events read', async () => {
    const s = fakeStream(true, 120);
    const c = clock();
    // Every update draws (no delay, no throttle): what the bar would show on a long run.
    const p = new Progress({ stream: s, now: c.now, delayMs: 0, intervalMs: 0 });
    const root = join(import.meta.dirname, '..', '..');
    const { result } = await scoreFiles(
      join(root, 'rubrics/lishui-2022.rubric'),
      [join(root, 'examples/lishui-2022/songyang.yaml'), join(root, 'examples/lishui-2022/synthetic.yaml')],
      { progress: p },
    );
    expect(result.objects).toHaveLength(9);
    // The nine bureaus: one call at the end of finish() (fewer than 64 objects).
    expect(s.out).toMatch(/\r计算得分与排名（\d+条事件） \[█+\] 100%  9个考核对象/);
    p.done();
  });
});
