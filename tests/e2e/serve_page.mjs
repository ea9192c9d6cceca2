// Drives the `decouple serve` page in headless Chromium: load it, pick a
// scenario, blacklist a firm, check that the expected item turns lost and
// that its reason chain shows, and take a screenshot.
// Usage: node serve_page.mjs URL SCREENSHOT.png   (URL serves tests/data/mini.yaml)
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node serve_page.mjs URL SCREENSHOT.png');
  process.exit(2);
}
const origin = new URL(url).origin;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:'))
      problems.push('request leaves the server: ' + r.url());
  });
  // Each change of the controls bumps body[data-updates] when it has rendered.
  const updates = async () => Number(await page.getAttribute('body', 'data-updates'));
  const settled = async (before) =>
    page.waitForFunction((n) => Number(document.body.dataset.updates) > n, before, { timeout: 20000 });

  await page.goto(url);
  await settled(0);
  check((await page.textContent('#model-name')) === 'Mini phone', 'model name not shown');

  // Under the license scenario chip-a is still made: EDA is licensed.
  let before = await updates();
  await page.selectOption('#scenario', 'lic');
  await settled(before);
  check(await page.locator('#vendors [data-item="chip-a"]').count() === 0, 'chip-a lost before the blacklist');

  // Blacklist the Taiwanese foundry: chip-a loses its only current foundry.
  before = await updates();
  await page.check('#firm-list input[value="fab"]');
  await settled(before);
  const lost = page.locator('#lost-chipco [data-item="chip-a"]');
  check(await lost.count() === 1, 'chip-a did not turn lost after blacklisting fab');
  check(await page.locator('#lost-phoneco [data-item="phone"]').count() === 1, 'phone did not turn lost');
  check(page.url().includes('ban=fab'), 'the URL does not record the blacklist: ' + page.url());

  // Its reason chain names the need and the banned maker.
  before = await updates();
  await lost.click();
  await settled(before);
  const chain = await page.textContent('#chain');
  check(chain.includes("need 'foundry' has no live current option"), 'chain lacks the dead need: ' + chain);
  check(chain.includes('its maker is banned'), 'chain lacks the ban: ' + chain);
  await page.waitForFunction(() => {
    const img = document.getElementById('picture');
    return !img.hidden && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 20000 }).catch(() => problems.push('the picture did not load'));

  await page.screenshot({ path: screenshot, fullPage: true });
  check(problems.length === 0, problems.join('\n'));
  console.log('page test ok; screenshot in ' + screenshot);
} catch (e) {
  failed = true;
  console.error('FAIL: ' + e.message);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
