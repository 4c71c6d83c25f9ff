//! The page's end of the worker protocol: spawns the training worker and carries its messages
//! (JSON text, or [JSON, bytes] for the ones carrying a weights file, see
//! [`earthmover_protocol::Payload`]), and reports when the worker dies.

use earthmover_protocol::{Backend, FromWorker, ToWorker, wire};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{Blob, BlobPropertyBag, ErrorEvent, MessageEvent, Url, Worker};

/// What the worker link reports.
pub enum Incoming {
    Message(FromWorker),
    /// A message that could not be decoded.
    Unreadable(String),
    /// The worker stopped: a panic (e.g. a lost GPU device) or a failure to load.
    Died(String),
}

/// The training worker's file stem for this build: content-hashed by the post-build step
/// (`www/postbuild.mjs`) and named in `<meta name="earthmover-worker">`, so a page never loads
/// another build's worker. Without the tag (a build that skipped the step), trunk's own name.
fn worker_name() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=earthmover-worker]")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .filter(|n| {
            n.starts_with("worker-") && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .unwrap_or_else(|| "worker".into())
}

/// A running training worker.
pub struct WorkerLink {
    worker: Worker,
    // Kept alive for as long as the worker.
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(ErrorEvent)>,
}

impl WorkerLink {
    /// Spawns the training worker; everything it sends is decoded and handed to `on_event`.
    /// trunk builds the worker as a no-modules script (`worker.js`) that defines
    /// `wasm_bindgen` without calling it, so the worker is started from a two-line loader
    /// that imports the script and initialises its wasm (absolute URLs: a blob has no base).
    pub fn spawn(on_event: impl Fn(Incoming) + 'static) -> Result<Self, String> {
        let fail = |e: wasm_bindgen::JsValue| {
            trf!(
                "cannot start the training worker: {e:?}",
                "학습 워커를 시작할 수 없습니다: {e:?}"
            )
        };
        let location = web_sys::window()
            .ok_or(tr!("no window", "창이 없습니다"))?
            .location();
        let base = location.href().map_err(fail)?;
        let base = &base[..base.find(['?', '#']).unwrap_or(base.len())];
        let dir = &base[..base.rfind('/').map_or(base.len(), |i| i + 1)];
        let name = worker_name();
        let loader = format!(
            "importScripts('{dir}{name}.js');wasm_bindgen({{module_or_path: '{dir}{name}_bg.wasm'}});"
        );
        let parts = js_sys::Array::of1(&loader.into());
        let options = BlobPropertyBag::new();
        options.set_type("text/javascript");
        let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
        let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
        let worker = Worker::new(&url).map_err(fail)?;
        let on_event = std::rc::Rc::new(on_event);
        let on_msg = on_event.clone();
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            on_msg(match wire::decode::<FromWorker>(e.data()) {
                Ok(m) => Incoming::Message(m),
                Err(e) => Incoming::Unreadable(e),
            });
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        // A panic in the worker's wasm (how a lost GPU device surfaces) raises an uncaught
        // error there, reported here; the worker is unusable afterwards.
        let onerror = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            on_event(Incoming::Died(e.message()));
        });
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }

    /// Sends one command.
    pub fn send(&self, msg: &ToWorker) {
        let _ = self.worker.post_message(&wire::encode(msg));
    }
}

impl Drop for WorkerLink {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The backend to ask a fresh worker for: the student's (or the link's) choice, else WebGPU
/// where the browser offers it.
pub fn wanted_backend(pref: Option<Backend>, webgpu_available: bool) -> Backend {
    pref.unwrap_or(if webgpu_available {
        Backend::WebGpu
    } else {
        Backend::Cpu
    })
}

/// How a run continues in a worker started after the last one died: from the last checkpoint's
/// weights file, if there was one, and playing if it was.
pub struct Resume {
    pub weights: Option<Vec<u8>>,
    pub playing: bool,
}

impl Resume {
    /// The commands that follow the new worker's reset.
    pub fn commands(self) -> impl Iterator<Item = ToWorker> {
        let load = self.weights.map(|bytes| ToWorker::LoadWeights { bytes });
        load.into_iter()
            .chain(self.playing.then_some(ToWorker::Play))
    }
}
