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
 * Records of a CSV text given line by line, synchronously (the caller reads the lines in
 * batches). Cells are trimmed (spaces around a value are almost always accidental). Blank lines
 * are skipped; a quote left open at the end of the file is reported by `end()` and the partial
 * record dropped.
 */
export class CsvParser {
  private cells: string[] = [];
  private cur = '';
  private inQuotes = false;
  private row = 0;
  private lineNo = 0;
  private startLine = 0;

  /** The record this line completes, if any. */
  push(text: string): CsvRecord | undefined {
    this.lineNo++;
    if (!this.inQuotes) {
      this.row++;
      this.startLine = this.lineNo;
      if (text.trim() === '') return undefined;
      if (!text.includes('"')) {
        // The common case, without quotes: a plain split.
        const cells = text.split(',');
        for (let i = 0; i < cells.length; i++) cells[i] = cells[i]!.trim();
        return { cells, row: this.row, line: this.startLine };
      }
    } else {
      this.cur += '\n';
    }
    let { cur, inQuotes } = this;
    const cells = this.cells;
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
    this.inQuotes = inQuotes;
    if (inQuotes) {
      this.cur = cur;
      return undefined;
    }
    cells.push(cur.trim());
    this.cells = [];
    this.cur = '';
    return { cells, row: this.row, line: this.startLine };
  }

  /** At the end of the text: a quote still open. */
  end(): CsvProblem | undefined {
    if (this.inQuotes) return { row: this.row, line: this.startLine, text: '引号没有闭合：从本行开始的带引号的单元格直到文件末尾都没有结束' };
    return undefined;
  }
}
