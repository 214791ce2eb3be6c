/**
 * Round trip over every rubric in rubrics/ and every fixture in tests/format/fixtures/:
 * parse → print → parse gives the same AST (positions and spelling-only fields aside) and the
 * same comments, printing again gives the same text, and recorded boundary words survive.
 */
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../src/syntax/parse.js';
import { print } from '../../src/format/print.js';
import { boundaryWords, checkRoundTrip } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
const files = (dir: string): string[] =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.rubric'))
    .sort()
    .map((f) => join(dir, f));

const rubrics = files('rubrics');
const fixtures = files(join('tests', 'format', 'fixtures'));
const read = (f: string) => readFileSync(join(root, f), 'utf8');

describe.each([...rubrics, ...fixtures])('%s', (file) => {
  test.each([100, 60, 30, 200])('round trip, comments and idempotence at width %i', (width) => {
    checkRoundTrip(read(file), file, { width });
  });

  test('comparison and grade words are printed as recorded', () => {
    const ast = parse(read(file)).ast;
    expect(boundaryWords(parse(print(ast)).ast)).toEqual(boundaryWords(ast));
  });
});

/** Where each kind of AST object sits: `qualifiers:Cap`, `action:Rank`, `type:Choice`, … */
function kindsOf(x: unknown, at = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(x)) x.forEach((v) => kindsOf(v, at, out));
  else if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o.kind === 'string') out.add(`${at}:${o.kind}`);
    for (const [k, v] of Object.entries(o)) if (k !== 'span') kindsOf(v, k, out);
  }
  return out;
}

test('the fixtures use every kind of AST object', () => {
  const seen = new Set<string>();
  for (const f of fixtures) kindsOf(parse(read(f)).ast, '', seen);
  const wanted = [
    // top level
    'body:Header',
    'body:Subjects',
    'body:Note',
    'body:Inputs',
    'body:Params',
    'body:Events',
    'body:Computed',
    'body:Node',
    'body:Grades',
    'body:Veto',
    'body:Titles',
    'body:ResultUse',
    'children:Node',
    // declarations
    'decls:Input',
    'decls:Param',
    'decls:Event',
    'decls:Computed',
    'attributes:Attribute',
    'charge:Charge',
    'type:Points',
    'type:Quantity',
    'type:Percent',
    'type:Bool',
    'type:Choice',
    'type:Date',
    'type:Text',
    'type:Number',
    'type:Subject',
    'qualifiers:Range',
    'qualifiers:Missing',
    'qualifiers:Group',
    // expressions and conditions
    'amount:Number',
    'expr:Ref',
    'right:Str',
    'right:Bool',
    'right:Date',
    'expr:Binary',
    'else:Neg',
    'amount:Paren',
    'expr:Pop',
    'left:Special',
    'expr:If',
    'expr:Filter',
    'expr:DateOffset',
    'condition:Compare',
    'value:Truthy',
    'operand:Truthy',
    'condition:Not',
    'items:And',
    'value:Or',
    // qualifiers
    'qualifiers:Points',
    'qualifiers:FullMarks',
    'qualifiers:Mode',
    'qualifiers:Cap',
    'qualifiers:Floor',
    'qualifiers:DeductUntil',
    'qualifiers:SameMatterMax',
    'qualifiers:OutsideTotal',
    'qualifiers:Alias',
    'qualifiers:Round',
    'qualifiers:Basis',
    'qualifiers:Period',
    'qualifiers:Quarterly',
    'qualifiers:Tie',
    'qualifiers:StepPartial',
    'qualifiers:Exempt',
    'rule:high',
    'rule:average',
    'rule:by',
    // sentences and actions
    'body:Rule',
    'body:Refine',
    'body:ForAll',
    'body:ItemQualifiers',
    'alternatives:Clause',
    'action:Flat',
    'action:PerUnit',
    'action:Tiered',
    'action:Discretionary',
    'action:Judged',
    'action:Step',
    'action:Rank',
    'action:Exempt',
    'action:Multiplier',
    'action:Override',
    'action:Criterion',
    'amounts:List',
    'amounts:Range',
    // outcomes
    'bands:Band',
    'defs:TitleDef',
    'count:Count',
    'count:Share',
    'tie:by',
  ];
  expect(wanted.filter((k) => !seen.has(k))).toEqual([]);
});
