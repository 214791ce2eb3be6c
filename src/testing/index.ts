/**
 * Pinned results (`*.test.yaml`) and `rubric test`: read the files, score each case, compare,
 * attribute changes to items, and adopt new results. The format is described in docs/testing.md.
 */
export {
  readTestFile,
  parseTestFile,
  parseScore,
  describeProblem,
  type CaseSpec,
  type Expectation,
  type FileProblem,
  type TestFile,
  type UnitExpectation,
} from './spec.js';
export {
  runTests,
  runCase,
  findTestFiles,
  resolveCase,
  resolveItem,
  allPassed,
  reportJson,
  type CaseReport,
  type FileReport,
  type Mismatch,
  type Moved,
  type RunOptions,
  type TestReport,
  type TestRun,
  type UnitReport,
} from './run.js';
export { movedBetween, movedAgainstExpected, traceLines, type ItemRef, type MovedItem } from './attribute.js';
export { gitBaseline, noBaseline, type Baseline, type BaselineProvider } from './baseline.js';
export { reportText, caseText, summaryText, mismatchLine } from './render.js';
export { updateFiles, updatedText, updateText, type UpdateChange, type UpdateResult } from './update.js';
