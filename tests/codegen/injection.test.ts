/**
 * Nothing in a rubric's text can inject code into the generated module: titles, names,
 * descriptions and strings with ", \, *\/, ${, backticks, U+2028 and U+2029 compile to a module
 * that type-checks, loads without running anything, and scores exactly like the same rubric
 * written with plain text.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/runtime/rational.js';
import type { Dataset } from '../../src/runtime/model.js';
import type { Program } from '../../src/runtime/program.js';
import { emitForUsers, loadCompiled, OUT, programOf, typecheck } from './helpers.js';

const LS = '\u2028';
const PS = '\u2029';
const HOSTILE = `"'\\*/\${globalThis.pwned=1}\`\`${LS}${PS}</script>`;

/** One rubric, with every piece of free text replaced by `t(i)`. */
function rubric(t: (i: number) => string): string {
  return [
    `考核 考核${t(0)}（满分10分，并列取高，依据“文件${t(1)}”）`,
    `考核对象：对象${t(2)}`,
    `说明：说明${t(3)}`,
    '输入：',
    `  【甲${t(4)}】件：数量${t(5)}`,
    `  【乙${t(6)}】选项“值${t(7)}”“其他”：选项${t(8)}`,
    `  【丙${t(9)}】分（范围0-3分）：赋分${t(10)}`,
    '事件：',
    `  【事${t(11)}】件：事件${t(12)}`,
    `    属性【级${t(13)}】选项“高${t(14)}”“低”：级别${t(15)}`,
    `一、节${t(16)}（7分，扣分制）`,
    `  1. 项${t(17)}：【甲${t(4)}】每件扣1分。`,
    `  2. 项${t(18)}：【乙${t(6)}】为“值${t(7)}”的，扣1分。`,
    `  3. 项${t(19)}：【事${t(11)}】按【级${t(13)}】，“高${t(14)}”、“低”每件分别扣2分、1分。（限扣4分）`,
    `二、节${t(20)}（3分，赋分）：得【丙${t(9)}】。`,
    '等次：',
    // A label ends at quotes, colons and spaces by design; it gets the other hostile characters.
    `  好${t(21).replace(/[：:\s"'“”]/g, '')}：8分（含）以上`,
    '  差：其余',
  ].join('\n');
}

function dataFor(p: Program): Dataset {
  const [a, b, c] = p.inputs;
  const ev = p.events[0]!;
  const level = ev.attrs.find((x) => !x.builtin)!;
  const high = level.type.options![0]!;
  return {
    objects: [
      { name: '一', values: { [a!.name]: Rational.of(2), [b!.name]: b!.type.options![0]!, [c!.name]: Rational.of('2.5') } },
      { name: '二', values: { [a!.name]: Rational.of(0), [b!.name]: '其他', [c!.name]: Rational.of(3) } },
    ],
    params: {},
    events: [
      { kind: ev.name, object: '一', attrs: { [level.name]: high } },
      { kind: ev.name, object: '一', attrs: { [level.name]: '低' } },
      { kind: ev.name, object: '二', attrs: { [level.name]: high } },
      { kind: ev.name, object: '二', attrs: { [level.name]: high } },
      { kind: ev.name, object: '二', attrs: { [level.name]: high } },
    ],
  };
}

/** What must not depend on the text: every number and outcome. */
function outcome(r: unknown): unknown {
  const res = r as { objects: { name: string; total: string; rank: number; grade?: string; nodes: unknown[] }[] };
  const scores = (ns: unknown[]): unknown[] => (ns as { score: string; children?: unknown[] }[]).map((n) => [n.score, scores(n.children ?? [])]);
  return res.objects.map((o) => [o.name, o.total, o.rank, o.grade ? o.grade.length : 0, scores(o.nodes)]);
}

describe('code injection', () => {
  const hostile = rubric((i) => `${HOSTILE}${i}`);
  const plain = rubric((i) => `文本${i}`);

  it('hostile text parses and checks like plain text', () => {
    expect(() => programOf('hostile.rubric', hostile)).not.toThrow();
    expect(() => programOf('plain.rubric', plain)).not.toThrow();
  });

  it('compiles to a module that type-checks under tsc --strict', async () => {
    const code = await emitForUsers(programOf('hostile.rubric', hostile));
    const file = join(OUT, 'hostile.ts');
    writeFileSync(file, code);
    expect(typecheck([file])).toBe('');
    // No line terminator survives inside a comment, where it would end it.
    for (const line of code.split('\n')) {
      const comment = line.indexOf('//') >= 0 ? line.slice(line.indexOf('//')) : '';
      expect(comment).not.toMatch(/[\u2028\u2029]/);
    }
    // The payload appears only inside string literals: never as a statement.
    expect(code).not.toMatch(/^\s*globalThis\.pwned/m);
  }, 120_000);

  it('loads without running rubric text and scores exactly like the plain rubric', async () => {
    const hp = programOf('hostile.rubric', hostile);
    const pp = programOf('plain.rubric', plain);
    const h = await loadCompiled(hp, 'hostile');
    const p = await loadCompiled(pp, 'plain');
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    const hr = h.scoreDataset(dataFor(hp));
    const pr = p.scoreDataset(dataFor(pp));
    expect(outcome(hr)).toEqual(outcome(pr));
    // And the hostile text comes back unchanged in the results, as data.
    const first = (hr as { objects: { nodes: { title?: string }[] }[] }).objects[0]!.nodes[0]!;
    expect(first.title).toBe(`节${HOSTILE}16`);
    // 一: 2件 + 值 + 高、低 → 2+1+3 = 6 deducted from 7 → 1; 赋分 2.5 → total 3.5.
    expect((hr as { objects: { name: string; total: string }[] }).objects.find((o) => o.name === '一')!.total).toBe('3.5');
  }, 120_000);
});
