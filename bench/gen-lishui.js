// Deterministic generator of a Lishui 2022 dataset (rubrics/lishui-2022.rubric): N assessed
// bureaus with every input filled with plausible values, and E events spread over the rubric's
// 14 event kinds with their attributes (tiers, 事项 ids shared by some bonus events, dates in the
// assessment period and a small share outside it).
//
//   node bench/gen-lishui.js [--units 10000] [--events 1000000] [--seed 2022]
//   (or BENCH_UNITS / BENCH_EVENTS / BENCH_SEED)
//
// Writes to bench/.data/:
//   lishui-<N>u-<E>e-s<seed>-objects.json   {"对象": [{"名称": …, <输入>: …}, …]} (JSON, hence also YAML;
//                                           one unit per line)
//   lishui-<N>u-<E>e-s<seed>-objects.csv    the same units as a table: 名称, then one column per input
//   lishui-<N>u-<E>e-s<seed>-events.ndjson  one event per line: {"类型","对象","日期","事项"?,"编号", <属性>…}
//   lishui-<N>u-<E>e-s<seed>-events.csv     the same events, one column per field/attribute (是/否, 87.5%)
//   lishui-<N>u-<E>e-s<seed>-meta.json      parameters and sizes (files are rewritten only when missing,
//                                           or with --force)
// Percentages are written "87.5%"; numbers as JSON numbers; 是否 as true/false (JSON) or 是/否 (CSV).
//
// In memory: generateLishui({units, events, seed}) → { objects, params, events } as the
// runtime's ObjectData / EventData (Rational values), for the scoring benchmark.
// No Math.random: one sfc32 stream seeded from --seed; the same arguments give the same bytes.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { csvCell, DATA_DIR, converters, loadProgram, runtime } from './lib/lishui.js';

export const GENERATOR_VERSION = 4;

// ── PRNG ──────────────────────────────────────────────────────────────────────

function splitmix32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** sfc32: small, fast, good enough for test data; returns [0, 1). */
export function makeRng(seed) {
  const sm = splitmix32(seed);
  let a = sm(),
    b = sm(),
    c = sm(),
    d = sm();
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

function tools(rng) {
  const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
  const chance = (p) => rng() < p;
  const poisson = (mean) => {
    const L = Math.exp(-mean);
    let k = 0;
    let p = 1;
    for (;;) {
      p *= rng();
      if (p <= L) return k;
      k++;
    }
  };
  const normal = () => {
    const u = 1 - rng();
    const v = rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  /** A percentage with one decimal in [lo, hi], as "87.5%". */
  const pct = (lo, hi) => `${(int(Math.round(lo * 10), Math.round(hi * 10)) / 10).toFixed(1).replace(/\.0$/, '')}%`;
  /** A multiple of step (0.1 or 0.5) in [lo, hi], as a number with that many decimals. */
  const steps = (lo, hi, step) => {
    const k = int(Math.round(lo / step), Math.round(hi / step));
    return Number((k * step).toFixed(step < 1 ? 1 : 0));
  };
  /** Pick from [[value, weight], …]. */
  const pick = (table) => {
    let total = 0;
    for (const [, w] of table) total += w;
    let x = rng() * total;
    for (const [v, w] of table) if ((x -= w) < 0) return v;
    return table[table.length - 1][0];
  };
  return { int, chance, poisson, normal, pct, steps, pick };
}

// ── objects ───────────────────────────────────────────────────────────────────

const COUNTIES = ['莲都区', '龙泉市', '青田县', '云和县', '庆元县', '缙云县', '遂昌县', '松阳县', '景宁县', '开发区'];

export function unitName(i) {
  return `${COUNTIES[i % COUNTIES.length]}${String(i + 1).padStart(5, '0')}`;
}

/**
 * One bureau's inputs. `q` in [0, 1] is how well it works (most work well): the probability of
 * each failing is scaled by k = 2·(1 − q).
 */
function unitRecord(i, T, q) {
  const { int, chance, poisson, pct, steps, pick } = T;
  const k = 2 * (1 - q);
  const fail = (p) => chance(p * k);
  const staff = int(30, 400);
  const qualified = int(40, 300);
  const caseStaff = Math.max(20, staff + int(-5, 5));
  const reviewed = int(10, 40);
  const normal = staff * int(8, 24);
  const kitchens = int(50, 600);
  const revoked = poisson(0.03 * k);
  const coordinating = !fail(0.08);
  return {
    名称: unitName(i),
    // （一）
    未学习宣讲项数: poisson(0.3 * k),
    重大事项未经集体研究: fail(0.04),
    意识形态工作被督查通报: fail(0.04),
    定期组织开展正风肃纪检查: !fail(0.06),
    开展廉政风险点排查: !fail(0.06),
    严重违纪被追责人次: poisson(0.08 * k),
    应具备执法资格人数: qualified,
    持有执法证件人数: Math.min(qualified, Math.round(qualified * (0.8 + 0.2 * Math.min(1, q + 0.1 * int(0, 3))))),
    组织执法人员参加培训: !fail(0.05),
    划转事项业务培训缺位: fail(0.05),
    统一目录事项覆盖率: q > 0.4 ? pct(40, 100) : pct(20, 60),
    对赋权乡镇组织开展培训: !fail(0.06),
    验收督查不合格中队数: poisson(0.15 * k),
    被省办摘牌中队数: revoked,
    摘牌加大扣分: revoked > 0 ? steps(0, 7, 0.5) : 0,
    // （二）
    未规范着装亮证公示身份: poisson(0.25 * k),
    未及时公开执法决定: poisson(0.25 * k),
    未开展音像记录: poisson(0.25 * k),
    重大执法决定未经法制审核: poisson(0.1 * k),
    有案不移以罚代刑: poisson(0.05 * k),
    '2021年度在编人数': staff,
    办结归档普通程序案件数: q > 0.3 ? staff * int(12, 22) : staff * int(6, 16) + int(0, staff - 1),
    组织开展案卷评查: !fail(0.04),
    通报评查结果并督促整改: !fail(0.06),
    全市评查案卷数: reviewed,
    全市评查不合格案卷数: Math.min(reviewed, poisson(1.5 * k)),
    系统评查不合格案卷数: poisson(0.3 * k),
    收到监督文书事项数: poisson(0.3 * k),
    层级管辖不明确: fail(0.03),
    执法力量下沉率: pct(50, 95),
    未完成执法联动配合工作: poisson(0.15 * k),
    对违法高发等处罚事项进行普法: !fail(0.04),
    应问责未问责: poisson(0.08 * k),
    未按规定受理办理信访投诉举报: poisson(0.25 * k),
    产生较大负面影响: poisson(0.08 * k),
    // （三）
    市容环境整治情况: pick([
      ['未开展整治行动', 0.03 * k],
      ['成效不明显、敷衍了事', 0.12 * k],
      ['已开展且有成效', 1],
    ]),
    市容整治未及时报送数据: poisson(0.3 * k),
    开展户外设施专项治理: !fail(0.05),
    户外设施未整治到位: poisson(1.5 * k),
    油烟类餐饮家数: kitchens,
    已安装油烟净化设施家数: Math.max(0, kitchens - poisson(4 * k)),
    重点工作执法得分: steps(Math.min(2.5, 3 * q), 3, 0.1),
    建立市容环境长效管控: !fail(0.08),
    未按要求报送台账资料: fail(0.08),
    新领域执法拓展情况: steps(0, 100, 0.1),
    开展非现场执法: !fail(0.05),
    浙政钉掌上执法率: chance(0.6) ? '100%' : pct(90, 99.9),
    完成双随机: !fail(0.03),
    行政检查事项全覆盖: !fail(0.04),
    综合查一次全覆盖: !fail(0.05),
    重大执法活动未及时报送数据: poisson(0.3 * k),
    // （四）
    赋权不符合程序性要求: fail(0.03),
    赋权事项未在目录中选择: fail(0.03),
    实现执法事项清单化管理: !fail(0.04),
    执法事项底数不清: fail(0.04),
    执法事项公示不规范: fail(0.05),
    及时动态调整执法事项: !fail(0.05),
    明确市县乡层级管辖清单: !fail(0.04),
    检查和办案未在数字应用上运行: fail(0.04),
    按要求在线办案: !fail(0.03),
    执法数据错误缺失不全: fail(0.08),
    开展办案系统迁移: !fail(0.04),
    协调制定年度工作计划: !fail(0.04),
    发挥综合执法办其他职能: coordinating,
    统筹协调酌情扣分: coordinating ? 0 : steps(0, 3, 0.5),
    未健全完善配套制度: poisson(0.15 * k),
    牵头推行综合查一次: !fail(0.05),
    组织开展乡镇执法评估: !fail(0.05),
    指导赋权乡镇规范化建设: !fail(0.05),
    未及时指导支持协作请求: poisson(0.25 * k),
    未报送重大突发事件舆情: poisson(0.08 * k),
    报送年度执法统计年报: !fail(0.03),
    分析报送败诉情况: !fail(0.04),
    迟报漏报瞒报其他重大事项: poisson(0.08 * k),
    // （五）
    文明规范公正中队申报率: pct(0, 100),
    办理案件总数: normal + staff * int(5, 40),
    政务信息计分: int(0, 300),
    行政诉讼败诉件数: poisson(0.4 * k),
    行政复议被纠错件数: poisson(0.4 * k),
    统一事项办案覆盖率: pct(20, 100),
    统一事项检查覆盖率: pct(20, 100),
    一件事场景案例运行个数: int(0, 12),
    // （六）
    领导赋分: steps(Math.max(0, 10 * q - 2), Math.min(10, 10 * q + 2), 0.5),
    // 否优
    受党纪政纪处分的局班子成员人数: poisson(0.015 * k),
    正式在编人数: caseStaff,
    受违纪处分的正式在编人数: poisson(caseStaff * 0.006 * k),
    因违法犯罪被处理的正式在编人数: poisson(caseStaff * 0.001 * k),
    发生群体性事件造成严重社会影响: fail(0.005),
  };
}

// ── events ────────────────────────────────────────────────────────────────────

const LEVELS3 = (a, b, c, w = [0.1, 0.3, 0.6]) => [
  [a, w[0]],
  [b, w[1]],
  [c, w[2]],
];

/** Event kinds with their share of all events and how to draw their attributes. */
function eventKinds(T) {
  const { chance, pick, pct } = T;
  return [
    // deductions
    { kind: '不履行法定职责', weight: 1.5, bonus: false, attrs: (k) => ({ 造成危害后果: chance(0.15 + 0.1 * k) }) },
    {
      kind: '重大执法活动',
      weight: 22,
      bonus: false,
      attrs: (k) => ({
        开展情况: pick([
          ['未按部署开展', 0.01 * k],
          ['成效不明显、敷衍了事', 0.03 * k],
          ['已按部署开展', 1],
        ]),
      }),
    },
    { kind: '事项划转部门', weight: 14, bonus: false, attrs: (k) => ({ 划转到位率: chance(0.08 * k) ? pct(60, 99.9) : '100%' }) },
    // bonuses （五）
    { kind: '新增枫桥式中队', weight: 1.5, bonus: true, attrs: () => ({}) },
    { kind: '入选全省优秀案例', weight: 4, bonus: true, attrs: () => ({}) },
    {
      kind: '评为优秀案件',
      weight: 16,
      bonus: true,
      attrs: () => ({
        评查部门级别: pick([
          ['国家级', 0.02],
          ['省级', 0.1],
          ['市级', 0.38],
          ['县级', 0.5],
        ]),
      }),
    },
    {
      kind: '承办协办会议活动',
      weight: 6,
      bonus: true,
      attrs: () => ({
        会议级别: pick([
          ['全国性', 0.05],
          ['长三角等省际性', 0.1],
          ['全省性', 0.25],
          ['全市性', 0.6],
        ]),
      }),
    },
    {
      kind: '常驻人员',
      weight: 5,
      bonus: true,
      attrs: () => ({
        常驻单位: pick(LEVELS3('司法部', '省司法厅（省综合执法办）', '市局（专班）', [0.05, 0.25, 0.7])),
        常驻时间: pick([
          [0.5, 0.2],
          [1, 0.2],
          [2, 0.2],
          [3, 0.2],
          [6, 0.1],
          [12, 0.1],
        ]),
      }),
    },
    {
      kind: '领导批示肯定',
      weight: 3,
      bonus: true,
      attrs: () => ({
        批示领导: pick(
          LEVELS3('省委省政府、中央部委主要领导、省司法厅（省综合执法办）及以上领导', '其他省部级领导', '市委市政府主要领导及以上领导', [0.15, 0.25, 0.6]),
        ),
      }),
    },
    {
      kind: '新承担试点任务',
      weight: 3,
      bonus: true,
      attrs: () => ({
        任务级别: pick([
          ['省部级及以上执法试点、揭榜挂帅任务', 0.3],
          ['省司法厅（省综合执法办）执法试点任务', 0.7],
        ]),
      }),
    },
    { kind: '载入政策文件', weight: 2.5, bonus: true, attrs: () => ({ 文件级别: pick(LEVELS3('国家级', '省级', '市级')) }) },
    { kind: '复制推广', weight: 2.5, bonus: true, attrs: () => ({ 推广部门级别: pick(LEVELS3('中央部委', '省级', '市级')) }) },
    { kind: '主题发言', weight: 5, bonus: true, attrs: () => ({ 会议级别: pick(LEVELS3('全国性', '长三角等省际性', '全省性', [0.1, 0.2, 0.7])) }) },
    {
      kind: '获得荣誉',
      weight: 14,
      bonus: true,
      attrs: () => ({
        荣誉类别: pick([
          ['表彰奖励', 0.3],
          ['通报表扬', 0.4],
          ['其他荣誉', 0.3],
        ]),
        授予级别: pick(LEVELS3('省部级以上', '省级部门', '市级')),
      }),
    },
  ];
}

const DAY = 86400000;
function dateTable(from, to) {
  const out = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * Draws the dataset as plain records (the file form), calling onObject / onEvent in order.
 * Per unit: a quality q (most work well) and an activity (lognormal) that sets its share of the
 * events. 35% of bonus events carry a 事项 drawn from the unit's 8 matters, so matters are
 * shared across rules and kinds (同一事项取最高). 2% of events fall outside 2022.
 */
export function drawLishui({ units = 10000, events = 1000000, seed = 2022 } = {}, onObject, onEvent) {
  const rng = makeRng(seed);
  const T = tools(rng);
  const quality = new Float64Array(units);
  const cum = new Float64Array(units);
  let total = 0;
  for (let i = 0; i < units; i++) {
    const q = Math.min(1, Math.max(0, 1 - Math.abs(T.normal()) * 0.5));
    quality[i] = q;
    onObject(unitRecord(i, T, q), i);
    total += Math.exp(0.8 * T.normal());
    cum[i] = total;
  }
  const kinds = eventKinds(T);
  const kindCum = [];
  let kt = 0;
  for (const k of kinds) kindCum.push((kt += k.weight));
  const inPeriod = dateTable('2022-01-01', '2022-12-31');
  const outside = [...dateTable('2021-10-01', '2021-12-31'), ...dateTable('2023-01-01', '2023-02-28')];
  const names = Array.from({ length: units }, (_, i) => unitName(i));
  for (let e = 0; e < events; e++) {
    // the unit: binary search on cumulative activity
    const x = rng() * total;
    let lo = 0;
    let hi = units - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    const y = rng() * kt;
    let ki = 0;
    while (kindCum[ki] <= y) ki++;
    const spec = kinds[ki];
    const k = 2 * (1 - quality[lo]);
    const date = rng() < 0.02 ? outside[Math.floor(rng() * outside.length)] : inPeriod[Math.floor(rng() * inPeriod.length)];
    const rec = { 类型: spec.kind, 对象: names[lo], 日期: date };
    if (spec.bonus && rng() < 0.35) rec.事项 = `S${lo + 1}-${Math.floor(rng() * 8) + 1}`;
    rec.编号 = `E${String(e + 1).padStart(7, '0')}`;
    Object.assign(rec, spec.attrs(k));
    onEvent(rec, e);
  }
}

/** The column order of the CSV file: built-in fields, then every attribute in declaration order. */
export function csvColumns(program) {
  const cols = ['类型', '对象', '日期', '数量', '分值', '事项', '编号'];
  for (const ev of program.events) for (const a of ev.attrs) if (!a.builtin && !cols.includes(a.name)) cols.push(a.name);
  return cols;
}

/** The dataset in memory, typed as the runtime reads it. */
export async function generateLishui(opts = {}) {
  const program = opts.program ?? (await loadProgram());
  const { Rational } = await runtime();
  const conv = converters(program, Rational);
  const objects = [];
  const events = [];
  drawLishui(
    opts,
    (rec) => objects.push(conv.object(rec)),
    (rec) => events.push(conv.event(rec)),
  );
  checkInputs(program, objects[0]);
  return { objects, params: {}, events };
}

function checkInputs(program, obj) {
  const missing = program.inputs.filter((i) => obj.values[i.name] === undefined).map((i) => i.name);
  if (missing.length) throw new Error(`生成器没有为这些输入给值：${missing.join('、')}`);
}

/** The files for one size and seed (kept side by side, so a quick run does not evict the full data). */
export function dataFiles({ units = 10000, events = 1000000, seed = 2022, dir = DATA_DIR } = {}) {
  const stem = join(dir, `lishui-${units}u-${events}e-s${seed}`);
  return {
    objects: `${stem}-objects.json`,
    objectsCsv: `${stem}-objects.csv`,
    ndjson: `${stem}-events.ndjson`,
    csv: `${stem}-events.csv`,
    meta: `${stem}-meta.json`,
  };
}

/** Writes the files (unless they exist for the same parameters); returns their paths and meta. */
export async function writeLishuiFiles(opts = {}, { force = false, log = () => {} } = {}) {
  const units = opts.units ?? 10000;
  const events = opts.events ?? 1000000;
  const seed = opts.seed ?? 2022;
  const files = dataFiles({ units, events, seed, dir: opts.dir });
  const want = { generator: GENERATOR_VERSION, units, events, seed };
  if (!force && [files.meta, files.ndjson, files.csv, files.objects, files.objectsCsv].every((f) => existsSync(f))) {
    const meta = JSON.parse(readFileSync(files.meta, 'utf8'));
    if (meta.generator === want.generator && meta.units === units && meta.events === events && meta.seed === seed) return { files, meta };
  }
  mkdirSync(opts.dir ?? DATA_DIR, { recursive: true });
  const program = opts.program ?? (await loadProgram());
  const cols = csvColumns(program);
  const t0 = performance.now();
  log(`生成数据 / generating data: ${units} units, ${events} events → ${opts.dir ?? DATA_DIR}`);
  const objects = [];
  const nd = openSync(`${files.ndjson}.tmp`, 'w');
  const csv = openSync(`${files.csv}.tmp`, 'w');
  let ndBuf = '';
  let csvBuf = `${cols.join(',')}\n`;
  let ndBytes = 0;
  let csvBytes = 0;
  const flush = (final) => {
    if (ndBuf.length > 1 << 20 || final) {
      ndBytes += writeSync(nd, ndBuf);
      ndBuf = '';
    }
    if (csvBuf.length > 1 << 20 || final) {
      csvBytes += writeSync(csv, csvBuf);
      csvBuf = '';
    }
  };
  drawLishui(
    { units, events, seed },
    (rec) => objects.push(rec),
    (rec) => {
      ndBuf += `${JSON.stringify(rec)}\n`;
      csvBuf += `${cols.map((c) => csvCell(rec[c])).join(',')}\n`;
      flush(false);
    },
  );
  flush(true);
  closeSync(nd);
  closeSync(csv);
  renameSync(`${files.ndjson}.tmp`, files.ndjson);
  renameSync(`${files.csv}.tmp`, files.csv);
  writeFileSync(files.objects, `{"对象": [\n${objects.map((o) => JSON.stringify(o)).join(',\n')}\n]}\n`);
  const inputCols = ['名称', ...program.inputs.map((i) => i.name)];
  writeFileSync(files.objectsCsv, `${inputCols.join(',')}\n${objects.map((o) => inputCols.map((c) => csvCell(o[c])).join(',')).join('\n')}\n`);
  const meta = {
    ...want,
    ndjsonBytes: ndBytes,
    csvBytes,
    bytesPerEvent: +(ndBytes / Math.max(1, events)).toFixed(1),
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
  };
  writeFileSync(files.meta, `${JSON.stringify(meta, null, 1)}\n`);
  log(`  ${(ndBytes / 1e6).toFixed(1)} MB NDJSON (${meta.bytesPerEvent} B/event), ${(csvBytes / 1e6).toFixed(1)} MB CSV, ${meta.seconds} s`);
  return { files, meta };
}

function argOf(name, env, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  if (i !== -1) return Number(process.argv[i + 1]);
  if (process.env[env]) return Number(process.env[env]);
  return dflt;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const opts = { units: argOf('units', 'BENCH_UNITS', 10000), events: argOf('events', 'BENCH_EVENTS', 1000000), seed: argOf('seed', 'BENCH_SEED', 2022) };
  const { files, meta } = await writeLishuiFiles(opts, { force: process.argv.includes('--force'), log: console.log });
  console.log(JSON.stringify({ files, meta }, null, 1));
}
