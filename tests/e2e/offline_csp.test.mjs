// e2e-budget-s: 120
// Delivery in the built app: under its own Content-Security-Policy every view opens and the
// Lab, MNIST and the 1D lab train with no violation and no request to another origin; and after
// one visit the app reloads and trains with the network off (the service worker).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A page whose CSP violations and foreign requests are recorded. */
async function watched(context) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`);
    });
  });
  const origin = new URL(server.url).origin;
  const foreign = [];
  const workerFiles = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['data:', 'blob:'].includes(u.protocol) && u.origin !== origin) foreign.push(r.url());
    if (/^\/worker-/.test(u.pathname)) workerFiles.push(u.pathname.slice(1));
  });
  return { page, foreign, workerFiles, errors: watchErrors(page) };
}

const stepOf = async (page, sel) => Number((await page.locator(sel).textContent()).trim());

test('under its CSP every view opens and every experiment trains, all from this origin', async () => {
  const context = await browser.newContext({ serviceWorkers: 'allow', viewport: { width: 1280, height: 720 } });
  const { page, foreign, workerFiles, errors } = await watched(context);
  const csp = async () => page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  await page.goto(`${server.url}?backend=cpu`);
  const policy = await csp();
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(policy, /(^|[^-])'unsafe-eval'|'unsafe-inline'/);
  assert.match(policy, /worker-src 'self' blob:/);
  // The Lab trains.
  await page.click('#play');
  await page.waitForFunction(() => Number(document.querySelector('#step')?.textContent) >= 10, null, { timeout: 60000 });
  await page.click('#pause');
  // Every registered view, MNIST and the 1D lab training too.
  const keys = await page.$$eval('nav.tabs button', (bs) => bs.map((b) => b.id.replace(/^tab-/, '')));
  for (const key of keys) {
    await page.click(`#tab-${key}`);
    await page.locator('main .view:not([hidden])').locator('h2, canvas, svg').first().waitFor({ state: 'visible', timeout: 60000 });
  }
  await page.click('#tab-mnist');
  await page.waitForSelector('#mnist-play:not([disabled])', { timeout: 120000 });
  await page.click('#mnist-step-both');
  await page.waitForFunction(() => Number(document.querySelector('#mnist-step')?.textContent) >= 1, null, { timeout: 60000 });
  await page.click('#tab-line');
  await page.waitForSelector('#line-play:not([disabled])', { timeout: 60000 });
  await page.click('#line-step-both');
  await page.waitForFunction(() => Number(document.querySelector('#line-step')?.textContent) >= 1);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'CSP violations');
  assert.deepEqual(foreign, [], 'requests to another origin');
  assert.deepEqual(errors, [], 'console errors');
  // This browser has no WebGPU adapter, so every tab ran on the CPU-only worker and the
  // WebGPU worker (four times the bytes) was never fetched.
  const meta = (name) => page.$eval(`meta[name=${name}]`, (m) => m.content);
  const [gpuWorker, cpuWorker] = [await meta('earthmover-worker'), await meta('earthmover-worker-cpu')];
  assert.match(cpuWorker, /^worker-cpu-[0-9a-f]{16}$/);
  assert.ok(workerFiles.includes(`${cpuWorker}_bg.wasm`), `the CPU worker was loaded: ${workerFiles}`);
  assert.ok(!workerFiles.some((f) => f.startsWith(`${gpuWorker}`)), `the WebGPU worker was not: ${workerFiles}`);
  await context.close();
});

test('after one visit the app reloads and trains offline, from one build', async () => {
  const context = await browser.newContext({ serviceWorkers: 'allow', viewport: { width: 1280, height: 720 } });
  const { page, errors } = await watched(context);
  await page.goto(`${server.url}?backend=cpu`);
  // The service worker precaches the build and takes control of the page.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // The MNIST digits are cached the first time the tab fetches them.
  await page.click('#tab-mnist');
  await page.waitForSelector('#mnist-play:not([disabled])', { timeout: 120000 });
  const build = await page.$eval('meta[name=earthmover-build]', (m) => m.content);
  await page.waitForFunction(async (b) => (await caches.keys()).includes(`earthmover-${b}`), build);
  const cached = await page.evaluate(async (b) => {
    const c = await caches.open(`earthmover-${b}`);
    return (await c.keys()).map((r) => new URL(r.url).pathname);
  }, build);
  const worker = await page.$eval('meta[name=earthmover-worker-cpu]', (m) => m.content);
  assert.ok(cached.includes(`/${worker}.js`) && cached.includes(`/${worker}_bg.wasm`), `the build's CPU worker is cached: ${cached}`);
  const gpuWorker = await page.$eval('meta[name=earthmover-worker]', (m) => m.content);
  assert.ok(!cached.some((f) => f.startsWith(`/${gpuWorker}`)), `the WebGPU worker waits until a browser fetches it: ${cached}`);
  assert.ok(cached.includes('/mnist.bin'), `the digits are cached once fetched: ${cached}`);

  await context.setOffline(true);
  await page.goto(`${server.url}?backend=cpu`);
  assert.equal(await page.$eval('meta[name=earthmover-build]', (m) => m.content), build, 'the cached page is the same build');
  await page.click('#play');
  await page.waitForFunction(() => Number(document.querySelector('#step')?.textContent) >= 10, null, { timeout: 60000 });
  await page.click('#pause');
  // MNIST offline: the cached digits.
  await page.click('#tab-mnist');
  await page.waitForSelector('#mnist-play:not([disabled])', { timeout: 120000 });
  await page.click('#mnist-step-both');
  await page.waitForFunction(() => Number(document.querySelector('#mnist-step')?.textContent) >= 1, null, { timeout: 60000 });
  assert.deepEqual(errors, [], 'console errors');
  await context.close();
});
