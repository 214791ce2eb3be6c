/** The scoring pipeline the commands share: rubric → data (streamed) → engine → result. */
import { createScorer } from '../api.js';
import { openData } from '../data/index.js';
import type { RunResult } from '../runtime/model.js';
import type { Program } from '../runtime/program.js';
import { loadProgram, reportProblems } from './load.js';
import { dataPosition, Progress } from './progress.js';

/** Events between two looks at the clock: the loop stays as fast as without a progress bar. */
const CHECK_EVERY = 1024;

/**
 * Scores the data files. On a terminal, a run that takes more than a second shows a progress bar
 * on stderr (events read, share of the data, rate), cleared when scoring ends.
 */
export async function scoreFiles(
  rubricFile: string,
  dataFiles: string[],
  opts: { progress?: Progress; trace?: boolean } = {},
): Promise<{ program: Program; result: RunResult }> {
  const program = loadProgram(rubricFile);
  const progress = opts.progress ?? new Progress();
  try {
    progress.phase('读取考核对象');
    const data = await openData(program, dataFiles);
    // Without a trace to show (the ranking table), none is recorded: faster, and flat memory.
    const scorer = createScorer(program, data.objects, data.params, { trace: opts.trace ?? true });
    progress.phase('读取事件', '条事件');
    const where = dataPosition(dataFiles);
    let n = 0;
    for await (const e of data.events) {
      scorer.addEvent(e);
      if (++n % CHECK_EVERY === 0) progress.update(n, where(e.source?.file, e.source?.line ?? e.source?.row));
    }
    progress.phase(`计算得分与排名（${n.toLocaleString('en-US')}条事件）`, '个考核对象');
    // Objects scored, then a moment more for outcomes and results.
    const result = scorer.finish((done, total) => progress.update(done, done / total));
    return { program, result };
  } catch (e) {
    progress.done();
    return reportProblems(e);
  } finally {
    if (!opts.progress) progress.done();
  }
}
