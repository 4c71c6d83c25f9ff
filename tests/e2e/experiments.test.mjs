// e2e-budget-s: 90
// Every experiment tab is one skeleton (src/page/tab.rs, src/page/run.rs) around its own
// controls and plots, so the shared controls behave the same in each. This file loops over
// every experiment, as egui's demo test loops over every demo, and drives them: step, save
// weights, reset, load the saved file back (the step returns), refuse a damaged file with the run
// untouched, then play, lose the worker (`?debug=1`'s GPU-loss hook) and go on training on the CPU.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

// Each experiment tab: its view and its element ids' prefix.
const EXPERIMENTS = [
  { view: 'lab', p: '' },
  { view: 'mnist', p: 'mnist-' },
  { view: 'line', p: 'line-' },
];

for (const { view, p } of EXPERIMENTS) {
  test(`the ${view} tab's shared controls: step, save, reset, load, refuse, recover`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    const id = (name) => `#${p}${name}`;
    const step = async () => Number((await page.locator(id('step')).textContent()).trim());
    const stepAtLeast = (n, timeout = 60000) => page.waitForFunction(
      ([sel, n]) => Number(document.querySelector(sel)?.textContent) >= n, [id('step'), n], { timeout });
    await page.goto(`${server.url}?backend=cpu&view=${view}&debug=1`);
    await page.waitForSelector(`${id('play')}:not([disabled])`, { timeout: 90000 });
    assert.match(await page.locator(id('backend')).textContent(), /CPU/);

    // Step twice, then save the weights at step 2.
    for (let i = 1; i <= 2; i++) {
      await page.click(id('step-both'));
      await stepAtLeast(i);
    }
    assert.equal(await step(), 2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(id('export-weights'))]);
    assert.match(download.suggestedFilename(), /^earthmover(-\w+)?-step-2\.weights$/);
    const saved = await readFile(await download.path());

    // Reset: the run starts again from step 0.
    await page.click(id('reset'));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === '0', id('step'));
    await page.waitForSelector(`${id('play')}:not([disabled])`);

    // Load the saved file back: the run is the file's, at its step.
    await page.setInputFiles(id('load-weights'), { name: 'saved.weights', mimeType: 'application/octet-stream', buffer: saved });
    await page.waitForSelector(`${id('weights-notice')}:has-text("Loaded weights from saved.weights (step 2)")`, { timeout: 60000 });
    await stepAtLeast(2);

    // A damaged file is refused in words, and the run keeps its step.
    const damaged = Buffer.from(saved.subarray(0, saved.length >> 1));
    await page.setInputFiles(id('load-weights'), { name: 'damaged.weights', mimeType: 'application/octet-stream', buffer: damaged });
    const refused = page.locator(`${id('weights-notice')}.error`);
    await refused.waitFor({ timeout: 60000 });
    assert.match(await refused.textContent(), /^Weights not loaded from damaged\.weights: .+\. The run is unchanged\.$/);
    assert.equal(await step(), 2, 'a refused file leaves the run alone');

    // Play, lose the worker, and keep training on the CPU from the seed (no WebGPU checkpoint).
    await page.click(id('play'));
    await stepAtLeast(3);
    await page.click(id('simulate-failure'));
    // (Only this tab's worker died: the Lab, mounted behind the other tabs, says nothing.)
    await page.waitForSelector('.notice:has-text("training worker stopped")', { timeout: 60000 });
    await page.waitForSelector(`${id('backend')}:has-text("CPU")`, { timeout: 60000 });
    await stepAtLeast(1, 90000);
    const after = await step();
    await page.waitForFunction(([sel, a]) => Number(document.querySelector(sel)?.textContent) > a,
      [id('step'), after], { timeout: 90000 });
    assert.ok(await page.locator(id('pause')).isVisible(), 'the replacement worker plays, as the old one did');
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('in Korean, a refused file is a Korean sentence that quotes the library\'s own words and names it', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}?backend=cpu&view=line&lang=ko`);
  await page.waitForSelector('#line-play:not([disabled])', { timeout: 90000 });
  await page.click('#line-step-both');
  await page.waitForFunction(() => Number(document.querySelector('#line-step')?.textContent) >= 1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#line-export-weights')]);
  const saved = await readFile(await download.path());
  // Cut inside the tensors (past the header), so burn itself refuses it, in English.
  const damaged = Buffer.from(saved.subarray(0, saved.length - 64));
  await page.setInputFiles('#line-load-weights', { name: 'damaged.weights', mimeType: 'application/octet-stream', buffer: damaged });
  const notice = page.locator('#line-weights-notice.error');
  await notice.waitFor({ timeout: 60000 });
  const text = await notice.textContent();
  assert.match(text, /^가중치를 불러오지 못했습니다\(damaged\.weights\): .+\. 실행은 바뀌지 않았습니다\.$/, text);
  assert.match(text, /(burn의 메시지|해석기의 메시지): “[^”]+”/, text);
  // Outside the quotation, no English word (names such as burn aside).
  const ours = text.replace(/“[^”]*”/g, '').replace(/damaged\.weights|burn|NaN/g, '');
  assert.doesNotMatch(ours, /[A-Za-z]{3,}/, ours);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bad steps-per-tick value typed while training is kept as typed, refused in words, and the pace is kept', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}?backend=cpu&view=lab`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 90000 });
  // While training, so snapshots re-render the toolbar under the student's typing.
  await page.click('#play');
  await page.waitForFunction(() => Number(document.querySelector('#step')?.textContent) >= 5);
  await page.fill('#speed', '5000');
  await page.locator('#speed').dispatchEvent('change');
  const alert = page.locator('#rejected');
  await alert.waitFor();
  assert.match(await alert.textContent(), /steps per tick must be a whole number from 1 to 1000, not “5000”/);
  await page.waitForTimeout(500);
  assert.equal(await page.inputValue('#speed'), '5000', 'the refused value stays as typed while training re-renders');
  // A good value clears it.
  await page.fill('#speed', '20');
  await page.locator('#speed').dispatchEvent('change');
  await page.waitForSelector('#rejected', { state: 'detached' });
  assert.deepEqual(errors, []);
  await page.close();
});
