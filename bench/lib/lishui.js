// Shared by the Lishui benchmark scripts: the rubric's Program, the compiled scoring module,
// conversion of data records (NDJSON / CSV / objects JSON) to the runtime's typed form, and a
// minimal streaming line reader. Nothing here is timed except where score.js says so.
import { cpSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StringDecoder } from 'node:string_decoder';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATA_DIR = join(ROOT, 'bench', '.data');
export const RUBRIC = 'rubrics/lishui-2022.rubric';

/**
 * The build the benchmark measures: dist/, or (BENCH_DIST) a snapshot of it taken when the run
 * starts, so that a rebuild by someone else during a long run cannot mix two builds or catch
 * tsc half-way. Child processes inherit BENCH_DIST.
 */
let DIST = process.env.BENCH_DIST ?? join(ROOT, 'dist');
export const distDir = () => DIST;
export const dist = (p) => pathToFileURL(join(DIST, p)).href;

/**
 * Copies dist/ to bench/.data/dist-snapshot-<time>/ and uses it from now on (here and in child
 * processes). The copy is checked by loading the compiler, the runtime and the data reader and
 * compiling the Lishui rubric; a copy taken while tsc was writing fails that and is retaken.
 */
export async function snapshotDist({ log = () => {}, tries = 8 } = {}) {
  mkdirSync(DATA_DIR, { recursive: true });
  for (const e of readdirSync(DATA_DIR)) if (e.startsWith('dist-snapshot-')) rmSync(join(DATA_DIR, e), { recursive: true, force: true });
  let lastError;
  for (let i = 0; i < tries; i++) {
    const dir = join(DATA_DIR, `dist-snapshot-${Date.now()}`);
    cpSync(join(ROOT, 'dist'), dir, { recursive: true, filter: (f) => !f.endsWith('.map') });
    try {
      const url = (p) => pathToFileURL(join(dir, p)).href;
      const { compileRubric } = await import(url('api.js'));
      await import(url('codegen/emit.js'));
      await import(url('runtime/index.js'));
      if (existsSync(join(dir, 'data', 'index.js'))) await import(url('data/index.js'));
      const r = compileRubric(readFileSync(join(ROOT, RUBRIC), 'utf8'), RUBRIC);
      if (!r.program) throw new Error(`${RUBRIC}: ${r.diagnostics.find((d) => d.severity === 'error')?.message}`);
      DIST = dir;
      process.env.BENCH_DIST = dir;
      log(`构建快照 / build snapshot: dist/ → ${relative(ROOT, dir)}`);
      return dir;
    } catch (e) {
      lastError = e;
      rmSync(dir, { recursive: true, force: true });
      log(`dist/ 暂不可用（可能正在构建），15 秒后重试 / dist/ not usable (being rebuilt?), retrying in 15 s: ${String(e.message ?? e).split('\n')[0]}`);
      await new Promise((r) => setTimeout(r, 15000));
    }
  }
  throw lastError;
}

export async function runtime() {
  const { Rational } = await import(dist('runtime/rational.js'));
  return { Rational };
}

/** The Lishui Program (compiled from the rubric as it is now). */
export async function loadProgram() {
  const { compileRubric } = await import(dist('api.js'));
  const src = readFileSync(join(ROOT, RUBRIC), 'utf8');
  const r = compileRubric(src, RUBRIC);
  if (!r.program) {
    const errs = r.diagnostics.filter((d) => d.severity === 'error' || !d.severity).slice(0, 5);
    throw new Error(`${RUBRIC} 有错误，无法编译：${errs.map((d) => `${d.code} ${d.message}`).join('；')}`);
  }
  return r.program;
}

/**
 * The generated scoring module for the Program: emitModule → TypeScript's transpileModule →
 * bench/.data/lishui-2022.scorer.<hash>.js, imported. Cached by the Program's content (emitting
 * runs prettier and takes seconds). The module imports `rubric-lang/runtime`, which resolves to
 * this package's own dist/ (package self-reference), so it shares Rational with dist/api.js;
 * with a snapshot of dist/ it imports the snapshot's runtime by relative path instead.
 */
export async function compiledModule(program) {
  // The default import resolves to this package's dist/ (self-reference); a snapshot is imported by path.
  const runtimeImport = DIST === join(ROOT, 'dist') ? 'rubric-lang/runtime' : `./${relative(DATA_DIR, join(DIST, 'runtime', 'index.js'))}`;
  const key = createHash('sha256')
    .update(JSON.stringify(program))
    .update(readFileSync(join(DIST, 'codegen', 'emit.js')))
    .update(runtimeImport)
    .digest('hex')
    .slice(0, 16);
  const base = join(DATA_DIR, `lishui-2022.scorer.${key}`);
  if (!existsSync(`${base}.js`)) {
    mkdirSync(DATA_DIR, { recursive: true });
    for (const e of readdirSync(DATA_DIR)) if (e.startsWith('lishui-2022.scorer.')) rmSync(join(DATA_DIR, e), { force: true });
    const { emitModule } = await import(dist('codegen/emit.js'));
    const ts = (await import('typescript')).default;
    const tsText = await emitModule(program, { runtimeImport });
    const js = ts.transpileModule(tsText, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
      fileName: 'lishui-2022.scorer.ts',
    }).outputText;
    writeFileSync(`${base}.ts`, tsText);
    writeFileSync(`${base}.js`, js);
  }
  return import(pathToFileURL(`${base}.js`).href);
}

// ── records → runtime values ──────────────────────────────────────────────────

const BUILTIN = { 类型: 'kind', 对象: 'object', 日期: 'date', 数量: 'count', 分值: 'amount', 事项: 'matter', 编号: 'id' };

/**
 * Converters from plain records (as in the NDJSON / CSV / JSON files) to ObjectData and
 * EventData, typed by the Program's declarations: numbers → Rational (exact: JSON numbers through
 * their shortest decimal text, "87.5%" for percentages), 是否 → boolean (true/false or 是/否),
 * choices and text as strings. Empty cells are missing values.
 */
export function converters(program, Rational) {
  const num = (v, spec) => {
    if (typeof v === 'number') return Rational.of(v);
    const s = String(v).trim();
    if (s.endsWith('%') || s.endsWith('％')) return Rational.fromPercent(s);
    if (spec.type.percent) throw new Error(`【${spec.name}】是百分比，应写作“87.5%”：${s}`);
    return Rational.of(s);
  };
  const value = (v, spec) => {
    if (v === undefined || v === null || v === '') return undefined;
    switch (spec.type.kind) {
      case 'num':
        return num(v, spec);
      case 'bool':
        if (v === true || v === '是' || v === 'true') return true;
        if (v === false || v === '否' || v === 'false') return false;
        throw new Error(`【${spec.name}】应为是或否：${v}`);
      default:
        return String(v);
    }
  };
  const inputs = new Map(program.inputs.map((i) => [i.name, i]));
  const kinds = new Map(program.events.map((e) => [e.name, new Map(e.attrs.filter((a) => !a.builtin).map((a) => [a.name, a]))]));
  const numSpec = (name) => ({ name, type: { kind: 'num' } });

  function object(rec, source) {
    const values = {};
    let name;
    for (const k in rec) {
      if (k === '名称' || k === 'name') {
        name = String(rec[k]);
        continue;
      }
      const spec = inputs.get(k);
      if (!spec) throw new Error(`未声明的输入【${k}】`);
      const v = value(rec[k], spec);
      if (v !== undefined) values[k] = v;
    }
    return { name, values, ...(source ? { source } : {}) };
  }

  function event(rec, source) {
    const kind = rec.类型;
    const attrsSpec = kinds.get(kind);
    const ev = { kind, attrs: {} };
    for (const k in rec) {
      const v = rec[k];
      if (v === undefined || v === null || v === '') continue;
      const b = BUILTIN[k];
      if (b !== undefined) {
        if (b === 'kind') continue;
        ev[b] = b === 'count' || b === 'amount' ? num(v, numSpec(k)) : String(v);
        continue;
      }
      const spec = attrsSpec?.get(k);
      if (!spec) {
        if (!attrsSpec) continue; // unknown kind: the engine counts it in its issues
        throw new Error(`事件【${kind}】没有属性【${k}】`);
      }
      ev.attrs[k] = value(v, spec);
    }
    if (source) ev.source = source;
    return ev;
  }

  return { object, event };
}

// ── a minimal line reader ─────────────────────────────────────────────────────

/** Calls onLine(text, lineNo) for each non-empty line of a UTF-8 file, streaming (1 MiB chunks). */
export async function forEachLine(file, onLine, { limit = Infinity } = {}) {
  const dec = new StringDecoder('utf8');
  let rest = '';
  let n = 0;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    const text = rest + dec.write(chunk);
    let start = 0;
    let nl;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      n++;
      if (end > start) onLine(text.slice(start, end), n);
      start = nl + 1;
      if (n >= limit) {
        stream.destroy();
        return n;
      }
    }
    rest = text.slice(start);
  }
  rest += dec.end();
  if (rest.length && n < limit) onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest, ++n);
  return n;
}

/** Splits one CSV line (RFC 4180 quoting; no line breaks inside fields). */
export function csvFields(line) {
  if (line.indexOf('"') === -1) return line.split(',');
  const out = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) throw new Error(`CSV 引号未闭合：${line}`);
        s += line.slice(i, q);
        if (line[q + 1] === '"') {
          s += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(s);
      i++; // the comma
    } else {
      const c = line.indexOf(',', i);
      const end = c === -1 ? line.length : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

export function csvCell(v) {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'boolean' ? (v ? '是' : '否') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function fileSize(f) {
  return existsSync(f) ? statSync(f).size : 0;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
