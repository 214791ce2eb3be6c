/**
 * A progress bar on the terminal for long runs: drawn on stderr only when it is a TTY, only once
 * the work has taken longer than a moment (so quick runs print nothing), redrawn in place with \r
 * at most ~10 times a second, and cleared at the end. No dependency.
 *
 *   const p = new Progress();
 *   p.phase('读取事件');
 *   p.update(count, fraction);   // cheap: draws only when due
 *   p.done();
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { displayWidth } from '../diagnostics/width.js';

export interface ProgressOptions {
  /** Default process.stderr. */
  stream?: NodeJS.WriteStream;
  /** Nothing is drawn before this many ms have passed (default 1000). */
  delayMs?: number;
  /** Minimum time between redraws (default 100 ms, ~10 Hz). */
  intervalMs?: number;
  /** Default: the stream is a TTY and RUBRIC_PROGRESS is not 0. */
  enabled?: boolean;
  now?: () => number;
}

export function progressWanted(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && process.env.RUBRIC_PROGRESS !== '0';
}

function grouped(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly enabled: boolean;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly start: number;
  private phaseStart: number;
  private label = '';
  private count?: number;
  private unit = '';
  private fraction?: number;
  private lastDraw = -Infinity;
  private drawn = false;
  private timer?: ReturnType<typeof setInterval>;

  constructor(opts: ProgressOptions = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.enabled = opts.enabled ?? progressWanted(this.stream);
    this.delayMs = opts.delayMs ?? 1000;
    this.intervalMs = opts.intervalMs ?? 100;
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
    this.phaseStart = this.start;
    if (this.enabled && opts.now === undefined) {
      // Redraws while the work waits on I/O (elapsed time moves even when counts do not).
      this.timer = setInterval(() => this.tick(), this.intervalMs);
      this.timer.unref();
    }
  }

  get visible(): boolean {
    return this.drawn;
  }

  /** A new step: its label, and what is counted (条事件). Drawn at once when the bar is showing. */
  phase(label: string, unit = ''): void {
    this.label = label;
    this.unit = unit;
    this.phaseStart = this.now();
    this.count = undefined;
    this.fraction = undefined;
    this.tick(true);
  }

  /** Progress within the step: a count, and the share done (0–1) when it can be told. */
  update(count?: number, fraction?: number): void {
    this.count = count;
    this.fraction = fraction;
    this.tick();
  }

  /** Clears the line; nothing remains on the terminal. */
  done(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }

  private tick(force = false): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.start < this.delayMs) return;
    if (!force && t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    this.stream.write(`\r${this.line(t)}\x1b[K`);
    this.drawn = true;
  }

  /** The text of the line, fitted to the terminal's width. */
  line(t = this.now()): string {
    const secs = (t - this.start) / 1000;
    const cols = Math.max(40, (this.stream.columns ?? 80) - 1);
    const count = this.count !== undefined ? `${grouped(this.count)}${this.unit}` : '';
    const inPhase = (t - this.phaseStart) / 1000;
    const rate = this.count !== undefined && inPhase > 0.5 ? `${grouped(this.count / inPhase)}${this.unit}/秒` : '';
    const pct =
      this.fraction !== undefined
        ? `${Math.min(100, Math.floor(this.fraction * 100))
            .toString()
            .padStart(3)}%`
        : '';
    const tail = [pct, count, rate, `${secs.toFixed(1)}秒`].filter(Boolean).join('  ');
    let label = this.label;
    const room = cols - displayWidth(tail) - 4;
    let bar = '';
    if (this.fraction !== undefined) {
      const w = Math.min(30, room - displayWidth(label) - 3);
      if (w >= 8) {
        const f = Math.max(0, Math.min(1, this.fraction));
        const full = Math.floor(f * w);
        bar = `[${'█'.repeat(full)}${'░'.repeat(w - full)}]`;
      }
    }
    while (label && displayWidth(`${label} ${bar}`) > room) label = label.slice(0, -1);
    return [label, bar, tail].filter(Boolean).join(' ');
  }
}

/**
 * The share of the data files read when an event from `file`, line `line` arrives, from file
 * sizes and, for line-based files, an estimate of their line count from the first megabyte
 * (exact for smaller files). Only for display.
 */
export function dataPosition(files: readonly string[]): (file: string | undefined, line: number | undefined) => number | undefined {
  const sizes = files.map((f) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  if (!total) return () => undefined;
  const before = new Map<string, number>();
  const lines = new Map<string, number>();
  let acc = 0;
  files.forEach((f, i) => {
    if (!before.has(f)) before.set(f, acc);
    acc += sizes[i]!;
  });
  const sizeOf = new Map(files.map((f, i) => [f, sizes[i]!]));
  const estimate = (f: string): number => {
    let n = lines.get(f);
    if (n !== undefined) return n;
    n = 0;
    if (['.csv', '.ndjson', '.jsonl', '.yaml', '.yml', '.json'].includes(extname(f).toLowerCase())) {
      try {
        const fd = openSync(f, 'r');
        try {
          const buf = Buffer.alloc(Math.min(1 << 20, sizeOf.get(f) ?? 0));
          const got = readSync(fd, buf, 0, buf.length, 0);
          let nl = 0;
          for (let k = 0; k < got; k++) if (buf[k] === 10) nl++;
          const size = sizeOf.get(f) ?? got;
          n = got >= size ? nl + 1 : Math.max(1, Math.round((nl / Math.max(1, got)) * size));
        } finally {
          closeSync(fd);
        }
      } catch {
        n = 0;
      }
    }
    lines.set(f, n);
    return n;
  };
  return (file, line) => {
    if (file === undefined || !before.has(file)) return undefined;
    const size = sizeOf.get(file) ?? 0;
    const n = estimate(file);
    const within = n > 0 && line !== undefined ? Math.min(1, line / n) : 0;
    return Math.min(0.999, (before.get(file)! + size * within) / total);
  };
}
