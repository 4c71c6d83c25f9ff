// e2e-budget-s: 400
// The Lab's exports, weights round trip, extra layers, worker-failure recovery and race mode,
// in the built app in headless Chromium on the CPU backend.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launch, watchErrors, stepCount, waitForStep, inkFraction } from './harness.mjs';

let server, browser, dir;
before(async () => {
  server = await serveDist();
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'earthmover-'));
});
after(async () => { await browser?.close(); await server?.close(); });

async function open(query = '', hash = '') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const errors = watchErrors(page);
  await page.goto(`${server.url}?backend=cpu${query}${hash}`);
  await page.waitForSelector('#backend:has-text("CPU")', { timeout: 60000 });
  await page.waitForFunction(() => Number.isFinite(parseFloat(document.querySelector('#w-estimate')?.textContent)), null, { timeout: 60000 });
  return { page, errors };
}

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(dir, d.suggestedFilename());
  await d.saveAs(path);
  return { name: d.suggestedFilename(), bytes: await readFile(path), path };
}

const text = async (page, sel) => (await page.locator(sel).textContent()).trim();

test('exports: plot PNG and metrics CSV', async () => {
  const { page, errors } = await open();
  for (let i = 0; i < 4; i++) await page.click('#step-both');
  await waitForStep(page, 4);
  const png = await download(page, '#export-png');
  assert.match(png.name, /^earthmover-step-\d+\.png$/);
  assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
  assert.ok(png.bytes.length > 5000, `the PNG has content (${png.bytes.length} bytes)`);
  const csv = await download(page, '#export-csv');
  const lines = csv.bytes.toString().trim().split('\n');
  assert.equal(lines[0], 'step,w_estimate,gradient_penalty,g_loss,emd,high_quality');
  assert.ok(lines.length >= 3, `rows: ${lines.length}`);
  const last = lines.at(-1).split(',');
  assert.equal(Number(last[0]), await stepCount(page));
  assert.ok(Number.isFinite(Number(last[1])));
  assert.deepEqual(errors, []);
  await page.close();
});

test('weights: save, reset, load back restores the same generator; a bad file is refused', async () => {
  const { page, errors } = await open('', '#v=1&data=8gaussians&loss=wgan-gp&width=64&seed=5');
  await page.click('#play');
  await waitForStep(page, 30);
  await page.click('#pause');
  await page.waitForSelector('#play');
  await page.waitForTimeout(500);
  const step = await text(page, '#step');
  const emd = await text(page, '#emd');
  const saved = await download(page, '#export-weights');
  assert.equal(saved.name, `earthmover-step-${step}.weights`);
  // A burn record: burnpack's magic, tensors named by module path, our metadata.
  assert.equal(saved.bytes.readUInt32LE(0), 0x4255524e, 'burnpack magic "BURN"');
  for (const name of ['generator.layers.0.weight', 'critic.layers.2.bias', 'earthmover-lab-weights']) {
    assert.ok(saved.bytes.includes(name), `the record names ${name}`);
  }
  // A new run with other settings; loading the file brings back its settings and its networks.
  await page.fill('#field-width', '32');
  await page.press('#field-width', 'Enter');
  await page.locator('#field-width').blur();
  await page.waitForFunction(() => document.querySelector('#step')?.textContent === '0');
  assert.notEqual(await text(page, '#emd'), emd, 'a fresh run differs');
  await page.setInputFiles('#load-weights', saved.path);
  await page.waitForSelector('.notice:has-text("Loaded weights")');
  await page.waitForFunction((s) => document.querySelector('#step')?.textContent === s, step);
  await page.waitForFunction((e) => document.querySelector('#emd')?.textContent === e, emd, { timeout: 10000 })
    .catch(async () => assert.fail(`EMD after loading ${await text(page, '#emd')} vs saved ${emd}`));
  assert.equal(await page.inputValue('#field-width'), '64', 'the file brings its own settings');
  assert.match(page.url(), /width=64/);
  // A damaged file: a message, and the run stays as it was.
  const bad = join(dir, 'bad.weights');
  await writeFile(bad, saved.bytes.subarray(0, saved.bytes.length - 7));
  await page.setInputFiles('#load-weights', bad);
  await page.waitForSelector('.notice:has-text("Weights not loaded")');
  assert.match(await page.locator('.notice:has-text("Weights not loaded")').textContent(), /truncated/);
  assert.equal(await text(page, '#step'), step);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the interpolates, manifold and matching layers draw', async () => {
  const { page } = await open();
  for (let i = 0; i < 3; i++) await page.click('#step-both');
  await waitForStep(page, 3);
  const png = () => page.locator('#main-plot').screenshot();
  for (const layer of ['surface', 'arrows']) await page.uncheck(`#layer-${layer}`);
  let before = await png();
  for (const layer of ['interpolates', 'manifold', 'matching']) {
    await page.check(`#layer-${layer}`);
    await page.waitForTimeout(300);
    const after = await png();
    assert.ok(!after.equals(before), `the ${layer} layer changes the plot`);
    assert.ok(page.url().includes(layer), 'the layer is in the URL');
    before = after;
  }
  await page.close();
});

test('a worker that dies (as on GPU loss) is replaced on the CPU and training goes on', async () => {
  const { page } = await open('&debug=1');
  await page.click('#play');
  await waitForStep(page, 5);
  await page.click('#simulate-failure');
  await page.waitForSelector('.notice:has-text("training worker stopped")', { timeout: 30000 });
  await page.waitForSelector('#backend:has-text("CPU")', { timeout: 60000 });
  await waitForStep(page, 5, 60000);
  const a = await stepCount(page);
  await page.waitForFunction((a) => Number(document.querySelector('#step')?.textContent) > a, a, { timeout: 60000 });
  await page.close();
});

test('race mode trains two configurations side by side', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}?backend=cpu&view=race`);
  await page.waitForSelector('#race-play:not([disabled])', { timeout: 90000 });
  await page.click('#race-play');
  await page.waitForFunction(() => [...document.querySelectorAll('.race-step')].every((e) => Number(e.textContent) >= 5), null, { timeout: 120000 });
  await page.click('#race-pause');
  const w = await page.locator('.race-w').allTextContents();
  assert.equal(w.length, 2);
  assert.ok(w.every((v) => Number.isFinite(Number(v))), `W: ${w}`);
  assert.notEqual(w[0], w[1], 'clipping and GP differ');
  for (const i of [0, 1]) assert.ok(await inkFraction(page, `#race-${i} canvas`) > 0.3, `side ${i} drawn`);
  assert.deepEqual(errors, []);
  await page.close();
});
