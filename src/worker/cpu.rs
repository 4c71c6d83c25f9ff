//! The training worker without WebGPU: the same body (`serve.rs`) built without burn's wgpu
//! runtime, so it is a quarter of the size. The page starts it where the browser has no WebGPU
//! adapter, which is where a student waits longest for a download; it reports WebGPU as
//! unavailable, so the page offers no switch to it.

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
