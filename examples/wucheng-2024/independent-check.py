"""一次性核算脚本：按 rubrics/wucheng-2024.rubric 的文字另写的独立实现（不用本项目的代码），
用来复核 expected.yaml 中手算的积分与评定。需要 Python 3 与 PyYAML。"""
import os
HERE = os.path.dirname(os.path.abspath(__file__)) + '/'
import csv, re
from fractions import Fraction as F
import yaml
d = yaml.safe_load(open(HERE + '执法人员.yaml'))
std = F(re.sub(r'[^\d.]', '', str(d['参数']['办案标准'])))
objs = {o['名称']: o for o in d['对象']}
pts = {n: {'q': F(0), 'l': F(0), 'e': F(0), 'cnt': F(0)} for n in objs}
outside = []
for r in csv.DictReader(open(HERE + '案件.csv')):
    if not ('2024-01-01' <= r['日期'] <= '2024-03-31'):
        outside.append(r['编号']); continue
    qty = {'简易程序': F(1, 2), '普通程序': F(5), '重大疑难': F(10)}[r['程序']]
    qual = F(2) if r['退卷'] == '否' else max(F(0), F(2) - F(r['退卷扣分']))
    exc = {'省级': 5, '市级': 3, '区级': 2, '局级': 1}.get(r['优秀案卷级别'], 0)
    for who, share in ((r['主办人'], F(1)), (r['协办人'], F(1, 2))):
        p = pts[who]
        p['q'] += qty * share; p['l'] += qual * share; p['e'] += exc * share; p['cnt'] += share
print('outside', outside)
def fmt(x): return str(float(x)) if x.denominator in (1,2,4,8) else str(x)
groups = {}
for n, o in objs.items():
    p = pts[n]; tot = p['q'] + p['l'] + p['e']; p['tot'] = tot
    groups.setdefault(o['中队类别'], []).append(n)
    age = o['年龄']; m = o['性别'] == '男'
    exempt = (m and age >= 55) or ((not m) and age >= 50)
    half = m and 50 <= age < 55
    need = std if age < 50 else (std / 2 if half else F(0))
    p['exempt'] = exempt; p['need'] = need
for g, ns in groups.items():
    ns.sort(key=lambda n: -pts[n]['tot'])
    print('==', g, len(ns))
    for n in ns:
        p = pts[n]
        print(f"  {n}\t数量{fmt(p['q'])}\t质量{fmt(p['l'])}\t创先{fmt(p['e'])}\t积分{fmt(p['tot'])}\t办案数{fmt(p['cnt'])}\t应办{fmt(p['need'])}\t{'免考' if p['exempt'] else ''}")
    if g != '机关':
        pct = {'直属中队': F(10,100), '一类中队': F(10,100), '二类中队': F(5,100)}[g]
        k = max(1, int(len(ns) * pct))
        cut = pts[ns[k-1]]['tot']
        print('  能手 quota', k, [n for n in ns if pts[n]['tot'] >= cut])
bad = [n for n in objs if objs[n]['中队类别'] != '机关' and not pts[n]['exempt'] and pts[n]['cnt'] < pts[n]['need']]
print('办案未达标人员', len(bad), bad)
print('机关未达标', [n for n in objs if objs[n]['中队类别']=='机关' and not pts[n]['exempt'] and F(re.sub(r'[^\d.]','',str(objs[n]['参与普通程序案件数']))) < 1])
