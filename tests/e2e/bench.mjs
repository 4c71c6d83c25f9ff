// Browser benchmark (not a test): prints generator steps/s for the fast and paper presets (and
// MNIST's conv and MLP presets) on the CPU backend in headless Chromium, the page's load time
// and its transferred bytes (raw, and gzip as a static host would send them), and the seconds
// each preset takes to show what it promises (8/8 sharp modes, BCE's collapse, clipping's piled
// weights, readable digits of 8 classes), over three runs; and the paper's toy configuration at
// widths 128 and 512 in the browser against `earthmover-cli bench` natively on one thread, as a
// ratio. Run with `make bench-web`; BENCH_WEB_ONLY=ratio runs the last part alone (a minute),
// BENCH_WEB_ONLY=load the sizes and load times alone (seconds).
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serveDist, launch, paperToyLink } from './harness.mjs';

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

/** Generator steps/s on an open page: Play, 5 s of warm-up, then the step counter over
 * `seconds`. `ids` names the tab's Play button and step counter. */
async function playingRate(page, ids, seconds) {
  await page.click(ids.play);
  await page.waitForTimeout(5000); // warm-up
  const step = async () => Number(await page.locator(ids.step).textContent());
  const a = await step();
  const t = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const b = await step();
  await page.close();
  return (b - a) / ((Date.now() - t) / 1000);
}
const LAB = { play: '#play', step: '#step' };
const MNIST = { play: '#mnist-play', step: '#mnist-step' };

async function speed(preset, seconds = 20) {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backend=cpu`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  await page.selectOption('#preset', preset);
  await page.waitForFunction((p) => location.hash.includes(`preset=${p}`), preset);
  await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  return playingRate(page, LAB, seconds);
}

async function mnistSpeed(preset, seconds = 30) {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backend=cpu&view=mnist`);
  await page.waitForSelector('#mnist-play:not([disabled])', { timeout: 120000 });
  await page.selectOption('#mnist-preset', preset);
  await page.click('#mnist-step-both');
  await page.waitForFunction(() => document.querySelector('#mnist-step')?.textContent === '1', null, { timeout: 120000 });
  return playingRate(page, MNIST, seconds);
}

/** Generator steps/s of the paper's configuration at `width` on the page's CPU backend. */
async function paperRate(width, seconds = 20) {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backend=cpu${paperToyLink(width)}`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  return playingRate(page, LAB, seconds);
}

/** The browser's rate for the paper's configuration at widths 128 and 512, next to the native
 * CLI's on one thread (the worker has one), and their ratio. */
async function paperRatios() {
  const root = new URL('../..', import.meta.url).pathname;
  const native = execFileSync('cargo', ['run', '--quiet', '--profile', 'fast', '--bin', 'earthmover-cli', '--', 'bench', '--paper-widths', '128,512'], {
    cwd: root, env: { ...process.env, RAYON_NUM_THREADS: '1' }, encoding: 'utf8',
  });
  for (const width of [128, 512]) {
    const m = native.match(new RegExp(`paper at width ${width}:.*?: ([0-9.]+) generator steps/s`));
    if (!m) throw new Error(`no native rate for width ${width} in: ${native}`);
    const web = await paperRate(width);
    const nat = Number(m[1]);
    console.log(`paper config, width ${width}: browser CPU worker ${web.toFixed(2)}, native 1 thread ${nat.toFixed(2)} generator steps/s; browser/native ${(web / nat).toFixed(2)}`);
  }
}

/** The build's files, the page's gzip bytes and its load time. */
async function sizesAndLoad() {
  const files = await sizes();
  console.log('dist files (bytes):');
  for (const [f, s] of Object.entries(files)) console.log(`  ${f.padEnd(40)} raw ${String(s.raw).padStart(10)}  gzip ${String(s.gzip).padStart(9)}`);
  const page = Object.entries(files).filter(([f]) => !f.startsWith('worker') && f !== 'mnist.bin').reduce((a, [, s]) => a + s.gzip, 0);
  const workerGzip = (cpu) => Object.entries(files).filter(([f]) => f.startsWith('worker') && f.startsWith('worker-cpu-') === cpu).reduce((a, [, s]) => a + s.gzip, 0);
  const mib = (b) => (b / 1024 / 1024).toFixed(2);
  console.log(`page (html, css, app js+wasm) gzip: ${(page / 1024).toFixed(0)} KiB; training worker gzip: CPU-only ${mib(workerGzip(true))} MiB (where the browser has no WebGPU adapter), WebGPU ${mib(workerGzip(false))} MiB (where it has one); MNIST digits (fetched when the tab opens) gzip: ${(files['mnist.bin'].gzip / 1024).toFixed(0)} KiB`);
  for (let i = 1; i <= 3; i++) {
    const l = await load();
    console.log(`load ${i}: load event ${l.loadEvent.toFixed(0)} ms, ready to train ${l.readyToTrainMs} ms, page thread transferred ${(l.bytes / 1024 / 1024).toFixed(2)} MiB (uncompressed local server; the worker's files load inside the worker and are not counted here)`);
  }
}

if (process.env.BENCH_WEB_ONLY === 'load') {
  await sizesAndLoad();
  await browser.close();
  await server.close();
  process.exit(0);
}

if (process.env.BENCH_WEB_ONLY === 'ratio') {
  await paperRatios();
  await browser.close();
  await server.close();
  process.exit(0);
}

await sizesAndLoad();
await labGoals();
for (let i = 1; i <= 3; i++) {
  const png = i === 1 ? new URL('../../docs/figures/mnist-grid-60s.png', import.meta.url).pathname : null;
  const m = await mnistGoal(png);
  console.log(`MNIST fast preset, run ${i}: readable digits over ≥ 8 classes after ${when(m.first)}; at 60 s step ${m.atMinute.step}, readable ${m.atMinute.readable}${png ? ` (grid saved to docs/figures/mnist-grid-60s.png)` : ''}`);
}
for (const preset of ['fast', 'paper']) console.log(`CPU backend, preset ${preset}: ${(await speed(preset)).toFixed(2)} generator steps/s`);
for (const preset of ['fast', 'mlp']) console.log(`CPU backend, MNIST preset ${preset}: ${(await mnistSpeed(preset)).toFixed(2)} generator steps/s`);
await paperRatios();
await browser.close();
await server.close();
