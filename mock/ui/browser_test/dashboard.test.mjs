// The dashboard in a real browser: Debian's chromium driven by puppeteer-core
// against `graph-mock serve --clock virtual --admin-token ...`; and pages of
// other sites (served here, their names mapped to 127.0.0.1 by the browser)
// trying to control a mock started with the defaults.
// Environment: GRAPHMOCK_BINARY, CHROMIUM, SCREENSHOT_DIR, FIXTURES_DIR.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import puppeteer from 'puppeteer-core';

const TOKEN = 'dashboard-test-token';
const QUIET = '41142dae-02dd-459b-9365-63e26e8d2653'; // a fixture device with no pending action
const SHOTS = process.env.SCREENSHOT_DIR;
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const fixtureDevices = JSON.parse(readFileSync(`${process.env.FIXTURES_DIR}/default/teamworkDevices.json`, 'utf8')).value;

const mocks = [];
let base;
let browser;

// `graph-mock serve --port 0 --clock virtual --log off ARGS`: its base URL, once it listens.
async function serve(args) {
  const mock = spawn(process.env.GRAPHMOCK_BINARY,
    ['serve', '--port', '0', '--clock', 'virtual', '--log', 'off', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  mocks.push(mock);
  return new Promise((resolve, reject) => {
    let out = '';
    mock.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (\S+)/);
      if (m) resolve(m[1]);
    });
    mock.on('exit', (code) => reject(new Error(`graph-mock exited with ${code}`)));
  });
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  base = await serve(['--admin-token', TOKEN]);
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    // Other sites for the cross-site tests: names the browser resolves to this machine.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP evil.example 127.0.0.1, MAP rebind.example 127.0.0.1'],
  });
});

after(async () => {
  await browser?.close();
  for (const mock of mocks) mock.kill();
});

// A page in its own context, signed in when `token` is given; console errors collected.
async function open(token, size = SIZES.desktop, at = base) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(size);
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  if (token) await page.evaluateOnNewDocument((t) => sessionStorage.setItem('graphmock.adminToken', t), token);
  await page.goto(`${at}/_mock/ui`);
  return { page, errors, context };
}

async function ready(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 5000 });
}

async function show(page, hash, selector) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(selector, { visible: true, timeout: 3000 });
}

async function shot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

function graph(method, path) {
  return fetch(`${base}${path}`, { method, headers: { Authorization: 'Bearer test' } });
}

test('the admin token gate: asked once, a wrong token refused, the right one kept for the tab', async () => {
  const { page, context } = await open(null);
  await page.waitForSelector('#token-form', { visible: true });
  assert.equal(await page.$('#view-fleet').then((v) => v.isVisible()), false);
  await page.type('#token-input', 'wrong');
  await page.click('#token-form button[type=submit]');
  await page.waitForSelector('#token-error', { visible: true });
  assert.match(await page.$eval('#token-error', (e) => e.textContent), /refused/);
  await page.$eval('#token-input', (i) => { i.value = ''; });
  await page.type('#token-input', TOKEN);
  await page.click('#token-form button[type=submit]');
  await ready(page);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('graphmock.adminToken')), TOKEN);
  await page.reload();
  await ready(page); // no second prompt in the same tab
  assert.equal(await page.$('#token-form').then((f) => f.isVisible()), false);
  await context.close();
});

test('fleet, device actions on the timeline, the clock, a 429 from the page into the journal', async () => {
  const { page, errors, context } = await open(TOKEN);
  await ready(page);
  assert.equal(await page.$('#token-form').then((f) => f.isVisible()), false);

  // Fleet: every fixture device, with counts per health state.
  await page.waitForSelector('#fleet-table tbody tr');
  const listed = await page.$$eval('#fleet-table tbody tr', (rows) => rows.map((r) => r.dataset.deviceId));
  assert.deepEqual(listed.sort(), fixtureDevices.map((d) => d.id).sort());
  const total = await page.$eval('#fleet-counts li strong', (s) => Number(s.textContent));
  assert.equal(total, fixtureDevices.length);
  await page.waitForSelector('#live::-p-text(live)', { timeout: 3000 });
  await shot(page, 'fleet-desktop');

  // Device: runDiagnostics through the Graph route; its bar appears.
  await page.click(`#fleet-table tr[data-device-id="${QUIET}"] a`);
  await page.waitForSelector('#view-device', { visible: true });
  await page.click('button[data-action="runDiagnostics"]');
  await page.waitForFunction(() => /runDiagnostics accepted: operation \S+/.test(document.querySelector('#action-result').textContent));
  const opId = (await page.$eval('#action-result', (e) => e.textContent)).split(' ').pop();
  const bar = `#timeline g[data-operation-id="${opId}"]`;
  await page.waitForSelector(`${bar} rect.bar-queued`, { timeout: 3000 });
  assert.equal(await page.$eval(bar, (g) => g.dataset.status), 'queued');
  await shot(page, 'device-desktop');

  // Clock: +1 min from the page takes the 10 s + 50 s diagnostics to its end.
  await page.click('button[data-advance="60"]');
  await page.waitForSelector(`${bar}[data-status="successful"] rect.bar-successful`, { timeout: 3000 });
  assert.equal(await page.$eval('#clock-now', (t) => t.getAttribute('datetime')), '2026-01-05T09:01:00Z');

  // Faults: arm a one-shot 429 from the template form.
  await show(page, '#faults', '#fault-form');
  await page.select('#fault-template', '429');
  await page.select('#fault-method', 'GET');
  await page.$eval('#fault-path', (i) => { i.value = ''; });
  await page.type('#fault-path', '/beta/teamwork/devices');
  await page.type('#fault-times', '1');
  await page.click('#fault-form button[type=submit]');
  await page.waitForSelector('#faults-table tr[data-rule-id]');
  await shot(page, 'faults-desktop');

  // The next Graph call is a 429, and the journal view shows it within 1 s.
  await show(page, '#journal', '#journal-table');
  const r = await graph('GET', '/beta/teamwork/devices');
  assert.equal(r.status, 429);
  const seen = Date.now();
  await page.waitForSelector('#journal-table tr[data-seq] td .s-4xx', { timeout: 1000 });
  assert.ok(Date.now() - seen < 1000);
  await page.click('#journal-table tr[data-seq] button');
  await page.waitForFunction(() => document.querySelector('#journal-detail').textContent.includes('TooManyRequests'));
  // Retried at once, before its Retry-After: the client verdicts above the table say so.
  assert.equal((await graph('GET', '/beta/teamwork/devices')).status, 200);
  await page.waitForFunction(() => document.querySelector('#verdicts-list .verdict.violation')?.textContent
    .includes('retry-before-retry-after'), { timeout: 2000 });
  await shot(page, 'journal-desktop');

  await show(page, '#logs', '#logs-body section');
  await shot(page, 'logs-desktop');
  // A completed request's action, at the path the manifest gives (GET /_mock/families): a URL.
  await page.click('#logs-body button[data-action="createDownloadUrl"]');
  await page.waitForSelector('#logs-body a[href^="https://"]', { timeout: 3000 });

  assert.deepEqual(errors, []);
  await context.close();
});

test('every view at phone width: no horizontal scrolling of the page, screenshots', async () => {
  const { page, errors, context } = await open(TOKEN, SIZES.phone);
  await ready(page);
  const views = { fleet: '#fleet-table', [`device/${QUIET}`]: '#timeline svg', logs: '#logs-body section',
    journal: '#journal-table', faults: '#fault-form' };
  for (const [hash, selector] of Object.entries(views)) {
    await show(page, `#${hash}`, selector);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `#${hash} is ${overflow}px wider than the phone`);
    await shot(page, `${hash.split('/')[0]}-phone`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

// serve --watch: a save that does not pass its checks shows as a banner (file and pointer)
// until a valid save; the data before it stays served.
test('a broken fixture save under --watch shows on the page until a valid one', async () => {
  const dir = `${tmpdir()}/graphmock-dashboard-watch-${process.pid}`;
  rmSync(dir, { recursive: true, force: true });
  cpSync(`${process.env.FIXTURES_DIR}/default`, `${dir}/default`, { recursive: true });
  const file = `${dir}/default/teamworkDevices.json`;
  const original = readFileSync(file, 'utf8');
  const target = await serve(['--watch', '--fixtures', dir]);
  const { page, errors, context } = await open(null, SIZES.desktop, target);
  try {
    await ready(page);
    writeFileSync(file, original.replace('"deviceType": "teamsRoom"', '"deviceType": "TeamsRoom"'));
    await page.waitForSelector('#watch-error', { visible: true, timeout: 5000 });
    const banner = await page.$eval('#watch-error', (e) => e.textContent);
    assert.match(banner, /teamworkDevices\.json: \/value\/\d+\/deviceType: 'TeamsRoom' is not one of/);
    writeFileSync(file, original);
    await page.waitForSelector('#watch-error', { hidden: true, timeout: 5000 });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// A mock with the defaults (no admin token): only its origin checks stand
// between a page of another site and /_mock. The page posts a text/plain form
// and a no-cors fetch to /_mock/reset, as any site could; a DNS-rebinding name
// for the mock's own address then tries to read the journal.
test('pages of other sites cannot reset the mock or read its journal', async () => {
  const journalFile = `${tmpdir()}/graphmock-cross-site-${process.pid}.jsonl`;
  rmSync(journalFile, { force: true });
  const target = await serve(['--journal-file', journalFile]);
  const admin = (method, path, body) => fetch(`${target}${path}`, {
    method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  // Moved on, so a reset that got through would show: it puts the clock back.
  assert.equal((await admin('POST', '/_mock/clock/advance', { seconds: 60 })).status, 200);

  const evil = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><title>evil</title><iframe name="sink"></iframe>
      <form method="post" enctype="text/plain" target="sink" action="${target}/_mock/reset">
      <input name="x" value="y"></form>`);
  });
  await new Promise((resolve) => evil.listen(0, '127.0.0.1', resolve));
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://evil.example:${evil.address().port}/`);
    await page.evaluate(async (reset) => {
      const sink = document.querySelector('iframe');
      const loaded = new Promise((resolve) => sink.addEventListener('load', resolve, { once: true }));
      document.querySelector('form').submit();
      await loaded;
      await fetch(reset, { mode: 'no-cors', method: 'POST', body: 'x=y' });
    }, `${target}/_mock/reset`);

    const rebound = await page.goto(`${target.replace('127.0.0.1', 'rebind.example')}/_mock/requests`);
    assert.equal(rebound.status(), 403);
    assert.match(await rebound.text(), /DNS rebinding/);
  } finally {
    await context.close();
    evil.close();
  }

  const clock = await (await admin('GET', '/_mock/clock')).json();
  assert.equal(clock.now, '2026-01-05T09:01:00Z', 'the clock was not reset');
  // Both attempts reached the mock and were refused (the file records admin calls too).
  const resets = readFileSync(journalFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    .filter((e) => e.path === '/_mock/reset');
  assert.deepEqual(resets.map((e) => e.status), [403, 403]);
  const origin = (e) => Object.entries(e.request.headers).find(([k]) => k.toLowerCase() === 'origin')?.[1];
  for (const e of resets) assert.match(origin(e) ?? '', /^http:\/\/evil\.example:/);
  rmSync(journalFile, { force: true });
});
