/**
 * The rubric as last adopted, to tell which items an edit moved: by default the version in
 * git (HEAD, or the ref given with --base). When the rubric is not in git, or is the same as
 * the adopted version, there is no second run and the expected item scores are the baseline.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';

export type Baseline =
  | { kind: 'source'; label: string; source: string }
  /** The adopted version is the same text: the edit is not in the rubric. */
  | { kind: 'same'; label: string }
  | { kind: 'none'; reason: string };

export type BaselineProvider = (rubricPath: string, currentSource: string) => Baseline;

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 15_000, maxBuffer: 64 * 1024 * 1024 });
}

/** The rubric's text at a git revision. */
export function gitBaseline(ref = 'HEAD'): BaselineProvider {
  return (rubricPath, current) => {
    let real: string;
    let top: string;
    try {
      real = realpathSync(rubricPath);
      top = git(dirname(real), ['rev-parse', '--show-toplevel']).trim();
    } catch {
      return { kind: 'none', reason: '考核规则文件不在 git 仓库中' };
    }
    const rel = relative(realpathSync(top), real).split(sep).join('/');
    let source: string;
    try {
      source = git(top, ['show', `${ref}:${rel}`]);
    } catch {
      return { kind: 'none', reason: `git 的 ${ref} 中没有 ${rel}` };
    }
    const label = `git ${ref} 中的 ${rel}`;
    if (source.replace(/\r\n/g, '\n') === current.replace(/\r\n/g, '\n')) return { kind: 'same', label };
    return { kind: 'source', label, source };
  };
}

export const noBaseline: BaselineProvider = () => ({ kind: 'none', reason: '未指定比较的版本（--base none）' });
