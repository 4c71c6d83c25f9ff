// Trunk's post-build hook (see Trunk.toml): runs on the staged build, before it becomes dist/.
//
// 1. Content-hashes the training workers' file names (trunk leaves them as worker.js and
//    worker_bg.wasm, worker-cpu.js and worker-cpu_bg.wasm), so a cached old worker can never
//    pair with a new page: the page learns the names from <meta name="earthmover-worker"> and
//    <meta name="earthmover-worker-cpu">.
// 2. Writes the Content-Security-Policy as a <meta>: only this origin, wasm compilation but no
//    eval, workers from this origin or blob: (the worker's two-line loader), and trunk's one
//    inline bootstrap script by its SHA-256.
// 3. Writes the service worker (sw.js) with this build's version and file list, so a visit
//    precaches the whole app and the next one works offline (see www/sw.js for the rules).
//
// Plain Node, no dependencies: `make serve`, `make web` and `make dist` all run it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) throw new Error('postbuild: no TRUNK_STAGING_DIR');
const sha = (data, alg = 'sha256') => createHash(alg).update(data);

// 0. For the deploy build only (`make dist` sets EARTHMOVER_WASM_OPT to npm binaryen's
//    wasm-opt): every wasm loses its function-name section, a fifth of the WebGPU worker's
//    gzip bytes (5.4 -> 4.5 MiB in the fast build). Names only serve stack traces, which the
//    served build (`make serve`) keeps. wasm-opt's -O passes are not run: on the CPU worker
//    -Os made the gzip file 10 % larger than stripping alone (1.04 vs 0.94 MB), and they take
//    minutes on the WebGPU worker.
const wasmOpt = process.env.EARTHMOVER_WASM_OPT;
const stripped = wasmOpt ? readdirSync(dir).filter((f) => f.endsWith('.wasm')) : [];
if (wasmOpt) {
  for (const f of stripped) {
    const before = statSync(join(dir, f)).size;
    execFileSync(wasmOpt, ['--strip-debug', '--strip-producers', join(dir, f), '-o', join(dir, f)], { stdio: 'inherit' });
    console.log(`postbuild: ${f} stripped of names, ${before} -> ${statSync(join(dir, f)).size} bytes`);
  }
}

// 1. The workers' names: the WebGPU build (`worker`) and the CPU-only build (`worker-cpu`).
const hashed = (stem) => {
  const js = readFileSync(join(dir, `${stem}.js`));
  const wasm = readFileSync(join(dir, `${stem}_bg.wasm`));
  const name = `${stem}-${sha(js).update(wasm).digest('hex').slice(0, 16)}`;
  // wasm-bindgen's no-modules script finds its wasm by the path the loader passes; nothing
  // inside the script names the files, so renaming both is enough.
  renameSync(join(dir, `${stem}.js`), join(dir, `${name}.js`));
  renameSync(join(dir, `${stem}_bg.wasm`), join(dir, `${name}_bg.wasm`));
  return name;
};
const worker = hashed('worker');
const workerCpu = hashed('worker-cpu');

// 2. The policy.
let html = readFileSync(join(dir, 'index.html'), 'utf8');
// trunk preloads the page's wasm with an SRI digest of the bytes it wrote; a stripped file
// needs its new digest, or the browser refuses the preload.
// (The workers are not preloaded, and have been renamed by now.)
for (const f of stripped.filter((f) => html.includes(f))) {
  const digest = `sha384-${sha(readFileSync(join(dir, f)), 'sha384').digest('base64')}`;
  html = html.replace(new RegExp(`(href="[^"]*${f.replace(/[.]/g, '\\.')}"[^>]*integrity=")sha384-[^"]+"`), `$1${digest}"`);
}
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
  `<meta name="earthmover-worker-cpu" content="${workerCpu}" />`,
  `<meta name="earthmover-build" content="${version}" />`,
].join('\n    ');
// The policy must come before anything it governs: right after <meta charset>.
html = html.replace(/(<meta charset="utf-8" \/>)/, `$1\n    ${meta}`);
writeFileSync(join(dir, 'index.html'), html);

// Cached when first fetched, not before: the MNIST digits (2 MB, one tab needs them) and the
// WebGPU worker (5 MiB gzip), which only a browser with a WebGPU adapter loads. A browser that
// loads it does so on its first visit, so it is cached before it could be needed offline.
const lazy = files.filter((f) => f.endsWith('.bin') || f.startsWith(`${worker}.`) || f.startsWith(`${worker}_bg.`));
const precache = ['./', ...files.filter((f) => !lazy.includes(f))];
const template = readFileSync(new URL('./sw.js', import.meta.url), 'utf8');
writeFileSync(
  join(dir, 'sw.js'),
  template
    .replace('__VERSION__', version)
    .replace('__PRECACHE__', JSON.stringify(precache))
    .replace('__LAZY__', JSON.stringify(lazy)),
);
console.log(`postbuild: ${worker}, ${workerCpu}, build ${version}, ${precache.length} files precached, CSP with ${inline.length} inline script hash(es)`);
