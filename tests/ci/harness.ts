/**
 * A local stand-in for the CI runners, to run the recipes of docs/ci.md against examples/rubric-repo.
 *
 * The tool: `npm pack` of this working tree (what the policy office would get from npm: the
 * package's `files`, its `bin`), unpacked into the sample repository's node_modules/rubric-lang,
 * with node_modules/.bin/rubric linked to its bin and each runtime dependency linked to this
 * working tree's node_modules (the versions the lockfile pins) — the layout `npm ci` makes, without
 * a registry. `npm` itself is replaced by a shim that only records its arguments, so the recipes'
 * install steps run verbatim and do nothing.
 *
 * The runners: a GitHub step's `run` goes to `bash --noprofile --norc -eo pipefail` as on
 * ubuntu-latest, with `$GITHUB_PATH` honoured between steps; a GitLab job's before_script and
 * script go to one `bash -eo pipefail` as the runner's shell executor does. `${{ … }}` expressions
 * are evaluated only for the forms the workflow uses; any other form fails the test.
 */
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLE = join(ROOT, 'examples', 'rubric-repo');
export const RUBRIC = 'rubrics/中队考核.rubric';
export const TEST_FILE = 'tests/中队考核.test.yaml';

export const readSample = (path: string) => readFileSync(join(SAMPLE, path), 'utf8');

export interface Result {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together. */
  output: string;
}

export interface Sandbox {
  dir: string;
  /** The unpacked package (node_modules/rubric-lang is a copy of it). */
  pkg: string;
  /** Directory of the `npm` shim; it appends its arguments to the file named by $NPM_SHIM_LOG. */
  shims: string;
  cleanup(): void;
}

/** Packs this working tree once and prepares the shims. */
export function sandbox(): Sandbox {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: build first with npx tsc -p .');
  const dir = mkdtempSync(join(tmpdir(), 'rubric-ci-'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [{ filename }] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string }[];
  const pkgRoot = join(dir, 'pkg');
  mkdirSync(pkgRoot);
  execFileSync('tar', ['-xzf', join(dir, filename), '-C', pkgRoot]);
  const shims = join(dir, 'shims');
  mkdirSync(shims);
  writeFileSync(join(shims, 'npm'), '#!/bin/sh\necho "npm $*" >> "$NPM_SHIM_LOG"\n');
  chmodSync(join(shims, 'npm'), 0o755);
  return { dir, pkg: join(pkgRoot, 'package'), shims, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The layout `npm ci` leaves for `"rubric-lang": "0.1.0"`, from the packed tarball. */
function install(sb: Sandbox, repo: string): void {
  const nm = join(repo, 'node_modules');
  cpSync(sb.pkg, join(nm, 'rubric-lang'), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(sb.pkg, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; bin: Record<string, string> };
  for (const dep of Object.keys(manifest.dependencies)) {
    const from = join(ROOT, 'node_modules', dep);
    if (!existsSync(from)) throw new Error(`dependency ${dep} is not installed in ${ROOT}/node_modules: run npm ci`);
    mkdirSync(dirname(join(nm, dep)), { recursive: true });
    symlinkSync(from, join(nm, dep), 'junction');
  }
  mkdirSync(join(nm, '.bin'));
  for (const [name, path] of Object.entries(manifest.bin)) {
    chmodSync(join(nm, 'rubric-lang', path), 0o755);
    symlinkSync(join('..', 'rubric-lang', path), join(nm, '.bin', name));
  }
}

export interface Repo {
  path: string;
  /** Environment for git and the tools: no global or system git configuration. */
  env: NodeJS.ProcessEnv;
  git(...args: string[]): string;
  read(path: string): string;
  write(path: string, text: string): void;
  exists(path: string): boolean;
}

/**
 * A copy of examples/rubric-repo with the tool installed, committed on `main` and pushed to a
 * bare `origin` next to it (so `origin/main` exists as after a CI checkout with full history).
 */
export function makeRepo(sb: Sandbox, name: string): Repo {
  const home = join(sb.dir, name);
  const path = join(home, 'repo');
  cpSync(SAMPLE, path, { recursive: true, filter: (src) => !relative(SAMPLE, src).split(/[\\/]/).includes('node_modules') });
  install(sb, path);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: '考核办',
    GIT_AUTHOR_EMAIL: 'kaohe@example.org',
    GIT_COMMITTER_NAME: '考核办',
    GIT_COMMITTER_EMAIL: 'kaohe@example.org',
    NO_COLOR: '1',
  };
  for (const k of Object.keys(env)) if (k.startsWith('GIT_') && !/^GIT_(CONFIG_NOSYSTEM|AUTHOR_|COMMITTER_)/.test(k)) delete env[k];
  for (const k of ['GITHUB_ACTIONS', 'GITLAB_CI', 'CI_MERGE_REQUEST_IID', 'RUBRIC_BOT_TOKEN', 'RUBRIC_INTENDED']) delete env[k];
  const git = (...args: string[]) => execFileSync('git', args, { cwd: path, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', '2024年度考核规则');
  execFileSync('git', ['clone', '-q', '--bare', path, join(home, 'origin.git')], { env });
  git('remote', 'add', 'origin', join(home, 'origin.git'));
  git('fetch', '-q', 'origin');
  return {
    path,
    env,
    git,
    read: (p) => readFileSync(join(path, p), 'utf8'),
    write: (p, text) => writeFileSync(join(path, p), text),
    exists: (p) => existsSync(join(path, p)),
  };
}

/** Runs a shell script in the repository. */
export function bash(repo: Repo, script: string, env: NodeJS.ProcessEnv, args: string[] = ['--noprofile', '--norc', '-eo', 'pipefail']): Promise<Result> {
  const file = join(dirname(repo.path), `step-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [...args, file], { cwd: repo.path, env: { ...repo.env, ...env } });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b;
      output += b;
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b;
      output += b;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr, output }));
  });
}

// ── GitHub Actions ──

export interface GithubStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'continue-on-error'?: boolean;
}

export function workflow(): { on: any; env?: Record<string, string>; jobs: { rubric: { env: Record<string, string>; steps: GithubStep[] } } } {
  return parseYaml(readSample('.github/workflows/rubric.yml'));
}

export interface PullRequest {
  baseRef: string;
  labels: string[];
}

/** Evaluates the `${{ … }}` forms the workflow's env uses. */
export function expand(value: string, pr: PullRequest, env: Record<string, string>): string {
  return String(value).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.base_ref') return pr.baseRef;
    const contains = /^contains\(github\.event\.pull_request\.labels\.\*\.name, env\.(\w+)\)$/.exec(expr);
    if (contains) return String(pr.labels.includes(env[contains[1]!]!));
    throw new Error(`the test does not know the expression \${{ ${expr} }}`);
  });
}

export interface GithubRun {
  /** Each `run` step by id, in order. */
  steps: Map<string, Result>;
  summary: string;
  npm: string;
}

/**
 * Runs every `run` step of the job (or those in `only`) in order, as the runner does for a pull request: job env and
 * step env (expressions evaluated), `$GITHUB_PATH` prepended to PATH for later steps. Steps that
 * `uses:` an action are not run (the test checks their inputs separately).
 */
export async function runGithub(sb: Sandbox, repo: Repo, pr: PullRequest, only?: string[]): Promise<GithubRun> {
  const job = workflow().jobs.rubric;
  const scratch = mkdtempSync(join(sb.dir, 'gh-'));
  const githubPath = join(scratch, 'path');
  const summary = join(scratch, 'summary');
  const npmLog = join(scratch, 'npm.log');
  for (const f of [githubPath, summary, npmLog]) writeFileSync(f, '');
  const jobEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(job.env)) jobEnv[k] = expand(v, pr, jobEnv);
  const steps = new Map<string, Result>();
  for (const step of job.steps) {
    if (!step.run) continue;
    if (!step.id) throw new Error(`every run step needs an id: ${step.name}`);
    if (step.run.includes('${{')) throw new Error(`step ${step.id}: pass expressions through env:, not into run:`);
    if (only && !only.includes(step.id)) continue;
    const env: Record<string, string> = { ...jobEnv };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v, pr, env);
    const added = readFileSync(githubPath, 'utf8').split('\n').filter(Boolean).reverse();
    const PATH = [...added, sb.shims, process.env.PATH].join(':');
    const runner = { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_PATH: githubPath, GITHUB_STEP_SUMMARY: summary, NPM_SHIM_LOG: npmLog };
    steps.set(step.id, await bash(repo, step.run, { ...env, ...runner, PATH }));
  }
  return { steps, summary: readFileSync(summary, 'utf8'), npm: readFileSync(npmLog, 'utf8') };
}

// ── GitLab CI ──

export interface GitlabJob {
  extends?: string;
  image?: string;
  before_script?: string[];
  script: string[];
  rules?: { if?: string; changes?: string[] }[];
  artifacts?: { when?: string; paths?: string[]; reports?: Record<string, string> };
}

export function gitlabCi(): Record<string, any> {
  return parseYaml(readSample('.gitlab-ci.yml'), { merge: true });
}

/** A job with `extends` resolved (one level, as the file uses). */
export function gitlabJob(name: string): GitlabJob {
  const ci = gitlabCi();
  const job = ci[name] as GitlabJob;
  if (!job) throw new Error(`no job ${name} in .gitlab-ci.yml`);
  const base = job.extends ? (ci[job.extends] as Partial<GitlabJob>) : {};
  return { ...base, ...job } as GitlabJob;
}

export interface MergeRequest {
  target: string;
  labels: string[];
  api?: string;
  token?: string;
}

/** Runs a job's before_script and script in one shell, with the variables of an MR pipeline. */
export async function runGitlab(sb: Sandbox, repo: Repo, name: string, mr: MergeRequest): Promise<Result & { npm: string }> {
  const job = gitlabJob(name);
  const variables = (gitlabCi().variables ?? {}) as Record<string, string>;
  const npmLog = join(mkdtempSync(join(sb.dir, 'gl-')), 'npm.log');
  writeFileSync(npmLog, '');
  const env: Record<string, string> = {
    ...variables,
    PATH: [sb.shims, process.env.PATH].join(':'),
    CI: 'true',
    GITLAB_CI: 'true',
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_DEFAULT_BRANCH: 'main',
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME: mr.target,
    CI_MERGE_REQUEST_LABELS: mr.labels.join(','),
    CI_MERGE_REQUEST_IID: '7',
    CI_PROJECT_ID: '42',
    CI_API_V4_URL: mr.api ?? 'http://127.0.0.1:9/api/v4',
    ...(mr.token ? { RUBRIC_BOT_TOKEN: mr.token } : {}),
    NPM_SHIM_LOG: npmLog,
  };
  const script = [...(job.before_script ?? []), ...job.script].join('\n');
  const r = await bash(repo, script, env);
  return { ...r, npm: readFileSync(npmLog, 'utf8') };
}

// ── pre-commit ──

export interface PreCommitHook {
  id: string;
  entry: string;
  language: string;
  files: string;
}

export function preCommitHooks(): PreCommitHook[] {
  const config = parseYaml(readSample('.pre-commit-config.yaml')) as { repos: { repo: string; hooks: PreCommitHook[] }[] };
  return config.repos.flatMap((r) => r.hooks);
}

/** What `pre-commit run` does for one hook: the entry, with the staged files that match, from the root. */
export function preCommitCommand(hook: PreCommitHook, staged: string[]): string | undefined {
  const files = staged.filter((f) => new RegExp(hook.files).test(f));
  if (!files.length) return undefined;
  return `${hook.entry} ${files.map((f) => `'${f.replace(/'/g, `'\\''`)}'`).join(' ')}`;
}
