/** Small helpers shared by commands: reading files with clear errors, exit codes. */
import { readFileSync } from 'node:fs';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`找不到文件：${file}`);
    if (code === 'EISDIR') throw new UsageError(`这是一个目录，不是文件：${file}`);
    throw new UsageError(`无法读取文件 ${file}：${(e as Error).message}`);
  }
}

export function useColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}
