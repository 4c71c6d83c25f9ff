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
export async function launch({ webgpu = false } = {}) {
  const args = [
    '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
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

/** Collects console errors and page errors, so a test can assert there were none. */
export function watchErrors(page) {
  const errors = [];
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
