// e2e-budget-s: 300
// The explainer panels in the built app, on a projector-sized screen (1280×720). Every expected
// value is recomputed here in plain JavaScript from the positions the page reports, so a panel
// that printed a canned or stale number would fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, watchErrors, inkFraction } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function open(view) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}?backend=cpu&view=${view}`);
  await page.waitForSelector(view === 'lab' ? '#main-plot' : `#panel-${view}`, { state: 'visible', timeout: 60000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 1280, `no horizontal scrolling at 1280 px (width ${overflow})`);
  return { page, errors };
}

const num = async (page, sel) => {
  const t = (await page.locator(sel).textContent()).trim();
  return t === '∞' ? Infinity : Number(t);
};
const attr = async (page, sel, name) => (await page.getAttribute(sel, name)).split(',').map(Number);

/** Screen point of a world point in an SVG whose frame is { x: [x0, x1], y: [y0, y1] }. */
async function screen(page, sel, frame, [x, y]) {
  await page.locator(sel).scrollIntoViewIfNeeded();
  const b = await page.locator(sel).boundingBox();
  return [b.x + (x - frame.x[0]) / (frame.x[1] - frame.x[0]) * b.width,
    b.y + (frame.y[1] - y) / (frame.y[1] - frame.y[0]) * b.height];
}

async function drag(page, sel, frame, from, to) {
  const [ax, ay] = await screen(page, sel, frame, from);
  const [bx, by] = await screen(page, sel, frame, to);
  await page.mouse.move(ax, ay);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(ax + (bx - ax) * i / 8, ay + (by - ay) * i / 8);
  await page.mouse.up();
}

async function setSlider(page, sel, value) {
  await page.$eval(sel, (el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

const close = (got, want, tol, what) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want}`);

test('navigation shows each panel and keeps the view in the URL', async () => {
  const { page, errors } = await open('lab');
  for (const view of ['emd', 'saturation', 'lipschitz', 'norms']) {
    await page.click(`#tab-${view}`);
    await page.waitForSelector(`#panel-${view}`, { state: 'visible' });
    assert.ok(page.url().includes(`view=${view}`), page.url());
    assert.ok(page.url().includes('backend=cpu'), 'other query parameters are kept');
  }
  await page.click('#tab-lab');
  await page.waitForSelector('#main-plot', { state: 'visible' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a link to a panel opens it; the Lab trains behind it and draws when shown', async () => {
  const { page, errors } = await open('emd');
  assert.equal(await page.locator('#main-plot').isVisible(), false);
  await page.waitForFunction(() => Number.isFinite(parseFloat(document.querySelector('#w-estimate')?.textContent)), null, { timeout: 90000 });
  await page.click('#tab-lab');
  await page.waitForSelector('#main-plot', { state: 'visible' });
  await page.waitForTimeout(300);
  assert.ok(await inkFraction(page, '#main-plot') > 0.3, 'the plot is drawn on showing the Lab');
  assert.deepEqual(errors, []);
  await page.close();
});

test('EMD: dragging a pile changes W1 to the CDF-area value; KL/JS follow', async () => {
  const { page, errors } = await open('emd');
  const w1 = (p, q) => {
    const sp = p.reduce((a, b) => a + b), sq = q.reduce((a, b) => a + b);
    let fp = 0, fq = 0, area = 0;
    for (let i = 0; i + 1 < p.length; i++) { fp += p[i] / sp; fq += q[i] / sq; area += Math.abs(fp - fq); }
    return area; // bars one unit apart
  };
  const before = await num(page, '#piles-w1');
  const p0 = await attr(page, '#piles-svg', 'data-p');
  const q0 = await attr(page, '#piles-svg', 'data-q');
  close(before, w1(p0, q0), 6e-5, 'initial W1');
  assert.equal(await num(page, '#piles-kl'), Infinity, 'P has mass where Q has none');
  close(await num(page, '#piles-js'), Math.LN2, 6e-5, 'disjoint supports: JS = ln 2');
  // Raise P's bar at position 6 (left half of the pair) to a height of about 4.
  const frame = { x: [-0.6, p0.length - 0.4], y: [0, 7.2] };
  await drag(page, '#piles-svg', frame, [5.8, 0.05], [5.8, 4.0]);
  const p1 = await attr(page, '#piles-svg', 'data-p');
  assert.ok(p1[6] > 3.5 && p1[6] < 4.5, `bar 6 raised: ${p1}`);
  const after = await num(page, '#piles-w1');
  close(after, w1(p1, q0), 6e-5, 'W1 after the drag');
  assert.ok(after < before, 'moving earth towards P_model shrinks W1');
  assert.ok((await num(page, '#piles-js')) < Math.LN2, 'overlap makes JS drop below ln 2');
  assert.ok(await page.locator('#piles-svg path.plan').count() > 0, 'plan arrows drawn');
  // Emptying P entirely gives a message, not a panic.
  for (let i = 0; i < p1.length; i++) if (p1[i] > 0) await drag(page, '#piles-svg', frame, [i - 0.2, p1[i] - 0.05], [i - 0.2, -1]);
  await page.waitForSelector('#piles-error');
  assert.equal((await page.locator('#piles-w1').textContent()).trim(), '—');
  assert.deepEqual(errors, []);
  await page.close();
});

test('EMD: parallel lines give W = |θ|, JS = ln 2, KL = ∞, and 0 at θ = 0', async () => {
  const { page } = await open('emd');
  await setSlider(page, '#theta', -0.3);
  close(await num(page, '#pl-w'), 0.3, 1e-4, 'W');
  close(await num(page, '#pl-js'), Math.LN2, 1e-4, 'JS');
  assert.equal(await num(page, '#pl-kl'), Infinity);
  await setSlider(page, '#theta', 0);
  assert.equal(await num(page, '#pl-w'), 0);
  assert.equal(await num(page, '#pl-js'), 0);
  assert.equal(await num(page, '#pl-kl'), 0);
  assert.ok(await inkFraction(page, '#lines-chart') > 0.02, 'the curves are drawn');
  await page.close();
});

test('EMD: dragging a point re-matches to the brute-force optimum', async () => {
  const { page } = await open('emd');
  const frame = { x: [-3, 3], y: [-2.2, 2.2] };
  const brute = (a, b) => {
    const n = a.length / 2;
    const d = (i, j) => Math.hypot(a[2 * i] - b[2 * j], a[2 * i + 1] - b[2 * j + 1]);
    let best = Infinity;
    const rec = (i, used, acc) => {
      if (i === n) { best = Math.min(best, acc); return; }
      for (let j = 0; j < n; j++) if (!(used & (1 << j))) rec(i + 1, used | (1 << j), acc + d(i, j));
    };
    rec(0, 0, 0);
    return best / n;
  };
  const a0 = await attr(page, '#match-svg', 'data-a');
  const b0 = await attr(page, '#match-svg', 'data-b');
  close(await num(page, '#match-w1'), brute(a0, b0), 6e-5, 'initial matching');
  await drag(page, '#match-svg', frame, [a0[0], a0[1]], [2.5, 1.8]);
  const a1 = await attr(page, '#match-svg', 'data-a');
  assert.ok(Math.abs(a1[0] - 2.5) < 0.1 && Math.abs(a1[1] - 1.8) < 0.1, `point moved: ${a1.slice(0, 2)}`);
  close(await num(page, '#match-w1'), brute(a1, b0), 6e-5, 'matching after the drag');
  assert.equal(await page.locator('#match-svg path.match').count(), 6);
  await page.close();
});

test('saturation: the slider reads off σ(ℓ) and the three gradients', async () => {
  const { page } = await open('saturation');
  for (const l of [-6, 0, 3.5]) {
    await setSlider(page, '#logit', l);
    const d = 1 / (1 + Math.exp(-l));
    close(await num(page, '#sat-d'), d, 6e-5, `D at ${l}`);
    close(await num(page, '#sat-s'), d, 6e-5, 'saturating');
    close(await num(page, '#sat-ns'), 1 - d, 6e-5, 'non-saturating');
    assert.equal(await num(page, '#sat-w'), 1);
  }
  assert.ok(await inkFraction(page, '#saturation-chart') > 0.02);
  await page.close();
});

test('Lipschitz: k sets L, K decides, the cone follows the pointer, the live critic slices', async () => {
  const { page } = await open('lipschitz');
  await page.selectOption('#lip-curve', 'sine');
  await setSlider(page, '#lip-k-sine', 2.5);
  close(await num(page, '#lip-l'), 2.5, 1e-4, 'L of sin(2.5x) on [−3, 3]');
  await setSlider(page, '#lip-big-k', 1);
  assert.match(await page.locator('#lip-status').textContent(), /not K-Lipschitz/);
  // Hover at x = 1.2: the count of samples inside the cone must match a direct count.
  await page.locator('#lip-svg').scrollIntoViewIfNeeded();
  const box = await page.locator('#lip-svg').boundingBox();
  await page.mouse.move(box.x + (1.2 + 3) / 6 * box.width, box.y + box.height / 2);
  const x0 = Number(await page.getAttribute('#lip-svg', 'data-x0'));
  close(x0, 1.2, 0.05, 'apex follows the pointer');
  let want = 0;
  for (let i = 0; i <= 600; i++) {
    const x = -3 + 6 * i / 600;
    if (Math.abs(Math.sin(2.5 * x) - Math.sin(2.5 * x0)) > Math.abs(x - x0) + 1e-12) want++;
  }
  assert.ok(want > 0);
  const got = await num(page, '#lip-violations');
  assert.ok(Math.abs(got - want) <= 1, `violations ${got} vs ${want}`);
  await setSlider(page, '#lip-big-k', 3);
  assert.match(await page.locator('#lip-status').textContent(), /is K-Lipschitz/);
  assert.equal(await num(page, '#lip-violations'), 0);
  assert.ok(await inkFraction(page, '#lip-pairs') > 0.3, 'pairs map drawn');
  // The Lab (mounted in the background) publishes its critic after its first snapshot.
  await page.waitForFunction(() => Number.isFinite(parseFloat(document.querySelector('#w-estimate')?.textContent)), null, { timeout: 90000 });
  await page.selectOption('#lip-curve', 'critic');
  await page.waitForSelector('.note:has-text("Lab\'s critic value")');
  const l = await num(page, '#lip-l');
  assert.ok(Number.isFinite(l) && l > 0, `critic slice L = ${l}`);
  // Slice along another line: the constant is the largest slope between neighbouring samples.
  const before = await page.getAttribute('#lip-svg', 'data-samples');
  const [lo, hi] = await attr(page, '#lip-svg', 'data-domain');
  await setSlider(page, '#lip-slice-y', lo * 0.6);
  const values = await attr(page, '#lip-svg', 'data-samples');
  assert.notEqual(values.join(','), before, 'another slice');
  const dx = (hi - lo) / (values.length - 1);
  let steepest = 0;
  for (let i = 1; i < values.length; i++) steepest = Math.max(steepest, Math.abs(values[i] - values[i - 1]) / dx);
  close(await num(page, '#lip-l'), steepest, 6e-5, 'L of the critic slice');
  await page.close();
});

test('L1 vs L2: dragging a point updates lengths and the path count', async () => {
  const { page, errors } = await open('norms');
  const frame = { x: [-0.5, 12.5], y: [-0.5, 8.5] };
  await drag(page, '#paths-svg', frame, [8, 6], [10, 2]);
  const a = await attr(page, '#paths-svg', 'data-a');
  const b = await attr(page, '#paths-svg', 'data-b');
  assert.deepEqual(b, [10, 2]);
  const dx = Math.abs(b[0] - a[0]), dy = Math.abs(b[1] - a[1]);
  close(await num(page, '#norm-l1'), dx + dy, 1e-9, 'L1');
  close(await num(page, '#norm-l2'), Math.hypot(dx, dy), 6e-5, 'L2');
  let c = 1;
  for (let i = 1; i <= Math.min(dx, dy); i++) c = c * (dx + dy - Math.min(dx, dy) + i) / i;
  assert.equal(await num(page, '#norm-paths'), c);
  assert.equal(await page.locator('#paths-svg path.stair').count(), Math.min(3, c));
  // Unit balls: click a point and read its three norms.
  const balls = { x: [-1.6, 1.6], y: [-1.6, 1.6] };
  const [sx, sy] = await screen(page, '#balls-svg', balls, [0.3, -0.8]);
  await page.mouse.click(sx, sy);
  const p = await attr(page, '#balls-svg', 'data-point');
  close(p[0], 0.3, 0.03, 'x'); close(p[1], -0.8, 0.03, 'y');
  close(await num(page, '#ball-l1'), Math.abs(p[0]) + Math.abs(p[1]), 6e-5, 'L1');
  close(await num(page, '#ball-l2'), Math.hypot(p[0], p[1]), 6e-5, 'L2');
  close(await num(page, '#ball-linf'), Math.max(Math.abs(p[0]), Math.abs(p[1])), 6e-5, 'L∞');
  assert.deepEqual(errors, []);
  await page.close();
});

test('L1 vs L2: the printed optima beat a grid search, and L1 lands on a corner', async () => {
  const { page } = await open('norms');
  const frame = { x: [-2.5, 2.5], y: [-2.5, 2.5] };
  await drag(page, '#sp-l1-svg', frame, [2.2, 0.35], [0.5, 2.0]);
  const [cx, cy, angle, a1, a2, t] = await attr(page, '#sp-l1-svg', 'data-loss');
  close(cx, 0.5, 0.05, 'centre x');
  const [s, c] = [Math.sin(angle), Math.cos(angle)];
  const A = [a1 * c * c + a2 * s * s, (a1 - a2) * s * c, a1 * s * s + a2 * c * c];
  const q = ([x, y]) => { const u = x - cx, v = y - cy; return A[0] * u * u + 2 * A[1] * u * v + A[2] * v * v; };
  const grid = (inside) => {
    let best = Infinity;
    for (let i = 0; i <= 400; i++) for (let j = 0; j <= 400; j++) {
      const x = [-t + 2 * t * i / 400, -t + 2 * t * j / 400];
      if (inside(x)) best = Math.min(best, q(x));
    }
    return best;
  };
  const o1 = await attr(page, '#sp-l1', 'data-x');
  const o2 = await attr(page, '#sp-l2', 'data-x');
  const g1 = grid(([x, y]) => Math.abs(x) + Math.abs(y) <= t);
  const g2 = grid(([x, y]) => Math.hypot(x, y) <= t);
  assert.ok(q(o1) <= g1 + 1e-9 && g1 - q(o1) < 0.05, `L1 optimum ${o1}: ${q(o1)} vs grid ${g1}`);
  assert.ok(q(o2) <= g2 + 1e-9 && g2 - q(o2) < 0.05, `L2 optimum ${o2}: ${q(o2)} vs grid ${g2}`);
  assert.ok(o1.includes(0), `L1 optimum on a corner: ${o1}`);
  assert.match(await page.locator('#sp-l1').textContent(), /exactly 0/);
  assert.ok(!o2.includes(0), `L2 optimum off the axes: ${o2}`);
  await page.close();
});

test('Figure 1(b): four deep critics trained in a worker, every layer\'s gradient norm on one log chart', async () => {
  // 20 steps instead of the figure's 100 keep the test short; the trends already hold there.
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}?backend=cpu&view=layers&steps=20`);
  await page.waitForSelector('#panel-layers', { state: 'visible' });
  assert.equal(await page.locator('#fig1b-chart path.curve').count(), 0, 'nothing before Run');
  await page.click('#fig1b-run');
  await page.waitForFunction(() => document.querySelectorAll('#fig1b-chart path.curve').length === 4, null, { timeout: 240000, polling: 500 });
  assert.match(await page.locator('#fig1b-status').textContent(), /done/);
  const norms = await page.$$eval('#fig1b-chart path.curve', (ps) => ps.map((p) => p.dataset.norms.split(',').map(Number)));
  for (const n of norms) {
    assert.equal(n.length, 9, 'eight hidden layers and the output layer');
    assert.ok(n.every((v) => Number.isFinite(v) && v > 0), `${n}`);
  }
  const [, c2, c3, gp] = norms;
  const gpMax = Math.max(...gp);
  assert.ok(Math.max(...gp) / Math.min(...gp) < 20, `the penalty keeps every layer within a factor 20: ${gp}`);
  assert.ok(gpMax > 0.1 && gpMax < 10, `and near 1: ${gp}`);
  assert.ok(c2.every((v) => v < 1e-6 * gpMax), `c = 0.01 has vanished everywhere: ${c2}`);
  assert.ok(c3[0] < 1e-4 * c3[8], `c = 0.001 vanishes towards the input: ${c3}`);
  // The chart's text alternative states the numbers.
  const label = await page.getAttribute('#fig1b-chart', 'aria-label');
  assert.match(label, /gradient penalty: [\d.]+e/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Lipschitz: the cone on the 1D lab\'s live critic', async () => {
  const { page, errors } = await open('lipschitz');
  // Asked for before the 1D lab has trained: a notice, not a crash.
  await page.selectOption('#lip-curve', 'line');
  await page.waitForSelector('#lip-note-line');
  await page.click('#tab-line');
  await page.waitForSelector('#line-play:not([disabled])', { timeout: 60000 });
  await page.click('#line-play');
  await page.waitForFunction(() => Number(document.querySelector('#line-step')?.textContent) >= 30, null, { timeout: 60000 });
  await page.click('#line-pause');
  await page.click('#tab-lipschitz');
  await page.click('#lip-refresh-line');
  await page.waitForSelector('#lip-line-note');
  // The constant is the steepest slope between neighbouring samples of the critic the page took.
  const values = await attr(page, '#lip-svg', 'data-samples');
  const [lo, hi] = await attr(page, '#lip-svg', 'data-domain');
  assert.ok(values.length > 10 && hi > lo, `${values.length} samples on [${lo}, ${hi}]`);
  const dx = (hi - lo) / (values.length - 1);
  let steepest = 0;
  for (let i = 1; i < values.length; i++) steepest = Math.max(steepest, Math.abs(values[i] - values[i - 1]) / dx);
  close(await num(page, '#lip-l'), steepest, 6e-5, 'L of the 1D critic');
  assert.deepEqual(errors, []);
  await page.close();
});
