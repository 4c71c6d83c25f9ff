// The WebGPU path: a few training steps on burn's WebGPU backend in headless Chromium (a
// software adapter, so slow: shaders compile for tens of seconds), checked against the CPU
// backend for the same seed, weights and batches. The only guard the WebGPU path has in CI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, waitForStep } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch({ webgpu: true }); });
after(async () => { await browser?.close(); await server?.close(); });

const HASH = '#v=1&data=8gaussians&loss=wgan-gp&width=32&depth=2&batch=64&seed=3';
const STEPS = 3;

async function run(backend) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}?backend=${backend}${HASH}`);
  const label = backend === 'webgpu' ? 'WebGPU' : 'CPU';
  await page.waitForSelector(`#backend:has-text("${label}")`, { timeout: 120000 }).catch(async () => {
    const badge = await page.locator('#backend').getAttribute('title');
    throw new Error(`the ${label} backend did not start: ${badge} ${errors.join('; ')}`);
  });
  // The first snapshot compiles every kernel once (tens of seconds on the software adapter).
  await page.waitForSelector('#step-both:not([disabled])', { timeout: 200000 });
  for (let i = 0; i < STEPS; i++) await page.click('#step-both');
  await waitForStep(page, STEPS, 200000);
  await page.waitForFunction(() => document.querySelector('#w-estimate')?.textContent !== '–');
  const read = async (id) => Number(await page.locator(id).textContent());
  const out = { w: await read('#w-estimate'), gp: await read('#penalty'), g: await read('#g-loss') };
  assert.deepEqual(errors, []);
  await page.close();
  return out;
}

test('WebGPU trains and matches the CPU backend for the same seed', { timeout: 400000 }, async () => {
  const gpu = await run('webgpu');
  const cpu = await run('cpu');
  for (const k of ['w', 'gp', 'g']) {
    assert.ok(Number.isFinite(gpu[k]), `${k} on WebGPU: ${gpu[k]}`);
    const tol = 2e-3 + 1e-2 * Math.abs(cpu[k]);
    assert.ok(Math.abs(gpu[k] - cpu[k]) <= tol, `${k}: WebGPU ${gpu[k]} vs CPU ${cpu[k]}`);
  }
});

test('if the WebGPU worker dies, training resumes on the CPU from its checkpoint', { timeout: 400000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backend=webgpu&debug=1${HASH}`);
  await page.waitForSelector('#backend:has-text("WebGPU")', { timeout: 120000 });
  await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  await page.click('#play');
  // Checkpoints come every 5 s while training on WebGPU.
  await waitForStep(page, 1, 200000);
  await page.waitForTimeout(7000);
  await page.click('#simulate-failure');
  const notice = page.locator('.notice:has-text("training worker stopped")');
  await notice.waitFor({ timeout: 60000 });
  const m = (await notice.textContent()).match(/checkpoint at step (\d+)/);
  assert.ok(m, `resumed from a checkpoint: ${await notice.textContent()}`);
  await page.waitForSelector('#backend:has-text("CPU")', { timeout: 60000 });
  await waitForStep(page, Number(m[1]) + 1, 120000);
  await page.close();
});

// MNIST's conv critic, its explicit input gradient (conv_transpose2d) and the transposed-conv
// generator on WebGPU: two steps against the CPU backend from the same seed.
async function mnistRun(backend) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}?backend=${backend}&view=mnist`);
  const label = backend === 'webgpu' ? 'WebGPU' : 'CPU';
  await page.waitForSelector(`#mnist-backend:has-text("${label}")`, { timeout: 120000 });
  await page.waitForSelector('#mnist-step-once:not([disabled])', { timeout: 200000 });
  if (backend === 'webgpu') {
    // On WebGPU the default run is rebuilt at the paper's width D = 64; compare at D = 16.
    assert.equal(await page.locator('#mnist-preset').inputValue(), 'gpu');
    assert.equal(await page.locator('#mnist-width').inputValue(), '64');
    await page.selectOption('#mnist-preset', 'fast');
    await page.waitForSelector('#mnist-step-once:not([disabled])', { timeout: 200000 });
  }
  assert.equal(await page.locator('#mnist-width').inputValue(), '16');
  for (let i = 0; i < 2; i++) await page.click('#mnist-step-once');
  await page.waitForFunction(() => document.querySelector('#mnist-step')?.textContent === '2', null, { timeout: 200000 });
  const read = async (id) => Number(await page.locator(id).textContent());
  const out = { w: await read('#mnist-west'), gp: await read('#mnist-gp') };
  assert.deepEqual(errors, []);
  await page.close();
  return out;
}

test('MNIST trains on WebGPU and matches the CPU backend for the same seed', { timeout: 400000 }, async () => {
  const gpu = await mnistRun('webgpu');
  const cpu = await mnistRun('cpu');
  for (const k of ['w', 'gp']) {
    assert.ok(Number.isFinite(gpu[k]), `${k} on WebGPU: ${gpu[k]}`);
    const tol = 2e-3 + 2e-2 * Math.abs(cpu[k]);
    assert.ok(Math.abs(gpu[k] - cpu[k]) <= tol, `${k}: WebGPU ${gpu[k]} vs CPU ${cpu[k]}`);
  }
});

test('if the MNIST WebGPU worker dies, training resumes on the CPU from its checkpoint', { timeout: 400000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backend=webgpu&view=mnist&debug=1`);
  await page.waitForSelector('#mnist-backend:has-text("WebGPU")', { timeout: 120000 });
  await page.waitForSelector('#mnist-play:not([disabled])', { timeout: 200000 });
  // The MLP networks: the same recovery path with the fewest shaders to compile.
  await page.selectOption('#mnist-preset', 'mlp');
  await page.waitForSelector('#mnist-play:not([disabled])', { timeout: 200000 });
  await page.click('#mnist-play');
  await page.waitForFunction(() => Number(document.querySelector('#mnist-step')?.textContent) >= 1, null, { timeout: 200000 });
  // Checkpoints come every 5 s while training on WebGPU.
  await page.waitForTimeout(7000);
  await page.click('#mnist-simulate-failure');
  const notice = page.locator('.notice:has-text("training worker stopped")');
  await notice.waitFor({ timeout: 60000 });
  const m = (await notice.textContent()).match(/checkpoint at step (\d+)/);
  assert.ok(m, `resumed from a checkpoint: ${await notice.textContent()}`);
  await page.waitForSelector('#mnist-backend:has-text("CPU")', { timeout: 60000 });
  assert.equal(await page.locator('#mnist-preset').inputValue(), 'mlp', 'the run kept its settings');
  await page.waitForFunction((n) => Number(document.querySelector('#mnist-step')?.textContent) > n, Number(m[1]), { timeout: 120000 });
  await page.close();
});
