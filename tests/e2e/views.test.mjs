// e2e-budget-s: 300
// Every registered view, as the page itself lists them in its navigation: each opens from its
// own link (?view=key), shows a visible, non-empty view with a heading or a drawing, marks its
// tab as current, and logs no console error. A panel added to the registry is visited here
// without touching this file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('every registered view renders from its link without console errors', async () => {
  const first = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await first.goto(`${server.url}?backend=cpu`);
  await first.waitForSelector('nav.tabs button');
  const keys = await first.$$eval('nav.tabs button', (bs) => bs.map((b) => b.id.replace(/^tab-/, '')));
  await first.close();
  // The three training views and at least the four explainer panels of the lecture.
  for (const k of ['lab', 'race', 'mnist', 'emd', 'saturation', 'lipschitz', 'norms']) {
    assert.ok(keys.includes(k), `${k} is registered: ${keys}`);
  }
  assert.equal(new Set(keys).size, keys.length, `no view is listed twice: ${keys}`);
  for (const key of keys) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors = watchErrors(page);
    await page.goto(`${server.url}?backend=cpu&view=${key}`);
    // The one shown view: present, sized, with a heading or something drawn in it.
    const shown = page.locator('main .view:not([hidden])');
    await shown.locator('h2, canvas, svg').first().waitFor({ state: 'visible', timeout: 60000 });
    assert.equal(await shown.count(), 1, `${key}: exactly one view is shown`);
    const box = await shown.boundingBox();
    assert.ok(box && box.width > 300 && box.height > 200, `${key}: the view has a size (${JSON.stringify(box)})`);
    const current = await page.$eval(`#tab-${key}`, (b) => b.classList.contains('active'));
    assert.ok(current, `${key}: its tab is marked current`);
    // Let the view draw for a moment (workers start, panels compute) before judging the log.
    await page.waitForTimeout(1500);
    assert.deepEqual(errors, [], `${key}: console errors`);
    await page.close();
  }
});
