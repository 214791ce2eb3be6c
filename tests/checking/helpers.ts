/**
 * Shared helpers for the checker tests: fixture headers, AST look-ups.
 *
 * A fixture starts with comment lines that state what the test expects:
 *   # expect: E4001 at 17:1        one line per expected diagnostic (code, line, column)
 *   # allow-warnings               warnings that are not listed are ignored
 *   # message-contains: 15分       the first expected diagnostic's message contains this text
 *   # hint-contains: 【持证率】     the first expected diagnostic's hint contains this text
 *   # skip: reason                 a known bug: the test is kept but skipped
 * Other comment lines are free text (what the mistake is, in the reader's words).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from '../../src/checking/check.js';
import type { NodeInfo } from '../../src/checking/context.js';
import type * as A from '../../src/syntax/ast.js';
import { visitAll } from '../../src/syntax/walk.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(HERE, 'fixtures');
export const RUBRICS = join(HERE, '..', '..', 'rubrics');

export interface Expected {
  code: string;
  line: number;
  col: number;
}

export interface FixtureHeader {
  expects: Expected[];
  allowWarnings: boolean;
  messageContains: string[];
  hintContains: string[];
  skip?: string;
}

export interface Fixture {
  file: string;
  path: string;
  source: string;
  header: FixtureHeader;
}

export function parseHeader(source: string): FixtureHeader {
  const header: FixtureHeader = { expects: [], allowWarnings: false, messageContains: [], hintContains: [] };
  for (const line of source.split('\n')) {
    if (!line.startsWith('#')) break;
    const body = line.replace(/^#\s*/, '').trimEnd();
    let m: RegExpExecArray | null;
    if ((m = /^expect:\s*([EW]\d{4})\s+at\s+(\d+):(\d+)$/.exec(body))) {
      header.expects.push({ code: m[1]!, line: Number(m[2]), col: Number(m[3]) });
    } else if (/^expect:/.test(body)) {
      throw new Error(`malformed expect line: ${line}`);
    } else if (body === 'allow-warnings') {
      header.allowWarnings = true;
    } else if ((m = /^message-contains:\s*(.+)$/.exec(body))) {
      header.messageContains.push(m[1]!);
    } else if ((m = /^hint-contains:\s*(.+)$/.exec(body))) {
      header.hintContains.push(m[1]!);
    } else if ((m = /^skip:\s*(.+)$/.exec(body))) {
      header.skip = m[1]!;
    }
  }
  return header;
}

export function loadFixtures(sub: 'codes' | 'idioms'): Fixture[] {
  const dir = join(FIXTURES, sub);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rubric'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      const source = readFileSync(path, 'utf8');
      return { file, path, source, header: parseHeader(source) };
    });
}

export function loadRubrics(): { file: string; source: string }[] {
  return readdirSync(RUBRICS)
    .filter((f) => f.endsWith('.rubric'))
    .sort()
    .map((file) => ({ file, source: readFileSync(join(RUBRICS, file), 'utf8') }));
}

/** `E4001@17:1`, for readable comparisons. */
export function at(d: { code: string; span: { line: number; col: number } } | Expected): string {
  return 'span' in d ? `${d.code}@${d.span.line}:${d.span.col}` : `${d.code}@${d.line}:${d.col}`;
}

// ── AST and model look-ups ─────────────────────────────────────────────────

/** Every object of one kind anywhere under `root` (the AST is plain data). */
export function collect<K extends string>(root: unknown, kind: K): Array<{ kind: K } & Record<string, any>> {
  const out: Array<{ kind: K } & Record<string, any>> = [];
  visitAll(root, (n) => {
    if (n.kind === kind) out.push(n as { kind: K } & Record<string, any>);
  });
  return out;
}

/** A node by its path of numbers: `（三）.27`, `一.（一）.1`. */
export function node(r: CheckResult, path: string): NodeInfo {
  const found = r.context.nodes.find((n) => n.path === path);
  if (!found) throw new Error(`no node ${path}; have ${r.context.nodes.map((n) => n.path).join(' ')}`);
  return found;
}

export function sentences(info: NodeInfo): A.Sentence[] {
  return info.node.body;
}

export function rules(info: NodeInfo): Extract<A.Sentence, { kind: 'Rule' }>[] {
  return info.node.body.filter((s): s is Extract<A.Sentence, { kind: 'Rule' }> => s.kind === 'Rule');
}

/** The clauses of an item, in order (alternatives flattened). */
export function clauses(info: NodeInfo): A.Clause[] {
  return rules(info).flatMap((s) => s.alternatives);
}

export function actions(info: NodeInfo): A.Action[] {
  return clauses(info).map((c) => c.action);
}

export function qualifiers(info: NodeInfo): A.Qualifier[] {
  return [...info.node.qualifiers, ...info.node.body.flatMap((s) => (s.kind === 'ItemQualifiers' ? s.qualifiers : []))];
}

type BlockOf<K extends A.TopLevel['kind']> = K extends A.DeclBlock['kind'] ? A.DeclBlock : Extract<A.TopLevel, { kind: K }>;

export function block<K extends A.TopLevel['kind']>(r: CheckResult, kind: K): BlockOf<K> {
  const b = r.ast.body.find((x) => x.kind === kind);
  if (!b) throw new Error(`no ${kind} block`);
  return b as BlockOf<K>;
}

/** The value of a number literal with its unit: `1.2分`, `90%`, `5件`. */
export function lit(n: A.NumberLit | A.Expr | undefined): string {
  if (!n || n.kind !== 'Number') return `<${n?.kind}>`;
  return `${n.value}${n.percent ? '%' : ''}${n.unit?.word ?? ''}${n.per ? `/${n.per.word}` : ''}`;
}

/** A readable one-line rendering of an expression, for assertions on formulas. */
export function show(e: A.Expr | A.Cond | undefined): string {
  if (!e) return '';
  switch (e.kind) {
    case 'Number':
      return lit(e);
    case 'Ref':
      return `【${e.name}】`;
    case 'Str':
      return `“${e.value}”`;
    case 'Bool':
      return e.value ? '是' : '否';
    case 'Date':
      return e.value;
    case 'Binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'Neg':
      return `-${show(e.operand)}`;
    case 'Paren':
      return show(e.inner);
    case 'Pop':
      return `${e.fn}(${show(e.arg)}${e.filter ? ` | ${show(e.filter)}` : ''})`;
    case 'Special':
      return e.which;
    case 'If':
      return `if(${show(e.cond)}, ${show(e.then)}, ${show(e.else)})`;
    case 'Filter':
      return `${show(e.event)}[${show(e.cond)}]`;
    case 'DateOffset':
      return `${show(e.date)}+${lit(e.amount)}`;
    case 'Compare':
      return `${show(e.left)} ${e.op} ${e.right.map(show).join('|')}`;
    case 'Truthy':
      return show(e.expr);
    case 'Not':
      return `!${show(e.operand)}`;
    case 'And':
    case 'Or':
      return `(${e.items.map(show).join(e.kind === 'And' ? ' && ' : ' || ')})`;
  }
}
