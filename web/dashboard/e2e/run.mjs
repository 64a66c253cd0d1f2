// End-to-end test of the dashboard: generates a small shop, ingests it, starts
// `shopsense serve` on a free loopback port with the built dashboard, then drives every page
// in headless Debian Chromium through playwright-core. Fails on any console error, checks
// that a funnel is built, a search runs and a user's test event changes their
// recommendations on screen, and saves a screenshot of each page.
//
//   node web/dashboard/e2e/run.mjs build/shopsense [screenshot-dir]
//
// Exits 77 (CTest: skipped) when Chromium, playwright-core or the built dashboard is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..', 'dist');
const binary = path.resolve(process.argv[2] || process.env.SS || 'build/shopsense');
const shotDir = path.resolve(process.argv[3] || process.env.SCREENSHOT_DIR || 'e2e-screenshots');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const ADMIN = 'e2e-admin-key';

function skip(why) {
  console.log(`dashboard e2e skipped: ${why}`);
  process.exit(77);
}
if (!existsSync(chromium)) skip(`no ${chromium} (apt-get install chromium)`);
if (!existsSync(path.join(webDir, 'index.html'))) skip('dashboard not built (bash scripts/build.sh builds web/dashboard/dist)');
if (!existsSync(binary)) skip(`no binary at ${binary}`);
let playwright;
try {
  playwright = await import('playwright-core');
} catch {
  skip('playwright-core not installed (npm ci in web/dashboard)');
}

const started = Date.now();
const log = (msg) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ss-e2e-'));
let server = null;
let browser = null;

function run(args) {
  const r = spawnSync(binary, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function http(base, method, p, body) {
  const res = await fetch(base + p, {
    method, headers: { 'X-API-Key': ADMIN, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
  });
  const data = await res.json();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

function check(cond, msg) {
  if (!cond) throw new Error(`check failed: ${msg}`);
}

async function main() {
  const shop = path.join(tmp, 'shop'), store = path.join(tmp, 'store');
  run(['--quiet', '--seed', '7', 'generate', '--out', shop, '--users', '800', '--items', '300', '--categories', '12', '--brands', '20', '--days', '60']);
  run(['--quiet', '--data', store, 'ingest', path.join(shop, 'events.csv'), '--preset', 'shopsense', '--catalogue', path.join(shop, 'catalogue.csv')]);
  log('generated and ingested a shop');

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = spawn(binary, ['--quiet', '--data', store, 'serve', '--port', String(port), '--web-dir', webDir],
    { env: { ...process.env, SHOPSENSE_ADMIN_KEY: ADMIN, SHOPSENSE_API_KEY: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/health`)).ok) break; } catch { /* not up yet */ }
    if (i > 300) throw new Error('server did not come up');
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`server on ${base}`);
  // Two trained models, so the Models page and the user explorer have something to compare.
  for (const [name, spec] of [['pop', 'pop'], ['itemknn', 'itemknn']]) {
    const { job } = await http(base, 'POST', '/v1/admin/models', { name, spec, evaluate: true });
    for (;;) {
      const j = await http(base, 'GET', `/v1/admin/jobs/${job}`);
      if (j.state === 'done') break;
      if (j.state === 'failed') throw new Error(`training ${name} failed: ${j.error}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  log('trained pop and itemknn');
  const champion = (await http(base, 'GET', '/v1/analytics/segments/champions/users?limit=1')).users[0].user;
  const titled = (await http(base, 'GET', '/v1/recommend/trending?k=20')).items.find((i) => i.title);
  const titleWord = titled.title.split(' ').at(-1);  // the product noun ("kettle")

  browser = await playwright.chromium.launch({
    executablePath: chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => { if (!r.url().startsWith(base)) errors.push(`external request: ${r.url()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) errors.push(`external request: ${r.url()}`); });
  mkdirSync(shotDir, { recursive: true });
  const shot = async (name) => { await page.waitForTimeout(400); await page.screenshot({ path: path.join(shotDir, `${name}.png`), fullPage: true }); };
  const noAlerts = async (where) => check((await page.locator('[role=alert]').count()) === 0, `${where}: an error is shown: ${await page.locator('[role=alert]').allInnerTexts()}`);

  // Keys are entered once in the header form.
  await page.goto(`${base}/#/overview`);
  await page.getByRole('button', { name: /^Keys/ }).click();
  await page.getByLabel('Admin key').fill(ADMIN);
  await page.getByRole('button', { name: 'Save keys' }).click();

  // Overview with a range.
  await page.getByRole('region', { name: 'Events per type' }).locator('canvas').waitFor();
  // Keyboard: a page change focuses its heading; the skip link shows when focused and moves
  // focus to the heading; navigation links are followed with Enter.
  await page.locator('.skip').focus();
  check((await page.locator('.skip').boundingBox()).x >= 0, 'the focused skip link is on screen');
  await page.keyboard.press('Enter');
  check(await page.evaluate(() => document.activeElement.tagName === 'H1'), 'the skip link focuses the heading');
  await page.getByRole('link', { name: 'Funnels' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Funnels', level: 1 }).waitFor();
  check(await page.evaluate(() => document.activeElement.tagName === 'H1'), 'a page change focuses its heading');
  await page.goBack();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  await page.getByRole('region', { name: 'Events per type' }).locator('canvas').waitFor();
  const allEvents = await page.locator('.stat').first().innerText();
  await page.getByRole('button', { name: 'Last 7 days' }).click();
  await page.waitForFunction((before) => document.querySelector('.stat').innerText !== before, allEvents);
  await page.getByLabel('Log scale').check();
  await noAlerts('overview');
  await shot('overview');
  log('overview ok');

  // A funnel with a segment breakdown.
  await page.goto(`${base}/#/funnels`);
  await page.getByLabel('Step 2', { exact: true }).fill('favorite');
  await page.getByLabel('Step 3', { exact: true }).fill('cart');
  await page.getByRole('button', { name: 'Add step' }).click();  // a fourth step: purchase
  await page.getByLabel(/^Breakdown/).selectOption('segment');
  await page.getByLabel(/^Window/).selectOption('7d');
  await page.getByRole('button', { name: 'Build funnel' }).click();
  await page.getByRole('heading', { name: /Breakdown by segment/ }).waitFor();
  const reached = await page.locator('.funnel-table tbody tr td:nth-child(2)').allInnerTexts();
  check(reached.length === 4, `funnel has 4 steps, got ${reached.length}`);
  const counts = reached.map((t) => Number(t.replaceAll(',', '')));
  check(counts[0] > 0 && counts.every((c, i) => i === 0 || c <= counts[i - 1]), `funnel counts fall step by step: ${counts}`);
  await noAlerts('funnels');
  await shot('funnels');
  log(`funnel ok: ${counts.join(' > ')}`);

  // Retention, switched to purchases.
  await page.goto(`${base}/#/retention`);
  await page.locator('.chart canvas').waitFor();
  await page.getByRole('radio', { name: 'Purchases' }).click();
  await page.getByRole('heading', { name: /purchases/ }).waitFor();
  await noAlerts('retention');
  await shot('retention');
  log('retention ok');

  // Segments: members of one, the churn-risk list, click through to a user.
  await page.goto(`${base}/#/segments`);
  await page.getByRole('button', { name: 'champions' }).click();
  await page.getByRole('heading', { name: 'Members: champions' }).waitFor();
  await page.getByRole('heading', { name: /Highest churn risk/ }).waitFor();
  check((await page.locator('section[aria-label=Churn] tbody tr').count()) > 0, 'churn risk list has users');
  await noAlerts('segments');
  await shot('segments');
  await page.locator('section[aria-label="Members: champions"] tbody a').first().click();
  await page.waitForURL(/#\/users\//);
  log('segments ok');

  // User explorer: a test event changes the live recommendations on screen.
  await page.goto(`${base}/#/users/${encodeURIComponent(champion)}`);
  const covisit = page.locator('.rec-col[data-model=covisit] li .mono');
  await covisit.first().waitFor();
  await page.locator('.rec-col[data-model=itemknn] li').first().waitFor();
  const before = await covisit.allInnerTexts();
  const trending = (await http(base, 'GET', '/v1/recommend/trending?k=40')).items.map((i) => i.item);
  const item = trending.reverse().find((i) => !before.includes(i));
  await page.getByLabel(/^Item/).fill(item);
  await page.getByLabel(/^Event/).selectOption('cart');
  await page.getByRole('button', { name: 'Send event' }).click();
  await page.getByText(/^Sent: cart on/).waitFor();
  await page.locator('.rec-col[data-model=covisit] .badge.new').first().waitFor();
  const after = await covisit.allInnerTexts();
  check(JSON.stringify(before) !== JSON.stringify(after), `recommendations changed: ${before} -> ${after}`);
  // "use" on a recommendation cites its response: the click is attributed (Models page).
  await page.locator('.rec-col[data-model=covisit] button.mini').first().click();
  await page.getByLabel(/^Event/).selectOption('click');
  await page.getByRole('button', { name: 'Send event' }).click();
  await page.getByText(/citing the covisit response/).waitFor();
  await page.locator('.rec-col[data-model=covisit] li').first().waitFor();
  await noAlerts('users');
  await shot('users');
  // A smaller, viewport-only picture for the README (docs/img/dashboard-users.png).
  await page.setViewportSize({ width: 1100, height: 700 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shotDir, 'readme-users.png') });
  await page.setViewportSize({ width: 1360, height: 900 });
  log(`user explorer ok: ${before.join(',')} -> ${after.join(',')}`);

  // Search playground, personalised, then filtered by a facet.
  await page.goto(`${base}/#/search`);
  await page.getByLabel('Query').fill(titleWord);
  await page.getByLabel('For user').fill(champion);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('.result').first().waitFor();
  check((await page.getByText(/personalised for/).count()) === 1, 'search says it is personalised');
  await page.locator('.facets input[type=checkbox]').first().check();
  await page.waitForFunction(() => document.querySelector('.facets input[type=checkbox]:checked'));
  await page.locator('.result').first().waitFor();
  const why = await page.locator('.result .reason').first().innerText();
  check(why.includes('bm25f'), `results explain their rank: ${why}`);
  await noAlerts('search');
  await shot('search');
  log(`search ok: "${titleWord}"`);

  // Models: metrics side by side, attribution table.
  await page.goto(`${base}/#/models`);
  await page.getByRole('rowheader', { name: /itemknn/ }).waitFor();
  await page.getByRole('heading', { name: 'A/B variants and attribution' }).waitFor();
  const clicked = page.locator('section[aria-label="A/B variants and attribution"] tbody tr', { hasText: 'covisit' });
  await clicked.first().waitFor();
  const ctr = await clicked.first().locator('td').nth(4).innerText();
  check(ctr !== '0.00%', `the attributed click shows as CTR of user/covisit: ${ctr}`);
  await noAlerts('models');
  await shot('models');
  log('models ok');

  check(errors.length === 0, `no console errors or external requests:\n${errors.join('\n')}`);
  log(`all pages passed; screenshots in ${shotDir}`);
}

let code = 0;
try {
  await main();
} catch (e) {
  console.error(`dashboard e2e FAILED: ${e.stack || e}`);
  code = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => { server.on('exit', r); setTimeout(r, 5000); });
  }
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
