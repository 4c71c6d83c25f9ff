// e2e-budget-s: 600
// The MNIST tab in the built app, in headless Chromium on the CPU backend: the digits load
// (with a progress bar) and train, the grid changes, the histogram fills, weights round-trip,
// and a corrupt or missing asset gives a clear error while the toy Lab keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launch, watchErrors, waitForStep } from './harness.mjs';

let server, browser, dir;
before(async () => {
  server = await serveDist();
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'earthmover-mnist-'));
});
after(async () => { await browser?.close(); await server?.close(); });

const text = async (page, sel) => (await page.locator(sel).textContent()).trim();
const mnistStep = (page) => page.locator('#mnist-step').textContent().then(Number);

/** A hash (FNV-1a) of the grid canvas's pixels, to compare drawings. */
const GRID_HASH = () => {
  const c = document.querySelector('#mnist-grid');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let h = 0x811c9dc5;
  for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 0x01000193) >>> 0;
  return h;
};
const gridPixels = (page) => page.evaluate(GRID_HASH);
/** Waits until the grid's hash is (or is not) `hash`. (The hash is computed inline: the app's
 * CSP forbids `new Function`, in the page and in what a test runs there.) */
const waitGrid = (page, hash, equal) => page.waitForFunction(([hash, equal]) => {
  const c = document.querySelector('#mnist-grid');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let h = 0x811c9dc5;
  for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 0x01000193) >>> 0;
  return (h === hash) === equal;
}, [hash, equal], { timeout: 60000 });

async function openMnist(route) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  const errors = watchErrors(page);
  if (route) await page.route('**/mnist.bin', route);
  await page.goto(`${server.url}?backend=cpu&view=mnist`);
  return { page, errors };
}

async function waitReady(page) {
  await page.waitForSelector('#mnist-backend:has-text("CPU")', { timeout: 60000 });
  await page.waitForSelector('#mnist-play:not([disabled])', { timeout: 120000 });
}

test('MNIST loads with progress, trains, and the digit grid and histogram change', async () => {
  // Hold the response a moment so the progress bar is observable on a fast local server.
  const { page, errors } = await openMnist(async (route) => {
    await new Promise((ok) => setTimeout(ok, 1500));
    await route.continue();
  });
  await page.waitForSelector('#mnist-progress', { timeout: 10000 });
  await waitReady(page);
  assert.match(await page.getAttribute('#mnist-asset', 'title'), /^10000 digits \(\d+ kB\), checksum verified$/);
  // The MLP preset: the same pipeline, several steps per second even in a slow browser.
  await page.selectOption('#mnist-preset', 'mlp');
  await page.click('#mnist-step-both');
  await page.waitForFunction(() => document.querySelector('#mnist-step')?.textContent === '1', null, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('#mnist-present')?.dataset.counts?.split(',').length === 10);
  const before = await gridPixels(page);
  const ink = await page.$eval('#mnist-grid', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200) dark++;
    return dark / (d.length / 4);
  });
  assert.ok(ink > 0.01, `the untrained generator draws something (${ink})`);
  await page.click('#mnist-play');
  await page.waitForFunction(() => Number(document.querySelector('#mnist-step')?.textContent) >= 6, null, { timeout: 120000 });
  // Typing while it trains: the snapshots' re-renders leave the text alone until Enter.
  await page.fill('#mnist-lambda', '12');
  const typedAt = Number(await text(page, '#mnist-step'));
  await page.waitForFunction((s) => Number(document.querySelector('#mnist-step')?.textContent) > s, typedAt, { timeout: 60000 });
  assert.equal(await page.inputValue('#mnist-lambda'), '12', 'the typed text stays');
  await page.press('#mnist-lambda', 'Enter');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('mnist')?.includes('lambda:12'));
  await page.click('#mnist-pause');
  await page.waitForSelector('#mnist-play');
  assert.notEqual(await gridPixels(page), before, 'the digits changed as G trained');
  const w = parseFloat(await text(page, '#mnist-west'));
  assert.ok(Number.isFinite(w), `W estimate ${w}`);
  const counts = (await page.getAttribute('#mnist-present', 'data-counts')).split(',').map(Number);
  assert.equal(counts.reduce((a, b) => a + b, 0), 256, `256 digits classified: ${counts}`);
  assert.match(await text(page, '#mnist-present'), /^\d+ of 10$/);
  assert.ok(Number.isFinite(parseFloat(await text(page, '#mnist-kl'))));
  // Readable digits: the share the classifier is ≥ 90 % sure of, and their classes.
  assert.match(await text(page, '#mnist-readable'), /^\d+ %, over \d+ classes with ≥ 5 % each$/);
  const classes = Number(await page.getAttribute('#mnist-readable', 'data-classes'));
  assert.ok(classes >= 0 && classes <= 10, `${classes}`);
  // The digits come from G's weight average by default; the raw G draws others.
  assert.equal(await page.locator('#mnist-generator-shown').inputValue(), 'averaged');
  const averaged = await gridPixels(page);
  await page.selectOption('#mnist-generator-shown', 'raw');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('mnist')?.includes('avg:0'));
  await waitGrid(page, averaged, false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('MNIST: PNG export, weights round trip, digit filter and field validation', async () => {
  const { page, errors } = await openMnist();
  await waitReady(page);
  await page.selectOption('#mnist-preset', 'mlp');
  await page.waitForFunction(() => document.querySelector('#mnist-step')?.textContent === '0');
  for (let i = 0; i < 3; i++) await page.click('#mnist-step-both');
  await page.waitForFunction(() => document.querySelector('#mnist-step')?.textContent === '3', null, { timeout: 60000 });
  const saved = await gridPixels(page);

  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#mnist-export-png')]);
  assert.match(png.suggestedFilename(), /^earthmover-mnist-step-3\.png$/);
  const pngPath = join(dir, png.suggestedFilename());
  await png.saveAs(pngPath);
  assert.deepEqual([...(await readFile(pngPath)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

  const [wd] = await Promise.all([page.waitForEvent('download'), page.click('#mnist-export-weights')]);
  assert.match(wd.suggestedFilename(), /^earthmover-mnist-step-3\.weights$/);
  const weightsPath = join(dir, wd.suggestedFilename());
  await wd.saveAs(weightsPath);

  await page.click('#mnist-reset');
  await waitGrid(page, saved, false);
  assert.equal(await mnistStep(page), 0);
  await page.setInputFiles('#mnist-load-weights', weightsPath);
  await page.waitForFunction(() => document.querySelector('#mnist-step')?.textContent === '3', null, { timeout: 60000 });
  // The loaded weights draw the saved digits exactly.
  await waitGrid(page, saved, true);

  // A damaged weights file is refused with a message; the run is unchanged.
  const bad = join(dir, 'bad.weights');
  const bytes = await readFile(weightsPath);
  await import('node:fs/promises').then((fs) => fs.writeFile(bad, bytes.subarray(0, bytes.length - 10)));
  await page.setInputFiles('#mnist-load-weights', bad);
  await page.waitForSelector('#mnist-weights-notice:has-text("Weights not loaded")');
  assert.equal(await mnistStep(page), 3);

  // Invalid values are flagged inline and not applied.
  await page.fill('#mnist-lr', 'fast');
  await page.locator('#mnist-lr').dispatchEvent('change');
  await page.waitForSelector('#mnist-field-error:has-text("not a number")');
  await page.fill('#mnist-batch', '0');
  await page.locator('#mnist-batch').dispatchEvent('change');
  await page.waitForSelector('#mnist-field-error:has-text("batch")');
  await page.fill('#mnist-batch', '20');
  await page.locator('#mnist-batch').dispatchEvent('change');
  await page.waitForSelector('#mnist-field-error', { state: 'detached' });

  // Only 0s and 1s: untick every other digit; the run continues on the filtered digits.
  for (let d = 2; d < 10; d++) await page.uncheck(`#mnist-digit-${d}`);
  await page.click('#mnist-step-both');
  await page.waitForFunction(() => document.querySelector('#mnist-step')?.textContent === '4', null, { timeout: 60000 });
  await page.uncheck('#mnist-digit-1');
  await page.click('#mnist-digit-0');
  await page.waitForSelector('#mnist-field-error:has-text("at least one digit")');
  assert.ok(await page.isChecked('#mnist-digit-0'), 'the last digit stays ticked');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a corrupt MNIST asset shows an error and the toy Lab keeps training', async () => {
  const { page } = await openMnist(async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[body.length >> 1] ^= 0x40;
    await route.fulfill({ response, body });
  });
  await page.waitForSelector('#mnist-error:has-text("damaged")', { timeout: 60000 });
  assert.match(await text(page, '#mnist-error'), /other tabs keep working/);
  await page.click('#tab-lab');
  await page.waitForSelector('#backend:has-text("CPU")', { timeout: 60000 });
  await page.click('#step-both');
  await waitForStep(page, 1, 60000);
  await page.close();
});

test('a missing MNIST asset says so', async () => {
  const { page } = await openMnist((route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.waitForSelector('#mnist-error:has-text("HTTP 404")', { timeout: 60000 });
  await page.close();
});

test('MNIST settings live in the address, a link reproduces the run, a bad value is skipped with a notice', async () => {
  const link = 'preset:zeros-ones,arch:mlp,width:8,loss:bce,lambda:5,clip:0.01,n_critic:2,lr:0.0005,batch:20,noise_dim:64,seed:9,digits:01';
  const run = async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors = watchErrors(page);
    await page.goto(`${server.url}?backend=cpu&view=mnist&mnist=${link}`);
    await waitReady(page);
    for (let i = 0; i < 2; i++) await page.click('#mnist-step-both');
    await page.waitForFunction(() => document.querySelector('#mnist-step')?.textContent === '2', null, { timeout: 60000 });
    return { page, errors, w: await text(page, '#mnist-west'), grid: await gridPixels(page) };
  };
  const a = await run();
  const { page } = a;
  for (const [id, value] of [['#mnist-preset', 'zeros-ones'], ['#mnist-arch', 'mlp'], ['#mnist-loss', 'bce'],
    ['#mnist-width', '8'], ['#mnist-lambda', '5'], ['#mnist-n_critic', '2'], ['#mnist-lr', '0.0005'],
    ['#mnist-batch', '20'], ['#mnist-seed', '9']]) {
    assert.equal(await page.locator(id).inputValue(), value, id);
  }
  assert.ok(await page.isChecked('#mnist-digit-1'));
  assert.ok(!(await page.isChecked('#mnist-digit-2')));
  assert.ok(new URL(page.url()).searchParams.get('mnist').startsWith('preset:zeros-ones,arch:mlp,width:8,'));
  const b = await run();
  assert.equal(b.w, a.w, 'the same link gives the same W estimate at step 2');
  assert.equal(b.grid, a.grid, 'and the same digits');
  assert.deepEqual([...a.errors, ...b.errors], []);
  await b.page.close();

  // A change is written back to the address.
  await page.fill('#mnist-lambda', '7');
  await page.locator('#mnist-lambda').dispatchEvent('change');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('mnist')?.includes('lambda:7,'));
  await page.close();

  // One bad value costs only itself: it is named, and the rest of the link is used.
  const bad = await browser.newPage();
  await bad.goto(`${server.url}?backend=cpu&view=mnist&mnist=width:8,lr:fast,seed:4`);
  await bad.waitForSelector('.notice:has-text("not understood")', { timeout: 60000 });
  assert.match(await bad.locator('.notice').first().textContent(), /lr/);
  await waitReady(bad);
  assert.equal(await bad.locator('#mnist-width').inputValue(), '8');
  await bad.close();
  // Settings that cannot run as a whole fall back to the defaults, and say so.
  const invalid = await browser.newPage();
  await invalid.goto(`${server.url}?backend=cpu&view=mnist&mnist=width:2`);
  await invalid.waitForSelector('.notice:has-text("invalid")', { timeout: 60000 });
  await waitReady(invalid);
  assert.equal(await invalid.locator('#mnist-width').inputValue(), '16');
  await invalid.close();
});
