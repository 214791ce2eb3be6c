"""一次性核算脚本：按 rubrics/shaanxi-2023.rubric 和原件（seeds/003）的分值另写的独立实现（不用本项目的代码），
用来复核 expected.yaml 中手算的各级得分与工作日期限。需要 Python 3 与 PyYAML。

    python3 examples/shaanxi-2023/independent-check.py

工作日按《国务院办公厅关于2023年部分节假日安排的通知》（国办发明电〔2022〕16号）逐日判定，不用任何日历库。"""
import os
HERE = os.path.dirname(os.path.abspath(__file__)) + '/'
import yaml, datetime as dt
from fractions import Fraction as F
def pts(spec):  # "1:1 2:0.4 ..." or ranges "16-19:0.5"
    out = {}
    for tok in spec.split():
        k, v = tok.split(':')
        if '-' in k:
            a, b = map(int, k.split('-'))
            for i in range(a, b + 1): out[i] = F(v)
        else: out[int(k)] = F(v)
    return out
G = {  # (一级, 二级): (points, {item: points})
 ('一','（一）'): (3, pts('1:1 2:0.4 3:0.8 4:0.8')), ('一','（二）'): (2, pts('5:0.3 6:0.5 7:0.2 8:0.4 9:0.4 10:0.2')),
 ('一','（三）'): (2, pts('11:1 12:0.5 13:0.5')), ('一','（四）'): (2, pts('14:1 15:1')), ('一','（五）'): (2, pts('16-19:0.5')),
 ('一','（六）'): (2, pts('20:1 21:1')), ('一','（七）'): (2, pts('22-25:0.5')),
 ('二','（一）'): (2, pts('26-29:0.5')), ('二','（二）'): (2, pts('30:1 31:1')), ('二','（三）'): (2, pts('32:1 33:1')), ('二','（四）'): (4, pts('34-37:1')),
 ('三','（一）'): (3, pts('38:0.2 39:0.4 40-51:0.2')), ('三','（二）'): (3, pts('52:0.5 53:0.5 54-58:0.4')),
 ('三','（三）'): (4, pts('59:1 60:1 61:0.3 62:0.2 63:0.5 64:1')),
 ('四','（一）'): (3, pts('65-70:0.5')), ('四','（二）'): (3, pts('71:0.3 72:0.3 73:0.3 74:0.4 75:0.3 76:0.4 77:0.3 78:0.4 79:0.3')),
 ('四','（三）'): (2, pts('80:0.3 81:0.4 82:0.4 83:0.3 84:0.3 85:0.3')), ('四','（四）'): (2, pts('86:0.2 87:0.3 88:0.3 89-94:0.2')),
 ('五','（一）'): (3, pts('95-100:0.5')), ('五','（二）'): (2, pts('101-104:0.5')),
 ('五','（三）'): (3, pts('105:0.5 106-115:0.1 116:0.3 117:0.2 118:0.2 119:0.3 120:0.5')), ('五','（四）'): (2, pts('121:0.5 122:0.5 123:1')),
 ('六','（一）'): (4, pts('124:1 125:1 126-130:0.4')), ('六','（二）'): (3, pts('131-133:1')), ('六','（三）'): (3, pts('134-136:1')),
 ('七','（一）'): (4, pts('137:0.6 138:0.8 139:0.4 140-145:0.2 146:0.5 147:0.5')), ('七','（二）'): (2, pts('148:1 149:0.5 150:0.5')),
 ('七','（三）'): (4, pts('151-160:0.4')),
 ('八','（一）'): (2, pts('161:0.5 162:0.5 163:0.2 164:0.2 165:0.2 166:0.4')), ('八','（二）'): (1, pts('167-171:0.2')),
 ('八','（三）'): (2, pts('172-175:0.5')), ('八','（四）'): (2, pts('176:1 177:0.5 178:0.5')),
 ('八','（五）'): (3, pts('179-183:0.4 184:0.2 185:0.3 186:0.3 187:0.2')),
 ('九','（一）'): (11, pts('1:1 2:1 3:1 4:1 5:0.5 6:1 7:1 8:1 9:1 10:0.5 11:0.5 12:1 13:0.5')), ('九','（二）'): (4, pts('1:1 2:1 3:1 4:0.5 5:0.5')),
}
L1 = {'一': 15, '二': 10, '三': 10, '四': 10, '五': 10, '六': 10, '七': 10, '八': 10, '九': 15}
for (a, b), (p, items) in G.items(): assert sum(items.values()) == p, (a, b, sum(items.values()))
for a, p in L1.items(): assert sum(v[0] for k, v in G.items() if k[0] == a) == p, a
assert sum(L1.values()) == 100
nums = sorted(i for (a, b), (p, it) in G.items() if a != '九' for i in it); assert nums == list(range(1, 188))
# 2023 calendar from 国办发明电〔2022〕16号
def rng(a, b):
    d = dt.date.fromisoformat(a); e = dt.date.fromisoformat(b)
    while d <= e: yield d; d += dt.timedelta(1)
OFF = set(rng('2022-12-31', '2023-01-02')) | set(rng('2023-01-21', '2023-01-27')) | {dt.date(2023, 4, 5)} | set(rng('2023-04-29', '2023-05-03')) \
    | set(rng('2023-06-22', '2023-06-24')) | set(rng('2023-09-29', '2023-10-06'))
ON = {dt.date(2023, 1, 28), dt.date(2023, 1, 29), dt.date(2023, 4, 23), dt.date(2023, 5, 6), dt.date(2023, 6, 25), dt.date(2023, 10, 7), dt.date(2023, 10, 8)}
def work(d): return d in ON or (d not in OFF and d.weekday() < 5)
def add_wd(d, n):
    d = dt.date.fromisoformat(str(d)); seen = []
    while n:
        d += dt.timedelta(1)
        if work(d): n -= 1; seen.append(d)
    return d, seen
def path(x):
    x = str(x)
    if x.isdigit():
        n = int(x)
        for (a, b), (p, it) in G.items():
            if a != '九' and n in it: return (a, b, n)
    a, b, n = x.split('.')
    n = int(n); assert n in G[(a, b)][1], x
    return (a, b, n)
d = yaml.safe_load(open(HERE + 'bureaus.yaml', encoding='utf-8'))
day = dt.date.fromisoformat(str(d['参数']['考评日期']))
for o in d['对象']:
    name = o['名称']; miss = [path(x) for x in o['未达标']]
    assert len(set(miss)) == len(miss)
    fail = {k: F(0) for k in G}
    for a, b, n in miss: fail[(a, b)] += G[(a, b)][1][n]
    # events
    ev = [e for e in d['事件'] if e['对象'] == name]
    lates = {}
    for e in ev:
        t = e['类型']
        if t == '被撤销确认违法或重作的决定':
            dl, seen = add_wd(e['撤销等日期'], 3); got = e.get('原信息处理日期'); got = day if got in (None, '未提供') else got
            late = got > dl; item, amt = 62, F('0.2')
        else:
            n = 7 if t == '应公开的许可处罚决定' else 20
            if e['有法定公开时限'] == '是': dl = e['法定公开期限']; seen = []
            else: dl, seen = add_wd(e['决定日期'], n)
            got = e.get('公开日期'); got = day if got in (None, '未提供') else got
            late = got > dl; item, amt = (59 if n == 7 else 60), F(1)
        print(f"  {name} {t} {e['编号']}: deadline {dl} ({', '.join(x.strftime('%m-%d') for x in seen)}) got {got} late={late}")
        if late: lates[item] = lates.get(item, F(0)) + amt
    # 59、60、62：扣分制，本项分值减去逾期扣分，最低0分
    for item, amt in lates.items():
        fail[('三', '（三）')] += min(amt, G[('三', '（三）')][1][item])
    s2 = {k: G[k][0] - fail[k] for k in G}
    s1 = {a: sum(s2[k] for k in G if k[0] == a) for a in L1}
    tot = sum(s1.values())
    print(name, 'total', float(tot), {a: float(v) for a, v in s1.items()})
    print('   ', {f'{a}.{b}': float(v) for (a, b), v in s2.items() if v != G[(a, b)][0]})
