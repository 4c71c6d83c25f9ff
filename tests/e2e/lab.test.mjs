// e2e-budget-s: 300
// The Lab in the built app (dist/), in headless Chromium on the CPU backend.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, watchErrors, stepCount, waitForStep, inkFraction } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function open(hash = '') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(server.url + '?backend=cpu' + hash);
  await page.waitForSelector('#backend:has-text("CPU")', { timeout: 60000 });
  // The first snapshot (step 0) arrives once the worker has built the networks; until then the
  // controls are disabled and the numbers read "–".
  await page.waitForFunction(() => Number.isFinite(parseFloat(document.querySelector('#w-estimate')?.textContent)), null, { timeout: 60000 });
  return { page, errors };
}

test('play trains in the worker, the plot is drawn, pause stops the counter', async () => {
  const { page, errors } = await open();
  assert.equal(await page.locator('.notice.error').count(), 0, 'no error notice on a fresh page');
  await page.click('#play');
  await waitForStep(page, 20);
  const w = Number(await page.locator('#w-estimate').textContent());
  assert.ok(Number.isFinite(w), `W estimate ${w}`);
  assert.ok(await inkFraction(page, '#main-plot') > 0.3, 'the main plot is drawn');
  assert.ok(await inkFraction(page, '#chart-w') > 0.001, 'the W chart is drawn');
  // The penalty's own measure is shown: a mean of |‖∇D‖ − 1|, so a number ≥ 0.
  const gap = Number(await page.locator('#gp-gap').textContent());
  assert.ok(Number.isFinite(gap) && gap >= 0, `gradient gap ${gap}`);
  await page.click('#pause');
  await page.waitForSelector('#play');
  const paused = await stepCount(page);
  await page.waitForTimeout(1500);
  assert.equal(await stepCount(page), paused, 'the counter stands still while paused');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the main thread stays responsive while training (no long task over 50 ms)', async () => {
  const { page } = await open();
  await page.click('#play');
  await waitForStep(page, 5);
  const longTasks = await page.evaluate(() => new Promise((resolve) => {
    const seen = [];
    const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) seen.push(e.duration); });
    obs.observe({ type: 'longtask' });
    setTimeout(() => { obs.disconnect(); resolve(seen); }, 5000);
  }));
  const over = longTasks.filter((d) => d > 50);
  assert.deepEqual(over, [], `long tasks: ${longTasks.join(', ')}`);
  assert.ok(await stepCount(page) > 10, 'training went on meanwhile');
  await page.close();
});

test('a preset URL reproduces the same step-N metrics', async () => {
  const hash = '#v=1&data=8gaussians&loss=wgan-gp&width=64&seed=7&preset=fast';
  const run = async () => {
    const { page } = await open(hash);
    for (let i = 0; i < 5; i++) await page.click('#step-both');
    await waitForStep(page, 5);
    await page.waitForTimeout(300);
    const read = async (id) => page.locator(id).textContent();
    const out = [await read('#step'), await read('#w-estimate'), await read('#penalty'), await read('#g-loss'), await read('#hq')];
    await page.close();
    return out;
  };
  const a = await run();
  const b = await run();
  assert.equal(a[0], '5');
  assert.deepEqual(a, b);
});

test('a garbage hash shows a notice and the defaults', async () => {
  const { page, errors } = await open('#width=-3&lrg=banana&%%%');
  const notice = await page.locator('.notice').first().textContent();
  assert.match(notice, /not understood|invalid/);
  assert.equal(await page.inputValue('#field-width'), '128');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an invalid field gets an inline message and the run goes on', async () => {
  const { page } = await open();
  await page.fill('#field-lr_g', '-1');
  await page.press('#field-lr_g', 'Enter');
  await page.locator('#field-lr_g').blur();
  const msg = await page.locator('.field-error').first().textContent();
  assert.match(msg, /must be a number/);
  await page.click('#step-both');
  await waitForStep(page, 1);
  await page.close();
});

test('typing into a field while training is not undone by the live updates; Enter applies it', async () => {
  const { page, errors } = await open();
  await page.click('#play');
  await waitForStep(page, 5);
  await page.fill('#field-lr_g', '0.0005');
  // Snapshots re-render the page 10–30 times a second meanwhile.
  const before = await stepCount(page);
  await page.waitForTimeout(1500);
  assert.ok(await stepCount(page) > before, 'training went on while typing');
  assert.equal(await page.inputValue('#field-lr_g'), '0.0005', 'the typed text stays');
  await page.press('#field-lr_g', 'Enter');
  await page.waitForFunction(() => location.hash.includes('lrg=0.0005'));
  assert.equal(await page.inputValue('#field-lr_g'), '0.0005');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a drawn dataset trains, and pasted CSV reports bad rows by line', async () => {
  const { page } = await open();
  await page.click('#draw');
  const box = await page.locator('#main-plot').boundingBox();
  for (const [fx, fy] of [[0.3, 0.3], [0.7, 0.3], [0.5, 0.7], [0.32, 0.33], [0.68, 0.31]]) {
    await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
  }
  await page.waitForFunction(() => location.hash.includes('data=points'));
  await page.click('#play');
  await waitForStep(page, 10);
  assert.ok(Number.isFinite(Number(await page.locator('#w-estimate').textContent())));
  await page.click('#pause');
  await page.fill('#csv', 'x,y\n0.1,0.2\n1,2,3\n0.5,zz');
  await page.click('#use-csv');
  const errs = await page.locator('.csv-error').allTextContents();
  assert.deepEqual(errs, ['line 3: expected 2 values (x,y), found 3', "line 4: '0.5,zz' is not two numbers"]);
  await page.close();
});

test('a classroom link hides the chosen controls', async () => {
  const { page } = await open('#v=1&data=8gaussians&hide=width,lr_g,loss');
  assert.equal(await page.locator('#field-width').count(), 0);
  assert.equal(await page.locator('#field-lr_g').count(), 0);
  assert.equal(await page.locator('#loss').isVisible(), false);
  assert.equal(await page.locator('#field-lr_d').count(), 1);
  await page.close();
});

test('fixed-generator mode plots what the critic sees, labelled so', async () => {
  const { page, errors } = await open('#v=1&data=25gaussians&loss=wgan-gp&width=32&fixedg=1&seed=2');
  const legend = await page.locator('#fake-legend').textContent();
  assert.match(legend, /real \+ N\(0, 1\)/, legend);
  // The plot shows the samples spread over the data, not an untrained generator's clump: the
  // same page with a moving generator says "generated".
  for (let i = 0; i < 3; i++) await page.click('#step-both');
  await waitForStep(page, 3);
  assert.ok(await inkFraction(page, '#main-plot') > 0.05);
  const moving = await open('#v=1&data=25gaussians&loss=wgan-gp&width=32&seed=2');
  assert.match(await moving.page.locator('#fake-legend').textContent(), /generated/);
  assert.deepEqual(errors, []);
  await page.close();
  await moving.page.close();
});

test('raw G or averaged G is a displayed choice, kept in the link', async () => {
  const { page, errors } = await open();
  assert.equal(await page.locator('#generator-shown').inputValue(), 'averaged');
  assert.match(await page.evaluate(() => location.hash), /&ema=0\.99&avg=1/);
  for (let i = 0; i < 5; i++) await page.click('#step-both');
  await waitForStep(page, 5);
  const image = () => page.evaluate(() => document.querySelector('#main-plot').toDataURL());
  const averaged = await image();
  await page.selectOption('#generator-shown', 'raw');
  await page.waitForFunction(() => location.hash.includes('avg=0'));
  await page.waitForFunction((before) => document.querySelector('#main-plot').toDataURL() !== before, averaged, { timeout: 30000 });
  assert.equal(await stepCount(page), 5, 'switching draws; it does not train');
  await page.selectOption('#generator-shown', 'averaged');
  await page.waitForFunction((before) => document.querySelector('#main-plot').toDataURL() === before, averaged, { timeout: 30000 });
  // The paper's preset keeps no average, so there is nothing to choose.
  await page.selectOption('#preset', 'paper');
  await page.waitForFunction(() => document.querySelector('#generator-shown')?.disabled === true);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /ema=/);
  assert.deepEqual(errors, []);
  await page.close();
});
