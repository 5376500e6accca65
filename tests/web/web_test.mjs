// tertial-web as a person uses it, in a real browser: Debian's chromium driven by
// puppeteer-core. Makes the demo municipality (scripts/demo-pipeline), starts tertiald on
// it with a tokens file and tertial-web in front, then signs in, opens each page, downloads
// every format, signs out; runs axe-core on every page (0 serious or critical violations);
// and checks the refusals: no page or API without a session or token, a wrong token, a
// forged CSRF token, another organisation, HTML in user text. Screenshots go to --out.
// Stops everything it starts. Exit 77 (skipped) without chromium or the npm packages.
//
//   node tests/web/web_test.mjs --build-dir build --out build/tests/web/output

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { root, startStack } from './stack.mjs';

const require = createRequire(import.meta.url);
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const buildDir = path.resolve(args['build-dir'] ?? path.join(root, 'build'));
const outDir = path.resolve(args.out ?? path.join(buildDir, 'tests/web/output'));
const chromium = '/usr/bin/chromium';

let puppeteer, axeSource;
try {
  puppeteer = require('puppeteer-core');
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  console.log(`SKIP: npm packages missing (run scripts/setup.sh --with-test-tools): ${e.message}`);
  process.exit(77);
}
if (!fs.existsSync(chromium)) {
  console.log(`SKIP: no ${chromium}`);
  process.exit(77);
}

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

async function axe(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  fs.writeFileSync(path.join(outDir, `axe-${name}.json`), JSON.stringify(result.violations, null, 1));
  check(bad.length === 0, `axe on ${name}: ${bad.length} serious or critical violations` +
    bad.map((v) => `\n      ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target})`).join(''));
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
}

const work = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'web-test-'));
let browser;
let stack;
try {
  fs.mkdirSync(outDir, { recursive: true });
  console.log('== the demo municipality (scripts/demo-pipeline), tertiald and tertial-web');
  stack = await startStack({ buildDir, work, logDir: outDir });
  const { base, server, anna, olle } = stack;
  console.log(`== tertial-web on ${base}, tertiald on ${server}`);

  // HTML in a controller's text, set through the CLI for July: shown escaped everywhere.
  const evil = path.join(work, 'evil.md');
  fs.writeFileSync(evil, 'Analys <script>document.title="pwned"</script> <img src=x onerror="document.title=\'pwned\'">\n');
  execFileSync(path.join(buildDir, 'apps/tertial'),
    ['narrative', 'set', '--org', '0580', '--board', 'KS', '--period', '2021-07', '--section', 'economy',
     '--file', evil, '--server', server, '--token', anna], { stdio: ['ignore', 'ignore', 'inherit'] });

  // --- Refusals, as a program sees them.
  const get = (p, headers = {}) => fetch(base + p, { headers, redirect: 'manual' });
  check((await get('/')).status === 303 && (await get('/')).headers.get('location') === '/login',
    'a page without a session sends the browser to /login');
  check((await get('/report/0580/KS/2021-08')).status === 303, 'the report page needs a session');
  check((await get('/api/v1/reporting/ListReports')).status === 401, 'the API without session or token: 401');
  check((await get('/report/0580/KS/2021-08.xlsx')).status === 401, 'a download without session or token: 401');
  check((await get('/api/v1/reporting/ListReports', { Authorization: 'Bearer not-a-token' })).status === 401,
    'the API with a wrong token: 401');
  const listed = await get('/api/v1/reporting/ListReports', { Authorization: `Bearer ${anna}` });
  const listedJson = await listed.json();
  check(listed.status === 200 && listedJson.reports?.some((r) => r.board === 'KS' && r.organisation === '0580'),
    'the API with a bearer token: the reports as JSON (protobuf mapping)');
  const goalReport = await get('/api/v1/goals/GetGoalReport?board_unit_id=KS&period=2021-08', { Authorization: `Bearer ${anna}` });
  check(goalReport.status === 200, `GET /api/v1/goals/GetGoalReport: ${goalReport.status}`);
  check((await get('/api/v1/reporting/ListReports?organisation=0580', { Authorization: `Bearer ${olle}` })).status === 403,
    "another municipality's token cannot read 0580 through the API");
  check((await get('/report/0580/KS/2021-08.json', { Authorization: `Bearer ${olle}` })).status === 403,
    "another municipality's token cannot download 0580's report");
  const olleList = await (await get('/api/v1/reporting/ListReports', { Authorization: `Bearer ${olle}` })).json();
  check(!(olleList.reports ?? []).some((r) => r.organisation === '0580'), "another municipality's list shows nothing of 0580");
  const noCsrfLogin = await fetch(base + '/login', {
    method: 'POST', redirect: 'manual', body: `token=${anna}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  check(noCsrfLogin.status === 403, 'signing in without the form\'s CSRF token is refused');

  // --- As a person: the browser.
  browser = await puppeteer.launch({
    executablePath: chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', `--user-data-dir=${path.join(work, 'chromium')}`],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  // The app's CSP lets no script run; axe is test tooling injected past it.
  await page.setBypassCSP(true);
  let response = await page.goto(base + '/', { waitUntil: 'load' });
  check(page.url() === base + '/login', `opening / without a session shows the login page (${page.url()})`);
  await axe(page, 'login');
  await shot(page, '01-login');

  await page.type('#token', 'not-a-token');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  const error = await page.$eval('[role=alert]', (e) => e.textContent).catch(() => '');
  check(/Okänd/.test(error), `a wrong token is refused with a message ("${error}")`);
  await axe(page, 'login-error');

  await page.type('#token', anna);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check(page.url() === base + '/', `signing in leads to the start page (${page.url()})`);
  const cookies = await page.cookies();
  const session = cookies.find((c) => c.name === 'tertial_session');
  check(session && session.httpOnly && session.sameSite === 'Strict' && session.expires > Date.now() / 1000,
    'the session cookie is HttpOnly, SameSite=Strict, with an expiry');
  check(!cookies.some((c) => c.value.includes(anna)), 'the token itself is in no cookie');
  const h1 = await page.$eval('h1', (e) => e.textContent);
  check(h1 === 'Uppföljning', `the start page: "${h1}"`);
  const startText = await page.$eval('main', (e) => e.innerText);
  check(/Kommunstyrelsen/.test(startText) && /Nämndmål med bedömning/.test(startText) && /Kontroller/.test(startText),
    'the start page shows the board, the goals assessed and the findings');
  await axe(page, 'start');
  await shot(page, '02-start');

  // Another period through the form (a GET, works without JavaScript).
  await page.select('select[name=period]', '2021-07');
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  check(page.url() === base + '/?period=2021-07', `choosing a period shows it (${page.url()})`);
  const julyText = await page.$eval('main', (e) => e.innerText);
  check(/juli 2021/.test(julyText), 'the start page shows July');
  await axe(page, 'start-july');
  await shot(page, '03-start-july');

  // The board's unit page, and a unit below it.
  await page.goto(base + '/');
  await Promise.all([page.waitForNavigation(), page.click('a[href="/unit/0580/KS/2021-08"]')]);
  check(page.url() === base + '/unit/0580/KS/2021-08', `the unit page (${page.url()})`);
  const unitText = await page.$eval('main', (e) => e.innerText);
  check(/Prognos helår/.test(unitText) && /augusti 2021/.test(unitText) && /Justeringar/.test(unitText),
    'the unit page shows the forecast, the months and the adjustments');
  check(/\d \d{3}/.test(unitText), 'amounts in the report\'s style (tkr, space-grouped)');
  await axe(page, 'unit-board');
  await shot(page, '04-unit-board');
  const child = await page.$eval('#children + table a, table[aria-labelledby=children] a', (a) => a.getAttribute('href')).catch(() => null);
  check(child !== null, `the unit page links the units below it (${child})`);
  if (child) {
    await Promise.all([page.waitForNavigation(), page.click(`a[href="${child}"]`)]);
    await axe(page, 'unit-child');
    await shot(page, '05-unit-child');
  }

  // The board's goals.
  await page.goto(base + '/');
  await Promise.all([page.waitForNavigation(), page.click('a[href="/goals/0580/KS/2021-08"]')]);
  const goalsText = await page.$eval('main', (e) => e.innerText);
  check(/Nämndmål augusti 2021/.test(goalsText) && /Bedömning: uppfylls/.test(goalsText) && /Indikator/.test(goalsText),
    'the goals page shows each nämndmål with its assessment and indicators');
  await axe(page, 'goals');
  await shot(page, '05b-goals');

  // The report page, from the start page's link.
  await page.goto(base + '/');
  await Promise.all([page.waitForNavigation(), page.click('a[href="/report/0580/KS/2021-08"]')]);
  check(page.url() === base + '/report/0580/KS/2021-08', `the report page (${page.url()})`);
  const frame = await (await page.waitForSelector('iframe.report')).contentFrame();
  await frame.waitForSelector('h1');
  const reportTitle = await frame.$eval('h1', (e) => e.textContent);
  check(/Delårsrapport per 31 augusti 2021/.test(reportTitle), `the report renders in the page ("${reportTitle}")`);
  await axe(page, 'report');
  await shot(page, '06-report');
  const links = await page.$$eval('ul.downloads a', (as) => as.map((a) => a.getAttribute('href')));
  check(links.length >= 5, `download links: ${links.length}`);
  for (const href of links) {
    const r = await page.evaluate(async (h) => {
      const res = await fetch(h);
      return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength };
    }, href);
    check(r.status === 200 && r.size > 0, `download ${href}: ${r.status}, ${r.type}, ${r.size} bytes`);
  }

  // The report itself as a page, and July's with the controller's HTML in it.
  await page.goto(base + '/report/0580/KS/2021-08.html');
  await axe(page, 'report-html');
  await page.goto(base + '/report/0580/KS/2021-07.html');
  const july = await page.evaluate(() => ({
    title: document.title,
    scripts: document.querySelectorAll('script').length,
    imgs: document.querySelectorAll('img').length,
    shown: document.body.innerText.includes('<script>document.title'),
  }));
  check(july.title !== 'pwned' && july.scripts === 0 && july.imgs === 0 && july.shown,
    `HTML in a controller's text is shown as text, never run (${JSON.stringify(july)})`);
  await page.goto(base + '/?period=2021-07');
  check((await page.title()) !== 'pwned' && (await page.$$('main script')).length === 0, 'the start page runs nothing from the text');

  // Another organisation's report in the browser.
  response = await page.goto(base + '/report/0999/KS/2021-08');
  check(response.status() === 403, `another organisation's report page: ${response.status()}`);
  await axe(page, 'forbidden');

  // CSRF: signing out from another page without the token is refused; the session stays.
  const forged = await page.evaluate(async () => {
    const res = await fetch('/logout', { method: 'POST', body: 'csrf=forged', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    return res.status;
  });
  check(forged === 403, `sign-out with a forged CSRF token: ${forged}`);
  await page.goto(base + '/');
  check(page.url() === base + '/', 'the session survives the forged sign-out');

  // Sign out.
  await Promise.all([page.waitForNavigation(), page.click('header form button[type=submit]')]);
  check(page.url() === base + '/login', `signing out leads to the login page (${page.url()})`);
  await shot(page, '07-signed-out');
  await page.goto(base + '/');
  check(page.url() === base + '/login', 'after signing out, / asks to sign in again');
  const stale = await fetch(base + '/', { headers: { Cookie: `tertial_session=${session.value}` }, redirect: 'manual' });
  check(stale.status === 303, 'the old session id no longer opens a page');
} catch (e) {
  console.log(`FAIL: ${e.stack ?? e}`);
  failures++;
} finally {
  if (browser) await browser.close();
  if (stack) await stack.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? 'PASS' : `${failures} check(s) failed; screenshots and logs in ${outDir}`);
process.exit(failures === 0 ? 0 : 1);
