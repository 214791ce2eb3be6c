/**
 * `rubric report <rubric> --data <files…> -o <outdir>`: the reports for an office and its units —
 * report.html (self-contained, opens offline), report.xlsx, report.md (for a wiki) and items.csv
 * (item scores, one row per unit).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { RunResult } from '../../runtime/model.js';
import type { Program } from '../../runtime/program.js';
import { renderHtml } from '../../report/html.js';
import { renderItemsCsv } from '../../report/items-csv.js';
import { renderReportMarkdown } from '../../report/markdown.js';
import { writeWorkbook } from '../../report/xlsx.js';
import { EXIT_OK, readSource, UsageError } from '../io.js';
import { Progress } from '../progress.js';
import { scoreFiles } from '../scoring.js';

const PANELS = ['auto', 'static', 'lazy'] as const;

export interface ReportFiles {
  html: string;
  md: string;
  csv: string;
  xlsx: string;
}

/** Writes the report files into `outDir` (created when missing); returns their paths. */
export async function writeReports(
  program: Program,
  result: RunResult,
  outDir: string,
  opts: { source?: string; panels?: (typeof PANELS)[number]; progress?: Progress } = {},
): Promise<ReportFiles> {
  mkdirSync(outDir, { recursive: true });
  const progress = opts.progress;
  const files: ReportFiles = {
    html: join(outDir, 'report.html'),
    xlsx: join(outDir, 'report.xlsx'),
    md: join(outDir, 'report.md'),
    csv: join(outDir, 'items.csv'),
  };
  progress?.phase('生成 report.html');
  writeFileSync(files.html, renderHtml(program, result, { ...(opts.source !== undefined ? { source: opts.source } : {}), panels: opts.panels ?? 'auto' }));
  progress?.phase('生成 report.xlsx');
  await writeWorkbook(program, result, files.xlsx);
  progress?.phase('生成 report.md');
  writeFileSync(files.md, renderReportMarkdown(program, result));
  progress?.phase('生成 items.csv');
  writeFileSync(files.csv, renderItemsCsv(program, result));
  return files;
}

export function registerReport(program: Command, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('生成考核结果报告：report.html（可离线打开、可打印）、report.xlsx、report.md、items.csv')
    .argument('<rubric>', '.rubric 文件')
    .requiredOption('--data <files...>', '数据文件（YAML、JSON、CSV、NDJSON、XLSX）')
    .requiredOption('-o, --out <dir>', '输出目录（不存在时创建）')
    .option('--panels <mode>', `各单位明细：auto（不超过200个单位时写入页面，否则打开时生成）、static、lazy`, 'auto')
    .action(async (rubric: string, opts: { data: string[]; out: string; panels: string }) => {
      if (!(PANELS as readonly string[]).includes(opts.panels)) throw new UsageError(`不支持的 --panels：${opts.panels}（可用 ${PANELS.join('、')}）`);
      const progress = new Progress();
      try {
        const { program: p, result } = await scoreFiles(rubric, opts.data, { progress });
        const files = await writeReports(p, result, opts.out, { source: readSource(rubric), panels: opts.panels as (typeof PANELS)[number], progress });
        progress.done();
        for (const f of [files.html, files.xlsx, files.md, files.csv]) process.stdout.write(`${f}\n`);
      } finally {
        progress.done();
      }
      setExit(EXIT_OK);
    });
}
