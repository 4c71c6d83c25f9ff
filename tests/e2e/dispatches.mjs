// `make bench-dispatches`: the WebGPU calls of one toy training step, counted on SwiftShader in
// headless Chromium (see `countWebGpuCalls` in harness.mjs). A tiny MLP on a real GPU is bound
// by dispatch and read-back latency rather than arithmetic, and no GPU has been lent to this
// project, so the calls are what can be measured here. The paper's toy configuration (batch
// 256) at width 128, with n_critic 1 and 5; DISPATCH_STEPS clicks are averaged (5 by default).
import { serveDist, launch, paperToyLink, countWebGpuCalls, webGpuCalls } from './harness.mjs';

const STEPS = Number(process.env.DISPATCH_STEPS ?? 5);
const server = await serveDist();
const browser = await launch({ webgpu: true });
try {
  const page = await browser.newPage();
  const counter = countWebGpuCalls(page);
  await page.goto(`${server.url}?backend=webgpu${paperToyLink(128)}`);
  await page.waitForSelector('#backend:has-text("WebGPU")', { timeout: 180000 });
  await page.waitForSelector('#play:not([disabled])', { timeout: 180000 });
  const { click1, click5, critic, snapshot } = await webGpuCalls(page, counter, STEPS);
  const keys = ['dispatches', 'submits', 'readbacks', 'uploads', 'smallUploads', 'uploadBytes', 'pipelines'];
  console.log(`WebGPU calls, paper toy configuration at width 128 (batch 256), SwiftShader, mean of ${STEPS}:`);
  console.log('| per | dispatches | submits | read-backs | uploads | of them ≤ 64 bytes | bytes uploaded | pipelines created |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [name, d] of [
    ['"step both", n_critic 5 (a step and its snapshot)', click5],
    ['"step both", n_critic 1', click1],
    ['critic iteration (exact: the difference / 4)', critic],
    ['snapshot alone (approximate)', snapshot],
  ]) {
    console.log(`| ${name} | ${keys.map((k) => d[k].toFixed(1)).join(' | ')} |`);
  }
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
