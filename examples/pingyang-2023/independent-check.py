"""一次性核算脚本（验收数据的独立复核）。
Independent throwaway implementation of rubrics/pingyang-2023.rubric for the example data.
Written from the rubric text and its 解释 comments; shares no code with the project."""
import csv, re, sys, datetime as dt
from fractions import Fraction as F
import yaml

import os
BASE = os.path.dirname(os.path.abspath(__file__)) + '/'
d = yaml.safe_load(open(BASE + '参评科室.yaml'))
events = yaml.safe_load(open(BASE + '事件.yaml'))['事件']
for r in csv.DictReader(open(BASE + '执法决定公示.csv')):
    e = {k: v for k, v in r.items() if v != '' and k != '备注'}
    events.append(e)

def num(v):
    if isinstance(v, (int, float)): return F(str(v))
    s = str(v); pct = s.endswith('%')
    x = F(re.sub(r'[^\d.]', '', s))
    return x / 100 if pct else x
def yes(v): return v == '是' or v is True

P0, P1 = '2022-12-01', '2023-11-30'
S = {o['名称']: o for o in d['对象']}
names = list(S)
param_cz = num(d['参数']['裁执分离考核指标'])
outside = []
ev = {n: [] for n in names}
for e in events:
    date = str(e.get('日期'))
    if not (P0 <= date <= P1):
        outside.append(e.get('编号')); continue
    if e['类型'] == '执法证件违规':
        tg = {e['证件管理责任科室'], e['人员所属科室']}
    else:
        tg = {e['对象']}
    for t in tg: ev[t].append(e)
def evs(n, kind): return [e for e in ev[n] if e['类型'] == kind]
def cnt(e): return num(e.get('数量', 1))

# ── calendar 2022-12 .. 2024-01 (国务院办公厅 2023年节假日安排) ──
HOL = set()
def rng(a, b):
    x = dt.date.fromisoformat(a)
    while x <= dt.date.fromisoformat(b):
        yield x; x += dt.timedelta(days=1)
for a, b in [('2022-12-31','2023-01-02'),('2023-01-21','2023-01-27'),('2023-04-05','2023-04-05'),('2023-04-29','2023-05-03'),
             ('2023-06-22','2023-06-24'),('2023-09-29','2023-10-06'),('2023-12-30','2024-01-01')]:
    HOL |= set(rng(a, b))
WORK = {dt.date.fromisoformat(x) for x in ['2023-01-28','2023-01-29','2023-04-23','2023-05-06','2023-06-25','2023-10-07','2023-10-08']}
def isw(x): return x in WORK or (x.weekday() < 5 and x not in HOL)
def add_wd(date, n):
    x = dt.date.fromisoformat(date)
    while n:
        x += dt.timedelta(days=1)
        if isw(x): n -= 1
    return x.isoformat()

# ── 1 ──
T = {n: sum(num(S[n][k]) for k in ('服务对象满意票数','服务对象基本满意票数','服务对象不满意票数')) for n in names}
FS = {n: (num(S[n]['服务对象满意票数']) + F(6,10)*num(S[n]['服务对象基本满意票数'])) / T[n] * 30 for n in names if T[n] > 0}
AVG1 = sum(FS.values()) / len(FS)
def c1(n):
    if T[n] == 0: return AVG1 * F(7,10)
    if T[n] < 50: return AVG1 * F(7,10) + FS[n] * F(3,10)
    return FS[n]
# ── 2 ──
def c2(n):
    m, b, u = (num(S[n][k]) for k in ('亲清满意票数','亲清基本满意票数','亲清不满意票数'))
    return (m + F(6,10)*b) / (m+b+u) * 10
# ── 3 ──
def c3(n):
    g1 = g2 = F(0)
    dbl = lambda e: 2 if yes(e['被上级通报']) else 1
    for k in ('未按期受理交办件','未按期反馈办理结果','紧急交办未快速落实','民呼我为办理不到位'):
        for e in evs(n, k): g1 += F(3,10) * cnt(e) * dbl(e)
    for e in evs(n, '承办推诿拖办'): g2 += F(3,10) * cnt(e) * dbl(e)
    for e in evs(n, '弄虚作假致群众不满'):
        if not yes(e['属于无理诉求']): g2 += F(4,10) * cnt(e) * dbl(e)
    for e in evs(n, '服务态度问题投诉'):
        a = num(e['分值']); assert F(3,10) <= a <= F(5,10)
        g2 += a * cnt(e) * dbl(e)
    for k in ('知识维护未按时完成','知识录入不规范'):
        for e in evs(n, k): g2 += F(3,10) * cnt(e) * dbl(e)
    return max(F(0), 5 - min(g1, F(5,2)) - min(g2, F(5,2)))
# ── 4 ──
def c4(n):
    s = sum(F(1,2)*cnt(e) for e in evs(n,'联系信息变更未告知'))
    s += sum({'未粘贴':2,'遮挡':2,'用于其他用途':2,'未在醒目位置张贴':F(1,2),'缩小':F(1,2)}[e['二维码问题情形']]*cnt(e) for e in evs(n,'二维码张贴问题'))
    s += sum(F(1,2)*cnt(e) for e in evs(n,'监督投诉件办理不到位'))
    s += sum(F(1,10)*cnt(e) for e in evs(n,'监督投诉平台反映问题'))
    s += sum({'县级':1,'市级':2}[e['查实层级']]*cnt(e) for e in evs(n,'监督投诉举报查实'))
    return max(F(0), 5 - s)
# ── 5 ──
def rate(n):
    j = num(S[n]['行政诉讼审结案件数']); return F(0) if j == 0 else num(S[n]['行政诉讼败诉案件数']) / j
rates = {n: rate(n) for n in names}
def rank_desc(n): return 1 + sum(1 for m in names if rates[m] > rates[n])
C5D = {}
def c5_enf(n):
    o = S[n]; items = []
    hold = num(o['执法人员持证率'])
    if o['所属层级'] == '县级执法部门' and hold < F(95,100): items.append(('持证率', F(1,2)))
    elif o['所属层级'] == '乡镇政府' and hold < F(90,100): items.append(('持证率', F(1,2)))
    for e in evs(n, '执法证件违规'):
        a = 5 if yes(e['产生不良影响或严重后果']) else {'无证执法':1,'未及时收回证件产生违法执法':2,'出借出租抵押执法证件':2}[e['证件违规情形']]
        items.append(('证件' + e['编号'], a * cnt(e)))
    for e in evs(n, '持证人员年度培训'):
        if num(e['培训时长']) < 60: items.append(('培训' + e['编号'], F(1,10) * cnt(e)))
    if num(o['负责人年办件量']) < num(o['本单位人均办件量']) * F(1,10): items.append(('负责人办件', F(1,5)))
    for k, r in (('执法资格考试缺考',F(1,10)),('执法资格考试未通过',F(1,10)),('下沉人员未到岗履职',F(1,10)),('未履行法制审核义务',F(1)),
                 ('证据线索移交不规范',F(1,10)),('有案不移以罚代刑',F(1,2)),('司法机关移送未处置',F(1,2)),('争议协调结果未落实',F(1,2)),
                 ('争议裁决决定未履行',F(1)),('未落实裁量基准',F(3,10)),('裁执分离未按规定执行',F(1,2)),('系统维护不到位',F(1,10)),
                 ('未使用系统执法检查',F(1,10)),('全过程记录未归档',F(1,10)),('重大执法决定未法制审核',F(1,10)),('涉企清单未动态调整',F(3,10)),
                 ('合规指导三书同达未落实',F(1,10)),('取消下放许可事项未落实',F(1,5)),('未全面实行无证明清单',F(3,10)),('违法设立行政许可',F(3,10)),
                 ('规范性文件未经合法性审查',F(1,5)),('规范性文件应清理未清理',F(1,10)),('重大行政合同未经合法性审查',F(1,5)),
                 ('投诉交办案件未及时查处',F(1,2)),('复议纠错',F(1,10))):
        for e in evs(n, k): items.append((k, r * cnt(e)))
    short = num(o['应响应会商次数']) - num(o['会商响应次数'])
    if short > 0: items.append(('会商', (short // 1) * F(1,10)))
    short = 4 - num(o['行政行为码达标项数'])
    if short > 0: items.append(('行为码', (short // 1) * F(1,10)))
    gap = (param_cz - num(o['裁执分离执行率'])) * 100
    if gap > 0: items.append(('裁执分离', (gap // 1) * F(1,10)))
    gap = (1 - num(o['系统应用率'])) * 100
    if gap > 0: items.append(('系统应用率', (gap // 1) * F(1,10)))
    for e in evs(n, '执法决定'):
        pub = e.get('公布日期', '2023-11-30')
        late = (e['决定类别'] in ('行政许可','行政处罚','行政强制') and pub > add_wd(e['决定日期'], 7)) or pub > add_wd(e['决定日期'], 20)
        if late: items.append(('公示逾期' + e['编号'], F(1,10)))
    if not yes(o['执法统计年报已公开']): items.append(('年报', F(1,5)))
    if not yes(o['已出台企业行政合规指导清单']): items.append(('合规清单', F(3,10)))
    for k in ('上半年报送涉企案例数','下半年报送涉企案例数'):
        s = 1 - num(o[k])
        if s > 0: items.append((k, (s // 1) * F(1,10)))
    if not yes(o['已建立信用修复机制']): items.append(('信用修复', F(1,2)))
    if not yes(o['证明事项清单已梳理']): items.append(('证明清单', F(3,10)))
    files = evs(n, '抽查案卷')
    for e in files:
        r = F(59,100) if e['评查结论'] == '不合格' else num(e['评查得分率'])
        items.append(('案卷' + e['编号'], 4 * (1 - r) / len(files)))
    for e in evs(n, '监督通知书未反馈'): items.append(('通知书', (2 if yes(e['专项监督通知书']) else F(3,10)) * cnt(e)))
    for e in evs(n, '监督决定书未执行'): items.append(('决定书', (3 if yes(e['专项监督决定书']) else F(1,2)) * cnt(e)))
    if num(o['新收复议案件数']) <= num(o['一审行政诉讼案件数']): items.append(('复议未超过诉讼', F(2)))
    if rates[n] > F(8,100):
        items.append(('败诉案件', 2 * num(o['行政诉讼败诉案件数'])))
        rk = rank_desc(n)
        if rk <= 3: items.append((f'败诉率第{rk}名', F([3,2,1][rk-1])))
    C5D[n] = items
    return max(F(0), 10 - sum(a for _, a in items))
ENF = [n for n in names if yes(S[n]['有行政执法权'])]
C5E = {n: c5_enf(n) for n in ENF}
AVG5 = sum(C5E.values()) / len(ENF)
def c5(n): return C5E[n] if n in C5E else AVG5 * F(4,5)
# ── 6 ──
def round1(x):  # 四舍五入 to 0.1, x >= 0
    y = x * 10; fl = y.numerator // y.denominator
    return F(fl + (1 if y - fl >= F(1,2) else 0), 10)
def c6(n):
    o = S[n]
    v = num(o['主管部门评价']) * F(1,2) + num(o['政务服务中心评价']) * F(1,2) if yes(o['进驻政务服务中心']) else num(o['主管部门评价'])
    return round1(v)
# ── 8 ── (needed by 7)
def b2(n):
    best = {}
    for i, e in enumerate(evs(n, '典型事例宣传报道')):
        a = {'国家级':3,'省级':F(3,2),'市级':F(1,2)}[e['报道级别']] * cnt(e)
        k = e.get('事项', f'#{i}'); best[k] = max(best.get(k, 0), a)
    return min(F(3), sum(best.values(), F(0)))
def c8(n):
    best = {}
    for i, e in enumerate(evs(n, '表彰表扬')):
        a = {'国家级':5,'省部级':3,'市厅级':1}[e['表彰级别']] * cnt(e)
        k = e.get('事项', f'#{i}'); best[k] = max(best.get(k, 0), a)
    s1 = sum(best.values(), F(0))
    s3 = min(F(3), sum({'党纪政务处分':F(1),'诫勉谈话':F(1,2)}[e['问责方式']] * cnt(e) for e in evs(n, '评议主动问责')))
    return min(F(5), s1 + b2(n) + s3)
# ── 7 ──
def c7(n):
    s = F(0)
    for k, lo, hi in (('重大决策部署推进不力',1,3),('政商交往清单落实不力',1,3),('办事推诿漠视诉求',1,3),('行政执法不规范问题',1,3),
                      ('违反八项规定精神',1,3),('其他作风纪律问题',F(1,2),F(3,2)),('推进评议工作不力',1,3)):
        for e in evs(n, k):
            a = num(e['分值']); assert lo <= a <= hi, (n, k, a); s += a * cnt(e)
    for e in evs(n, '党纪政务处分'):
        a = F({'轻处分':4,'重处分':8,'移送司法机关':8}[e['处分轻重']])
        if e['受处分人职务'] == '副职': a *= F(3,2)
        if e['受处分人职务'] == '主要负责人': a *= F(9,4)
        if yes(e['与职务因素无关']): a *= F(1,2)
        if str(e['违纪违法行为发生日期']) <= '2021-12-31': a *= F(4,5)
        s += a * cnt(e)
    for e in evs(n, '组织处理'):
        s += F({'批评教育或通报批评':1,'诫勉':2,'书面效能告诫':F(5,2),'临聘人员解聘':4,'第一种形态其他组织措施':F(1,2)}[e['组织处理方式']]) * cnt(e)
    for e in evs(n, '工作不到位被通报'):
        a = num(e['分值']); lo, hi = (3, 4) if yes(e['影响两个健康或营商环境']) else (1, 2)
        assert lo <= a <= hi; s += a * cnt(e)
    if b2(n) <= 0:
        s += min(F(1), sum(cnt(e) for e in evs(n, '未按要求宣传报道')))
    s += sum({'少报':5,'漏报':5,'瞒报':10,'假报':20}[e['报送违规情形']] * cnt(e) for e in evs(n, '服务数据报送违规'))
    return max(F(0), 20 - s)
# ── 9 ──
def c9(n):
    o = S[n]; g = lambda k: num(o.get(k, 0))
    t = g('网络评价满意票数') + g('网络评价基本满意票数') + g('网络评价不满意票数')
    return F(0) if t == 0 else (g('网络评价满意票数') + F(6,10)*g('网络评价基本满意票数')) / t * 15

R = {}
for n in names:
    c = [c1(n), c2(n), c3(n), c4(n), c5(n), c6(n), c7(n), c8(n), c9(n)]
    R[n] = dict(c=c, daily=sum(c[:8]), total=sum(c))

def show(x):
    x = F(x)
    den = x.denominator
    while den % 2 == 0: den //= 2
    while den % 5 == 0: den //= 5
    if den == 1:
        s = f"{float(x):.10f}".rstrip('0').rstrip('.')
        assert F(s) == x
        return s
    return f"{x.numerator}/{x.denominator} (≈{float(x):.6f})"

if __name__ == '__main__':
    print('outside-period events:', outside)
    print('AVG1 =', show(AVG1), ' AVG1×70% =', show(AVG1*F(7,10)))
    print('AVG5 =', show(AVG5), ' AVG5×80% =', show(AVG5*F(4,5)))
    for n in names:
        r = R[n]
        print(n, ' | '.join(show(x) for x in r['c']), '| 日常', show(r['daily']), '| 总', show(r['total']))
    for n in ENF:
        if C5D[n]: print('  C5', n, [(k, show(a)) for k, a in C5D[n]])
    # outcomes
    nonex = [n for n in names if not yes(S[n]['连续两年满意免评'])]
    def topk(pool, key, k, desc):
        srt = sorted(pool, key=key, reverse=desc)
        if len(srt) <= k: return list(srt)
        cut = key(srt[k-1])
        return [n for n in srt if (key(n) >= cut if desc else key(n) <= cut)]
    sat_c = topk(nonex, lambda n: R[n]['daily'], 50, True)
    uns_c = set(topk(nonex, lambda n: R[n]['daily'], 50, False)) | {n for n in names if yes(S[n]['上年度不满意单位'])}
    sat = topk(sat_c, lambda n: R[n]['total'], 10, True)
    uns = topk(list(uns_c), lambda n: R[n]['total'], 10, False)
    worst = topk(uns, lambda n: R[n]['total'], 3, False)
    print('满意候选', len(sat_c), '不满意候选', len(uns_c))
    rk = sorted(names, key=lambda n: -R[n]['total'])
    for i, n in enumerate(rk, 1):
        lab = '最不满意单位' if n in worst else '不满意单位' if n in uns else '满意单位' if n in sat else ''
        print(i, n, show(R[n]['total']), show(R[n]['daily']), lab)
    adj = {}
    for n in names:
        dep = S[n]['主管部门']
        delta = -10 if n in worst else -5 if n in uns else 5 if n in sat else 0
        adj.setdefault(dep, []).append((n, delta))
    for dep, l in adj.items():
        print(dep, sum(x for _, x in l), [(n, x) for n, x in l if x])
