/** Escaping for the HTML report: text and attribute values, and JSON inside a <script> element. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text for element content and (double- or single-quoted) attribute values. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * JSON that can sit inside `<script type="application/json">`: `<`, `>` and `&` are written as
 * \u escapes, so no text from a rubric or data can close the element or open a comment; U+2028
 * and U+2029 likewise, for readers that treat them as line ends.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
