/**
 * YAML and JSON data documents: { 对象, 参数, 事件 }. The whole file is parsed (these formats
 * are for data that fits in memory; large event volumes belong in NDJSON or CSV). JSON is
 * parsed with JSON.parse, so only real JSON is accepted, and its records' lines come from a
 * light scan (jsonlayout.ts); only a JSON document with a problem, and YAML, go through the yaml
 * parser, which gives every node's line, keys' too, for messages.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { EventData, ObjectData, Scalar, SourceRef } from '../runtime/model.js';
import { at, Problems, shown, TooManyProblems } from './errors.js';
import { jsonLayout, type JsonLayout, memberCount } from './jsonlayout.js';
import { isComment, suggestion, TOP_KEYS } from './fields.js';
import type { RecordContext, RecordReader } from './records.js';

export interface DocContent {
  objects: ObjectData[];
  params?: { values: Record<string, Scalar | undefined>; source: SourceRef };
  events: EventData[];
}

/** The yaml parser's error, in Chinese: by code, refined by its (English) message. */
function yamlError(code: string, message: string): string {
  if (/without - indicator/.test(message)) return '缩进不正确：列表项应以“- ”开头，同一层的键应对齐';
  if (/quote/.test(message)) return '引号没有闭合';
  if (/Flow (sequence|mapping)/.test(message)) return '方括号或花括号没有闭合，或其中的内容缩进不足';
  if (/compact mappings/.test(message)) return '一行中出现了两个“键: 值”（值中含冒号时请给值加引号），或缩进不正确';
  const byCode: Record<string, string> = {
    DUPLICATE_KEY: '同一映射中键重复',
    BAD_INDENT: '缩进不正确',
    TAB_AS_INDENT: '不能用制表符（Tab）缩进，请用空格',
    MISSING_CHAR: '缺少必要的字符（如配对的括号或冒号）',
    MULTIPLE_DOCS: '文件中有多个文档（---），只能有一个',
    MULTILINE_IMPLICIT_KEY: '键不能跨行（可能缺少冒号后的空格或缩进不对）',
    UNEXPECTED_TOKEN: '结构不正确（可能是缩进不对，或列表与映射混在同一层）',
    BAD_SCALAR_START: '值不能以此字符开头（请给值加引号）',
    BAD_DQ_ESCAPE: '双引号文本中的转义不正确',
    BLOCK_IN_FLOW: '方括号或花括号内不能使用缩进格式',
    BAD_ALIAS: '引用（*别名）不正确',
  };
  return byCode[code] ?? '无法解析';
}

/** JSON.parse reports a character offset; say where it is, and what, in Chinese. */
function jsonSyntax(message: string, text: string): { line: number; col: number; what: string } {
  const m = /position (\d+)/.exec(message);
  const pos = m ? Number(m[1]) : text.length;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  const what = /Unexpected end|Unterminated/.test(message)
    ? '文件意外结束（可能缺少右括号或引号）'
    : /Expected ',' or '}'/.test(message)
      ? '缺少逗号或右花括号 }'
      : /Expected ',' or ']'/.test(message)
        ? '缺少逗号或右方括号 ]'
        : /property name/.test(message)
          ? '应为带双引号的键名（JSON 不允许单引号、末尾逗号和注释）'
          : /control character/.test(message)
            ? '文本中有未转义的换行或控制字符'
            : `出现意外的字符${pos < text.length ? `“${text[pos]}”` : ''}`;
  return { line, col, what };
}

/** The value node at a key of a map, or an index of a sequence. */
function child(node: unknown, key: string | number): Node | undefined {
  if (isSeq(node) && typeof key === 'number') return node.items[key] as Node | undefined;
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
    return (pair?.value ?? pair?.key) as Node | undefined;
  }
  return undefined;
}

function keyNode(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((p) => isScalar(p.key) && String(p.key.value) === key)?.key as Node | undefined;
}

/** Lines for sources and messages: from the yaml parser's nodes, or (JSON fast path) from jsonLayout. */
interface Locator {
  /** The line of the whole document's value, of a top-level key, of a top-level value. */
  root(): number | undefined;
  topKey(key: string): number | undefined;
  top(key: string): number | undefined;
  /** The line of an element (or member value) of a top-level value. */
  item(key: string, at: number | string): number | undefined;
  /** The lines of the keys of a top-level value (`at` undefined) or of an element of one. */
  keysOf(key: string, at?: number | string): ((k: string) => number | undefined) | undefined;
}

function yamlLocator(doc: Document, lc: LineCounter): Locator {
  const lineOf = (n: Node | undefined): number | undefined => (n?.range ? lc.linePos(n.range[0]).line : undefined);
  const root = doc.contents;
  return {
    root: () => lineOf(root as Node),
    topKey: (key) => lineOf(keyNode(root, key)),
    top: (key) => lineOf(child(root, key)),
    item: (key, at) => lineOf(child(child(root, key), at)),
    keysOf: (key, at) => {
      const node = at === undefined ? child(root, key) : child(child(root, key), at);
      return (k) => lineOf(keyNode(node, k));
    },
  };
}

function layoutLocator(layout: JsonLayout): Locator {
  const { top } = layout;
  return {
    root: () => undefined,
    topKey: () => undefined,
    top: (key) => top.get(key)?.line,
    item: (key, at) => (typeof at === 'number' ? top.get(key)?.items[at] : top.get(key)?.members.get(at)),
    keysOf: () => undefined,
  };
}

export function readDocument(text: string, file: string, json: boolean, reader: RecordReader, problems: Problems): DocContent {
  let data: unknown;
  if (json) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      const s = jsonSyntax((e as Error).message, text);
      problems.add('D2001', { file, line: s.line }, `JSON 语法错误（第${s.col}列）：${s.what}`);
      return { objects: [], events: [] };
    }
    const fast = readJsonFast(text, data, file, reader);
    if (fast) return fast;
  }
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  if (!json) {
    // One error a line: the parser's later errors on a line usually follow from the first.
    const lines = new Set<number>();
    for (const err of doc.errors) {
      const p = lc.linePos(err.pos[0]);
      if (lines.has(p.line)) continue;
      lines.add(p.line);
      problems.add('D2001', { file, line: p.line }, `YAML 语法错误（第${p.col}列）：${yamlError(err.code, err.message)}`);
    }
    if (doc.errors.length) return { objects: [], events: [] };
    data = doc.toJS();
  } else if (doc.errors.some((e) => e.code === 'DUPLICATE_KEY')) {
    // JSON.parse keeps the last of two equal keys silently; a data file should not have them.
    for (const err of doc.errors.filter((e) => e.code === 'DUPLICATE_KEY')) {
      problems.add('D2001', { file, line: lc.linePos(err.pos[0]).line }, 'JSON 中同一对象的键重复');
    }
    return { objects: [], events: [] };
  }
  return readContent(data, file, yamlLocator(doc, lc), reader, problems);
}

/**
 * JSON without the yaml parser: lines from jsonLayout. Any problem at all (or a duplicate key)
 * gives undefined, and the document is read again the slow way, which reports every problem
 * with the lines of keys as before: the fast path only has the lines of records.
 */
function readJsonFast(text: string, data: unknown, file: string, reader: RecordReader): DocContent | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const layout = jsonLayout(text);
  if (layout.members !== memberCount(data)) return undefined;
  const probe = new Problems(1);
  try {
    return readContent(data, file, layoutLocator(layout), reader.withProblems(probe), probe);
  } catch (e) {
    if (e instanceof TooManyProblems) return undefined;
    throw e;
  }
}

function readContent(data: unknown, file: string, loc: Locator, reader: RecordReader, problems: Problems): DocContent {
  const out: DocContent = { objects: [], events: [] };
  if (data === null || data === undefined) return out;
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.add('D2003', { file, line: loc.root() ?? 1 }, `文件顶层应为含“对象”“参数”“事件”的键值映射，实际为${shown(data)}`);
    return out;
  }
  const top = data as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (!(TOP_KEYS as readonly string[]).includes(key) && !isComment(key)) {
      problems.add('D2002', at({ file, line: loc.topKey(key) ?? 1 }, key), `数据文件顶层只能有“对象”“参数”“事件”，不认识“${key}”${suggestion(key, TOP_KEYS)}`);
    }
  }
  const srcOf = (line: number | undefined, path: string): SourceRef => ({ file, ...(line !== undefined ? { line } : {}), path });
  /** A record's context: its line and path, and the line of each of its keys. */
  const ctxOf = (key: string, i: number | string, path: string): RecordContext => {
    const lineOf = loc.keysOf(key, i);
    return { src: srcOf(loc.item(key, i), path), ...(lineOf ? { lineOf } : {}) };
  };

  const objects = top['对象'];
  if (Array.isArray(objects)) {
    objects.forEach((raw, i) => {
      const o = reader.object(raw, ctxOf('对象', i, `对象[${i}]`));
      if (o) out.objects.push(o);
    });
  } else if (objects !== null && typeof objects === 'object') {
    for (const [name, raw] of Object.entries(objects)) {
      const o = reader.object(raw ?? {}, ctxOf('对象', name, `对象.${name}`), name.trim());
      if (o) out.objects.push(o);
    }
  } else if (objects !== undefined && objects !== null) {
    problems.add('D2003', { file, line: loc.top('对象') ?? 1, path: '对象' }, `应为考核对象的列表或以名称为键的映射，实际为${shown(objects)}`);
  }

  if ('参数' in top) {
    const line = loc.top('参数');
    const keys = loc.keysOf('参数');
    const params = reader.params(top['参数'], { src: srcOf(line, '参数'), ...(keys ? { lineOf: keys } : {}) });
    if (params) out.params = { values: params, source: srcOf(line, '参数') };
  }

  const events = top['事件'];
  if (Array.isArray(events)) {
    events.forEach((raw, i) => {
      const e = reader.event(raw, ctxOf('事件', i, `事件[${i}]`));
      if (e) out.events.push(e);
    });
  } else if (events !== undefined && events !== null) {
    problems.add('D2003', { file, line: loc.top('事件') ?? 1, path: '事件' }, `应为事件记录的列表，实际为${shown(events)}`);
  }
  return out;
}
