/**
 * A streaming CSV reader (RFC 4180): records from lines, one at a time. A quoted cell may hold
 * commas, doubled quotes and line breaks; such a record spans several lines. Rows are counted
 * as a spreadsheet shows them: the header is row 1, and a blank line is a row too.
 */

export interface CsvRecord {
  cells: string[];
  /** Spreadsheet row: header = 1. */
  row: number;
  /** Physical line where the record starts. */
  line: number;
}

export interface CsvProblem {
  row: number;
  line: number;
  text: string;
}

/**
 * Records of a CSV text given line by line. Cells are trimmed (spaces around a value are
 * almost always accidental). Blank lines are skipped; a quote left open at the end of the
 * file is reported through `onProblem` and the partial record dropped.
 */
export async function* csvRecords(lines: AsyncIterable<string>, onProblem: (p: CsvProblem) => void): AsyncGenerator<CsvRecord> {
  let cells: string[] = [];
  let cur = '';
  let inQuotes = false;
  let row = 0;
  let lineNo = 0;
  let startLine = 0;
  for await (const text of lines) {
    lineNo++;
    if (!inQuotes) {
      row++;
      startLine = lineNo;
      if (text.trim() === '') continue;
      if (!text.includes('"')) {
        // The common case, without quotes: a plain split.
        yield { cells: text.split(',').map((c) => c.trim()), row, line: startLine };
        continue;
      }
    } else {
      cur += '\n';
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            cur += '"';
            i++;
          } else inQuotes = false;
        } else cur += c;
      } else if (c === ',') {
        cells.push(cur.trim());
        cur = '';
      } else if (c === '"' && cur.trim() === '') {
        inQuotes = true;
        cur = '';
      } else cur += c;
    }
    if (inQuotes) continue;
    cells.push(cur.trim());
    yield { cells, row, line: startLine };
    cells = [];
    cur = '';
  }
  if (inQuotes) onProblem({ row, line: startLine, text: '引号没有闭合：从本行开始的带引号的单元格直到文件末尾都没有结束' });
}
