//! The page's end of the worker protocol: spawns the training worker and carries its messages
//! (JSON text, or [JSON, bytes] for the ones carrying a weights file, see
//! [`earthmover_protocol::Payload`]), and reports when the worker dies.

use earthmover_protocol::{FromWorker, ToWorker, wire};
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

impl Incoming {
    /// A failure's detail, quoted as its author's (the browser's or the decoder's); `None`
    /// for a message.
    pub fn failure(&self) -> Option<String> {
        use crate::text::{Source, quoted};
        match self {
            Incoming::Message(_) => None,
            Incoming::Unreadable(e) => Some(quoted(Source::Decoder, e)),
            Incoming::Died(e) => Some(quoted(Source::Browser, e)),
        }
    }
}

thread_local! {
    /// Whether the browser gave the page a WebGPU adapter (see [`probe_webgpu`]).
    static ADAPTER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How long the page waits for `navigator.gpu.requestAdapter()` before it settles for the CPU
/// worker: a browser that hangs there must not keep the app from starting.
const ADAPTER_WAIT_MS: i32 = 3000;

/// Asks the browser for a WebGPU adapter once, before the app starts, and remembers the answer:
/// where there is one, tabs start the WebGPU worker (5.4 MiB gzip served), and elsewhere the
/// CPU-only one (1.0 MiB), which is all such a browser could use. `navigator.gpu` alone is not
/// enough: Chromium exposes it on machines whose GPU it then refuses.
pub async fn probe_webgpu() {
    let request = (|| {
        let nav = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
        let gpu = js_sys::Reflect::get(&nav, &"gpu".into()).ok()?;
        if gpu.is_undefined() || gpu.is_null() {
            return None;
        }
        let request: js_sys::Function = js_sys::Reflect::get(&gpu, &"requestAdapter".into())
            .ok()?
            .dyn_into()
            .ok()?;
        request.call0(&gpu).ok()?.dyn_into::<js_sys::Promise>().ok()
    })();
    let Some(request) = request else { return };
    // Whichever settles first: the adapter (or null), or the wait's end (undefined).
    let timeout = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ =
                w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ADAPTER_WAIT_MS);
        }
    });
    let race = js_sys::Promise::race(&js_sys::Array::of2(&request, &timeout));
    if let Ok(adapter) = wasm_bindgen_futures::JsFuture::from(race).await {
        ADAPTER.set(!adapter.is_undefined() && !adapter.is_null());
    }
}

/// What a worker will train on: the CPU alone (the 1D lab, the layers panel: tiny networks,
/// where WebGPU's dispatches cost more than they save), or whichever backend the browser offers,
/// which the student may switch between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    Cpu,
    AnyBackend,
}

/// Which build of the training worker a tab starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Build {
    WebGpu,
    Cpu,
}

impl Build {
    /// The build for this browser and these needs: WebGPU where the browser gave an adapter
    /// and the worker may use it. The CPU-only build is also the faster CPU: `make dist`
    /// optimises the WebGPU build for size (`profile.gpu-release`), the CPU-only one for speed.
    fn for_this_browser(needs: Needs) -> Self {
        if needs == Needs::AnyBackend && ADAPTER.get() {
            Build::WebGpu
        } else {
            Build::Cpu
        }
    }

    /// The `<meta>` that names the build's files, and trunk's own name for them.
    fn meta_and_stem(self) -> (&'static str, &'static str) {
        match self {
            Build::WebGpu => ("earthmover-worker", "worker"),
            Build::Cpu => ("earthmover-worker-cpu", "worker-cpu"),
        }
    }

    /// The worker's file stem for this build of the app: content-hashed by the post-build step
    /// (`www/postbuild.mjs`) and named in a `<meta>`, so a page never loads another build's
    /// worker. Without the tag (a build that skipped the step), trunk's own name.
    fn file_stem(self) -> String {
        let (meta, stem) = self.meta_and_stem();
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector(&format!("meta[name={meta}]"))
                    .ok()
                    .flatten()
            })
            .and_then(|m| m.get_attribute("content"))
            .filter(|n| {
                n.starts_with("worker-")
                    && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
            .unwrap_or_else(|| stem.into())
    }
}

/// A running training worker.
pub struct WorkerLink {
    worker: Worker,
    // Kept alive for as long as the worker.
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(ErrorEvent)>,
}

impl WorkerLink {
    /// Spawns the training worker (the build for this browser and `needs`, see
    /// [`probe_webgpu`]); everything it sends is decoded and handed to `on_event`. trunk
    /// builds the worker as a no-modules script (`worker.js`) that defines `wasm_bindgen`
    /// without calling it, so the worker is started from a two-line loader that imports the
    /// script and initialises its wasm (absolute URLs: a blob has no base).
    pub fn spawn(needs: Needs, on_event: impl Fn(Incoming) + 'static) -> Result<Self, String> {
        let fail = |e: wasm_bindgen::JsValue| {
            let e = crate::text::quoted(crate::text::Source::Browser, &format!("{e:?}"));
            trf!(
                "cannot start the training worker ({e})",
                "학습 워커를 시작할 수 없습니다 ({e})"
            )
        };
        let location = web_sys::window()
            .ok_or(tr!("no window", "창이 없습니다"))?
            .location();
        let base = location.href().map_err(fail)?;
        let base = &base[..base.find(['?', '#']).unwrap_or(base.len())];
        let dir = &base[..base.rfind('/').map_or(base.len(), |i| i + 1)];
        let name = Build::for_this_browser(needs).file_stem();
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
