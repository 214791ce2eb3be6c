/**
 * The user documentation is tested like code.
 *
 * Conventions for ```rubric code blocks in docs/*.md:
 *   - first line `# 完整示例`      a complete rubric file: it must check without errors (and, in
 *                                  language.md, tutorial.md and diagnostics.md, without warnings);
 *   - first line `# 错误示例 E1001` a deliberately wrong example: checking it must report that code
 *                                  (an S-code: checking it as `rubric check --strict` does);
 *   - anything else                 a fragment, not checked on its own. In tutorial.md every
 *                                  fragment must be lines of the tutorial's rubric, verbatim.
 *
 * Besides the blocks: every diagnostic code (codes.ts, the engine's D1xxx, the data layer's D2xxx)
 * is documented in docs/diagnostics.md; every idiom R1–R41 has its own heading in language.md and
 * the seed wording it quotes is really in the seed file; the tutorial's example in
 * examples/tutorial/ checks, reads and scores to the results the tutorial shows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { strictFindings } from '../../src/analysis/strict.js';
import { compileRubric, score } from '../../src/api.js';
import { check } from '../../src/checking/check.js';
import { CODES } from '../../src/diagnostics/codes.js';
import { readDataset } from '../../src/data/index.js';
import { DATA_CODES } from '../../src/data/errors.js';
import { print } from '../../src/format/print.js';
import { parse } from '../../src/syntax/parse.js';
import type { RunResult } from '../../src/runtime/model.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCS = join(ROOT, 'docs');
const TUTORIAL = join(ROOT, 'examples', 'tutorial');
const TUTORIAL_RUBRIC = join(TUTORIAL, '中队考核.rubric');
const TUTORIAL_DATA = join(TUTORIAL, '中队数据.yaml');
const SEEDS = '/work/shared/seeds';

const read = (name: string) => readFileSync(join(DOCS, name), 'utf8');

interface Block {
  doc: string;
  /** 1-based line of the opening fence. */
  line: number;
  source: string;
  kind: 'complete' | 'wrong' | 'fragment';
  /** For a wrong example: the code it must report. */
  code?: string;
}

function rubricBlocks(doc: string): Block[] {
  const md = read(doc);
  const out: Block[] = [];
  const re = /^```rubric\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(md); m; m = re.exec(md)) {
    const source = m[1]!;
    const first = source.split('\n', 1)[0]!;
    const line = md.slice(0, m.index).split('\n').length;
    const wrong = /^# 错误示例\s*([EWS]\d{4})/.exec(first);
    out.push({
      doc,
      line,
      source,
      kind: first.startsWith('# 完整示例') ? 'complete' : wrong ? 'wrong' : 'fragment',
      ...(wrong ? { code: wrong[1]! } : {}),
    });
  }
  return out;
}

const at = (b: Block) => `${b.doc}:${b.line}`;

/** The codes `rubric check` reports for a block (with `--strict` for an S-code example). */
function reported(b: Block): string[] {
  if (!b.code?.startsWith('S')) return check(b.source).diagnostics.map((d) => d.code);
  const c = compileRubric(b.source, `${b.doc}:${b.line}`);
  return [...c.diagnostics, ...strictFindings(c)].map((d) => d.code);
}
const shown = (src: string) => check(src).diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${d.message}`);

describe.each(['language.md', 'tutorial.md', 'diagnostics.md'])('docs/%s: rubric blocks', (doc) => {
  const blocks = rubricBlocks(doc);

  it('has complete examples', () => {
    expect(blocks.filter((b) => b.kind === 'complete').length).toBeGreaterThan(0);
  });

  for (const b of blocks.filter((x) => x.kind === 'complete')) {
    it(`complete example at line ${b.line} checks without errors or warnings, and compiles`, () => {
      expect(shown(b.source), at(b)).toEqual([]);
      expect(compileRubric(b.source, at(b)).program, at(b)).toBeDefined();
    });
  }

  for (const b of blocks.filter((x) => x.kind === 'wrong')) {
    it(`wrong example at line ${b.line} reports ${b.code}`, () => {
      expect(reported(b), at(b)).toContain(b.code);
    });
  }
});

describe('docs/diagnostics.md', () => {
  const md = read('diagnostics.md');
  const wrong = new Set(rubricBlocks('diagnostics.md').flatMap((b) => (b.code ? [b.code] : [])));

  it('documents every code of codes.ts under its own heading with its title and a wrong example', () => {
    for (const [code, info] of Object.entries(CODES)) {
      expect(md, code).toMatch(new RegExp(`^### ${code} ${info.title}`, 'm'));
      expect(wrong.has(code), `a “# 错误示例 ${code}” block`).toBe(true);
    }
  });

  it('lists no code that codes.ts does not have', () => {
    const headed = [...md.matchAll(/^### ([EWS]\d{4})\b/gm)].map((m) => m[1]!);
    expect(headed.filter((c) => !(c in CODES))).toEqual([]);
    expect([...wrong].filter((c) => !(c in CODES))).toEqual([]);
  });

  it('documents every data code: the engine’s D1xxx and the data layer’s D2xxx', () => {
    const engine = new Set<string>();
    const dir = join(ROOT, 'src', 'runtime', 'engine');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'(D1\d{3})'/g)) engine.add(m[1]!);
    }
    expect(engine.size).toBeGreaterThan(0);
    for (const code of [...engine, ...Object.keys(DATA_CODES)]) expect(md, code).toContain(code);
    for (const [code, title] of Object.entries(DATA_CODES)) expect(md, code).toContain(title);
  });
});

describe('docs/language.md', () => {
  const md = read('language.md');

  it('has a heading for each idiom R1–R41, in order', () => {
    const ids = [...md.matchAll(/^#{2,4} R(\d+)\b/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
  });

  it('gives each idiom its seed wording and a complete example', () => {
    const sections = md.split(/^(?=#{2,4} R\d+\b)/m).slice(1);
    expect(sections).toHaveLength(41);
    for (const s of sections) {
      const id = /^#{2,4} (R\d+)/.exec(s)![1]!;
      expect(s, id).toMatch(/种子 \d{3}_[0-9a-f]{16}\.txt 第\d+(—\d+)?行：“/);
      expect(s, id).toContain('```rubric\n# 完整示例');
    }
  });

  // The same normalisation as the idiom fixtures' test: PDF extraction leaves spaces, markup and
  // mixed full- and half-width punctuation in the seeds.
  const norm = (s: string) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, '')
      .replace(/[（(]/g, '(')
      .replace(/[）)]/g, ')')
      .replace(/[，,]/g, ',')
      .replace(/[；;]/g, ';')
      .replace(/[：:]/g, ':')
      .replace(/[〈<]/g, '<')
      .replace(/[〉>]/g, '>')
      .replace(/[—–-]/g, '-');

  it.skipIf(!existsSync(SEEDS))('quotes the seed documents faithfully', () => {
    const refs = [...md.matchAll(/种子 (\d{3}_[0-9a-f]{16}\.txt) 第(\d+)(?:—(\d+))?行：(.*)$/gm)];
    expect(refs.length).toBeGreaterThanOrEqual(41);
    for (const [, file, from, to, rest] of refs) {
      const lines = readFileSync(join(SEEDS, file!), 'utf8').split('\n');
      const first = Number(from);
      const last = Math.max(Number(to ?? from), first) + 2;
      const seedText = norm(lines.slice(first - 1, last).join(''));
      const open = rest!.slice(rest!.indexOf('“') + 1);
      const close = open.lastIndexOf('”');
      const quoted = close >= 0 ? open.slice(0, close) : open;
      const pieces = quoted
        .split(/……|”[^“]*“/)
        .map(norm)
        .filter((p) => p.length >= 4);
      expect(pieces.length, `${file} 第${from}行: nothing quoted`).toBeGreaterThan(0);
      for (const p of pieces) expect(seedText, `${file} 第${from}行`).toContain(p);
    }
  });
});

describe('docs/tutorial.md and examples/tutorial/', () => {
  const source = readFileSync(TUTORIAL_RUBRIC, 'utf8');
  const blocks = rubricBlocks('tutorial.md');

  it('shows the example file in full, as it is', () => {
    const full = blocks.filter((b) => b.kind === 'complete' && b.source.split('\n', 1)[0]!.includes('examples/tutorial/中队考核.rubric'));
    expect(full).toHaveLength(1);
    expect(full[0]!.source.slice(full[0]!.source.indexOf('\n') + 1)).toBe(source);
  });

  it('keeps the example file in the canonical format (rubric fmt --check)', () => {
    const { ast, diagnostics } = parse(source);
    expect(diagnostics).toEqual([]);
    expect(print(ast)).toBe(source);
  });

  it('builds it from fragments that are lines of the example file', () => {
    const lines = new Set(source.split('\n'));
    for (const b of blocks.filter((x) => x.kind === 'fragment')) {
      for (const l of b.source.split('\n').filter((x) => x.trim() !== '')) expect(lines.has(l), `${at(b)}: ${l}`).toBe(true);
    }
  });

  it('the mistakes it shows are one-line changes of the example file that report their code', () => {
    for (const b of blocks.filter((x) => x.kind === 'wrong')) {
      const bad = b.source.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#') && !source.split('\n').includes(l));
      expect(bad, at(b)).toHaveLength(1);
      // Put the wrong line in place of the line it replaces (the one with the same marker or label).
      const key = bad[0]!.trim().split(/[：:]/, 1)[0]!;
      const lines = source.split('\n');
      const i = lines.findIndex((l) => l.trim().startsWith(key + '：'));
      expect(i, `${at(b)}: no line starting with ${key}`).toBeGreaterThanOrEqual(0);
      lines[i] = bad[0]!;
      expect(
        check(lines.join('\n')).diagnostics.map((d) => d.code),
        at(b),
      ).toEqual([b.code]);
    }
  });

  describe('scoring the example', () => {
    let result: RunResult;
    beforeAll(async () => {
      const c = compileRubric(source, TUTORIAL_RUBRIC);
      expect(c.diagnostics.map((d) => d.message)).toEqual([]);
      const dataset = await readDataset(c.program!, [TUTORIAL_DATA]);
      result = score(c.program!, dataset);
    });

    it('gives the totals, grades and notes the tutorial shows', () => {
      const rows = result.objects.map((o) => [o.rank, o.name, o.total, o.base, o.bonus, o.grade, o.vetoed]);
      expect(rows).toEqual([
        [1, '城东中队', '104', '99', '5', '优秀', false],
        [2, '城北中队', '98.5', '98.5', '0', '良好', true],
        [3, '城西中队', '94', '91', '3', '优秀', false],
        [4, '城南中队', '93', '92', '1', '良好', false],
        [5, '开发区中队', '77.5', '77.5', '0', '合格', false],
      ]);
      const byName = new Map(result.objects.map((o) => [o.name, o]));
      expect(byName.get('城北中队')!.vetoReasons.map((r) => r.text)).toEqual(['【班子成员受处分人数】超过0人']);
      expect(byName.get('城南中队')!.gradeNote).toContain('名额外');
      expect(result.issues.map((i) => [i.kind, i.count])).toEqual([['outside-period', 1]]);
    });

    it('scores each section as the explanations in the tutorial say', () => {
      const sections = (name: string) => result.objects.find((o) => o.name === name)!.nodes.map((n) => n.score);
      expect(sections('城东中队')).toEqual(['20', '39.5', '30', '9.5', '5']);
      expect(sections('城西中队')).toEqual(['18', '35', '29', '9', '3']);
      expect(sections('城南中队')).toEqual(['19', '34', '30', '9', '1']);
      expect(sections('开发区中队')).toEqual(['18', '26.5', '27', '6', '0']);
    });
  });
});
