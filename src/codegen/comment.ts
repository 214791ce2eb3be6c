/** Text safe inside a block comment or a line comment: `*\/` and every line terminator (U+2028 and U+2029 end a `//` comment) neutralised. */
export function comment(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/[\r\n\u2028\u2029\u0085]+/g, ' ');
}
