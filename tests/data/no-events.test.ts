/** A rubric without any 事件 declarations can still read and score data (its schema has no per-kind rules). */
import { describe, expect, it } from 'vitest';
import { compileRubric, score } from '../../src/api.js';
import { readDataset } from '../../src/data/index.js';

describe('a rubric without events', () => {
  it('reads and scores its data', async () => {
    const src = '考核 甲（满分10分）\n输入：\n  【x】件：违规件数\n一、a（10分，扣分制）：【x】每件扣1分。\n';
    const { program } = compileRubric(src, 'no-events.rubric');
    const data = await readDataset(program!, [{ name: 'd.yaml', text: '对象:\n  - 名称: 甲\n    x: 2\n' }]);
    // 10 − 2件 × 1分 = 8
    expect(score(program!, data).objects[0]!.total).toBe('8');
  });
});
