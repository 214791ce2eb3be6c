/**
 * The CI recipes of docs/ci.md, run locally against examples/rubric-repo.
 *
 * docs/ci.md shows every recipe file of examples/rubric-repo verbatim (checked first), and the
 * commands run here are taken from those files: the `run` steps of .github/workflows/rubric.yml,
 * the jobs of .gitlab-ci.yml, scripts/pre-commit installed as a real git hook, the hooks of
 * .pre-commit-config.yaml. So the documentation, the sample repository and this test cannot
 * drift apart. How the tool is installed and how the runners are imitated: see harness.ts.
 *
 * Scenarios, each in a fresh temporary copy initialised as a git repository with an `origin`:
 *   - the repository as published passes every step;
 *   - a pull request raises 五「争先创优」 from 5 to 6 points: check and fmt pass, the pinned
 *     test fails naming the item and the unit, the diff reports the points change and fails with
 *     --fail-on total unless the confirming label is on; --update adopts the change;
 *   - a pull request that breaks the points sum: check fails, SARIF and code quality carry the
 *     error, the diff cannot compare;
 *   - the pre-commit hook and the pre-commit framework hooks reject an unformatted or broken
 *     rubric (the staged version, not the working tree) and let a good one through.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bash,
  gitlabCi,
  gitlabJob,
  makeRepo,
  preCommitCommand,
  preCommitHooks,
  readSample,
  ROOT,
  RUBRIC,
  runGithub,
  runGitlab,
  SAMPLE,
  TEST_FILE,
  workflow,
  type Repo,
  type Sandbox,
  sandbox,
} from './harness.js';

const LABEL = '分值变化已确认';
const DOC = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');

/** The recipe files a rubric repository copies (everything but its own rubrics, data and tests). */
function recipeFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(SAMPLE, dir)).flatMap((n) => (statSync(join(SAMPLE, dir, n)).isDirectory() ? walk(`${dir}/${n}`) : [`${dir}/${n}`]));
  return ['.gitlab-ci.yml', '.pre-commit-config.yaml', ...walk('.github'), ...walk('scripts')].sort();
}

/** The files docs/ci.md shows: `<!-- 文件：path -->` followed by a fenced block. */
function documentedFiles(): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^<!-- 文件：(\S+) -->\n(`{3,})[\w-]*\n([\s\S]*?)\n\2$/gm;
  for (let m = re.exec(DOC); m; m = re.exec(DOC)) out.set(m[1]!, `${m[3]!}\n`);
  return out;
}

/** 五「争先创优」 from 5 to 6 points (and the free-text 说明 with it). */
function raiseBonusCap(repo: Repo): void {
  const before = repo.read(RUBRIC);
  const after = before.replace('五、争先创优（5分，加分制，不计入总分）', '五、争先创优（6分，加分制，不计入总分）').replace('最多加5分', '最多加6分');
  expect(after).not.toBe(before);
  repo.write(RUBRIC, after);
}

/** 一「队伍建设」 from 20 to 25 points: the sections add up to 105, not 100 (E4001). */
function breakPointsSum(repo: Repo): void {
  const before = repo.read(RUBRIC);
  const after = before.replace('一、队伍建设（20分，扣分制）', '一、队伍建设（25分，扣分制）');
  expect(after).not.toBe(before);
  repo.write(RUBRIC, after);
}

/** A valid change (持证率 deduction 2 → 3 points) not in the canonical layout: `1、` and spaces. */
function misformat(repo: Repo): void {
  const before = repo.read(RUBRIC);
  const after = before.replace('  1. 持证上岗：【持证率】不足90%的，扣2分。', '  1、持证上岗：【持证率】不足 90% 的，扣 3分。');
  expect(after).not.toBe(before);
  repo.write(RUBRIC, after);
}

let sb: Sandbox;

beforeAll(() => {
  sb = sandbox();
}, 120_000);

afterAll(() => sb?.cleanup(), 120_000);

/** The scenarios run side by side: each has its own repository, and the tool spends most of its time starting up. */
const SCENARIO = { timeout: 600_000 };

describe('docs/ci.md and examples/rubric-repo', () => {
  it('docs/ci.md shows every recipe file verbatim', () => {
    const shown = documentedFiles();
    for (const file of recipeFiles()) {
      expect(shown.has(file), `docs/ci.md does not show ${file}`).toBe(true);
      expect(shown.get(file), `docs/ci.md shows an outdated ${file}`).toBe(readSample(file));
    }
    expect([...shown.keys()].sort()).toEqual(recipeFiles());
  });

  it('the sample repository depends on rubric-lang and runs the same commands as the recipes', () => {
    const pkg = JSON.parse(readSample('package.json')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    const tool = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string> };
    expect(pkg.dependencies).toEqual({ [tool.name]: tool.version });
    expect(Object.keys(tool.bin)).toContain('rubric');
    const recipes = recipeFiles().map(readSample).join('\n');
    for (const command of Object.values(pkg.scripts)) {
      if (command.startsWith('rubric fmt rubrics/')) continue; // the fixing variant, documented in the hook's message
      expect(recipes, `package.json script “${command}” is not in the recipes`).toContain(command);
    }
  });

  it('the scripts and hooks are executable', () => {
    for (const f of ['scripts/pre-commit', 'scripts/rubric-diff.sh']) expect(statSync(join(SAMPLE, f)).mode & 0o111, f).not.toBe(0);
  });

  it('the GitHub workflow uploads the SARIF the check step writes and comments with the report the diff step writes', () => {
    const wf = workflow();
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.on.pull_request.paths).toEqual(expect.arrayContaining(['**.rubric', 'tests/**', 'data/**']));
    const steps = wf.jobs.rubric.steps;
    const byUses = (prefix: string) => steps.find((s) => s.uses?.startsWith(prefix));
    expect(byUses('actions/checkout@')?.with).toMatchObject({ 'fetch-depth': 0 });
    expect(byUses('actions/setup-node@')?.with).toMatchObject({ 'node-version': 20 });
    const sarif = byUses('github/codeql-action/upload-sarif@')!;
    expect(steps.find((s) => s.id === 'sarif')!.run).toContain(`> ${sarif.with!.sarif_file}`);
    const comment = byUses('marocchino/sticky-pull-request-comment@')!;
    expect(steps.find((s) => s.id === 'diff')!.run).toContain(` ${comment.with!.path}`);
    expect(wf.jobs.rubric.env.RUBRIC_LABEL).toBe(LABEL);
    // every check runs even when an earlier one failed, so one run shows every problem
    for (const id of ['check', 'sarif', 'fmt', 'test', 'diff']) expect(steps.find((s) => s.id === id)!.if).toContain('!cancelled()');
  });

  it('the GitLab jobs run on merge requests and on the default branch, and report code quality', () => {
    const ci = gitlabCi();
    expect(ci.variables).toMatchObject({ GIT_DEPTH: '0', RUBRIC_LABEL: LABEL });
    const check = gitlabJob('rubric:check');
    expect(check.image).toBe('node:20');
    expect(check.rules!.map((r) => r.if)).toEqual(['$CI_PIPELINE_SOURCE == "merge_request_event"', '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH']);
    expect(check.rules![0]!.changes).toEqual(expect.arrayContaining(['**/*.rubric', 'tests/**/*', 'data/**/*']));
    expect(check.artifacts).toEqual({ when: 'always', reports: { codequality: 'gl-code-quality-report.json' } });
    expect(check.script.join('\n')).toContain('> gl-code-quality-report.json');
    expect(gitlabJob('rubric:diff').rules!.map((r) => r.if)).toEqual(['$CI_PIPELINE_SOURCE == "merge_request_event"']);
  });
});

describe.concurrent('GitHub Actions recipe', SCENARIO, () => {
  it('passes on the repository as published', async () => {
    const repo = makeRepo(sb, 'gh-clean');
    const run = await runGithub(sb, repo, { baseRef: 'main', labels: [] });
    expect(run.npm).toBe('npm ci\n');
    for (const [id, r] of run.steps) expect(r.status, `step ${id}:\n${r.output}`).toBe(0);
    expect(run.steps.get('check')!.stdout).toContain('中队考核.rubric：2级 5/8，计分项8个，总分100分，通过，总分可得44分至105分，2个提示');
    expect(run.steps.get('fmt')!.stdout).toContain('1个文件格式正确');
    expect(run.steps.get('test')!.stdout).toContain('✓ tests/中队考核.test.yaml（5个考核对象，57项期望）');
    expect(repo.read('rubric-diff.md')).toContain('本次修改没有改动考核规则');
    expect(run.summary).toBe(repo.read('rubric-diff.md'));

    // The SARIF GitHub receives: the two notes of --strict, at URIs that are valid and name the file.
    const log = JSON.parse(repo.read('rubric.sarif'));
    const results = log.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    expect(results.map((r) => `${r.ruleId} ${r.level}`)).toEqual(['S7002 note', 'S7004 note']);
    const uris = [
      ...log.runs[0].artifacts.map((a: { location: { uri: string } }) => a.location.uri),
      ...results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri),
    ];
    for (const uri of uris) {
      expect(uri).toMatch(/^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]+$/); // RFC 3986 characters only
      expect(decodeURIComponent(uri)).toBe(RUBRIC);
    }
  });

  it('on a pull request that raises a section’s points: reports it, fails until adopted and labelled', async () => {
    const repo = makeRepo(sb, 'gh-points');
    repo.git('checkout', '-q', '-b', 'raise-bonus-cap');
    raiseBonusCap(repo);
    repo.git('commit', '-q', '-am', '争先创优加分上限由5分提高到6分');

    const run = await runGithub(sb, repo, { baseRef: 'main', labels: [] });
    const step = (id: string) => run.steps.get(id)!;
    expect(step('check').status, step('check').output).toBe(0);
    expect(step('fmt').status, step('fmt').output).toBe(0);

    // rubric test: fails, naming the unit, the value and the item that moved (against origin/main)
    expect(step('test').status).toBe(1);
    const test = step('test').stdout;
    expect(test).toContain('✗ tests/中队考核.test.yaml');
    expect(test).toMatch(/城东中队（第\d+行）/);
    expect(test).toContain('总分：期望 104，实际 105（+1）');
    expect(test).toContain('加分：期望 5，实际 6（+1）');
    expect(test).toMatch(/项目 五「争先创优」〔第43行〕：期望 5，实际 6（\+1）/);
    expect(test).toContain('变动的项目（与 git origin/main 中的 rubrics/中队考核.rubric 相比，总分 104 → 105');
    expect(test).toContain('其余4个考核对象与期望一致');
    expect(DOC, 'docs/ci.md section 2 shows this output').toContain(test.trimEnd());

    // rubric diff: the points change, against the target branch, and the failure without the label
    expect(step('diff').status).toBe(1);
    const report = repo.read('rubric-diff.md');
    expect(report.startsWith('<!-- rubric-diff -->\n')).toBe(true);
    expect(report).toContain('- 原：某县综合行政执法局2024年度执法中队工作目标考核（`origin/main:rubrics/中队考核.rubric`）');
    expect(report).toContain('- 新：某县综合行政执法局2024年度执法中队工作目标考核（`rubrics/中队考核.rubric`）');
    expect(report).toContain('**分值变化1处。**');
    expect(report).toMatch(/\| 五「争先创优」 \| 分值 \| 5分 \| 6分 \| 43 → 43 \|/);
    expect(report).toContain('| 总分 | 44 | 44 | 105 | 106 |');
    expect(report).toContain(`再给合并请求加上标签“${LABEL}”`);
    expect(run.summary).toBe(report);
    expect(DOC, 'docs/ci.md section 2 shows this comment').toContain(report.replace('<!-- rubric-diff -->\n', '').trimEnd());

    // the label confirms the change: the diff step passes and says so
    const labelled = await runGithub(sb, repo, { baseRef: 'main', labels: ['文字修改', LABEL] }, ['install', 'test', 'diff']);
    expect(labelled.steps.get('diff')!.status, labelled.steps.get('diff')!.output).toBe(0);
    expect(repo.read('rubric-diff.md')).toContain('**总分或分值有变化，已由标签确认是有意的修改。**');
    expect(labelled.steps.get('test')!.status).toBe(1); // the label does not excuse stale pinned results

    // adopting: rubric test --update rewrites the three values of 城东中队 that moved, nothing else
    const adopt = 'rubric test tests/ --update';
    expect(DOC).toContain(adopt);
    expect(readSample(TEST_FILE)).toContain(adopt);
    const path = { PATH: `${repo.path}/node_modules/.bin:${process.env.PATH}` };
    expect((await bash(repo, adopt, path)).status).toBe(0);
    const changed = repo
      .git('diff', '-U0', '--', TEST_FILE)
      .split('\n')
      .filter((l) => /^[-+] /.test(l))
      .map((l) => l.replace(/\s+#.*$/, ''));
    expect(changed).toEqual(['-    总分: "104"', '+    总分: "105"', '-    加分: "5"', '+    加分: "6"', '-      五: "5"', '+      五: "6"']);
    repo.git('commit', '-q', '-am', '采纳：城东中队加分6分');
    const adopted = await runGithub(sb, repo, { baseRef: 'main', labels: [LABEL] });
    for (const [id, r] of adopted.steps) expect(r.status, `step ${id}:\n${r.output}`).toBe(0);
  });

  it('rubric diff against the previous commit, as the diff script runs it', async () => {
    const repo = makeRepo(sb, 'gh-prev');
    raiseBonusCap(repo);
    repo.git('commit', '-q', '-am', '争先创优加分上限由5分提高到6分');
    const command = 'rubric diff "$old" "$new" --fail-on total';
    expect(readSample('scripts/rubric-diff.sh')).toContain(command.replace('"$old"', '"$work/base/$old"'));
    const r = await bash(repo, `old=$(mktemp); new='${RUBRIC}'\ngit show HEAD~1:"$new" > "$old"\n${command}`, {
      PATH: `${repo.path}/node_modules/.bin:${process.env.PATH}`,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\| 五「争先创优」 \| 分值 \| 5分 \| 6分 \|/);
    expect(r.stderr).toContain('rubric diff：总分或分值有变化（--fail-on total），共1处');
  });

  it('the diff step follows a renamed rubric and lists added and deleted ones', async () => {
    const repo = makeRepo(sb, 'gh-files');
    const extra = '考核 甲（满分10分）\n输入：\n  【a】是否：甲\n一、乙（10分，扣分制）\n  1. 丙：【a】的，扣1分。\n';
    repo.write('rubrics/旧办法.rubric', extra);
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', '旧办法');
    repo.git('push', '-q', 'origin', 'main');
    repo.git('checkout', '-q', '-b', 'files');
    repo.git('mv', RUBRIC, 'rubrics/中队考核 2025.rubric');
    repo.git('rm', '-q', 'rubrics/旧办法.rubric');
    repo.write('rubrics/新办法.rubric', '考核 丁（满分5分）\n事件：\n  【投诉】件：戊\n一、己（5分，扣分制）\n  1. 庚：【投诉】每件扣0.5分。\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', '改名、删除、新增');
    const diff = (await runGithub(sb, repo, { baseRef: 'main', labels: [] }, ['install', 'diff'])).steps.get('diff')!;
    expect(diff.status).toBe(1); // a deleted rubric counts as moved points
    const report = repo.read('rubric-diff.md');
    expect(report).toContain('与 `origin/main` 相比，本次修改改动了3个考核规则。');
    expect(report).toContain('（`origin/main:rubrics/中队考核.rubric`）');
    expect(report).toContain('（`rubrics/中队考核 2025.rubric`）');
    expect(report).toContain('**两个版本的含义没有差别。**');
    expect(report).toContain('## 新增：`rubrics/新办法.rubric`');
    expect(report).toContain('## 删除：`rubrics/旧办法.rubric`');
  });

  it('on a pull request that breaks the points sum: check fails, SARIF carries the error, diff cannot compare', async () => {
    const repo = makeRepo(sb, 'gh-broken');
    repo.git('checkout', '-q', '-b', 'broken');
    breakPointsSum(repo);
    repo.git('commit', '-q', '-am', '队伍建设改为25分');
    const run = await runGithub(sb, repo, { baseRef: 'main', labels: [LABEL] });
    expect(run.steps.get('check')!.status).toBe(1);
    expect(run.steps.get('check')!.stderr).toContain('错误[E4001]');
    expect(DOC, 'docs/ci.md section 2 shows this output').toContain(`${run.steps.get('check')!.stderr.trim()}\n\n${run.steps.get('check')!.stdout.trim()}`);
    expect(run.steps.get('sarif')!.status).toBe(0); // the SARIF is still uploaded, so the error shows in review
    const results = JSON.parse(repo.read('rubric.sarif')).runs[0].results as { ruleId: string; level: string }[];
    expect(results.filter((r) => r.level === 'error').map((r) => r.ruleId)).toEqual(['E4001']);
    expect(run.steps.get('fmt')!.status).toBe(0);
    expect(run.steps.get('test')!.status).toBe(1);
    expect(run.steps.get('diff')!.status).toBe(1); // even with the label: nothing to compare
    const report = repo.read('rubric-diff.md');
    expect(report).toContain('## 无法比较：`rubrics/中队考核.rubric`');
    expect(report).toContain('[E4001]');
    expect(report).toContain('**有考核规则无法比较**');
  });
});

/** A stand-in for the notes API of one merge request (project 42, !7). */
function fakeGitlab(token: string) {
  const notes: { id: number; body: string }[] = [];
  const calls: string[] = [];
  const base = '/api/v4/projects/42/merge_requests/7/notes';
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (b: Buffer) => (s += b));
      req.on('end', () => resolve(s));
    });
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    calls.push(`${req.method} ${url.pathname}`);
    const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    if (req.headers['private-token'] !== token) return send(401, { message: '401 Unauthorized' });
    if (req.method === 'GET' && url.pathname === base) {
      // one note per page, to exercise paging
      const page = Number(url.searchParams.get('page') ?? '1');
      const all = [{ id: 1, body: '看起来不错' }, ...notes];
      return send(200, all.slice(page - 1, page), { 'X-Next-Page': page < all.length ? String(page + 1) : '' });
    }
    if (req.method === 'POST' && url.pathname === base) {
      const note = { id: 100 + notes.length, body: JSON.parse(await body(req)).body as string };
      notes.push(note);
      return send(201, note);
    }
    const m = /\/notes\/(\d+)$/.exec(url.pathname);
    if (req.method === 'PUT' && m) {
      const note = notes.find((n) => n.id === Number(m[1]));
      if (!note) return send(404, { message: '404 Not found' });
      note.body = JSON.parse(await body(req)).body;
      return send(200, note);
    }
    send(404, { message: '404 Not found' });
  });
  return {
    notes,
    calls,
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.concurrent('GitLab CI recipe', SCENARIO, () => {
  it('passes on the repository as published', async () => {
    const repo = makeRepo(sb, 'gl-clean');
    for (const job of ['rubric:check', 'rubric:fmt', 'rubric:test', 'rubric:diff']) {
      const r = await runGitlab(sb, repo, job, { target: 'main', labels: [] });
      expect(r.status, `${job}:\n${r.output}`).toBe(0);
      expect(r.npm).toBe('npm ci --cache .npm --prefer-offline\n');
    }
    const quality = JSON.parse(repo.read('gl-code-quality-report.json'));
    expect(
      quality.map((i: { check_name: string; severity: string; location: { path: string; lines: { begin: number } } }) => [
        i.check_name,
        i.severity,
        i.location.path,
        i.location.lines.begin,
      ]),
    ).toEqual([
      ['rubric/S7002', 'info', RUBRIC, 32],
      ['rubric/S7004', 'info', RUBRIC, 43],
    ]);
    for (const issue of quality) expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('on a merge request that raises a section’s points: one note, updated in place; fails until labelled', async () => {
    const repo = makeRepo(sb, 'gl-points');
    repo.git('checkout', '-q', '-b', 'raise-bonus-cap');
    raiseBonusCap(repo);
    repo.git('commit', '-q', '-am', '争先创优加分上限由5分提高到6分');
    const gitlab = fakeGitlab('glpat-test');
    const api = await gitlab.start();
    try {
      const mr = { target: 'main', labels: [] as string[], api, token: 'glpat-test' };
      expect((await runGitlab(sb, repo, 'rubric:check', mr)).status).toBe(0);
      expect((await runGitlab(sb, repo, 'rubric:fmt', mr)).status).toBe(0);
      const test = await runGitlab(sb, repo, 'rubric:test', mr);
      expect(test.status).toBe(1);
      expect(test.stdout).toMatch(/项目 五「争先创优」〔第43行〕：期望 5，实际 6（\+1）/);
      expect(test.stdout).toContain('与 git origin/main 中的 rubrics/中队考核.rubric 相比');

      const first = await runGitlab(sb, repo, 'rubric:diff', mr);
      expect(first.status, first.output).toBe(1);
      expect(first.stdout).toContain('已在合并请求 !7 发表评论');
      expect(gitlab.notes).toHaveLength(1);
      expect(gitlab.notes[0]!.body).toBe(repo.read('rubric-diff.md'));
      expect(gitlab.notes[0]!.body).toMatch(/\| 五「争先创优」 \| 分值 \| 5分 \| 6分 \|/);

      const second = await runGitlab(sb, repo, 'rubric:diff', { ...mr, labels: ['文字修改', LABEL] });
      expect(second.status, second.output).toBe(0);
      expect(second.stdout).toContain(`已更新合并请求 !7 的评论 #${gitlab.notes[0]!.id}`);
      expect(gitlab.notes).toHaveLength(1);
      expect(gitlab.notes[0]!.body).toContain('已由标签确认是有意的修改');

      // without a token: no note, and the job's result is the diff's alone
      const calls = gitlab.calls.length;
      const noToken = await runGitlab(sb, repo, 'rubric:diff', { target: 'main', labels: [], api });
      expect(noToken.status).toBe(1);
      expect(noToken.stdout).toContain('没有配置 RUBRIC_BOT_TOKEN，不发表评论');
      expect(gitlab.calls.length).toBe(calls);

      // a wrong token fails the job with the reason
      const bad = await runGitlab(sb, repo, 'rubric:diff', { ...mr, labels: [LABEL], token: 'expired' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('发表评论失败');
      expect(bad.stderr).toContain('401');
    } finally {
      await gitlab.stop();
    }
  });

  it('on a merge request that breaks the points sum: the code quality report carries the error', async () => {
    const repo = makeRepo(sb, 'gl-broken');
    repo.git('checkout', '-q', '-b', 'broken');
    breakPointsSum(repo);
    repo.git('commit', '-q', '-am', '队伍建设改为25分');
    const check = await runGitlab(sb, repo, 'rubric:check', { target: 'main', labels: [] });
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('错误[E4001]');
    const quality = JSON.parse(repo.read('gl-code-quality-report.json')) as { check_name: string; severity: string }[];
    expect(quality.filter((i) => i.severity === 'critical').map((i) => i.check_name)).toEqual(['rubric/E4001']);
  });
});

describe.concurrent('pre-commit', SCENARIO, () => {
  const staged = (repo: Repo) => repo.git('diff', '--cached', '--name-only', '-z').split('\0').filter(Boolean);
  const head = (repo: Repo) => repo.git('rev-parse', 'HEAD').trim();
  const commit = (repo: Repo, message: string) => bash(repo, `git commit -q -m '${message}'`, {}, ['--noprofile', '--norc']);

  it('scripts/pre-commit, installed as the git hook, rejects an unformatted or broken staged rubric', async () => {
    const repo = makeRepo(sb, 'hook');
    const install = /^#\s+(cp scripts\/pre-commit \.git\/hooks\/pre-commit .*)$/m.exec(readSample('scripts/pre-commit'))![1]!;
    expect(DOC).toContain(install);
    expect((await bash(repo, install, {})).status).toBe(0);

    // a commit without rubrics is not held up
    repo.write('README.md', `${repo.read('README.md')}\n`);
    repo.git('add', 'README.md');
    expect((await commit(repo, '说明')).status).toBe(0);

    // unformatted: rejected, the file named
    const start = head(repo);
    misformat(repo);
    repo.git('add', RUBRIC);
    let r = await commit(repo, '改写第1项');
    expect(r.status).toBe(1);
    expect(r.output).toContain(RUBRIC);
    expect(r.output).toContain('1个文件格式不符，可运行 rubric fmt 改正');
    expect(r.output).toContain('pre-commit：暂存的考核规则没有通过检查，未提交');
    expect(head(repo)).toBe(start);

    // what `npx rubric fmt <文件>` (the hook's advice) makes of it is accepted
    expect((await bash(repo, `node_modules/.bin/rubric fmt '${RUBRIC}'`, {})).status).toBe(0);
    repo.git('add', RUBRIC);
    r = await commit(repo, '改写第1项');
    expect(r.status, r.output).toBe(0);
    expect(repo.git('show', `HEAD:${RUBRIC}`)).toContain('  1. 持证上岗：【持证率】不足90%的，扣3分。');

    // broken (sections add up to 105): rejected with the checker's error
    const good = repo.read(RUBRIC);
    breakPointsSum(repo);
    repo.git('add', RUBRIC);
    r = await commit(repo, '队伍建设改为25分');
    expect(r.status).toBe(1);
    expect(r.output).toContain('错误[E4001]');
    expect(r.output).toContain(`--> ${RUBRIC}:`); // reported under its name in the repository

    // the hook checks the staged version: fixing only the working tree does not help …
    repo.write(RUBRIC, good);
    r = await commit(repo, '队伍建设改为25分');
    expect(r.status).toBe(1);
    expect(r.output).toContain('错误[E4001]');
    // … and a broken working tree does not hold up a good staged version
    repo.git('add', RUBRIC);
    raiseBonusCap(repo);
    repo.git('add', RUBRIC);
    breakPointsSum(repo);
    r = await commit(repo, '争先创优加分上限由5分提高到6分');
    expect(r.status, r.output).toBe(0);
    expect(repo.git('show', `HEAD:${RUBRIC}`)).toContain('五、争先创优（6分');
    expect(repo.git('show', `HEAD:${RUBRIC}`)).toContain('一、队伍建设（20分');
  });

  it('the hooks of .pre-commit-config.yaml run the same commands on the staged rubrics', async () => {
    const hooks = preCommitHooks();
    expect(hooks.map((h) => [h.id, h.language, h.files])).toEqual([
      ['rubric-check', 'unsupported', '\\.rubric$'],
      ['rubric-fmt', 'unsupported', '\\.rubric$'],
    ]);
    const hookScript = readSample('scripts/pre-commit');
    for (const h of hooks) expect(hookScript).toContain(h.entry.replace('node_modules/.bin/rubric', 'rubric'));

    const repo = makeRepo(sb, 'framework');
    const runHooks = async () => {
      const out: Record<string, number> = {};
      for (const h of hooks) {
        const command = preCommitCommand(h, staged(repo));
        out[h.id] = command ? (await bash(repo, command, {})).status : 0;
      }
      return out;
    };
    repo.write('README.md', `${repo.read('README.md')}\n`);
    repo.git('add', 'README.md');
    expect(await runHooks()).toEqual({ 'rubric-check': 0, 'rubric-fmt': 0 });
    misformat(repo);
    repo.git('add', RUBRIC);
    expect(await runHooks()).toEqual({ 'rubric-check': 0, 'rubric-fmt': 1 });
    breakPointsSum(repo);
    repo.git('add', RUBRIC);
    expect(await runHooks()).toEqual({ 'rubric-check': 1, 'rubric-fmt': 1 });
    repo.git('checkout', '-q', 'HEAD', '--', RUBRIC);
    raiseBonusCap(repo);
    repo.git('add', RUBRIC);
    expect(await runHooks()).toEqual({ 'rubric-check': 0, 'rubric-fmt': 0 });
  });
});
