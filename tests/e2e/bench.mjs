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

/** The Lab's readouts now: step, modes covered, high-quality share, exact EMD, clip share. */
const readouts = (page) => page.evaluate(() => {
  const t = (id) => document.querySelector(id)?.textContent ?? '';
  const [covered, of] = t('#modes').split('/').map(Number);
  return { step: Number(t('#step')), covered, of, hq: parseFloat(t('#hq')) / 100, emd: parseFloat(t('#emd')), clip: parseFloat(t('#clip-share')) / 100 };
});

/**
 * Plays the Lab page at `query` and watches it for `seconds`, polling every 250 ms: the first
 * second at which each of `goals` (name → predicate on the readouts) holds, and the readouts at
 * each of `marks` seconds.
 */
async function watchLab(query, { seconds = 60, goals = {}, marks = [30, 60], preset } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}?backend=cpu${query}`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  if (preset) {
    await page.selectOption('#preset', preset);
    await page.waitForFunction((p) => location.hash.includes(`preset=${p}`), preset);
    await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  }
  const t0 = Date.now();
  await page.click('#play');
  const first = Object.fromEntries(Object.keys(goals).map((g) => [g, null]));
  const at = {};
  for (;;) {
    const s = (Date.now() - t0) / 1000;
    const r = await readouts(page);
    for (const [g, holds] of Object.entries(goals)) if (first[g] === null && holds(r)) first[g] = { s, step: r.step };
    for (const m of marks) if (!(m in at) && s >= m) at[m] = r;
    if (s >= seconds) break;
    await page.waitForTimeout(250);
  }
  await page.close();
  return { first, at };
}

const when = (f) => (f ? `${f.s.toFixed(1)} s (step ${f.step})` : 'not within the run');
const modesAt = (r) => (r ? `${r.covered}/${r.of} modes, ${(100 * r.hq).toFixed(0)} % HQ, step ${r.step}` : '–');

/** Issue #16's goals on the Lab's presets, three runs each where a goal is timed. */
async function labGoals() {
  const sharp = (r) => r.covered === r.of && r.hq >= 0.8;
  for (let i = 1; i <= 3; i++) {
    const { first, at } = await watchLab('', { goals: { cover: (r) => r.covered === 8, sharp } });
    console.log(`fast preset (default page), 8 Gaussians, run ${i}: 8/8 after ${when(first.cover)}; 8/8 and ≥ 80 % HQ after ${when(first.sharp)}; at 30 s ${modesAt(at[30])}; at 60 s ${modesAt(at[60])}`);
  }
  const g25 = await watchLab('#data=25gaussians', { goals: { sharp } });
  console.log(`fast preset, 25 Gaussians: 25/25 and ≥ 80 % HQ after ${when(g25.first.sharp)}; at 30 s ${modesAt(g25.at[30])}; at 60 s ${modesAt(g25.at[60])}`);
  const roll = await watchLab('#data=swissroll', { marks: [10, 30, 60] });
  console.log(`fast preset, Swiss roll: exact EMD to the data ${[10, 30, 60].map((m) => `${roll.at[m].emd.toFixed(3)} at ${m} s (step ${roll.at[m].step})`).join(', ')}`);
  for (let i = 1; i <= 3; i++) {
    const bce = await watchLab('', { preset: 'bce-collapses', seconds: 30, marks: [30], goals: { collapse: (r) => r.step > 300 && r.covered <= 6 } });
    console.log(`bce-collapses, run ${i}: 6 or fewer of 8 modes (after step 300) at ${when(bce.first.collapse)}`);
  }
  for (let i = 1; i <= 3; i++) {
    const clip = await watchLab('', { preset: 'clipping-simple', seconds: 30, marks: [30], goals: { piled: (r) => r.clip >= 0.5 } });
    console.log(`clipping-simple, run ${i}: half the critic's weights within 1 % of ±c at ${when(clip.first.piled)}; at 30 s ${(100 * clip.at[30].clip).toFixed(0)} %`);
  }
}

/**
 * The MNIST tab's fast preset on the CPU backend: seconds from Play until the digits the
 * classifier reads with ≥ 90 % confidence spread over 8 classes with ≥ 5 % each, and the grid
 * at 60 s (written to `png` when given).
 */
async function mnistGoal(png) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${server.url}?backend=cpu&view=mnist`);
  await page.waitForSelector('#mnist-play:not([disabled])', { timeout: 120000 });
  const t0 = Date.now();
  await page.click('#mnist-play');
  let first = null;
  for (;;) {
    const s = (Date.now() - t0) / 1000;
    const classes = Number(await page.getAttribute('#mnist-readable', 'data-classes'));
    if (first === null && classes >= 8) first = { s, step: Number(await page.locator('#mnist-step').textContent()) };
    if (s >= 60) break;
    await page.waitForTimeout(250);
  }
  const atMinute = { step: await page.locator('#mnist-step').textContent(), readable: await page.locator('#mnist-readable').textContent() };
  if (png) await page.locator('#mnist-grid').screenshot({ path: png });
  await page.close();
  return { first, atMinute };
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

/** The paper's toy configuration (n_critic 5, batch 256, λ 0.1, Adam 1e-4) at `width`, as a link. */
const paperAt = (width) => `#v=1&data=8gaussians&loss=wgan-gp&width=${width}&batch=256&ncritic=5&lambda=0.1&lrg=0.0001&lrd=0.0001&half=0&seed=1`;

/** Generator steps/s of the paper's configuration at `width` on the page's CPU backend. */
async function paperRate(width, seconds = 20) {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backend=cpu${paperAt(width)}`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  await page.click('#play');
  await page.waitForTimeout(5000); // warm-up
  const step = async () => Number(await page.locator('#step').textContent());
  const a = await step();
  const t = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const b = await step();
  await page.close();
  return (b - a) / ((Date.now() - t) / 1000);
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
