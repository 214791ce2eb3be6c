// 把 rubric check --format sarif 输出中的文件路径改写成合法的 URI，就地改写文件。
//
//   用法：node scripts/sarif-uris.mjs rubric.sarif
//
// 为什么需要：SARIF 规定 artifactLocation.uri 是 URI（RFC 3986），只能含 ASCII 字符；rubric 照原样写出
// 文件路径，中文文件名（rubrics/中队考核.rubric）就不是合法的 URI，GitHub 的 upload-sarif 会以
// “not valid SARIF”拒收。这里逐段转义（rubrics/%E4%B8%AD%E9%98%9F…），GitHub 显示时再还原成中文。
// 只对 rubric 刚写出的文件运行一次（再运行一次会把 % 再转义一遍）。
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('用法：node scripts/sarif-uris.mjs <SARIF 文件>\n');
  process.exit(2);
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function toUri(path) {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function fix(artifactLocation) {
  if (artifactLocation && typeof artifactLocation.uri === 'string') artifactLocation.uri = toUri(artifactLocation.uri.replace(/\\/g, '/'));
}

const log = JSON.parse(readFileSync(file, 'utf8'));
for (const run of log.runs ?? []) {
  for (const artifact of run.artifacts ?? []) fix(artifact.location);
  for (const result of run.results ?? []) {
    for (const location of [...(result.locations ?? []), ...(result.relatedLocations ?? [])]) fix(location.physicalLocation?.artifactLocation);
  }
}
writeFileSync(file, `${JSON.stringify(log, null, 2)}\n`);
