// e2e-budget-s: 300
// The 1D lab in the built app: it trains in its worker, the exact W1 falls, the critic curve
// and the push arrows are drawn, the settings live in the address and a link reproduces a run
// step for step, a bad field is refused inline, and "Settings that settle" switches to the
// one-sided penalty with an averaged generator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const text = async (page, sel) => (await page.locator(sel).textContent()).trim();
const stepOf = async (page) => Number(await text(page, '#line-step'));

async function open(query = '') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}?backend=cpu&view=line${query}`);
  await page.waitForSelector('#line-play:not([disabled])', { timeout: 60000 });
  return { page, errors };
}

test('the 1D lab trains: W1 falls, the critic and arrows are drawn', async () => {
  const { page, errors } = await open();
  await page.waitForFunction(() => document.querySelector('#line-w1')?.textContent.trim() !== '–');
  const w0 = Number(await text(page, '#line-w1'));
  assert.ok(w0 > 1, `an untrained generator is far from the data: W1 ${w0}`);
  assert.ok(await page.locator('#line-plot rect.real').count() > 10, 'real histogram drawn');
  await page.click('#line-play');
  await page.waitForFunction(() => Number(document.querySelector('#line-step')?.textContent) >= 400, null, { timeout: 120000 });
  await page.click('#line-pause');
  await page.waitForSelector('#line-play');
  // The paused snapshot computes W1 afresh.
  await page.waitForTimeout(500);
  const w1 = Number(await text(page, '#line-w1'));
  assert.ok(w1 < 0.6 && w1 < w0 / 2, `W1 fell from ${w0} to ${w1}`);
  assert.ok(await page.locator('#line-plot line.critic').count() > 100, 'the critic curve is drawn');
  assert.ok(await page.locator('#line-plot line.push').count() >= 20, 'push arrows are drawn');
  const slope = Number(await text(page, '#line-max-slope'));
  assert.ok(Number.isFinite(slope) && slope > 0, `the critic's largest slope on the data: ${slope}`);
  const label = await page.getAttribute('#line-plot', 'aria-label');
  assert.match(label, /step \d+/);
  assert.ok(new URL(page.url()).searchParams.get('line').startsWith('data:two,loss:wgan-gp,'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a 1D link reproduces its run step for step, and bad input is refused', async () => {
  const link = '&line=data:skewed,loss:wgan-clip,clip:0.1,lr:0.002,n_critic:3,seed:5';
  const run = async () => {
    const { page, errors } = await open(link);
    for (let i = 1; i <= 3; i++) {
      await page.click('#line-step-both');
      await page.waitForFunction((n) => Number(document.querySelector('#line-step')?.textContent) >= n, i);
    }
    await page.waitForTimeout(300);
    const out = { page, errors, w1: await text(page, '#line-w1'), w: await text(page, '#line-w-estimate') };
    return out;
  };
  const a = await run();
  const b = await run();
  assert.equal(await a.page.locator('#line-loss').inputValue(), 'wgan-clip');
  assert.equal(a.w1, b.w1, 'the same link gives the same W1 at step 3');
  assert.equal(a.w, b.w, 'and the same W estimate');
  assert.deepEqual([...a.errors, ...b.errors], []);
  // A negative λ is refused inline and the run keeps its settings.
  await a.page.fill('#line-lambda', '-1');
  await a.page.locator('#line-lambda').dispatchEvent('change');
  await a.page.waitForSelector('#line-field-error');
  assert.ok(!new URL(a.page.url()).searchParams.get('line').includes('lambda:-1'));
  await a.page.close();
  await b.page.close();
  // A link with one bad value is read for the rest, with a notice.
  const { page } = await open('&line=data:two,lr:fast,seed:3');
  await page.waitForSelector('.notice:has-text("not understood")');
  assert.ok(new URL(page.url()).searchParams.get('line').includes('seed:3'));
  await page.close();
});

test('"Settings that settle" restarts with the one-sided penalty and an averaged generator, kept in the link', async () => {
  const { page, errors } = await open('&line=data:two,seed:7');
  await page.click('#line-step-both');
  await page.waitForFunction(() => Number(document.querySelector('#line-step')?.textContent) >= 1);
  assert.match(await text(page, '#line-drawn'), /trained/);
  await page.click('#line-converge');
  await page.waitForFunction(() => Number(document.querySelector('#line-step')?.textContent) === 0);
  const link = new URL(page.url()).searchParams.get('line');
  for (const part of ['loss:wgan-gp-one-sided', 'lambda:10', 'n_critic:10', 'width:128', 'half:2000', 'ema:0.999', 'seed:7']) {
    assert.ok(link.split(',').includes(part), `${part} in ${link}`);
  }
  assert.equal(await page.locator('#line-loss').inputValue(), 'wgan-gp-one-sided');
  assert.match(await text(page, '#line-drawn'), /average \(β 0\.999\)/);
  await page.waitForFunction(() => document.querySelector('#line-w1')?.textContent.trim() !== '–');
  const w0 = Number(await text(page, '#line-w1'));
  await page.click('#line-play');
  await page.waitForFunction(() => Number(document.querySelector('#line-step')?.textContent) >= 200, null, { timeout: 120000 });
  await page.click('#line-pause');
  await page.waitForSelector('#line-play');
  await page.waitForTimeout(500);
  const w1 = Number(await text(page, '#line-w1'));
  assert.ok(w1 < w0 / 2, `the averaged generator's W1 fell from ${w0} to ${w1}`);
  // The link reopens the same settings.
  const again = await open(`&line=${link}`);
  assert.equal(await again.page.locator('#line-loss').inputValue(), 'wgan-gp-one-sided');
  assert.match(await text(again.page, '#line-drawn'), /average/);
  assert.deepEqual([...errors, ...again.errors], []);
  await again.page.close();
  await page.close();
});
