//! The training worker without WebGPU: the same body (`serve.rs`) built without burn's wgpu
//! runtime, so it is a quarter of the size. The page starts it where the browser has no WebGPU
//! adapter, which is where a student waits longest for a download; it reports WebGPU as
//! unavailable, so the page offers no switch to it.

include!("entry.rs");
