// The baseline: a plain hand-written scorer for rubrics/lishui-2022.rubric and nothing else —
// what a competent developer would write for this one rubric without the language. One pass over
// the events counting per unit (integer counters; 同一事项 kept per unit in a map), then every
// item as direct code with exact arithmetic (Rational, the same class the engine uses), the rank
// tables, the caps, the vetoes and the grades with the quota of four.
//
// It reads the runtime's data form (ObjectData / EventData), like the engine, and returns per
// unit the total, the grade, the veto flag and every item's score in the engine's convention
// (an item under a pool section reports its net: −deduction or +addition; items under (三) and
// (六) report their score). The benchmark checks it against the engine for every unit.
import { Rational } from '../lib/rational.js';

const R = (x) => Rational.of(x);
const ZERO = Rational.ZERO;
const ONE = Rational.ONE;
const TWO = R(2);
const THREE = R(3);
const HALF = R('0.5');
const TENTH = R('0.1');
const P90 = R('0.9');
const P60 = R('0.6');
const P40 = R('0.4');
const P5 = R('0.05');
const P3 = R('0.03');
const P1 = R('0.01');
const FOURTEEN = R(14);
const EIGHTY = R(80);
const SEVENTY = R(70);
const SIXTY = R(60);

const FROM = '2022-01-01';
const TO = '2022-12-31';

const max0 = (x) => (x.sign() < 0 ? ZERO : x);
const min = (x, cap) => (x.gt(cap) ? cap : x);
const yes = (b) => (b ? ONE : ZERO);
const int = (n) => R(n);

// ── counters per unit ─────────────────────────────────────────────────────────
// Deductions by events: 22 (plain / harm), 35 (not done / weak), 36 (划转到位率 < 100%).
const C22 = 0;
const C22H = 1;
const C35N = 2;
const C35W = 3;
const C36 = 4;
// Bonus slots (one per rule and tier), in document order; each belongs to a rule (clause).
const BONUS = [
  // [clause, rate]
  [0, '1'], //  5  54 新增枫桥式中队
  [1, '0.5'], //  6  56 入选全省优秀案例
  [2, '0.2'], //  7  56 评为优秀案件（市级以上）
  [3, '3'],
  [3, '2'],
  [3, '2'],
  [3, '1'], //  8-11  59 会议：全国性 长三角 全省性 全市性
  [4, '1'],
  [4, '1'],
  [4, '0.5'], // 12-14  60 常驻：司法部 省司法厅 市局
  [5, '3'],
  [5, '2.5'],
  [5, '1.5'], // 15-17  61 批示
  [6, '2'],
  [6, '1'], // 18-19  62 试点
  [7, '5'],
  [7, '3'],
  [7, '2'], // 20-22  66 载入政策文件
  [8, '3'],
  [8, '2'],
  [8, '1'], // 23-25  66 复制推广
  [9, '2'],
  [9, '1'],
  [9, '0.5'], // 26-28  67 主题发言
  [10, '2'],
  [10, '1'],
  [10, '1'], // 29-31  68 表彰奖励
  [11, '1'],
  [11, '0.5'],
  [11, '0.5'], // 32-34  68 通报表扬
  [12, '0.2'],
  [12, '0.2'], // 35-36  68 其他荣誉：省级部门 市级
];
const B0 = 5;
const K = B0 + BONUS.length;
const CLAUSES = 13;
/** By absolute counter slot (the first B0 slots are the deduction counters). */
const SLOT_CLAUSE = [...Array(B0).fill(-1), ...BONUS.map(([c]) => c)];
const SLOT_RATE = [...Array(B0).fill(ZERO), ...BONUS.map(([, r]) => R(r))];

const S54 = B0;
const S56A = B0 + 1;
const S56B = B0 + 2;
const S59 = B0 + 3;
const S60 = B0 + 7;
const S61 = B0 + 10;
const S62 = B0 + 13;
const S66A = B0 + 15;
const S66B = B0 + 18;
const S67 = B0 + 21;
const S68A = B0 + 24;
const S68B = B0 + 27;
const S68C = B0 + 30;

/** Rank (1-based) of each value, descending, ties sharing the best rank (并列取高). */
function ranksDesc(values) {
  const idx = Array.from(values, (_, i) => i);
  idx.sort((a, b) => values[b].cmp(values[a]));
  const rank = new Int32Array(values.length);
  for (let p = 0; p < idx.length; p++) {
    const i = idx[p];
    rank[i] = p > 0 && values[idx[p - 1]].eq(values[i]) ? rank[idx[p - 1]] : p + 1;
  }
  return rank;
}

/** Amounts for ranks 1..n in equal steps from a to b (第1-n名分别加a-b分). */
function table(n, a, b) {
  const A = R(a);
  const B = R(b);
  return Array.from({ length: n }, (_, r) =>
    n === 1
      ? A
      : A.add(
          B.sub(A)
            .mul(int(r))
            .div(int(n - 1)),
        ),
  );
}
const TOP6 = table(6, '1.2', '0.2');
const TOP5 = table(5, '1', '0.2');
const atRank = (t, r) => (r <= t.length ? t[r - 1] : ZERO);

export class LishuiBaseline {
  constructor(objects) {
    this.objects = objects;
    this.n = objects.length;
    this.index = new Map();
    objects.forEach((o, i) => {
      if (this.index.has(o.name)) throw new Error(`考核对象重复：${o.name}`);
      this.index.set(o.name, i);
    });
    this.c = new Int32Array(this.n * K);
    /** Per unit: 事项 → the kept occurrence { slot, amount } (同一事项取最高). */
    this.matters = new Array(this.n);
    this.outsidePeriod = 0;
    this.uncounted = 0;
  }

  bonus(u, slot, ev, n) {
    if (ev.matter === undefined) {
      this.c[u * K + slot] += n;
      return;
    }
    const amount = n === 1 ? SLOT_RATE[slot] : SLOT_RATE[slot].mul(int(n));
    let m = this.matters[u];
    if (m === undefined) this.matters[u] = m = new Map();
    const best = m.get(ev.matter);
    if (best === undefined) {
      m.set(ev.matter, { slot, amount });
      return;
    }
    // Highest amount; on a tie the occurrence of the earlier rule in the document.
    const c = amount.cmp(best.amount);
    if (c > 0 || (c === 0 && SLOT_CLAUSE[slot] < SLOT_CLAUSE[best.slot])) {
      best.slot = slot;
      best.amount = amount;
    }
  }

  addEvent(ev) {
    const date = ev.date;
    if (date !== undefined && (date < FROM || date > TO)) {
      this.outsidePeriod++;
      return;
    }
    const u = this.index.get(ev.object);
    if (u === undefined) {
      this.uncounted++;
      return;
    }
    let n = 1;
    if (ev.count !== undefined) {
      if (ev.count.d !== 1n) throw new Error('基准实现只支持整数【数量】');
      n = Number(ev.count.n);
    }
    const a = ev.attrs;
    const c = this.c;
    const base = u * K;
    switch (ev.kind) {
      case '不履行法定职责':
        c[base + (a.造成危害后果 ? C22H : C22)] += n;
        return;
      case '重大执法活动': {
        const v = a.开展情况;
        if (v === '未按部署开展') c[base + C35N] += n;
        else if (v === '成效不明显、敷衍了事') c[base + C35W] += n;
        return;
      }
      case '事项划转部门':
        if (a.划转到位率.lt(ONE)) c[base + C36] += n;
        return;
      case '新增枫桥式中队':
        return this.bonus(u, S54, ev, n);
      case '入选全省优秀案例':
        return this.bonus(u, S56A, ev, n);
      case '评为优秀案件': {
        const v = a.评查部门级别;
        if (v === '国家级' || v === '省级' || v === '市级') this.bonus(u, S56B, ev, n);
        return;
      }
      case '承办协办会议活动': {
        const v = a.会议级别;
        const t = v === '全国性' ? 0 : v === '长三角等省际性' ? 1 : v === '全省性' ? 2 : v === '全市性' ? 3 : -1;
        if (t >= 0) this.bonus(u, S59 + t, ev, n);
        return;
      }
      case '常驻人员': {
        if (a.常驻时间.lt(ONE)) return;
        const v = a.常驻单位;
        const t = v === '司法部' ? 0 : v === '省司法厅（省综合执法办）' ? 1 : v === '市局（专班）' ? 2 : -1;
        if (t >= 0) this.bonus(u, S60 + t, ev, n);
        return;
      }
      case '领导批示肯定': {
        const v = a.批示领导;
        const t =
          v === '省委省政府、中央部委主要领导、省司法厅（省综合执法办）及以上领导'
            ? 0
            : v === '其他省部级领导'
              ? 1
              : v === '市委市政府主要领导及以上领导'
                ? 2
                : -1;
        if (t >= 0) this.bonus(u, S61 + t, ev, n);
        return;
      }
      case '新承担试点任务': {
        const v = a.任务级别;
        const t = v === '省部级及以上执法试点、揭榜挂帅任务' ? 0 : v === '省司法厅（省综合执法办）执法试点任务' ? 1 : -1;
        if (t >= 0) this.bonus(u, S62 + t, ev, n);
        return;
      }
      case '载入政策文件': {
        const v = a.文件级别;
        const t = v === '国家级' ? 0 : v === '省级' ? 1 : v === '市级' ? 2 : -1;
        if (t >= 0) this.bonus(u, S66A + t, ev, n);
        return;
      }
      case '复制推广': {
        const v = a.推广部门级别;
        const t = v === '中央部委' ? 0 : v === '省级' ? 1 : v === '市级' ? 2 : -1;
        if (t >= 0) this.bonus(u, S66B + t, ev, n);
        return;
      }
      case '主题发言': {
        const v = a.会议级别;
        const t = v === '全国性' ? 0 : v === '长三角等省际性' ? 1 : v === '全省性' ? 2 : -1;
        if (t >= 0) this.bonus(u, S67 + t, ev, n);
        return;
      }
      case '获得荣誉': {
        const cat = a.荣誉类别;
        const lv = a.授予级别;
        if (cat === '表彰奖励' || cat === '通报表扬') {
          const t = lv === '省部级以上' ? 0 : lv === '省级部门' ? 1 : lv === '市级' ? 2 : -1;
          if (t >= 0) this.bonus(u, (cat === '表彰奖励' ? S68A : S68B) + t, ev, n);
        } else if (cat === '其他荣誉') {
          // 省部级以上的其他荣誉不计分
          const t = lv === '省级部门' ? 0 : lv === '市级' ? 1 : -1;
          if (t >= 0) this.bonus(u, S68C + t, ev, n);
        }
        return;
      }
      default:
        this.uncounted++;
    }
  }

  finish() {
    const units = this.objects;
    const N = this.n;
    const V = units.map((o) => o.values);
    const c = this.c;

    // population values and rank tables
    let failSum = ZERO;
    let reviewSum = ZERO;
    for (const v of V) {
      failSum = failSum.add(v.全市评查不合格案卷数);
      reviewSum = reviewSum.add(v.全市评查案卷数);
    }
    const cityFailRate = failSum.div(reviewSum);
    const rank32 = ranksDesc(V.map((v) => v.新领域执法拓展情况));
    const rank54 = ranksDesc(V.map((v) => v.文明规范公正中队申报率));
    const rank55 = ranksDesc(V.map((v) => v.办理案件总数.div(v['2021年度在编人数'])));
    const rank57 = ranksDesc(V.map((v) => v.政务信息计分));
    const rank63 = ranksDesc(V.map((v) => v.统一事项办案覆盖率));
    const rank64 = ranksDesc(V.map((v) => v.统一事项检查覆盖率));
    const rank65 = ranksDesc(V.map((v) => v.一件事场景案例运行个数));
    const first32 = TWO;
    const span32 = R('0.2').sub(TWO);
    const last32 = int(Math.max(1, N - 1));

    const out = new Array(N);
    for (let u = 0; u < N; u++) {
      const v = V[u];
      const b = u * K;
      const it = new Array(70);

      // （一）队伍建设 15分，扣分制
      it[1] = HALF.mul(v.未学习宣讲项数);
      it[2] = yes(v.重大事项未经集体研究);
      it[3] = yes(v.意识形态工作被督查通报);
      it[4] = (v.定期组织开展正风肃纪检查 ? ZERO : HALF).add(v.开展廉政风险点排查 ? ZERO : HALF).add(HALF.mul(v.严重违纪被追责人次));
      it[5] = yes(v.持有执法证件人数.div(v.应具备执法资格人数).lt(P90));
      it[6] = yes(!v.组织执法人员参加培训);
      it[7] = yes(v.划转事项业务培训缺位);
      const cov = v.统一目录事项覆盖率;
      it[8] = cov.lt(P40) ? P40.sub(cov).div(P5).ceil().mul(HALF) : ZERO;
      it[9] = yes(!v.对赋权乡镇组织开展培训);
      it[10] = min(v.验收督查不合格中队数.add(v.被省办摘牌中队数.sign() > 0 ? v.摘牌加大扣分 : ZERO), R(7));
      let d = ZERO;
      for (let i = 1; i <= 10; i++) d = d.add(it[i]);
      const s1 = max0(R(15).sub(d));

      // （二）执法办案 20分，扣分制
      it[11] = v.未规范着装亮证公示身份;
      it[12] = v.未及时公开执法决定;
      it[13] = v.未开展音像记录;
      it[14] = v.重大执法决定未经法制审核;
      it[15] = v.有案不移以罚代刑;
      const perCase = v.办结归档普通程序案件数.div(v['2021年度在编人数']);
      it[16] = perCase.lt(FOURTEEN) ? FOURTEEN.sub(perCase).ceil().mul(HALF) : ZERO;
      it[17] = yes(!v.组织开展案卷评查).add(yes(!v.通报评查结果并督促整改));
      it[18] = yes(v.全市评查不合格案卷数.div(v.全市评查案卷数).gt(cityFailRate)).add(v.系统评查不合格案卷数);
      it[19] = HALF.mul(v.收到监督文书事项数);
      it[20] = yes(v.层级管辖不明确 || v.执法力量下沉率.lt(P60));
      it[21] = v.未完成执法联动配合工作;
      it[22] = int(c[b + C22] + 2 * c[b + C22H]);
      it[23] = yes(!v.对违法高发等处罚事项进行普法);
      it[24] = v.应问责未问责;
      it[25] = v.未按规定受理办理信访投诉举报;
      it[26] = v.产生较大负面影响;
      d = ZERO;
      for (let i = 11; i <= 26; i++) d = d.add(it[i]);
      const s2 = max0(R(20).sub(d));

      // （三）执法实务 15分，各项有分值
      const tidy = v.市容环境整治情况;
      it[27] = max0(TWO.sub(tidy === '未开展整治行动' ? TWO : tidy === '成效不明显、敷衍了事' ? ONE : ZERO).sub(HALF.mul(v.市容整治未及时报送数据)));
      it[28] = max0(ONE.sub(v.开展户外设施专项治理 ? TENTH.mul(v.户外设施未整治到位) : ONE));
      const kitchens = v.油烟类餐饮家数;
      const fitted = v.已安装油烟净化设施家数;
      it[29] = max0(TWO.sub(fitted.lt(kitchens) ? kitchens.sub(fitted).ceil().mul(TENTH) : ZERO));
      it[30] = v.重点工作执法得分;
      it[31] = max0(ONE.sub(yes(!v.建立市容环境长效管控)).sub(v.未按要求报送台账资料 ? HALF : ZERO));
      it[32] = N === 1 ? first32 : first32.add(span32.mul(int(rank32[u] - 1)).div(last32));
      it[33] = max0(ONE.sub(yes(!v.开展非现场执法)));
      it[34] = max0(ONE.sub(yes(v.浙政钉掌上执法率.lt(ONE) || !v.完成双随机 || !v.行政检查事项全覆盖 || !v.综合查一次全覆盖)));
      it[35] = max0(TWO.sub(int(2 * c[b + C35N] + c[b + C35W])).sub(HALF.mul(v.重大执法活动未及时报送数据)));
      let s3 = ZERO;
      for (let i = 27; i <= 35; i++) s3 = s3.add(it[i]);

      // （四）改革推进 20分，扣分制
      it[36] = min(HALF.mul(int(c[b + C36])), TWO);
      it[37] = yes(v.赋权不符合程序性要求).add(yes(v.赋权事项未在目录中选择));
      it[38] = yes(!v.实现执法事项清单化管理 || v.执法事项底数不清);
      it[39] = yes(v.执法事项公示不规范 || !v.及时动态调整执法事项);
      it[40] = yes(!v.明确市县乡层级管辖清单);
      it[41] = yes(v.检查和办案未在数字应用上运行);
      it[42] = yes(!v.按要求在线办案 || v.执法数据错误缺失不全);
      it[43] = yes(!v.开展办案系统迁移);
      it[44] = yes(!v.协调制定年度工作计划).add(v.发挥综合执法办其他职能 ? ZERO : min(v.统筹协调酌情扣分, THREE));
      it[45] = HALF.mul(v.未健全完善配套制度);
      it[46] = yes(!v.牵头推行综合查一次);
      it[47] = yes(!v.组织开展乡镇执法评估);
      it[48] = yes(!v.指导赋权乡镇规范化建设);
      it[49] = HALF.mul(v.未及时指导支持协作请求);
      it[50] = v.未报送重大突发事件舆情;
      it[51] = yes(!v.报送年度执法统计年报);
      it[52] = yes(!v.分析报送败诉情况);
      it[53] = v.迟报漏报瞒报其他重大事项;
      d = ZERO;
      for (let i = 36; i <= 53; i++) d = d.add(it[i]);
      const s4 = max0(R(20).sub(d));

      // （五）争先创优 20分，加分制，累计最高20分，同一事项取最高
      const cl = new Array(CLAUSES).fill(ZERO);
      for (let s = B0; s < K; s++) {
        const k = c[b + s];
        if (k !== 0) cl[SLOT_CLAUSE[s]] = cl[SLOT_CLAUSE[s]].add(SLOT_RATE[s].mul(int(k)));
      }
      const m = this.matters[u];
      if (m !== undefined) for (const kept of m.values()) cl[SLOT_CLAUSE[kept.slot]] = cl[SLOT_CLAUSE[kept.slot]].add(kept.amount);
      it[54] = cl[0].add(atRank(TOP6, rank54[u]));
      it[55] = atRank(TOP5, rank55[u]);
      it[56] = cl[1].add(cl[2]);
      it[57] = atRank(TOP6, rank57[u]);
      const suits = v.行政诉讼败诉件数.sign() === 0;
      const reviews = v.行政复议被纠错件数.sign() === 0;
      it[58] = suits && reviews ? TWO : suits || reviews ? ONE : ZERO;
      it[59] = min(cl[3], THREE);
      it[60] = min(cl[4], TWO);
      it[61] = min(cl[5], R(5));
      it[62] = cl[6];
      it[63] = atRank(TOP5, rank63[u]);
      it[64] = atRank(TOP5, rank64[u]);
      it[65] = atRank(TOP6, rank65[u]);
      it[66] = cl[7].add(cl[8]);
      it[67] = min(cl[9], THREE);
      it[68] = min(cl[10].add(cl[11]).add(cl[12]), R(8));
      let s5 = ZERO;
      for (let i = 54; i <= 68; i++) s5 = s5.add(it[i]);
      s5 = min(s5, R(20));

      // （六）领导赋分 10分
      it[69] = v.领导赋分;
      const s6 = it[69];

      // pool sections report their items' nets: deductions negative
      for (let i = 1; i <= 26; i++) it[i] = it[i].neg();
      for (let i = 36; i <= 53; i++) it[i] = it[i].neg();

      const total = s1.add(s2).add(s3).add(s4).add(s5).add(s6);
      const staff = v.正式在编人数;
      const vetoed =
        v.受党纪政纪处分的局班子成员人数.sign() > 0 ||
        v.受违纪处分的正式在编人数.div(staff).gt(P3) ||
        v.因违法犯罪被处理的正式在编人数.div(staff).gt(P1) ||
        v.发生群体性事件造成严重社会影响 === true;
      out[u] = { name: units[u].name, total, grade: '', vetoed, sections: [s1, s2, s3, s4, s5, s6], items: it };
    }

    // 等次：优秀 80（含）以上限4名（按总分，并列取高），名额外与否优的评为良好
    const top = [];
    for (const r of out) {
      const t = r.total;
      if (t.ge(EIGHTY)) {
        if (r.vetoed) r.grade = '良好';
        else top.push(r);
      } else r.grade = t.ge(SEVENTY) ? '良好' : t.ge(SIXTY) ? '合格' : '不合格';
    }
    const topRank = ranksDesc(top.map((r) => r.total));
    top.forEach((r, i) => (r.grade = topRank[i] <= 4 ? '优秀' : '良好'));
    return { objects: out, outsidePeriod: this.outsidePeriod, uncounted: this.uncounted };
  }
}

/** Scores a dataset held in memory. */
export function scoreLishui(data) {
  const s = new LishuiBaseline(data.objects);
  for (const e of data.events) s.addEvent(e);
  return s.finish();
}
