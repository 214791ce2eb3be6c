/** The scoring pipeline the commands share: rubric → data (streamed) → engine → result. */
import { createScorer } from '../api.js';
import { openData } from '../data/index.js';
import type { RunResult } from '../runtime/model.js';
import type { Program } from '../runtime/program.js';
import { loadProgram, reportProblems } from './load.js';

export async function scoreFiles(rubricFile: string, dataFiles: string[]): Promise<{ program: Program; result: RunResult }> {
  const program = loadProgram(rubricFile);
  try {
    const data = await openData(program, dataFiles);
    const scorer = createScorer(program, data.objects, data.params);
    for await (const e of data.events) scorer.addEvent(e);
    return { program, result: scorer.finish() };
  } catch (e) {
    return reportProblems(e);
  }
}
