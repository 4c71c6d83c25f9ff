// Runs every browser test file, one `node --test` process per file, and prints each file's
// wall time against its budget.
//
// Why not one `node --test *.test.mjs`: node's `--test-timeout` limits each test *file* as well
// as each test, so one number had to fit both the slowest single test and the longest file, and
// the WebGPU file outgrew it on a slower machine (issue 11). Here every file states its own
// budget in a header line, `// e2e-budget-s: N`, sized at four times its measured wall time
// (a 2× margin on a machine twice as slow). The budget is passed as that file's
// `--test-timeout`, so it bounds the file and every test in it that sets no tighter limit.
//
// Nothing is retried: a test that fails once is reported, and the run fails.
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const chosen = process.argv.slice(2);
const files = chosen.length > 0
  ? chosen.map((f) => basename(f))
  : (await readdir(here)).filter((f) => f.endsWith('.test.mjs')).sort();

/** The `// e2e-budget-s: N` header of a test file, in seconds. */
async function budgetOf(file) {
  const text = await readFile(here + file, 'utf8');
  const m = text.match(/^\/\/ e2e-budget-s: (\d+)\b/m);
  if (!m) throw new Error(`${file} has no "// e2e-budget-s: N" header line; every test file states its budget`);
  return Number(m[1]);
}

/** Runs one file; resolves to { file, budget, seconds, pass, fail, cancelled, code }. */
function runFile(file, budget) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [
      '--test', '--test-reporter=tap', `--test-timeout=${budget * 1000}`, file,
    ], { cwd: here, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; process.stdout.write(chunk); });
    child.on('close', (code) => {
      const count = (name) => Number(out.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
      resolve({
        file, budget, seconds: (Date.now() - started) / 1000, code,
        pass: count('pass'), fail: count('fail'), cancelled: count('cancelled'),
      });
    });
  });
}

const budgets = [];
for (const file of files) budgets.push([file, await budgetOf(file)]);

const results = [];
for (const [file, budget] of budgets) {
  console.log(`# e2e file ${file} (budget ${budget} s)`);
  const r = await runFile(file, budget);
  console.log(`# e2e file ${file}: ${r.seconds.toFixed(1)} s of ${budget} s, ${r.pass} passed, ${r.fail} failed, ${r.cancelled} cancelled`);
  results.push(r);
}

const total = results.reduce((s, r) => s + r.seconds, 0);
const slowest = results.reduce((a, b) => (b.seconds > a.seconds ? b : a), results[0]);
console.log('# e2e wall time per file:');
for (const r of results) {
  const share = (100 * r.seconds / r.budget).toFixed(0);
  console.log(`#   ${r.file.padEnd(28)} ${r.seconds.toFixed(1).padStart(7)} s  (${share} % of its ${r.budget} s budget)`);
}
if (slowest) console.log(`# e2e slowest file: ${slowest.file}, ${slowest.seconds.toFixed(1)} s; all files: ${total.toFixed(1)} s`);
const passed = results.reduce((s, r) => s + r.pass, 0);
const failed = results.reduce((s, r) => s + r.fail + r.cancelled, 0);
// A file that exits non-zero without a counted failure (it crashed, or found no tests) fails too.
const broken = results.filter((r) => r.code !== 0 || r.pass + r.fail + r.cancelled === 0);
for (const r of broken) console.log(`# e2e file ${r.file} exited with code ${r.code} after ${r.pass} passed tests`);
console.log(`e2e: ${passed} passed, ${failed + (failed === 0 ? broken.length : 0)} failed`);
process.exit(failed > 0 || broken.length > 0 ? 1 : 0);
