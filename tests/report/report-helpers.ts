/** Shared by the HTML report tests: the seed examples scored, and a rubric full of hostile text. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRubric, createScorer } from '../../src/api.js';
import { openData, type DataSource } from '../../src/data/index.js';
import type { RunResult } from '../../src/runtime/model.js';
import type { Program } from '../../src/runtime/program.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const OUTPUT = join(import.meta.dirname, '__output__');

/** The four seed examples: rubric and data files (as in each example's README). */
export const EXAMPLES: Record<string, string[]> = {
  'lishui-2022': ['examples/lishui-2022/songyang.yaml', 'examples/lishui-2022/synthetic.yaml'],
  'pingyang-2023': ['examples/pingyang-2023/参评科室.yaml', 'examples/pingyang-2023/事件.yaml', 'examples/pingyang-2023/执法决定公示.csv'],
  'shaanxi-2023': ['examples/shaanxi-2023/bureaus.yaml'],
  'wucheng-2024': ['examples/wucheng-2024/执法人员.yaml', 'examples/wucheng-2024/案件.csv'],
};

export interface Scored {
  program: Program;
  result: RunResult;
  source: string;
}

export function compile(source: string, file: string): Program {
  const r = compileRubric(source, file);
  if (!r.program)
    throw new Error(
      `${file}: ${r.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.code} ${d.span.line}:${d.span.col} ${d.message}`)
        .join('\n')}`,
    );
  return r.program;
}

export async function scoreSources(program: Program, files: DataSource[]): Promise<RunResult> {
  const data = await openData(program, files);
  const scorer = createScorer(program, data.objects, data.params);
  for await (const e of data.events) scorer.addEvent(e);
  return scorer.finish();
}

/** A seed example scored from its files (paths relative to the repository, as the CLI shows them). */
export async function scoreExample(name: string): Promise<Scored> {
  const rubric = `rubrics/${name}.rubric`;
  const source = readFileSync(join(ROOT, rubric), 'utf8');
  const program = compile(source, rubric);
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    return { program, result: await scoreSources(program, EXAMPLES[name]!), source };
  } finally {
    process.chdir(cwd);
  }
}

export const SCRIPT_NAME = '<script>alert(1)</script>';
export const IMG_TITLE = '"><img src=x onerror=alert(1)>';

/**
 * A rubric whose titles, item names, veto text and grade carry markup, and data whose unit names
 * do: nothing of it may become an element or an attribute in the report.
 */
export async function hostile(): Promise<Scored> {
  const source = [
    `考核 考核${IMG_TITLE}</title><script>alert(3)</script>（满分20分）`,
    '输入：',
    `  【甲】件（缺失时按0件）：数量${IMG_TITLE}`,
    `  【乙】人（缺失时按0人）：处分人数`,
    `一、队伍${IMG_TITLE}（10分，扣分制）`,
    `  1. 党建${IMG_TITLE}：【甲】扣1分/件。`,
    `二、办案</script><b>粗</b>（10分，扣分制）`,
    `  2. 办案' onmouseover='alert(2)：【甲】扣0.5分/件。`,
    '否优：',
    '  【乙】超过0人。',
    '等次：',
    '  优秀：18分（含）以上；限1名，按总分从高到低，并列取高；名额外的评为“良好”；否优的评为“良好”',
    '  良好：其余',
  ].join('\n');
  const program = compile(source, 'hostile.rubric');
  const data = [
    '对象:',
    `  - 名称: "${SCRIPT_NAME}"`,
    '    甲: 1',
    `  - 名称: '${IMG_TITLE.replace(/'/g, "''")}'`,
    '    甲: 0',
    '    乙: 1',
    '  - 名称: "a & b < c > d \' e"',
    '    甲: 3',
    '  - 名称: 普通单位',
    '    甲: 0',
  ].join('\n');
  return { program, result: await scoreSources(program, [{ name: 'hostile.yaml', text: data }]), source };
}
