// `make profile-web`: where the CPU worker's time goes during toy training, from V8's own
// sampling profiler (`--js-flags=--prof`, about one sample per millisecond per isolate) in
// headless Chromium. The paper's toy configuration trains for PROFILE_S seconds (20 by default)
// at width PROFILE_WIDTH (512 by default) in the `make serve` build, whose wasm keeps its
// function names; the worker isolate's samples are then attributed to the wasm functions by
// address and grouped by crate (`profile_groups.py` does the grouping, in plain Python).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { serveDist, launch, paperToyLink } from './harness.mjs';

const SECONDS = Number(process.env.PROFILE_S ?? 20);
const WIDTH = Number(process.env.PROFILE_WIDTH ?? 512);
const dir = mkdtempSync('/tmp/earthmover-profile-');
const server = await serveDist();
const browser = await launch({
  extraArgs: [`--js-flags=--prof --logfile=${join(dir, 'v8.log')}`],
});
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backend=cpu${paperToyLink(WIDTH)}`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 120000 });
  await page.click('#play');
  const start = Number(await page.locator('#step').textContent());
  await page.waitForTimeout(SECONDS * 1000);
  const end = Number(await page.locator('#step').textContent());
  await page.click('#pause');
  console.log(`paper toy configuration, width ${WIDTH}, CPU worker: ${end - start} generator steps in ${SECONDS} s`);
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
// One log per isolate; the worker's is the one with the most wasm samples.
const logs = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => join(dir, f));
console.log(`V8 logs: ${logs.map((f) => `${(statSync(f).size / 1e6).toFixed(1)} MB`).join(', ')}`);
try {
  process.stdout.write(execFileSync('python3', [new URL('./profile_groups.py', import.meta.url).pathname, ...logs], { encoding: 'utf8' }));
} finally {
  // The logs are tens of MB a run; the table above is what is kept.
  rmSync(dir, { recursive: true, force: true });
}
