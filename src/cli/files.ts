/** Command-line arguments naming rubrics: a file stands for itself, a directory for the .rubric files under it. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './io.js';

/** The .rubric files under a directory, sorted, skipping node_modules and hidden directories. */
function rubricsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && !e.name.startsWith('.')) out.push(...rubricsUnder(p));
    } else if (e.isFile() && e.name.endsWith('.rubric')) {
      out.push(p);
    }
  }
  return out;
}

/** Files as given (a missing one is reported by whoever reads it), directories expanded; no repeats. */
export function expandRubricArgs(args: string[]): string[] {
  const files: string[] = [];
  for (const a of args) {
    let isDir = false;
    try {
      isDir = statSync(a).isDirectory();
    } catch {
      // readSource reports a missing file.
    }
    if (!isDir) {
      files.push(a);
      continue;
    }
    const found = rubricsUnder(a);
    if (!found.length) throw new UsageError(`目录中没有 .rubric 文件：${a}`);
    files.push(...found);
  }
  return [...new Set(files)];
}
