// Browser benchmark (not a test): prints generator steps/s for the fast and paper presets (and
// MNIST's conv and MLP presets) on the CPU backend in headless Chromium, the page's load time
// and its transferred bytes (raw, and gzip as a static host would send them). Run with
// `make bench-web` after `make web`.
import { readdir, readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serveDist, launch } from './harness.mjs';

const DIST = new URL('../../dist/', import.meta.url).pathname;
const server = await serveDist();
const browser = await launch();

async function sizes() {
  const out = {};
  for (const f of await readdir(DIST)) {
    if (!(await stat(join(DIST, f))).isFile()) continue;
    const body = await readFile(join(DIST, f));
    out[f] = { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  }
  return out;
}

async function load() {
  const page = await browser.newPage();
  const t0 = Date.now();
  await page.goto(`${server.url}?backend=cpu`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  const ready = Date.now() - t0;
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    return { loadEvent: n.loadEventEnd, bytes: n.transferSize + res.reduce((a, r) => a + r.transferSize, 0) };
  });
  await page.close();
  return { ...nav, readyToTrainMs: ready };
}

async function speed(preset, seconds = 20) {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backend=cpu`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  await page.selectOption('#preset', preset);
  await page.waitForFunction((p) => location.hash.includes(`preset=${p}`), preset);
  await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  await page.click('#play');
  await page.waitForTimeout(5000); // warm-up
  const step = async () => Number(await page.locator('#step').textContent());
  const a = await step();
  const t = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const b = await step();
  const rate = (b - a) / ((Date.now() - t) / 1000);
  await page.close();
  return rate;
}

/** Seconds from Play until the fast preset's generator covers all 8 modes (the Lab's goal). */
async function timeToCover(limit = 240) {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backend=cpu`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  const t = Date.now();
  await page.click('#play');
  const modes = async () => (await page.locator('#modes').textContent()).trim();
  let first = { seconds: Infinity, step: NaN };
  try {
    await page.waitForFunction(() => document.querySelector('#modes')?.textContent === '8/8', null, { timeout: limit * 1000, polling: 250 });
    first = { seconds: (Date.now() - t) / 1000, step: Number(await page.locator('#step').textContent()) };
  } catch { /* reported as ∞ */ }
  // And what a student sees at the one-minute mark (coverage can still flicker early on).
  const left = 60000 - (Date.now() - t);
  if (left > 0) await page.waitForTimeout(left);
  const atMinute = await modes();
  await page.close();
  return { ...first, atMinute };
}

/** MNIST generator steps/s on the CPU backend for one of the tab's presets. */
async function mnistSpeed(preset, seconds = 30) {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backend=cpu&view=mnist`);
  await page.waitForSelector('#mnist-play:not([disabled])', { timeout: 120000 });
  await page.selectOption('#mnist-preset', preset);
  await page.click('#mnist-step-once');
  await page.waitForFunction(() => document.querySelector('#mnist-step')?.textContent === '1', null, { timeout: 120000 });
  await page.click('#mnist-play');
  await page.waitForTimeout(5000); // warm-up
  const step = async () => Number(await page.locator('#mnist-step').textContent());
  const a = await step();
  const t = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const b = await step();
  await page.close();
  return (b - a) / ((Date.now() - t) / 1000);
}

const files = await sizes();
console.log('dist files (bytes):');
for (const [f, s] of Object.entries(files)) console.log(`  ${f.padEnd(40)} raw ${String(s.raw).padStart(10)}  gzip ${String(s.gzip).padStart(9)}`);
const page = Object.entries(files).filter(([f]) => !f.startsWith('worker') && f !== 'mnist.bin').reduce((a, [, s]) => a + s.gzip, 0);
const worker = Object.entries(files).filter(([f]) => f.startsWith('worker')).reduce((a, [, s]) => a + s.gzip, 0);
console.log(`page (html, css, app js+wasm) gzip: ${(page / 1024).toFixed(0)} KiB; training worker gzip: ${(worker / 1024 / 1024).toFixed(2)} MiB; MNIST digits (fetched when the tab opens) gzip: ${(files['mnist.bin'].gzip / 1024).toFixed(0)} KiB`);
const l = await load();
console.log(`load: load event ${l.loadEvent.toFixed(0)} ms, ready to train ${l.readyToTrainMs} ms, page thread transferred ${(l.bytes / 1024 / 1024).toFixed(2)} MiB (uncompressed local server; the worker's files load inside the worker and are not counted here)`);
for (let i = 0; i < 3; i++) {
  const c = await timeToCover();
  console.log(`fast preset (default page), 8 Gaussians: all 8 modes first covered after ${c.seconds.toFixed(1)} s (step ${c.step}); modes covered at 60 s: ${c.atMinute}`);
}
for (const preset of ['fast', 'paper']) console.log(`CPU backend, preset ${preset}: ${(await speed(preset)).toFixed(2)} generator steps/s`);
for (const preset of ['fast', 'mlp']) console.log(`CPU backend, MNIST preset ${preset}: ${(await mnistSpeed(preset)).toFixed(2)} generator steps/s`);
await browser.close();
await server.close();
