// The classroom page on the bundled 2019-2024 model in headless Chromium:
// the focused item is inside the picture pane and the window, each
// picture's key counts exactly what is drawn, a bad link resets the view
// and says why, the firm filter finds aliases (华为), the words read as
// sentences; and a screenshot of every view at 1000 and 1400 pixels.
// Usage: node classroom_page.mjs URL SCREENSHOT_PREFIX   (URL serves models/entity-list-2019.yaml)
import { chromium } from 'playwright-core';

const [url, prefix] = process.argv.slice(2);
if (!url || !prefix) {
  console.error('usage: node classroom_page.mjs URL SCREENSHOT_PREFIX');
  process.exit(2);
}
const origin = new URL(url).origin;
function check(condition, message) {
  if (!condition) throw new Error(message);
}

// The key's rows ("meaning: N") and the SVG classes they count.
const KEY = {
  'supply link cut by a law': 'g.edge.cut',
  "supplier's own item is lost": 'g.edge.upstream',
  'law that hit it': 'g.edge.action',
  'continues beyond the picture': 'g.edge.more',
  'red outline: lost': 'g.node.lost',
  'amber outline: degraded': 'g.node.degraded',
  'grey outline: unchanged': 'g.node.live',
  'law': 'g.node.law',
};

// Lays the picture's SVG over the <img> (test code only), then measures:
// where the focus node is, and what the key says against what is drawn.
async function measure(page) {
  return page.evaluate(async (key) => {
    const img = document.getElementById('picture');
    const text = await (await fetch(img.dataset.source)).text();
    const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
    const box = img.getBoundingClientRect();
    const layer = document.createElement('div');
    layer.style.cssText = `position:fixed;left:${box.left}px;top:${box.top}px;width:${box.width}px;height:${box.height}px;opacity:0;pointer-events:none`;
    svg.setAttribute('width', box.width);
    svg.setAttribute('height', box.height);
    layer.append(document.importNode(svg, true));
    document.body.append(layer);
    const out = { rows: [], focus: null, img: { left: box.left, right: box.right, top: box.top, bottom: box.bottom } };
    for (const t of layer.querySelectorAll('g.node.key text')) {
      const m = /^(.*): (\d+)$/.exec(t.textContent.trim());
      if (m && key[m[1]]) out.rows.push({ meaning: m[1], said: Number(m[2]), drawn: layer.querySelectorAll(key[m[1]]).length });
    }
    for (const [meaning, selector] of Object.entries(key))
      if (!out.rows.some((r) => r.meaning === meaning) && layer.querySelectorAll(selector).length)
        out.rows.push({ meaning, said: 0, drawn: layer.querySelectorAll(selector).length });
    const focus = layer.querySelector('g.node.focus');
    if (focus) {
      const r = focus.getBoundingClientRect();
      out.focus = { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }
    const pane = img.parentElement.getBoundingClientRect();
    out.pane = { left: pane.left, right: pane.right };
    out.window = { width: window.innerWidth };
    layer.remove();
    return out;
  }, KEY);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
let failed = false;
try {
  for (const width of [1000, 1400]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:'))
        problems.push('request leaves the server: ' + r.url());
    });
    const settled = async (before) =>
      page.waitForFunction((n) => Number(document.body.dataset.updates) > n, before, { timeout: 60000 });
    const pictureLoaded = () => page.waitForFunction(() => {
      const img = document.getElementById('picture');
      return !img.hidden && img.complete && img.naturalWidth > 0;
    }, null, { timeout: 60000 });
    const open = async (hash) => {
      await page.goto('about:blank');
      await page.goto(url + '#' + hash);
      await settled(0);
    };

    const views = [
      ['why-p30-2019-05', 'scenario=el-2019-05&item=huawei-p30-pro&view=why', 'huawei-p30-pro'],
      ['why-p30-2020-09', 'scenario=fdp-2020-09&item=huawei-p30-pro&view=why', 'huawei-p30-pro'],
      ['why-kirin-2019-05', 'scenario=el-2019-05&item=kirin-980&view=why', 'kirin-980'],
      ['changed-2019-05', 'scenario=el-2019-05', ''],
      ['changed-ban-asml', 'ban=asml', ''],
      ['changed-2024-12', 'scenario=el-2024-12', ''],
      ['whole-2019-05', 'scenario=el-2019-05&view=whole', ''],
    ];
    for (const [name, hash, focus] of views) {
      await open(hash);
      await pictureLoaded();
      const m = await measure(page);
      for (const r of m.rows)
        check(r.said === r.drawn, `${name} at ${width}px: the key says "${r.meaning}: ${r.said}" but ${r.drawn} are drawn`);
      if (name.startsWith('why') || name.startsWith('changed'))
        check(m.rows.length > 0, `${name}: the picture has no key`);
      if (focus) {
        check(m.focus, `${name}: no focus node in the picture`);
        check(m.focus.left >= m.pane.left - 1 && m.focus.right <= m.pane.right + 1 && m.focus.right <= m.window.width,
              `${name} at ${width}px: the focused item is outside the pane: ${JSON.stringify(m)}`);
      }
      // The headline and the table count the same things: items.
      for (const kind of ['lost', 'degraded']) {
        const headline = Number(await page.textContent(`[data-count="items ${kind}"] b`));
        const pills = await page.locator(`#vendors .pill.${kind}`).count();
        check(headline === pills, `${name}: "${headline} items ${kind}" but ${pills} ${kind} items in the table`);
      }
      check(m.img.right <= m.window.width + 1, `${name} at ${width}px: the picture is wider than the window`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      check(scrollWidth <= width, `${name} at ${width}px: the page scrolls sideways (${scrollWidth}px)`);
      await page.screenshot({ path: `${prefix}-${name}-${width}.png`, fullPage: true });
    }

    // Words: plain sentences with names, the law and the rule.
    await open('scenario=el-2019-05&item=huawei-p30-pro&view=why');
    const words = await page.textContent('#words');
    check(words.includes('Huawei Technologies can no longer make the P30 Pro'), 'no verdict sentence: ' + words);
    check(words.includes('because the US listed Huawei'), 'no cut sentence: ' + words);
    check(await page.locator('#words abbr[title]').count() > 0, 'no technical term with its meaning on hover');
    // A non-critical need: still made, not a contradiction.
    await open('scenario=el-2019-05&item=kirin-980&view=why');
    const kirin = await page.textContent('#words');
    check(kirin.includes('still makes') && kirin.includes('not essential') && !kirin.includes('can no longer make the Kirin'),
          'kirin-980 reads as a contradiction: ' + kirin);
    // One click from a lost item to its recovery plan.
    await open('scenario=el-2019-05&item=huawei-p30-pro&view=why');
    let before = Number(await page.getAttribute('body', 'data-updates'));
    await page.click('#show-recovery');
    await settled(before);
    const plan = await page.textContent('#recovery');
    check(/month/.test(plan), 'no recovery plan: ' + plan);
    // The scenario note counts inherited actions.
    await open('scenario=fdp-2020-08');
    const note = await page.textContent('#scenario-note');
    // 9 = 2 of its own + 7 inherited; 3 are not in force on its date (an
    // ended licence, the direct product rules that start on 15 Sep 2020).
    check(/Applies 9 actions \(2 of its own, 7 from/.test(note) && /6 are in force and 3 not/.test(note),
          'scenario note does not count inherited actions: ' + note);

    // A bad link resets the view and says what was wrong: first fresh,
    // then after a good view (no stale numbers, no broken picture).
    for (const fresh of [true, false]) {
      if (fresh) await page.goto('about:blank'); else await open('ban=asml');
      before = fresh ? 0 : Number(await page.getAttribute('body', 'data-updates'));
      await page.goto(url + '#scenario=el-2019-5');
      await settled(fresh ? 0 : before);
      const error = await page.textContent('#error');
      check(await page.isVisible('#error') && error.includes("no scenario 'el-2019-5'"), 'bad link not reported: ' + error);
      check(!page.url().includes('el-2019-5&') && !page.url().endsWith('el-2019-5'), 'bad link kept: ' + page.url());
      check((await page.inputValue('#scenario')) === 'el-2019-05', 'view not reset to the first scenario');
      const lost = await page.textContent('[data-count="items lost"] b');
      const expected = await page.evaluate(async () => (await (await fetch('/api/impact?scenario=el-2019-05')).json()).summary.items_lost);
      check(Number(lost) === expected, `stale numbers after a bad link: ${lost} vs ${expected}`);
      await pictureLoaded();
    }
    if (width === 1000) await page.screenshot({ path: `${prefix}-bad-link-${width}.png`, fullPage: true });

    // The firm filter finds aliases, Chinese too.
    await page.fill('#firm-filter', '华为');
    check(await page.isVisible('#firm-list label[data-firm="huawei"]'), '华为 does not find Huawei');
    check(!(await page.isVisible('#firm-list label[data-firm="asml"]')), 'the filter does not hide other firms');
    await page.fill('#firm-filter', '');

    check(problems.length === 0, problems.join('\n'));
    await page.close();
  }
  console.log('classroom page test ok; screenshots ' + prefix + '-*.png');
} catch (e) {
  failed = true;
  console.error('FAIL: ' + e.message);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
