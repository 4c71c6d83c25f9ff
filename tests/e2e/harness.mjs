// Shared by the end-to-end tests: a static server for dist/ and a headless Chromium.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const DIST = new URL('../../dist/', import.meta.url).pathname;
const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.png': 'image/png', '.json': 'application/json', '.bin': 'application/octet-stream',
};

/** Serves dist/ on a free loopback port. Returns { url, close }. */
export async function serveDist() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(DIST, path.endsWith('/') ? 'index.html' : path);
    if (!file.startsWith(DIST)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Debian's Chromium, headless, as root, with nothing reaching the network. */
export async function launch({ webgpu = false, extraArgs = [] } = {}) {
  const args = [
    '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', ...extraArgs,
  ];
  if (webgpu) args.push('--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader');
  else args.push('--disable-gpu');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args });
  // The offline service worker precaches the whole build (the training worker is tens of MB)
  // in every new context. Pages block it unless a test asks for it (`serviceWorkers: 'allow'`,
  // as the offline and CSP tests do), so the other tests time only what they test.
  const newPage = browser.newPage.bind(browser);
  const newContext = browser.newContext.bind(browser);
  browser.newPage = (options = {}) => newPage({ serviceWorkers: 'block', ...options });
  browser.newContext = (options = {}) => newContext({ serviceWorkers: 'block', ...options });
  return browser;
}

/** Collects console errors and page errors, so a test can assert there were none (into
 * `errors`, which several pages may share). */
export function watchErrors(page, errors = []) {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return errors;
}

/** The integer in #step. */
export async function stepCount(page) {
  return Number(await page.locator('#step').textContent());
}

/** Waits until #step reaches at least n (or throws after timeout ms). */
export async function waitForStep(page, n, timeout = 120000) {
  await page.waitForFunction((n) => Number(document.querySelector('#step')?.textContent) >= n, n, { timeout });
}

/** Share of canvas pixels that are not near-white. */
export async function inkFraction(page, selector) {
  return page.$eval(selector, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) ink++;
    return ink / (d.length / 4);
  });
}

/** The WGAN-GP paper's toy configuration (n_critic 5, batch 256, λ 0.1, Adam 1e-4) at `width`,
 * as a Lab link: what the benchmarks measure the browser with. */
export function paperToyLink(width) {
  return `#v=1&data=8gaussians&loss=wgan-gp&width=${width}&batch=256&ncritic=5&lambda=0.1&lrg=0.0001&lrd=0.0001&half=0&seed=1`;
}

/** Counts the WebGPU calls of `page`'s training worker: dispatches, submits, read-backs
 * (`mapAsync`), uploads (`writeBuffer`) and pipelines created. Call before `goto`; the returned
 * `counts()` reads the running totals of the newest worker. web-sys looks each method up when
 * it is called, so wrapping the prototypes in the worker's global counts every call wgpu makes. */
export function countWebGpuCalls(page) {
  const install = () => {
    if (self.__counts) return;
    const counts = {
      dispatches: 0, submits: 0, readbacks: 0, uploads: 0, pipelines: 0,
      // What the uploads carry: their bytes, and how many were at most 64 bytes (a scalar or
      // a kernel's metadata rather than a batch of data).
      uploadBytes: 0, smallUploads: 0,
    };
    self.__counts = counts;
    const wrap = (proto, name, key, also) => {
      const f = proto?.[name];
      if (!f) return;
      proto[name] = function (...args) { counts[key] += 1; also?.(args); return f.apply(this, args); };
    };
    // writeBuffer(buffer, offset, data, dataOffset?, size?): offset and size count elements of a
    // typed array, bytes of an ArrayBuffer.
    const uploaded = ([, , data, dataOffset = 0, size]) => {
      const unit = data?.BYTES_PER_ELEMENT ?? 1;
      const bytes = size !== undefined ? size * unit : (data?.byteLength ?? 0) - dataOffset * unit;
      counts.uploadBytes += bytes;
      if (bytes <= 64) counts.smallUploads += 1;
    };
    wrap(self.GPUComputePassEncoder?.prototype, 'dispatchWorkgroups', 'dispatches');
    wrap(self.GPUComputePassEncoder?.prototype, 'dispatchWorkgroupsIndirect', 'dispatches');
    wrap(self.GPUQueue?.prototype, 'submit', 'submits');
    wrap(self.GPUBuffer?.prototype, 'mapAsync', 'readbacks');
    wrap(self.GPUQueue?.prototype, 'writeBuffer', 'uploads', uploaded);
    wrap(self.GPUDevice?.prototype, 'createComputePipeline', 'pipelines');
    wrap(self.GPUDevice?.prototype, 'createComputePipelineAsync', 'pipelines');
  };
  const workers = [];
  page.on('worker', (w) => { workers.push(w); w.evaluate(install).catch(() => {}); });
  const worker = async () => {
    const w = workers[workers.length - 1];
    if (!w) throw new Error('no worker started');
    await w.evaluate(install);
    return w;
  };
  return { counts: async () => (await worker()).evaluate(() => ({ ...self.__counts })) };
}

/** WebGPU calls of the Lab on `page` (counted by `countWebGpuCalls`), each a mean over `n`:
 * - `click1`, `click5`: a "step both" click (a generator step with 1 or 5 critic iterations,
 *   then its snapshot), with n_critic set to 1, then 5;
 * - `critic`: one critic iteration, exactly: (click5 − click1) / 4, where the generator step
 *   and the snapshot (the same kind, after the weights changed) cancel;
 * - `snapshot`: a snapshot alone (a steps-per-tick change asks for one without training); only
 *   roughly comparable, since a snapshot of unchanged weights may skip some read-backs.
 * Waits for the worker to go quiet after each. Leaves n_critic at 5. */
export async function webGpuCalls(page, counter, n) {
  const quiet = async () => {
    let last = JSON.stringify(await counter.counts());
    for (;;) {
      await page.waitForTimeout(1000);
      const now = JSON.stringify(await counter.counts());
      if (now === last) return;
      last = now;
    }
  };
  const stepOnce = async () => {
    const s = Number(await page.locator('#step').textContent());
    await page.click('#step-both');
    await page.waitForFunction((m) => Number(document.querySelector('#step')?.textContent) > m, s, { timeout: 180000 });
    await quiet();
  };
  const nCritic = async (v) => {
    await page.fill('#field-n_critic', String(v));
    await page.locator('#field-n_critic').dispatchEvent('change');
    await quiet();
  };
  const mean = (a, b, d = n) => Object.fromEntries(Object.keys(a).map((k) => [k, (b[k] - a[k]) / d]));
  const clicks = async () => {
    await stepOnce(); // the first compiles what is new
    const a = await counter.counts();
    for (let i = 0; i < n; i++) await stepOnce();
    return mean(a, await counter.counts());
  };
  await nCritic(1);
  const click1 = await clicks();
  await nCritic(5);
  const click5 = await clicks();
  const critic = mean(click1, click5, 4);
  const a = await counter.counts();
  for (let i = 0; i < n; i++) {
    await page.fill('#speed', String(10 + i));
    await page.locator('#speed').dispatchEvent('change');
    await quiet();
  }
  const snapshot = mean(a, await counter.counts());
  return { click1, click5, critic, snapshot };
}
