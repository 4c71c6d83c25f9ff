"""Groups V8 `--prof` samples of a training worker by crate (see profile_worker.mjs).

Each `tick` line's program counter is looked up among the `code-creation` ranges of the same
log (wasm functions, JS, V8's builtins); samples are summed by the first path segment of the
function's name (`gemm_f32::…` -> `gemm_f32`). Only the log with the most wasm samples (the
worker's isolate) is reported.
"""

import bisect
import collections
import re
import sys


def analyse(path):
    code = []  # (start, end, name)
    ticks = []
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("code-creation,"):
                parts = line.rstrip("\n").split(",")
                # code-creation,type,kind,timestamp,start,size,name,...
                try:
                    start, size = int(parts[4], 16), int(parts[5])
                except (IndexError, ValueError):
                    continue
                # The name may be quoted and hold commas (`<A, B>`); later fields follow it.
                rest = ",".join(parts[6:])
                if rest.startswith('"'):
                    name = rest[1:rest.find('"', 1)] if '"' in rest[1:] else rest[1:]
                else:
                    name = parts[6]
                code.append((start, start + size, parts[1], name))
            elif line.startswith("tick,"):
                parts = line.split(",")
                try:
                    ticks.append(int(parts[1], 16))
                except (IndexError, ValueError):
                    pass
    code.sort()
    starts = [c[0] for c in code]
    by_name = collections.Counter()
    wasm = 0
    for pc in ticks:
        i = bisect.bisect_right(starts, pc) - 1
        if i >= 0 and code[i][0] <= pc < code[i][1]:
            kind, name = code[i][2], code[i][3]
            if "wasm" in kind.lower() or "wasm" in name.lower() or "::" in name:
                wasm += 1
            by_name[name] += 1
        else:
            by_name["(outside generated code: the engine's C++ or the system)"] += 1
    return ticks, wasm, by_name


def group(name):
    m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)::", name)
    return m.group(1) if m else name[:60]


def main():
    results = [(analyse(p), p) for p in sys.argv[1:]]
    (ticks, wasm, by_name), path = max(results, key=lambda r: r[0][1])
    total = len(ticks)
    print(f"{path}: {total} samples, {wasm} in wasm functions")
    unnamed = sum(n for name, n in by_name.items() if name.startswith("wasm-function["))
    if unnamed > total / 2:
        print("note: the wasm has no function names (a `make dist` build strips them);"
              " `make profile-web` builds the served build, which keeps them")
    groups = collections.Counter()
    for name, n in by_name.items():
        groups[group(name)] += n
    print("| share | crate or code |")
    print("|---|---|")
    for g, n in groups.most_common(15):
        print(f"| {100 * n / total:5.1f} % | {g} |")
    print()
    print("| share | function |")
    print("|---|---|")
    for name, n in by_name.most_common(15):
        print(f"| {100 * n / total:5.1f} % | {name[:110]} |")


if __name__ == "__main__":
    main()
