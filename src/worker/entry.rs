// The entry point both worker builds share (`main.rs` and `cpu.rs` include it; they differ
// only in the features Cargo builds them with, which `serve.rs` reads).

#[cfg(target_arch = "wasm32")]
mod serve;

#[cfg(target_arch = "wasm32")]
fn main() {
    serve::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the training worker runs in the browser; natively use earthmover-cli");
}
