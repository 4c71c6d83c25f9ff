// e2e-budget-s: 400
// Accessibility in the built app: axe-core (npm, injected into the page) audits every view at
// 1280×720 after the Lab has trained for a few seconds, and must find no serious or critical
// violation; keyboard focus is visible; the Lab's plot states its numbers in text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, watchErrors, waitForStep } from './harness.mjs';

const AXE = await readFile(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const VIEWS = ['lab', 'race', 'mnist', 'emd', 'saturation', 'lipschitz', 'norms'];

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** axe's serious and critical violations on the page, one line each. */
async function audit(page) {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ impact: v.impact, id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 4).join(' | ')}`);
}

test('axe-core finds no serious or critical violation on any view, with the Lab trained', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, bypassCSP: true }); // to inject axe-core
  const errors = watchErrors(page);
  await page.goto(`${server.url}?backend=cpu`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 60000 });
  await page.click('#play');
  await waitForStep(page, 20, 60000);
  await page.waitForTimeout(3000);
  const report = {};
  for (const view of VIEWS) {
    await page.click(`#tab-${view}`);
    // Let the view draw (MNIST fetches its digits and starts its worker).
    await page.waitForTimeout(view === 'mnist' || view === 'race' ? 4000 : 800);
    const found = await audit(page);
    if (found.length > 0) report[view] = found;
  }
  assert.deepEqual(report, {}, JSON.stringify(report, null, 2));
  assert.deepEqual(errors, []);
  await page.close();
});

test('axe-core finds no serious or critical violation on any lecture slide, in Korean or English', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
  const errors = watchErrors(page);
  const report = {};
  for (const lang of ['ko', 'en']) {
    await page.goto(`${server.url}?backend=cpu&view=lecture&slide=1&lang=${lang}`);
    await page.waitForSelector('#slide .slide-title');
    for (let n = 1; n <= 10; n++) {
      if (n > 1) await page.keyboard.press('ArrowRight');
      await page.waitForFunction((n) => document.querySelector('#slide-count')?.textContent.startsWith(`${n} /`), n);
      // Let the slide's widget start and draw.
      await page.waitForTimeout(n === 1 || n === 10 ? 200 : 1500);
      const found = await audit(page);
      if (found.length > 0) report[`${lang} slide ${n}`] = found;
    }
  }
  assert.deepEqual(report, {}, JSON.stringify(report, null, 2));
  assert.deepEqual(errors, []);
  await page.close();
});

test('keyboard focus is visible on every kind of control', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${server.url}?backend=cpu`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 60000 });
  const seen = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      return { tag: el.tagName.toLowerCase(), type: el.type ?? '', outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
    });
    if (!f) continue;
    seen.add(`${f.tag}:${f.type}`);
    assert.ok((f.outline !== 'none' && f.width >= 2) || f.shadow !== 'none', `no visible focus ring on ${JSON.stringify(f)}`);
  }
  for (const kind of ['button:submit', 'select:select-one', 'input:text']) {
    assert.ok([...seen].some((k) => k === kind || k.startsWith(kind.split(':')[0])), `reached a ${kind} by Tab: ${[...seen]}`);
  }
  await page.close();
});

test('the Lab plot states its numbers in text, updated while training', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${server.url}?backend=cpu`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 60000 });
  await page.click('#play');
  await waitForStep(page, 30, 60000);
  await page.waitForTimeout(1500);
  const label = async () => page.locator('#main-plot').getAttribute('aria-label');
  const first = await label();
  assert.match(first ?? '', /step \d+/, first);
  assert.match(first, /modes covered \d+ of 8/, first);
  assert.match(first, /W estimate -?\d/, first);
  const step = Number(first.match(/step (\d+)/)[1]);
  assert.ok(step >= 1, first);
  // At most one update a second, but it does move on.
  await page.waitForTimeout(2500);
  const later = await label();
  assert.ok(Number(later.match(/step (\d+)/)[1]) > step, `${first} → ${later}`);
  assert.equal(await page.locator('#main-plot').getAttribute('role'), 'img');
  // Every chart beside it says its numbers too, matching what the page prints.
  const norms = (await page.locator('#layer-norms').textContent()).split(' · ').length;
  assert.ok(norms >= 2, 'the layer norms are printed');
  await page.close();
});

test('every canvas and drawing on every view has a text alternative with its numbers', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  // Weight clipping, so the ±c share is shown and described too.
  await page.goto(`${server.url}?backend=cpu#loss=wgan-clip&clip=0.01&width=32`);
  await page.waitForSelector('#play:not([disabled])', { timeout: 60000 });
  await page.click('#play');
  await waitForStep(page, 20, 60000);
  await page.click('#pause');
  await page.waitForTimeout(800);
  const share = await page.locator('#clip-share').textContent();
  assert.match(share, /^\d+ %$/, share);
  const weights = await page.locator('#chart-weights').getAttribute('aria-label');
  assert.ok(weights.includes(`${share} of them within 1 % of ±c`), weights);
  const keys = await page.$$eval('nav.tabs button', (bs) => bs.map((b) => b.id.replace(/^tab-/, '')));
  for (const key of keys) {
    await page.click(`#tab-${key}`);
    const shown = page.locator('main .view:not([hidden])');
    await shown.locator('h2, canvas, svg').first().waitFor({ state: 'visible', timeout: 60000 });
    if (key === 'mnist') await page.waitForSelector('#mnist-play:not([disabled])', { timeout: 120000 });
    if (key === 'race') await page.waitForSelector('#race-play:not([disabled])', { timeout: 120000 });
    if (key === 'line') await page.waitForSelector('#line-play:not([disabled])', { timeout: 60000 });
    await page.waitForTimeout(500);
    const missing = await shown.evaluate((root) => [...root.querySelectorAll('canvas')]
      .filter((c) => c.getAttribute('role') !== 'img' || !/\d/.test(c.getAttribute('aria-label') ?? ''))
      .map((c) => c.id || c.className));
    assert.deepEqual(missing, [], `${key}: canvases without a text alternative that states numbers`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('every view fits 200 % zoom on a 1280×720 screen (a 640×360 CSS viewport)', async () => {
  const page = await browser.newPage({ viewport: { width: 640, height: 360 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}?backend=cpu`);
  await page.waitForSelector('nav.tabs button');
  const keys = await page.$$eval('nav.tabs button', (bs) => bs.map((b) => b.id.replace(/^tab-/, '')));
  for (const key of keys) {
    await page.click(`#tab-${key}`);
    const shown = page.locator('main .view:not([hidden])');
    await shown.locator('h2, canvas, svg').first().waitFor({ state: 'visible', timeout: 60000 });
    await page.waitForTimeout(300);
    const wide = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      over: [...document.querySelectorAll('main *')]
        .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > 640 + 1)
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${e.className}`),
    }));
    assert.ok(wide.page <= 640, `${key}: the page scrolls sideways (${wide.page} px): ${wide.over}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('every draggable handle moves with the arrow keys', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  const attr = (sel, name) => page.locator(sel).first().getAttribute(name);
  // (view, handle, what it changes, key): each focused by the keyboard's own focus() and moved.
  const cases = [
    ['norms', '#paths-a', () => attr('#paths-svg', 'data-a'), 'ArrowRight'],
    ['norms', '#balls-point', () => attr('#balls-svg', 'data-point'), 'ArrowUp'],
    ['norms', '#sp-l1-svg circle.centre', () => page.locator('#sp-centre').textContent(), 'ArrowLeft'],
    ['emd', '#piles-svg rect.bar-p', () => attr('#piles-svg', 'data-p'), 'ArrowUp'],
    ['emd', '#match-svg circle.pt-a', () => attr('#match-svg', 'data-a'), 'ArrowDown'],
  ];
  for (const [view, handle, read, key] of cases) {
    await page.goto(`${server.url}?backend=cpu&view=${view}`);
    await page.waitForSelector(handle);
    const before = await read();
    await page.locator(handle).first().focus();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('tabindex')), '0', `${handle} takes focus`);
    await page.keyboard.press(key);
    await page.keyboard.press(key);
    const after = await read();
    assert.notEqual(after, before, `${key} on ${handle} moved it (${before} → ${after})`);
    assert.match(await page.locator(handle).first().getAttribute('aria-label'), /arrow/, `${handle} says how`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
