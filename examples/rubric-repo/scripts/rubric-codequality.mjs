// 把 rubric check --format json 的输出转成 GitLab 的代码质量报告（Code Climate JSON 的子集）。
//
//   用法：node scripts/rubric-codequality.mjs rubric-check.json > gl-code-quality-report.json
//
// GitLab 不收 SARIF，却收代码质量报告（artifacts:reports:codequality），免费版也在合并请求页面的
// “代码质量”一栏列出新出现和已解决的问题。严重程度：错误 → critical，警告 → major，提示 → info。
// 指纹取“文件、代码、说明”，不含行号：考核规则前面插了几行，同一个问题不会被当成新问题。
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('用法：node scripts/rubric-codequality.mjs <rubric check --format json 的输出>\n');
  process.exit(2);
}

const SEVERITY = { error: 'critical', warning: 'major', info: 'info' };
const { results } = JSON.parse(readFileSync(file, 'utf8'));
const issues = [];
const seen = new Map();
for (const { file: path, diagnostics } of results) {
  const relative = path.replace(/\\/g, '/').replace(/^\.\//, '');
  for (const d of diagnostics) {
    const key = `${relative}\0${d.code}\0${d.message}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    issues.push({
      type: 'issue',
      check_name: `rubric/${d.code}`,
      description: `[${d.code}] ${d.message}${d.hint ? `（提示：${d.hint}）` : ''}`,
      categories: ['Bug Risk'],
      severity: SEVERITY[d.severity] ?? 'minor',
      fingerprint: createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32),
      location: { path: relative, lines: { begin: d.span.line, end: d.span.endLine } },
    });
  }
}
process.stdout.write(`${JSON.stringify(issues, null, 2)}\n`);
