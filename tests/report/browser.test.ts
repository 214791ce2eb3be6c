/**
 * The HTML report in a real browser (headless Chromium through playwright-core), offline: every
 * network request is blocked and none may be attempted. The Lishui report: the ranking (nine
 * bureaus, ranks, grades, the quota line after the fourth 优秀, 青田县's veto mark), 松阳县's panel
 * with a trace sentence whose link leads to rule text that exists, sorting by a header, CJK text
 * drawn with a CJK font (not as boxes), screenshots in tests/report/__output__/. Then the same
 * report built in the page from compact JSON must give the same panels, and a report with many
 * units pages its ranking and finds a unit by name.
 *
 * Needs Chromium and a CJK font (Debian: apt-get install -y chromium fonts-noto-cjk). Without
 * them the tests are skipped with a message, unless RUBRIC_BROWSER_TESTS=require (for CI), which
 * makes a missing browser or font a failure. CHROMIUM_PATH names another Chromium binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { score } from '../../src/api.js';
import { readDataset } from '../../src/data/index.js';
import { renderHtml, RANKING_PAGE } from '../../src/report/html.js';
import { explainObject } from '../../src/report/explain.js';
import type { Dataset } from '../../src/runtime/model.js';
import { Rational } from '../../src/runtime/rational.js';
import { EXAMPLES, OUTPUT, ROOT, scoreExample, type Scored } from './report-helpers.js';

const INSTALL = 'apt-get install -y chromium fonts-noto-cjk';
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].find(
  (p): p is string => !!p && existsSync(p),
);

/** CJK font families fontconfig knows, or undefined when fc-list is not there to ask. */
function cjkFonts(): string[] | undefined {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return undefined;
  }
}
const FONTS = cjkFonts();
const MISSING = !CHROMIUM ? 'Chromium' : FONTS !== undefined && FONTS.length === 0 ? 'a CJK font (fc-list :lang=zh lists none)' : undefined;
const REQUIRED = process.env.RUBRIC_BROWSER_TESTS === 'require';
if (MISSING && !REQUIRED) {
  console.warn(
    `[browser tests skipped] ${MISSING} not found. Install: ${INSTALL} (or set CHROMIUM_PATH). Set RUBRIC_BROWSER_TESTS=require to make this a failure.`,
  );
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.skipIf(!!MISSING && !REQUIRED)('the HTML report in Chromium', () => {
  let userData: string;
  let context: BrowserContext;
  let page: Page;
  /** Every request the pages made, and the ones that were not for the report file itself. */
  const requests: string[] = [];
  const blocked: string[] = [];
  let lishui: Scored;
  let reportUrl: string;

  beforeAll(async () => {
    if (MISSING) throw new Error(`${MISSING} not found; install with: ${INSTALL}`);
    mkdirSync(OUTPUT, { recursive: true });
    lishui = await scoreExample('lishui-2022');
    const file = join(OUTPUT, 'lishui-2022.html');
    writeFileSync(file, renderHtml(lishui.program, lishui.result, { source: lishui.source }));
    reportUrl = pathToFileURL(file).href;
    userData = mkdtempSync(join(tmpdir(), 'rubric-chromium-'));
    context = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM!,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
    context.on('request', (r) => {
      requests.push(r.url());
      if (!r.url().startsWith('file://')) blocked.push(r.url());
    });
    // Block the network: only the report files themselves may load.
    await context.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : route.abort('blockedbyclient')));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto(reportUrl);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  async function rankingNames(): Promise<string[]> {
    return page.locator('#ranking-table tbody tr[data-i]:visible td:nth-child(2)').allInnerTexts();
  }

  it('loads offline without a single network request', async () => {
    expect(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))).toEqual([]);
    expect(blocked).toEqual([]);
    expect(new Set(requests)).toEqual(new Set([reportUrl]));
  });

  it('shows the ranking: nine bureaus, ranks, grades, the quota line after the fourth 优秀 and 青田县’s veto', async () => {
    const rows = page.locator('#ranking-table tbody tr[data-i]');
    expect(await rows.count()).toBe(9);
    const table = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td as HTMLElement).innerText.trim())));
    expect(table.map((r) => [r[0], r[1], r[2], r[9], r[10]])).toEqual([
      ['1', '莲都区', '96.1', '优秀', ''],
      ['2', '缙云县', '86.7', '优秀', ''],
      ['3', '青田县', '85.75', '良好*', '否优'],
      ['4', '遂昌县', '84.1', '优秀', ''],
      ['5', '龙泉市', '81.975', '优秀', ''],
      ['6', '景宁畲族自治县', '81.725', '良好*', ''],
      ['7', '云和县', '70', '良好', ''],
      ['8', '庆元县', '60.225', '合格', ''],
      ['9', '松阳县', '43.4', '不合格', ''],
    ]);
    // The quota line: visible, right under 龙泉市 (the fourth 优秀), above 景宁 (名额外).
    const quota = page.locator('#ranking-table tr.quota-row');
    await expect.poll(() => quota.isVisible()).toBe(true);
    expect(await quota.innerText()).toContain('优秀限4名');
    expect(await quota.evaluate((tr) => (tr.previousElementSibling as HTMLElement).innerText)).toContain('龙泉市');
    expect(await quota.evaluate((tr) => (tr.nextElementSibling as HTMLElement).innerText)).toContain('景宁畲族自治县');
    const border = await page
      .locator('#ranking-table tr.quota-last td')
      .first()
      .evaluate((td) => getComputedStyle(td).borderBottomWidth);
    expect(parseFloat(border)).toBeGreaterThanOrEqual(3);
    // 青田县's veto mark, its reason on hover, linked to the veto rule.
    const veto = page.locator('#ranking-table tbody tr[data-i="2"] .veto');
    const reason = lishui.result.objects[2]!.vetoReasons[0]!;
    expect(await veto.getAttribute('title')).toBe(`否优（第${reason.line}行：${reason.text}）`);
    expect(await page.locator(`#rule-${reason.line}`).innerText()).toContain('受党纪政纪处分的局班子成员人数');
    await page.screenshot({ path: join(OUTPUT, 'lishui-ranking.png') });
  });

  it('draws CJK text with a CJK font, not as boxes', async () => {
    // The platform font Chromium used for the title.
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const cjk = fonts.filter((f) => /CJK|Han|WenQuanYi|PingFang|YaHei|Hei|Song|Ming|Kai|Droid Sans Fallback/i.test(f.familyName));
    expect(cjk, JSON.stringify(fonts)).not.toEqual([]);
    const title = await page.locator('h1').innerText();
    const han = [...title].filter((c) => /\p{Script=Han}/u.test(c)).length;
    expect(cjk.reduce((a, f) => a + f.glyphCount, 0)).toBeGreaterThanOrEqual(han);
    // Each character drawn differently (boxes look alike), with ink, and unlike a character no font has.
    const glyphs = await page.evaluate(() => {
      const family = getComputedStyle(document.body).fontFamily;
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 40;
      const g = canvas.getContext('2d')!;
      g.font = `32px ${family}`;
      g.textBaseline = 'top';
      const draw = (c: string) => {
        g.clearRect(0, 0, 40, 40);
        g.fillText(c, 2, 2);
        const px = g.getImageData(0, 0, 40, 40).data;
        let ink = 0;
        let hash = 0;
        for (let i = 3; i < px.length; i += 4) {
          ink += px[i]! > 0 ? 1 : 0;
          hash = (hash * 31 + px[i]!) | 0;
        }
        return { ink, hash };
      };
      const chars = [...'丽水市综合行政执法考核松阳县优秀良好'];
      return { chars: chars.map(draw), none: draw('\u{10FFFD}') };
    });
    expect(glyphs.chars.every((c) => c.ink > 20)).toBe(true);
    expect(new Set(glyphs.chars.map((c) => c.hash)).size).toBe(glyphs.chars.length);
    expect(glyphs.chars.some((c) => c.hash === glyphs.none.hash)).toBe(false);
    // Full-width glyphs: ten distinct characters are as wide as ten of one repeated character, ten ems.
    const widths = await page.evaluate(() => {
      const span = (text: string) => {
        const s = document.createElement('span');
        s.style.cssText = 'font-size:20px;white-space:nowrap;position:absolute;visibility:hidden';
        s.textContent = text;
        document.body.appendChild(s);
        const w = s.getBoundingClientRect().width;
        s.remove();
        return w;
      };
      return { distinct: span('丽水综合行政执法考核'), same: span('口'.repeat(10)) };
    });
    expect(widths.distinct).toBeCloseTo(200, 0);
    expect(widths.same).toBeCloseTo(widths.distinct, 0);
  });

  it('opens 松阳县’s panel: breakdown, a trace sentence, and its link to the rule text', async () => {
    await page.locator('#ranking-table a', { hasText: '松阳县' }).click();
    const panel = page.locator('#unit-9');
    await expect.poll(() => panel.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await panel.locator('summary').innerText()).toContain('松阳县');
    const text = await panel.innerText();
    expect(text).toContain('总分43.4分（满分100分），第9名（共9个），等次：不合格');
    const o = lishui.result.objects[8]!;
    const line = explainObject(lishui.program, o).find((l) => l.item === '第16项「执法办案质量」')!;
    expect(line.sentence).toBe(
      '人均普通程序案件数0.0638件/人（其中2021年度在编人数数据未提供，按10000人计），未达14件/人，每少1件/人扣0.5分（不足一级按一级计），计14级，扣7分',
    );
    const li = panel.locator('ol.trace li', { hasText: line.sentence });
    expect(await li.count()).toBe(1);
    const link = li.locator('a.ref');
    expect(await link.innerText()).toBe(`第16项「执法办案质量」〔第${line.line}行〕`);
    expect(await link.getAttribute('href')).toBe(`#rule-${line.line}`);
    await page.screenshot({ path: join(OUTPUT, 'lishui-songyang.png') });
    await link.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#rule-${line.line}`);
    const rule = page.locator(`#rule-${line.line}`);
    expect(await rule.isVisible()).toBe(true);
    expect(await rule.innerText()).toMatch(/16\.\s*执法办案质量：【人均普通程序案件数】未达14件\/人的/);
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(`rule-${line.line}`);
  });

  it('sorts by a header click, numerically, and back to the ranking with its quota line', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const header = page.locator('#ranking-table th', { hasText: '（三）执法实务' });
    await header.click();
    // Descending on the first click: 14.6 … 5.2 (as text, "5.2" would sort above "14.6").
    const byThird = lishui.result.objects
      .map((o, i) => ({ o, i, v: Rational.of(o.nodes[2]!.score) }))
      .sort((a, b) => b.v.cmp(a.v) || a.i - b.i)
      .map((x) => x.o.name);
    expect(await rankingNames()).toEqual(byThird);
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await page.locator('#ranking-table tr.quota-row').isVisible()).toBe(false);
    await page.screenshot({ path: join(OUTPUT, 'lishui-sorted.png') });
    await header.click();
    expect(await rankingNames()).toEqual([...byThird].reverse());
    // 总分 ascending after two clicks: 松阳县 first.
    const total = page.locator('#ranking-table th', { hasText: '总分' });
    await total.click();
    await total.click();
    expect((await rankingNames())[0]).toBe('松阳县');
    await page.locator('#ranking-table th', { hasText: '名次' }).click();
    expect(await rankingNames()).toEqual(lishui.result.objects.map((o) => o.name));
    expect(await page.locator('#ranking-table tr.quota-row').isVisible()).toBe(true);
    // The items table sorts too.
    await page.locator('#bites-table th', { hasText: '合计失分' }).click();
    const totals = await page.locator('#bites-table tbody tr td:nth-child(4)').allInnerTexts();
    const sorted = [...totals].sort((a, b) => Rational.of(b).cmp(a));
    expect(totals).toEqual(sorted);
  });

  it('the report built in the page from compact JSON shows the same panels', async () => {
    const file = join(OUTPUT, 'lishui-2022-lazy.html');
    writeFileSync(file, renderHtml(lishui.program, lishui.result, { source: lishui.source, panels: 'lazy' }));
    const panels = async (url: string) => {
      const out: string[] = [];
      for (let i = 1; i <= lishui.result.objects.length; i++) {
        await page.goto(`${url}#unit-${i}`);
        out.push(await page.locator(`#unit-${i}`).evaluate((d) => d.outerHTML));
      }
      return out;
    };
    const written = await panels(reportUrl);
    const built = await panels(pathToFileURL(file).href);
    expect(built).toEqual(written);
    expect(built[8]).toContain('计14级，扣7分');
    expect(blocked).toEqual([]);
  });

  it('a report with many units pages its ranking, finds a unit by name and builds its panel', async () => {
    // Lishui's bureaus 70 times over (630 units): panels built in the page, ranking in pages.
    const cwd = process.cwd();
    process.chdir(ROOT);
    let data: Dataset;
    try {
      data = await readDataset(lishui.program, EXAMPLES['lishui-2022']!);
    } finally {
      process.chdir(cwd);
    }
    const copies = 70;
    const many: Dataset = {
      params: data.params,
      objects: data.objects.flatMap((o) => Array.from({ length: copies }, (_, k) => ({ ...o, name: `${o.name}${String(k + 1).padStart(2, '0')}` }))),
      events: data.events.flatMap((e) =>
        Array.from({ length: copies }, (_, k) => ({ ...e, ...(e.object ? { object: `${e.object}${String(k + 1).padStart(2, '0')}` } : {}) })),
      ),
    };
    const result = score(lishui.program, many);
    expect(result.objects).toHaveLength(9 * copies);
    const file = join(OUTPUT, 'lishui-630.html');
    writeFileSync(file, renderHtml(lishui.program, result, { source: lishui.source }));
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('body').getAttribute('data-panels')).toBe('lazy');
    expect(await page.locator('#ranking-table tbody tr[data-i]:visible').count()).toBe(RANKING_PAGE);
    expect(await page.locator('.pager .page-info').first().innerText()).toBe(`第1–${RANKING_PAGE}行，共630行`);
    await page.locator('.pager button[data-act="page-next"]').first().click();
    expect(await page.locator('#ranking-table tbody tr[data-i]:visible').count()).toBe(630 - RANKING_PAGE);
    expect((await rankingNames())[0]).toBe(result.objects[RANKING_PAGE]!.name);
    // Sorting goes back to the first page of the new order.
    await page.locator('#ranking-table th', { hasText: '总分' }).click();
    await page.locator('#ranking-table th', { hasText: '总分' }).click();
    expect((await rankingNames())[0]).toMatch(/^松阳县/);
    // Find a unit by name and open it.
    await page.locator('#unit-search').fill('松阳县07');
    await page.locator('#unit-results a', { hasText: '松阳县07' }).click();
    const i = result.objects.findIndex((o) => o.name === '松阳县07') + 1;
    const panel = page.locator(`#unit-${i}`);
    await expect.poll(() => panel.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await panel.innerText()).toContain('计14级，扣7分');
    await page.screenshot({ path: join(OUTPUT, 'lishui-630-unit.png') });
    expect(blocked).toEqual([]);
  });
});
