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
  await page.waitForSelector('#w-estimate', { timeout: 120000 });
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
