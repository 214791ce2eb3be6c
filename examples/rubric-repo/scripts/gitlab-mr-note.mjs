// 把 rubric-diff.md 发表为合并请求的评论；已经发表过的，改写那一条，不另发新评论。
//
//   用法：node scripts/gitlab-mr-note.mjs rubric-diff.md
//
// 需要在 设置 → CI/CD → 变量 中加一个“隐藏”（masked）变量 RUBRIC_BOT_TOKEN：项目访问令牌
// （设置 → 访问令牌），角色 Reporter 以上，权限范围 api。$CI_JOB_TOKEN 不能发表评论：GitLab 只允许它
// 调用少数几个接口（制品、软件包、发布等），不包括合并请求的评论。
// 没有配置令牌时只提示一句，不算失败（报告仍在作业日志和制品中）。
// 其他变量由 GitLab 提供：CI_API_V4_URL、CI_PROJECT_ID、CI_MERGE_REQUEST_IID。
import { readFileSync } from 'node:fs';

const MARKER = '<!-- rubric-diff -->';
const file = process.argv[2];
if (!file) {
  process.stderr.write('用法：node scripts/gitlab-mr-note.mjs <报告文件>\n');
  process.exit(2);
}
const { RUBRIC_BOT_TOKEN: token, CI_API_V4_URL: api, CI_PROJECT_ID: project, CI_MERGE_REQUEST_IID: iid } = process.env;
if (!iid) {
  process.stdout.write('不是合并请求的流水线，不发表评论。\n');
  process.exit(0);
}
if (!token) {
  process.stdout.write('没有配置 RUBRIC_BOT_TOKEN，不发表评论；报告见作业日志和制品 rubric-diff.md。\n');
  process.exit(0);
}

const body = readFileSync(file, 'utf8');
const notes = `${api}/projects/${encodeURIComponent(project)}/merge_requests/${iid}/notes`;
const headers = { 'PRIVATE-TOKEN': token, 'Content-Type': 'application/json' };

async function call(method, url, payload) {
  const res = await fetch(url, { method, headers, ...(payload ? { body: JSON.stringify(payload) } : {}) });
  if (!res.ok) throw new Error(`${method} ${url}：${res.status} ${await res.text()}`);
  return res;
}

/** The note this script posted before (it starts with the marker), if any. */
async function previous() {
  for (let page = '1'; page; ) {
    const res = await call('GET', `${notes}?per_page=100&page=${page}&sort=asc`);
    const found = (await res.json()).find((n) => typeof n.body === 'string' && n.body.startsWith(MARKER));
    if (found) return found;
    page = res.headers.get('x-next-page') ?? '';
  }
  return undefined;
}

try {
  const old = await previous();
  if (old) {
    await call('PUT', `${notes}/${old.id}`, { body });
    process.stdout.write(`已更新合并请求 !${iid} 的评论 #${old.id}\n`);
  } else {
    await call('POST', notes, { body });
    process.stdout.write(`已在合并请求 !${iid} 发表评论\n`);
  }
} catch (e) {
  process.stderr.write(`发表评论失败：${e.message}\n（检查 RUBRIC_BOT_TOKEN 是否过期、角色是否为 Reporter 以上、权限是否含 api）\n`);
  process.exit(1);
}
