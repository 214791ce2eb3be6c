"""一次性核算脚本：按 rubrics/lishui-2022.rubric 的文字另写的独立实现（不用本项目的代码），
用来复核 expected.yaml 中手算的得分、名次和等次。需要 Python 3 与 PyYAML。

    python3 examples/lishui-2022/independent-check.py

缺失值按 rubric 各输入的“缺失时按…”（DEFAULTS 中逐一抄写）。"""
import os
HERE = os.path.dirname(os.path.abspath(__file__)) + '/'
import sys, re, yaml, math
from fractions import Fraction as F

DEFAULTS = {}
def _d(names, v):
    for n in names.split(): DEFAULTS[n] = v
_d('未学习宣讲项数 严重违纪被追责人次 验收督查不合格中队数 被省办摘牌中队数 未规范着装亮证公示身份 未及时公开执法决定 未开展音像记录 '
   '重大执法决定未经法制审核 有案不移以罚代刑 全市评查不合格案卷数 系统评查不合格案卷数 收到监督文书事项数 未完成执法联动配合工作 '
   '应问责未问责 未按规定受理办理信访投诉举报 产生较大负面影响 市容整治未及时报送数据 户外设施未整治到位 油烟类餐饮家数 '
   '重大执法活动未及时报送数据 未健全完善配套制度 未及时指导支持协作请求 未报送重大突发事件舆情 迟报漏报瞒报其他重大事项 '
   '受党纪政纪处分的局班子成员人数 受违纪处分的正式在编人数 因违法犯罪被处理的正式在编人数', F(0))
_d('重大事项未经集体研究 意识形态工作被督查通报 划转事项业务培训缺位 层级管辖不明确 未按要求报送台账资料 赋权不符合程序性要求 '
   '赋权事项未在目录中选择 执法事项底数不清 执法事项公示不规范 检查和办案未在数字应用上运行 执法数据错误缺失不全 '
   '发生群体性事件造成严重社会影响 定期组织开展正风肃纪检查 开展廉政风险点排查 组织执法人员参加培训 对赋权乡镇组织开展培训 组织开展案卷评查 '
   '通报评查结果并督促整改 对违法高发等处罚事项进行普法 开展户外设施专项治理 建立市容环境长效管控 开展非现场执法 '
   '完成双随机 行政检查事项全覆盖 综合查一次全覆盖 实现执法事项清单化管理 及时动态调整执法事项 明确市县乡层级管辖清单 '
   '按要求在线办案 开展办案系统迁移 协调制定年度工作计划 发挥综合执法办其他职能 牵头推行综合查一次 组织开展乡镇执法评估 '
   '指导赋权乡镇规范化建设 报送年度执法统计年报 分析报送败诉情况', False)
DEFAULTS['市容环境整治情况'] = '未开展整治行动'
_d('统一目录事项覆盖率 执法力量下沉率 浙政钉掌上执法率 持有执法证件人数 已安装油烟净化设施家数 办结归档普通程序案件数 '
   '文明规范公正中队申报率 统一事项办案覆盖率 统一事项检查覆盖率 政务信息计分 新领域执法拓展情况 办理案件总数 一件事场景案例运行个数 '
   '重点工作执法得分 领导赋分 摘牌加大扣分 统筹协调酌情扣分', F(0))
_d('行政诉讼败诉件数 行政复议被纠错件数', F(1))
_d('2021年度在编人数', F(10000)); _d('正式在编人数', F(1)); _d('全市评查案卷数', F(1))
DEFAULTS['应具备执法资格人数'] = '@2021年度在编人数'

def val(x):
    if isinstance(x, bool): return x
    if isinstance(x, (int, float)): return F(str(x))
    s = str(x).strip()
    if s == '是': return True
    if s == '否': return False
    m = re.fullmatch(r'(-?\d+(?:\.\d+)?)%', s)
    if m: return F(m.group(1)) / 100
    m = re.fullmatch(r'(-?\d+(?:\.\d+)?)(分|件|人|人次|项|个|次|处|家|局|个月)?', s)
    if m: return F(m.group(1))
    return s
PCT = set('统一目录事项覆盖率 执法力量下沉率 浙政钉掌上执法率 文明规范公正中队申报率 统一事项办案覆盖率 统一事项检查覆盖率'.split())

def load(files):
    objs, events = {}, []
    for f in files:
        d = yaml.safe_load(open(f, encoding='utf-8'))
        for o in d.get('对象', []) or []:
            name = o['名称']; vals = {}
            for k, v in o.items():
                if k in ('名称', '备注', '说明') or k.startswith('#'): continue
                if v == '未提供': continue
                vals[k] = val(v)
            objs[name] = vals
        for e in d.get('事件', []) or []:
            events.append({k: (val(v) if k not in ('类型', '对象', '事项', '说明', '备注', '编号', '日期') else (str(v) if v is not None else None)) for k, v in e.items()})
    return objs, events

def get(o, n):
    if n in o: return o[n]
    d = DEFAULTS[n]
    if isinstance(d, str) and d.startswith('@'): return get(o, d[1:])
    return d

def rank(values):  # dict name -> Fraction, desc, competition ranking
    out = {}
    for n, v in values.items():
        out[n] = 1 + sum(1 for w in values.values() if w > v)
    return out
def table(r, frm, to, a, b):
    if r < frm or r > to: return F(0)
    return F(a) + (F(b) - F(a)) * (r - frm) / (to - frm)

def score(objs, events):
    names = list(objs)
    ev = [e for e in events if e.get('日期') is None or '2022-01-01' <= e['日期'] <= '2022-12-31']
    out = {}
    R = {}
    def rk(metric):
        return rank({n: metric(objs[n]) for n in names})
    R[32] = rk(lambda o: get(o, '新领域执法拓展情况'))
    R[54] = rk(lambda o: get(o, '文明规范公正中队申报率'))
    R[55] = rk(lambda o: get(o, '办理案件总数') / get(o, '2021年度在编人数'))
    R[57] = rk(lambda o: get(o, '政务信息计分'))
    R[63] = rk(lambda o: get(o, '统一事项办案覆盖率'))
    R[64] = rk(lambda o: get(o, '统一事项检查覆盖率'))
    R[65] = rk(lambda o: get(o, '一件事场景案例运行个数'))
    tot_fail = sum(get(objs[n], '全市评查不合格案卷数') for n in names)
    tot_files = sum(get(objs[n], '全市评查案卷数') for n in names)
    avg = tot_fail / tot_files
    for n in names:
        o = objs[n]; g = lambda k: get(o, k)
        E = [e for e in ev if e['对象'] == n]
        K = lambda kind: [e for e in E if e['类型'] == kind]
        it = {}
        # (一)
        it[1] = g('未学习宣讲项数') * F('0.5')
        it[2] = F(1) if g('重大事项未经集体研究') else F(0)
        it[3] = F(1) if g('意识形态工作被督查通报') else F(0)
        it[4] = (F('0.5') if not g('定期组织开展正风肃纪检查') else 0) + (F('0.5') if not g('开展廉政风险点排查') else 0) + g('严重违纪被追责人次') * F('0.5')
        cz = g('持有执法证件人数') / g('应具备执法资格人数')
        it[5] = F(1) if cz < F('0.9') else F(0)
        it[6] = F(1) if not g('组织执法人员参加培训') else F(0)
        it[7] = F(1) if g('划转事项业务培训缺位') else F(0)
        x = g('统一目录事项覆盖率')
        it[8] = math.ceil((F('0.4') - x) / F('0.05')) * F('0.5') if x < F('0.4') else F(0)
        it[9] = F(1) if not g('对赋权乡镇组织开展培训') else F(0)
        it[10] = min(F(7), g('验收督查不合格中队数') * 1 + (g('摘牌加大扣分') if g('被省办摘牌中队数') > 0 else 0))
        s1 = max(F(0), 15 - sum(it[i] for i in range(1, 11)))
        # (二)
        it[11] = g('未规范着装亮证公示身份'); it[12] = g('未及时公开执法决定'); it[13] = g('未开展音像记录')
        it[14] = g('重大执法决定未经法制审核'); it[15] = g('有案不移以罚代刑')
        pc = g('办结归档普通程序案件数') / g('2021年度在编人数')
        it[16] = math.ceil(14 - pc) * F('0.5') if pc < 14 else F(0)
        it[17] = (F(1) if not g('组织开展案卷评查') else 0) + (F(1) if not g('通报评查结果并督促整改') else 0)
        rate = g('全市评查不合格案卷数') / g('全市评查案卷数')
        it[18] = (F(1) if rate > avg else 0) + g('系统评查不合格案卷数')
        it[19] = g('收到监督文书事项数') * F('0.5')
        it[20] = F(1) if (g('层级管辖不明确') or g('执法力量下沉率') < F('0.6')) else F(0)
        it[21] = g('未完成执法联动配合工作')
        it[22] = sum((F(2) if e.get('造成危害后果') is True else F(1)) * e.get('数量', 1) for e in K('不履行法定职责'))
        it[23] = F(1) if not g('对违法高发等处罚事项进行普法') else F(0)
        it[24] = g('应问责未问责'); it[25] = g('未按规定受理办理信访投诉举报'); it[26] = g('产生较大负面影响')
        s2 = max(F(0), 20 - sum(it[i] for i in range(11, 27)))
        # (三) item scores
        sc = {}
        z = g('市容环境整治情况')
        d27 = (F(2) if z == '未开展整治行动' else F(1) if z == '成效不明显、敷衍了事' else F(0)) + g('市容整治未及时报送数据') * F('0.5')
        sc[27] = max(F(0), 2 - d27)
        d28 = F(1) if not g('开展户外设施专项治理') else g('户外设施未整治到位') * F('0.1')
        sc[28] = max(F(0), 1 - d28)
        short = g('油烟类餐饮家数') - g('已安装油烟净化设施家数')
        d29 = math.ceil(short) * F('0.1') if short > 0 else F(0)
        sc[29] = max(F(0), 2 - d29)
        sc[30] = g('重点工作执法得分')
        d31 = (F(1) if not g('建立市容环境长效管控') else 0) + (F('0.5') if g('未按要求报送台账资料') else 0)
        sc[31] = max(F(0), 1 - d31)
        sc[32] = table(R[32][n], 1, len(names), '2', '0.2')
        sc[33] = F(0) if not g('开展非现场执法') else F(1)
        sc[34] = F(0) if (g('浙政钉掌上执法率') < 1 or not g('完成双随机') or not g('行政检查事项全覆盖') or not g('综合查一次全覆盖')) else F(1)
        d35 = sum({'未按部署开展': F(2), '成效不明显、敷衍了事': F(1)}.get(e['开展情况'], F(0)) for e in K('重大执法活动')) + g('重大执法活动未及时报送数据') * F('0.5')
        sc[35] = max(F(0), 2 - d35)
        s3 = sum(sc[i] for i in range(27, 36))
        # (四)
        it[36] = min(F(2), sum(F('0.5') for e in K('事项划转部门') if e['划转到位率'] < 1))
        it[37] = (F(1) if g('赋权不符合程序性要求') else 0) + (F(1) if g('赋权事项未在目录中选择') else 0)
        it[38] = F(1) if (not g('实现执法事项清单化管理') or g('执法事项底数不清')) else F(0)
        it[39] = F(1) if (g('执法事项公示不规范') or not g('及时动态调整执法事项')) else F(0)
        it[40] = F(1) if not g('明确市县乡层级管辖清单') else F(0)
        it[41] = F(1) if g('检查和办案未在数字应用上运行') else F(0)
        it[42] = F(1) if (not g('按要求在线办案') or g('执法数据错误缺失不全')) else F(0)
        it[43] = F(1) if not g('开展办案系统迁移') else F(0)
        it[44] = (F(1) if not g('协调制定年度工作计划') else 0) + (min(F(3), g('统筹协调酌情扣分')) if not g('发挥综合执法办其他职能') else 0)
        it[45] = g('未健全完善配套制度') * F('0.5')
        it[46] = F(1) if not g('牵头推行综合查一次') else F(0)
        it[47] = F(1) if not g('组织开展乡镇执法评估') else F(0)
        it[48] = F(1) if not g('指导赋权乡镇规范化建设') else F(0)
        it[49] = g('未及时指导支持协作请求') * F('0.5')
        it[50] = g('未报送重大突发事件舆情')
        it[51] = F(1) if not g('报送年度执法统计年报') else F(0)
        it[52] = F(1) if not g('分析报送败诉情况') else F(0)
        it[53] = g('迟报漏报瞒报其他重大事项')
        s4 = max(F(0), 20 - sum(it[i] for i in range(36, 54)))
        # (五) events with amounts, item, matter
        parts = []  # (item, amount, matter, label)
        def add(item, amt, e, label):
            parts.append([item, F(amt) * e.get('数量', 1), e.get('事项'), label])
        for e in K('新增枫桥式中队'): add(54, 1, e, '枫桥')
        for e in K('入选全省优秀案例'): add(56, '0.5', e, '入选全省')
        for e in K('评为优秀案件'):
            if e['评查部门级别'] in ('国家级', '省级', '市级'): add(56, '0.2', e, '优秀案件')
        for e in K('承办协办会议活动'): add(59, {'全国性': 3, '长三角等省际性': 2, '全省性': 2, '全市性': 1}[e['会议级别']], e, '会议')
        for e in K('常驻人员'):
            if e['常驻时间'] >= 1: add(60, {'司法部': 1, '省司法厅（省综合执法办）': 1, '市局（专班）': '0.5'}[e['常驻单位']], e, '常驻')
        for e in K('领导批示肯定'): add(61, {'省委省政府、中央部委主要领导、省司法厅（省综合执法办）及以上领导': 3, '其他省部级领导': '2.5', '市委市政府主要领导及以上领导': '1.5'}[e['批示领导']], e, '批示')
        for e in K('新承担试点任务'): add(62, {'省部级及以上执法试点、揭榜挂帅任务': 2, '省司法厅（省综合执法办）执法试点任务': 1}[e['任务级别']], e, '试点')
        for e in K('载入政策文件'): add(66, {'国家级': 5, '省级': 3, '市级': 2}[e['文件级别']], e, '文件')
        for e in K('复制推广'): add(66, {'中央部委': 3, '省级': 2, '市级': 1}[e['推广部门级别']], e, '推广')
        for e in K('主题发言'): add(67, {'全国性': 2, '长三角等省际性': 1, '全省性': '0.5'}[e['会议级别']], e, '发言')
        for e in K('获得荣誉'):
            tab = {'表彰奖励': {'省部级以上': 2, '省级部门': 1, '市级': 1}, '通报表扬': {'省部级以上': 1, '省级部门': '0.5', '市级': '0.5'},
                   '其他荣誉': {'省级部门': '0.2', '市级': '0.2'}}[e['荣誉类别']]
            if e['授予级别'] in tab: add(68, tab[e['授予级别']], e, '荣誉')
        # same matter: keep the highest
        best = {}
        for p in parts:
            if p[2] is None: continue
            if p[2] not in best or p[1] > best[p[2]][1]: best[p[2]] = p
        kept = [p for p in parts if p[2] is None or best[p[2]] is p]
        dropped = [p for p in parts if p not in kept]
        ev5 = {}
        for p in kept: ev5[p[0]] = ev5.get(p[0], F(0)) + p[1]
        caps = {59: 3, 60: 2, 61: 5, 67: 3, 68: 8}
        sc5 = {}
        for i in range(54, 69): sc5[i] = ev5.get(i, F(0))
        sc5[54] += table(R[54][n], 1, 6, '1.2', '0.2')
        sc5[55] += table(R[55][n], 1, 5, '1.0', '0.2')
        sc5[57] += table(R[57][n], 1, 6, '1.2', '0.2')
        a, b = g('行政诉讼败诉件数') == 0, g('行政复议被纠错件数') == 0
        sc5[58] = F(2) if (a and b) else F(1) if (a or b) else F(0)
        sc5[63] += table(R[63][n], 1, 5, '1.0', '0.2')
        sc5[64] += table(R[64][n], 1, 5, '1.0', '0.2')
        sc5[65] += table(R[65][n], 1, 6, '1.2', '0.2')
        for i, c in caps.items(): sc5[i] = min(F(c), sc5[i])
        raw5 = sum(sc5.values())
        s5 = min(F(20), raw5)
        s6 = g('领导赋分')
        total = s1 + s2 + s3 + s4 + s5 + s6
        veto = (g('受党纪政纪处分的局班子成员人数') > 0 or g('受违纪处分的正式在编人数') / g('正式在编人数') > F('0.03')
                or g('因违法犯罪被处理的正式在编人数') / g('正式在编人数') > F('0.01') or g('发生群体性事件造成严重社会影响'))
        out[n] = dict(total=total, s=[s1, s2, s3, s4, s5, s6], ded={k: v for k, v in it.items() if v}, sc3=sc, sc5={k: v for k, v in sc5.items() if v},
                      raw5=raw5, veto=veto, dropped=dropped, avg=avg, ranks={k: R[k][n] for k in R})
    # grades
    order = sorted(names, key=lambda n: -out[n]['total'])
    for n in names: out[n]['rank'] = 1 + sum(1 for m in names if out[m]['total'] > out[n]['total'])
    slots = 0
    for n in order:
        t = out[n]['total']
        if t >= 80:
            if out[n]['veto']: gr = '良好（否优）'
            elif slots < 4: gr = '优秀'; slots += 1
            else: gr = '良好（名额外）'
        elif t >= 70: gr = '良好'
        elif t >= 60: gr = '合格'
        else: gr = '不合格'
        out[n]['grade'] = gr
    return order, out

def fmt(x):
    """Exact: a terminating decimal as a decimal, otherwise a fraction."""
    if not isinstance(x, F): return str(x)
    d = x.denominator
    for p in (2, 5):
        while d % p == 0: d //= p
    if d != 1: return f'{x.numerator}/{x.denominator}'
    n, k = x, 0
    while n.denominator != 1: n *= 10; k += 1
    t = str(abs(n.numerator)).rjust(k + 1, '0')
    return ('-' if x < 0 else '') + (t[:-k] + '.' + t[-k:] if k else t)

if __name__ == '__main__':
    files = sys.argv[1:] or [HERE + 'songyang.yaml', HERE + 'synthetic.yaml']
    objs, events = load(files)
    order, out = score(objs, events)
    print('city avg fail rate', out[order[0]]['avg'])
    for n in order:
        r = out[n]
        print(f"{r['rank']} {n} total={fmt(r['total'])} sections={[fmt(s) for s in r['s']]} raw5={fmt(r['raw5'])} veto={r['veto']} grade={r['grade']}")
        print('    ded', {k: fmt(v) for k, v in r['ded'].items()})
        print('    sc3', {k: fmt(v) for k, v in r['sc3'].items()})
        print('    sc5', {k: fmt(v) for k, v in r['sc5'].items()}, 'dropped', [(p[0], fmt(p[1]), p[2]) for p in r['dropped']])
        print('    ranks', r['ranks'])
