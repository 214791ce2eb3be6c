#!/usr/bin/env bash
# 把本分支对考核规则（*.rubric）的修改与目标分支逐个比较，写成一份 Markdown 报告（供合并请求的评论）。
#
#   用法：bash scripts/rubric-diff.sh <目标分支> [报告文件]
#   例如：bash scripts/rubric-diff.sh origin/main rubric-diff.md
#
# 对每个改动过的考核规则，取它在目标分支上的版本（git show <共同祖先>:<路径>），运行
#   rubric diff "$old" "$new" --fail-on total
# 新增的考核规则没有原版本可比，只在报告中列出；删除的也列出，并算作分值有变化。
#
# 环境变量：
#   RUBRIC_INTENDED=true  分值变化是有意的（合并请求加了确认的标签），不算失败
#   RUBRIC_LABEL=…        确认用的标签名，只用于报告中的提示
# rubric 命令要在 PATH 中：持续集成中把 node_modules/.bin 加进 PATH；本地用 npm run diff -- origin/main。
#
# 退出码：0 没有分值变化，或有变化且 RUBRIC_INTENDED=true；
#         1 有分值变化而未确认，或某个版本的考核规则有错误、无法比较；2 用法错误、git 历史不全。
set -uo pipefail

base_ref=${1:-}
out=${2:-rubric-diff.md}
if [ -z "$base_ref" ]; then
  echo "用法：bash scripts/rubric-diff.sh <目标分支，如 origin/main> [报告文件]" >&2
  exit 2
fi
intended=${RUBRIC_INTENDED:-false}

# 与目标分支的共同祖先比较：只看本分支的修改，不把目标分支上别人新合并的修改算进来。
if ! base=$(git merge-base "$base_ref" HEAD 2>/dev/null); then
  echo "找不到 $base_ref 与当前提交的共同祖先。持续集成中要取完整的 git 历史（GitHub：fetch-depth: 0；GitLab：GIT_DEPTH: 0）并取回目标分支。" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# -z：文件名原样输出（中文文件名不转义）；-M：改名的文件按改名处理。与工作区比较，本地运行时未提交的修改也算。
git diff --name-status -z -M "$base" -- '*.rubric' > "$work/changes"

changed=0 moved=0 broken=0
body="$work/body.md"
: > "$body"

while IFS= read -r -d '' status; do
  case $status in
    R* | C*) IFS= read -r -d '' old; IFS= read -r -d '' new ;;
    *) IFS= read -r -d '' new; old=$new ;;
  esac
  changed=$((changed + 1))
  case $status in
    A*)
      printf '## 新增：`%s`\n\n目标分支上没有这个考核规则，无可比较；它的检查结果见“检查”一步。\n\n' "$new" >> "$body"
      continue ;;
    D*)
      moved=1
      printf '## 删除：`%s`\n\n本次修改删除了这个考核规则。\n\n' "$old" >> "$body"
      continue ;;
  esac

  # 原版本写到临时目录中同样的相对路径下；报告里再把临时路径换回“目标分支:路径”。
  mkdir -p "$work/base/$(dirname "$old")"
  git show "$base:$old" > "$work/base/$old"
  rc=0
  rubric diff "$work/base/$old" "$new" --fail-on total > "$work/report.md" 2> "$work/err" || rc=$?
  report=$(cat "$work/report.md")
  report=${report//"$work/base/"/"$base_ref:"}
  if [ "$rc" -eq 0 ]; then
    printf '%s\n\n' "$report" >> "$body"
  elif [ "$rc" -eq 1 ] && [ -n "$report" ]; then
    moved=1
    printf '%s\n\n> **总分或分值有变化**（`rubric diff --fail-on total`）。\n\n' "$report" >> "$body"
  else
    broken=1
    err=$(cat "$work/err")
    err=${err//"$work/base/"/"$base_ref:"}
    printf '## 无法比较：`%s`\n\n考核规则有错误（改正方法见“检查”一步的输出）：\n\n```text\n%s\n```\n\n' "$new" "$err" >> "$body"
  fi
done < "$work/changes"

{
  echo '<!-- rubric-diff -->'
  if [ "$changed" -eq 0 ]; then
    printf '本次修改没有改动考核规则（`.rubric` 文件）。\n'
  else
    printf '与 `%s` 相比，本次修改改动了%s个考核规则。\n\n' "$base_ref" "$changed"
    cat "$body"
    if [ "$broken" -eq 1 ]; then
      printf '**有考核规则无法比较**：先改正错误。\n'
    elif [ "$moved" -eq 1 ] && [ "$intended" = true ]; then
      printf '**总分或分值有变化，已由标签确认是有意的修改。**\n'
    elif [ "$moved" -eq 1 ]; then
      printf '**总分或分值有变化。** 如果这是有意的修改：核对上面的报告，用 `rubric test tests/ --update` 更新固定的期望结果并提交，再给合并请求加上标签“%s”。\n' "${RUBRIC_LABEL:-分值变化已确认}"
    fi
  fi
} > "$out"

cat "$out"
if [ "$broken" -eq 1 ]; then exit 1; fi
if [ "$moved" -eq 1 ] && [ "$intended" != true ]; then exit 1; fi
exit 0
