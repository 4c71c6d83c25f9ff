// e2e-budget-s: 700
// The Lab's WebGPU path: training steps on burn's WebGPU backend in headless Chromium (a
// software adapter, so slow: shaders compile for tens of seconds), checked against the CPU
// backend for the same seed, weights and batches, its WebGPU calls per critic iteration (no
// read-backs), and its GPU-loss recovery. With the MNIST file, the only guard the WebGPU path
// has in CI. The budget is four times the file's wall time measured on a 2-core machine (see
// README, "How long the tests take").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, waitForStep, countWebGpuCalls, webGpuCalls } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch({ webgpu: true }); });
after(async () => { await browser?.close(); await server?.close(); });

const HASH = '#v=1&data=8gaussians&loss=wgan-gp&width=32&depth=2&batch=64&seed=3';
// One step is the fewest that compares the backends' updates: the W, GP and G loss read after
// it depend on what that step's backward passes changed. More steps only add time.
const STEPS = 1;

// The WebGPU page of the first test, kept open for the second: its worker has compiled every
// kernel already, so the recovery test does not pay SwiftShader's compile time again.
let warmGpuPage = null;
// Its worker's WebGPU calls, counted from the start.
let warmCounter = null;

async function run(backend) {
  const page = await browser.newPage();
  const counter = backend === 'webgpu' ? countWebGpuCalls(page) : null;
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const workerFiles = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/worker-')) workerFiles.push(path.slice(1));
  });
  await page.goto(`${server.url}?backend=${backend}${backend === 'webgpu' ? '&debug=1' : ''}${HASH}`);
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
  // This browser has a WebGPU adapter, so the page started the WebGPU build of the worker
  // (even for ?backend=cpu: a student can switch), never the CPU-only one.
  const gpuWorker = await page.$eval('meta[name=earthmover-worker]', (m) => m.content);
  assert.ok(workerFiles.includes(`${gpuWorker}_bg.wasm`), `the WebGPU worker: ${workerFiles}`);
  assert.ok(!workerFiles.some((f) => f.startsWith('worker-cpu-')), `not the CPU-only one: ${workerFiles}`);
  if (backend === 'webgpu') { warmGpuPage = page; warmCounter = counter; }
  else await page.close();
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

test('a WebGPU critic iteration reads nothing back and submits its work in batches', { timeout: 300000 }, async (t) => {
  if (!warmGpuPage) return t.skip('the first test did not get a WebGPU page');
  const { click5, critic } = await webGpuCalls(warmGpuPage, warmCounter, 2);
  // The counting itself works: a step with its snapshot dispatches kernels and reads back.
  assert.ok(click5.readbacks >= 1, `a step and its snapshot: ${JSON.stringify(click5)}`);
  assert.ok(critic.dispatches > 50, `dispatches per critic iteration: ${JSON.stringify(critic)}`);
  // A read-back stalls a GPU until everything queued before it is done; a critic iteration
  // needs none (its statistics stay on the device until a snapshot reads them).
  assert.equal(critic.readbacks, 0, `read-backs per critic iteration: ${JSON.stringify(critic)}`);
  // wgpu batches dispatches into few submissions; one per dispatch would be a regression.
  assert.ok(critic.submits * 10 < critic.dispatches, `submits per critic iteration: ${JSON.stringify(critic)}`);
  assert.equal(click5.pipelines, 0, `no shader is compiled again once warm: ${JSON.stringify(click5)}`);
});

test('if the WebGPU worker dies, training resumes on the CPU from its checkpoint', { timeout: 400000 }, async () => {
  // The first test's page when it got that far (its run is at step 1); else a fresh one.
  const page = warmGpuPage ?? await browser.newPage();
  if (!warmGpuPage) await page.goto(`${server.url}?backend=webgpu&debug=1${HASH}`);
  warmGpuPage = null;
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

// Where a browser has an adapter, the views that train tiny networks on the CPU (the 1D lab,
// the Figure 1(b) panel) start the CPU-only worker for their own run: the smaller download,
// and in `make dist` the faster CPU code (the WebGPU build is optimised for size). The Lab,
// always mounted beside them, keeps the WebGPU build. A link that asks the 1D lab for WebGPU
// gets the WebGPU build there too, and the CPU-only one is never fetched.
test('CPU-only views start the CPU-only worker even with an adapter', { timeout: 200000 }, async () => {
  const workersOf = async (query, click) => {
    const page = await browser.newPage();
    const files = new Set();
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/worker-') && path.endsWith('.wasm')) files.add(path.slice(1));
    });
    await page.goto(`${server.url}?${query}`);
    if (click) await page.click(click);
    const cpu = `${await page.$eval('meta[name=earthmover-worker-cpu]', (m) => m.content)}_bg.wasm`;
    const gpu = `${await page.$eval('meta[name=earthmover-worker]', (m) => m.content)}_bg.wasm`;
    // The workers start once the page has probed for an adapter (up to 3 s); then time for
    // one more, if the page wrongly started it.
    for (let i = 0; i < 300 && files.size < 2; i++) await page.waitForTimeout(100);
    await page.waitForTimeout(2000);
    await page.close();
    return { files: [...files].sort(), cpu, gpu };
  };
  const line = await workersOf('view=line');
  assert.deepEqual(line.files, [line.cpu, line.gpu].sort(), 'the 1D lab: the CPU-only build (and the Lab its WebGPU one)');
  const panel = await workersOf('view=layers&steps=20', '#fig1b-run');
  assert.deepEqual(panel.files, [panel.cpu, panel.gpu].sort(), 'the Figure 1(b) panel: the CPU-only build');
  const asked = await workersOf('view=line&backend=webgpu');
  assert.deepEqual(asked.files, [asked.gpu], 'the 1D lab asked for WebGPU: the WebGPU build only');
});
