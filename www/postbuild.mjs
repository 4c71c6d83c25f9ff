// Trunk's post-build hook (see Trunk.toml): runs on the staged build, before it becomes dist/.
//
// 1. Content-hashes the training worker's file names (trunk leaves them as worker.js and
//    worker_bg.wasm), so a cached old worker can never pair with a new page: the page learns
//    the names from <meta name="earthmover-worker">.
// 2. Writes the Content-Security-Policy as a <meta>: only this origin, wasm compilation but no
//    eval, workers from this origin or blob: (the worker's two-line loader), and trunk's one
//    inline bootstrap script by its SHA-256.
// 3. Writes the service worker (sw.js) with this build's version and file list, so a visit
//    precaches the whole app and the next one works offline (see www/sw.js for the rules).
//
// Plain Node, no dependencies: `make serve`, `make web` and `make dist` all run it.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) throw new Error('postbuild: no TRUNK_STAGING_DIR');
const sha = (data, alg = 'sha256') => createHash(alg).update(data);

// 1. The worker's names.
const workerJs = readFileSync(join(dir, 'worker.js'));
const workerWasm = readFileSync(join(dir, 'worker_bg.wasm'));
const workerHash = sha(workerJs).update(workerWasm).digest('hex').slice(0, 16);
const worker = `worker-${workerHash}`;
// wasm-bindgen's no-modules script finds its wasm by the path the loader passes; nothing
// inside worker.js names the files, so renaming both is enough.
renameSync(join(dir, 'worker.js'), join(dir, `${worker}.js`));
renameSync(join(dir, 'worker_bg.wasm'), join(dir, `${worker}_bg.wasm`));

// 2. The policy.
let html = readFileSync(join(dir, 'index.html'), 'utf8');
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const hashes = inline.map((s) => `'sha256-${sha(s).digest('base64')}'`).join(' ');
const csp = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes}`.trim(),
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// 3. The build's files and version (every file's bytes, so any change is a new version).
const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile() && f !== 'index.html' && f !== 'sw.js');
const version = files
  .sort()
  .reduce((h, f) => h.update(f).update(readFileSync(join(dir, f))), sha(html))
  .digest('hex')
  .slice(0, 16);
const meta = [
  `<meta http-equiv="Content-Security-Policy" content="${csp}" />`,
  `<meta name="earthmover-worker" content="${worker}" />`,
  `<meta name="earthmover-build" content="${version}" />`,
].join('\n    ');
// The policy must come before anything it governs: right after <meta charset>.
html = html.replace(/(<meta charset="utf-8" \/>)/, `$1\n    ${meta}`);
writeFileSync(join(dir, 'index.html'), html);

// The MNIST digits are 2 MB and only needed by one tab: cached when first fetched, not before.
const lazy = files.filter((f) => f.endsWith('.bin'));
const precache = ['./', ...files.filter((f) => !lazy.includes(f))];
const template = readFileSync(new URL('./sw.js', import.meta.url), 'utf8');
writeFileSync(
  join(dir, 'sw.js'),
  template
    .replace('__VERSION__', version)
    .replace('__PRECACHE__', JSON.stringify(precache))
    .replace('__LAZY__', JSON.stringify(lazy)),
);
console.log(`postbuild: ${worker}, build ${version}, ${precache.length} files precached, CSP with ${inline.length} inline script hash(es)`);
