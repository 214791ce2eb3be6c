/**
 * Data sources: a file path, or a name with text already in memory (stdin, tests). Line-based
 * formats are read line by line from a stream, so memory does not grow with the file. Excel
 * workbooks (.xlsx) are binary and read from a path only (xlsx.ts).
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';

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

/**
 * Lines without their line ends (\n or \r\n), the first without a byte-order mark. Bytes that
 * are not UTF-8 arrive as U+FFFD, which the readers report (a GBK file saved by Excel).
 */
export async function* lines(s: DataSource): AsyncGenerator<string> {
  if (typeof s !== 'string') {
    const text = stripBom(s.text);
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      yield text.slice(start, end > start && text[end - 1] === '\r' ? end - 1 : end);
      start = end + 1;
    }
    return;
  }
  const stream = createReadStream(s, { encoding: 'utf8', highWaterMark: 1 << 16 });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let first = true;
  try {
    for await (const line of rl) {
      yield first ? stripBom(line) : line;
      first = false;
    }
  } finally {
    // Also when the consumer stops early: close the file rather than leave it open.
    rl.close();
    stream.destroy();
  }
}

/** U+FFFD: the decoder met bytes that are not UTF-8. */
export const NOT_UTF8 = '\uFFFD';
export const NOT_UTF8_TEXT = '不是 UTF-8 编码（可能是 GBK）；请在 Excel 中“另存为 CSV UTF-8”，或用编辑器转为 UTF-8';
