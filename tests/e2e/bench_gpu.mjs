// `make bench-gpu`: training speed on a real GPU through WebGPU in headless Chromium, next to
// the CPU backend in the same browser. It prints generator steps/s for the toy WGAN-GP at the
// paper's settings (n_critic 5, batch 256, λ 0.1) with widths 128 and 512, and for MNIST's
// conv WGAN-GP at the paper's width D = 64 (n_critic 5, batch 50).
//
// A tiny MLP on WebGPU is bound by dispatch and read-back latency, not by arithmetic, so the
// answer is not obvious and has to be measured on the hardware. The script refuses a software
// adapter (SwiftShader), whose numbers would say nothing about a GPU, unless
// BENCH_GPU_SOFTWARE=1 asks for a dry run. It stops starting new measurements after
// BENCH_GPU_BUDGET_S seconds (default 330), and one measurement waits at most 2 minutes for its
// first steps plus its window, so the whole run stays under 8 minutes.
//
// Needs dist/ (`make web`) and this folder's npm packages; Chromium from CHROMIUM or
// /usr/bin/chromium.
import { chromium } from 'playwright-core';
import { serveDist, paperToyLink } from './harness.mjs';

const software = process.env.BENCH_GPU_SOFTWARE === '1';
const budgetMs = Number(process.env.BENCH_GPU_BUDGET_S ?? 330) * 1000;
// One measurement's longest wait for its page, its worker and its first steps.
const STARTUP_MS = 120000;
const windowMs = Number(process.env.BENCH_GPU_WINDOW_S ?? 20) * 1000;
const started = Date.now();

// Flag sets to try, in order: Chromium's documented way to reach a GPU headless on Linux
// (ANGLE on Vulkan, no surface), then native Vulkan; with BENCH_GPU_SOFTWARE, SwiftShader.
const FLAGS = software
  ? [['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader']]
  : [
      ['--enable-unsafe-webgpu', '--use-angle=vulkan', '--enable-features=Vulkan', '--disable-vulkan-surface', '--ignore-gpu-blocklist'],
      ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=native', '--ignore-gpu-blocklist'],
    ];

const RUNS = [
  { name: 'toy, width 128', query: '', hash: paperToyLink(128), play: '#play', step: '#step', badge: '#backend' },
  { name: 'toy, width 512', query: '', hash: paperToyLink(512), play: '#play', step: '#step', badge: '#backend' },
  { name: 'MNIST conv, D = 64', query: '&view=mnist&mnist=arch:conv,width:64,n_critic:5,batch:50', hash: '', play: '#mnist-play', step: '#mnist-step', badge: '#mnist-backend' },
];

/** The adapter the page gets with these flags: null, or what the browser says it is. */
async function adapterWith(args, url) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...args],
  });
  const page = await browser.newPage({ serviceWorkers: 'block' });
  await page.goto(url);
  const info = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    if (!a) return null;
    const i = a.info ?? {};
    return { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description };
  });
  await page.close();
  const isSoftware = info && /swiftshader/i.test(`${info.architecture} ${info.description} ${info.vendor}`);
  if (!info || (isSoftware && !software)) {
    await browser.close();
    return { browser: null, info, isSoftware };
  }
  return { browser, info, isSoftware };
}

/** Generator steps/s of one run on one backend: Play, wait for the first steps (WebGPU compiles
 * its kernels then), then count steps over the window, extended (up to 30 s more) until at
 * least 3 steps have passed, so a slow backend reads as a rate and not as zero. */
async function rate(browser, url, run, backend) {
  const page = await browser.newPage({ serviceWorkers: 'block' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${url}?backend=${backend}${run.query}${run.hash}`);
    const label = backend === 'webgpu' ? 'WebGPU' : 'CPU';
    const t0 = Date.now();
    const left = () => Math.max(1000, STARTUP_MS - (Date.now() - t0));
    await page.waitForSelector(`${run.badge}:has-text("${label}")`, { timeout: left() });
    await page.waitForSelector(`${run.play}:not([disabled])`, { timeout: left() });
    await page.click(run.play);
    const steps = async () => Number(await page.locator(run.step).textContent());
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.textContent) >= 2, run.step, { timeout: left() });
    const a = await steps();
    const t = Date.now();
    await page.waitForTimeout(windowMs);
    let b = await steps();
    while (b - a < 3 && Date.now() - t < windowMs + 30000) {
      await page.waitForTimeout(500);
      b = await steps();
    }
    if (errors.length) throw new Error(errors.join('; '));
    return (b - a) / ((Date.now() - t) / 1000);
  } finally {
    await page.close();
  }
}

const server = await serveDist();
let found = null;
for (const args of FLAGS) {
  const tried = await adapterWith(args, server.url);
  console.log(`flags ${args.join(' ')}: adapter ${JSON.stringify(tried.info)}${tried.isSoftware && !software ? ' (software: refused)' : ''}`);
  if (tried.browser) { found = tried; break; }
}
if (!found) {
  console.log('bench-gpu: no hardware WebGPU adapter in headless Chromium on this machine; nothing measured. (BENCH_GPU_SOFTWARE=1 runs the script on SwiftShader as a dry run.)');
  await server.close();
  process.exit(1);
}
console.log(`bench-gpu: adapter ${JSON.stringify(found.info)}; window ${windowMs / 1000} s per measurement`);
const rows = [];
for (const run of RUNS) {
  const row = { run: run.name };
  for (const backend of ['webgpu', 'cpu']) {
    if (Date.now() - started > budgetMs) { row[backend] = 'skipped (time budget)'; continue; }
    try {
      row[backend] = (await rate(found.browser, server.url, run, backend)).toFixed(2);
    } catch (e) {
      row[backend] = `failed: ${String(e.message ?? e).split('\n')[0]}`;
    }
    console.log(`  ${run.name}, ${backend}: ${row[backend]} generator steps/s`);
  }
  rows.push(row);
}
console.log('\n| run | WebGPU, gen steps/s | CPU backend (same browser), gen steps/s |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.run} | ${r.webgpu} | ${r.cpu} |`);
console.log(`bench-gpu: ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
await found.browser.close();
await server.close();
