/**
 * Data sources: a file path, or a name with text already in memory (stdin, tests). Line-based
 * formats are read line by line from a stream, so memory does not grow with the file. Excel
 * workbooks (.xlsx) are binary and read from a path only (xlsx.ts).
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';

/** A path, or `{ name, text }`: the name decides the format and is used in messages. */
export type DataSource = string | { name: string; text: string };

export type Format = 'yaml' | 'json' | 'csv' | 'ndjson' | 'xlsx';

const FORMATS: Record<string, Format> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.csv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.xlsx': 'xlsx',
};

export function sourceName(s: DataSource): string {
  return typeof s === 'string' ? s : s.name;
}

export function formatOf(s: DataSource): Format | undefined {
  return FORMATS[extname(sourceName(s)).toLowerCase()];
}

/** Why a source cannot be read, in Chinese, or undefined when it can. */
export async function unreadable(s: DataSource): Promise<string | undefined> {
  if (typeof s !== 'string') return undefined;
  try {
    const st = await stat(s);
    return st.isFile() ? undefined : '不是文件';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? '文件不存在' : code === 'EACCES' ? '没有读取权限' : `无法读取（${code ?? String(e)}）`;
  }
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** The whole text, without a byte-order mark. */
export async function readText(s: DataSource): Promise<string> {
  if (typeof s !== 'string') return stripBom(s.text);
  return stripBom(await readFile(s, 'utf8'));
}

/** Lines handed on together: reading them one promise each cost more than parsing them. */
const BATCH = 1024;

/**
 * Complete lines of `text` into `out`; returns the unfinished rest. Line ends are \r\n, \n and
 * a lone \r, as node:readline has them; a \r at the very end waits for the next chunk's \n.
 * `from`: where to look from (the previous rest has no line end but perhaps a final \r).
 */
export function splitLines(text: string, out: string[], from = 0): string {
  let start = 0;
  let lone = false;
  for (let p = text.indexOf('\r', from); p !== -1 && p + 1 < text.length; p = text.indexOf('\r', p + 1)) {
    if (text.charCodeAt(p + 1) !== 10) {
      lone = true;
      break;
    }
  }
  if (!lone) {
    for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', start)) {
      out.push(text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
      start = nl + 1;
    }
    return text.slice(start);
  }
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      out.push(text.slice(start, i));
      start = i + 1;
    } else if (c === 13 && i + 1 < text.length) {
      out.push(text.slice(start, i));
      if (text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  return text.slice(start);
}

/** The last line of a file from the rest splitLines left: a final \r ends a line (perhaps empty). */
export function lastLine(rest: string): string | undefined {
  if (rest.endsWith('\r')) return rest.slice(0, -1);
  return rest === '' ? undefined : rest;
}

/**
 * Lines without their line ends, in batches, the first without a byte-order mark. Bytes that
 * are not UTF-8 arrive as U+FFFD, which the readers report (a GBK file saved by Excel).
 */
export async function* lineBatches(s: DataSource): AsyncGenerator<string[]> {
  if (typeof s !== 'string') {
    const text = stripBom(s.text);
    let start = 0;
    let out: string[] = [];
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      out.push(text.slice(start, end > start && text[end - 1] === '\r' ? end - 1 : end));
      start = end + 1;
      if (out.length === BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length) yield out;
    return;
  }
  const stream = createReadStream(s, { encoding: 'utf8', highWaterMark: 1 << 16 });
  let rest = '';
  let first = true;
  try {
    for await (const chunk of stream) {
      const out: string[] = [];
      rest = splitLines(rest + (chunk as string), out, Math.max(0, rest.length - 1));
      if (!out.length) continue;
      if (first) out[0] = stripBom(out[0]!);
      first = false;
      yield out;
    }
    const last = lastLine(rest);
    if (last !== undefined) yield [first ? stripBom(last) : last];
  } finally {
    // Also when the consumer stops early: close the file rather than leave it open.
    stream.destroy();
  }
}

/**
 * Lines as lineBatches gives them, except that a chunk of whole lines holding none of `needles`
 * (nor U+FFFD), no \r, no byte that is not UTF-8 and at least one "{" is not decoded: only its
 * lines are counted (a number instead of the lines). NDJSON's first pass looks for a few lines
 * among many.
 */
export async function* sparseLines(s: DataSource, needles: string[]): AsyncGenerator<string[] | number> {
  if (typeof s !== 'string') return yield* lineBatches(s);
  const pats = [...needles, NOT_UTF8].map((x) => Buffer.from(x));
  const stream = createReadStream(s, { highWaterMark: 1 << 16 });
  let carry: Buffer = Buffer.alloc(0);
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = data.lastIndexOf(10) + 1;
      carry = data.subarray(cut);
      if (cut === 0) continue;
      const part = data.subarray(0, cut);
      if (!first && part.indexOf(13) < 0 && part.indexOf(123) >= 0 && pats.every((p) => part.indexOf(p) < 0) && isUtf8(part)) {
        let k = 0;
        for (let i = part.indexOf(10); i !== -1; i = part.indexOf(10, i + 1)) k++;
        yield k;
        continue;
      }
      // Whole lines: a \n byte is never inside a UTF-8 sequence, so decoding them alone is exact.
      const out: string[] = [];
      splitLines(part.toString('utf8'), out);
      if (first) out[0] = stripBom(out[0]!);
      first = false;
      yield out;
    }
    const last = lastLine(carry.toString('utf8'));
    if (last !== undefined) yield [first ? stripBom(last) : last];
  } finally {
    stream.destroy();
  }
}

/** U+FFFD: the decoder met bytes that are not UTF-8. */
export const NOT_UTF8 = '\uFFFD';
export const NOT_UTF8_TEXT = '不是 UTF-8 编码（可能是 GBK）；请在 Excel 中“另存为 CSV UTF-8”，或用编辑器转为 UTF-8';
