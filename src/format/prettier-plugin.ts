/**
 * A prettier plugin for `.rubric` files: prettier parses with parse() and prints with the
 * canonical printer (print.ts), so `npx prettier --write rubrics/` and `rubric fmt` give the same
 * text. prettier's `printWidth` is the printer's width (default 100 here, not prettier's 80).
 *
 * A file with syntax errors is refused, never rewritten: the parse step throws a SyntaxError
 * carrying `loc`, which prettier reports as `file: SyntaxError: <message> (line:col)` with a
 * code frame. (The printer leaves out sentences that did not parse, so printing such a file
 * would lose text.)
 *
 * Comments are printed by print.ts, not by prettier: the node handed to prettier is a wrapper
 * without a `comments` property and with no visitor keys, so prettier neither attaches comments
 * nor walks the rubric AST.
 *
 * The module imports prettier's types only, so `rubric fmt` can use formatRubric() without
 * loading prettier. Usage from a prettier config:
 *   { "overrides": [{ "files": "*.rubric",
 *       "options": { "parser": "rubric", "plugins": ["./dist/format/prettier-plugin.js"] } }] }
 */
import type { Parser, Plugin, Printer, SupportLanguage } from 'prettier';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { parse } from '../syntax/parse.js';
import { print } from './print.js';

/** The printer's default width, also the plugin's default `printWidth`. */
export const DEFAULT_WIDTH = 100;

/** What the plugin's parser hands prettier: the rubric AST inside a wrapper prettier leaves alone. */
export interface RubricRoot {
  type: 'rubric';
  ast: A.RubricFile;
  start: number;
  end: number;
}

/** The errors of a parse, by position: any of them makes a file unformattable. */
export function syntaxErrors(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return sortDiagnostics(diagnostics.filter((d) => d.severity === 'error'));
}

/** The error prettier reports for a file that does not parse: SyntaxError with `loc`, like its own parsers. */
export class RubricSyntaxError extends SyntaxError {
  readonly loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  readonly diagnostics: Diagnostic[];

  constructor(errors: Diagnostic[]) {
    const d = errors[0]!;
    const more = errors.length > 1 ? `；另有${errors.length - 1}处语法错误，可用 rubric check 查看` : '';
    super(`${d.message}（${d.code}）。文件有语法错误，未格式化${more} (${d.span.line}:${d.span.col})`);
    this.name = 'SyntaxError';
    // prettier's convention: 1-based lines and columns.
    this.loc = {
      start: { line: d.span.line, column: d.span.col },
      end: { line: d.span.endLine, column: d.span.endCol },
    };
    this.diagnostics = errors;
  }
}

export const languages: SupportLanguage[] = [
  {
    name: 'Rubric',
    parsers: ['rubric'],
    extensions: ['.rubric'],
    vscodeLanguageIds: ['rubric'],
  },
];

const rubricParser: Parser<RubricRoot> = {
  astFormat: 'rubric',
  parse(text) {
    const { ast, diagnostics } = parse(text);
    const errors = syntaxErrors(diagnostics);
    if (errors.length) throw new RubricSyntaxError(errors);
    return { type: 'rubric', ast, start: 0, end: text.length };
  },
  locStart: (node) => node.start,
  locEnd: (node) => node.end,
};

export const parsers: Record<string, Parser<RubricRoot>> = { rubric: rubricParser };

const rubricPrinter: Printer<RubricRoot> = {
  // The whole file is one string; prettier turns its "\n" into the `endOfLine` it was asked for.
  print(path, options) {
    return print(path.node.ast, { width: options.printWidth });
  },
  getVisitorKeys: () => [],
};

export const printers: Record<string, Printer<RubricRoot>> = { rubric: rubricPrinter };

export const defaultOptions: Plugin['defaultOptions'] = { printWidth: DEFAULT_WIDTH };

const plugin: Plugin<RubricRoot> = { languages, parsers, printers, defaultOptions };
export default plugin;

export type FormatResult = { ok: true; formatted: string } | { ok: false; errors: Diagnostic[] };

/**
 * Format one source the way prettier does with this plugin (endOfLine "lf"): a byte order mark
 * is kept, line ends become "\n", a file of nothing but white space becomes empty.
 */
export function formatRubric(source: string, options: { width?: number } = {}): FormatResult {
  const bom = source.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = (bom ? source.slice(1) : source).replace(/\r\n?/g, '\n');
  if (!text.trim()) return { ok: true, formatted: bom };
  const { ast, diagnostics } = parse(text);
  const errors = syntaxErrors(diagnostics);
  if (errors.length) return { ok: false, errors };
  return { ok: true, formatted: bom + print(ast, { width: options.width ?? DEFAULT_WIDTH }) };
}
