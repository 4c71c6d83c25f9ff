//! The page's end of the worker protocol: spawns the training worker and carries JSON messages.

use crate::protocol::{FromWorker, ToWorker};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker};

/// A running training worker.
pub struct WorkerLink {
    worker: Worker,
    // Kept alive for as long as the worker.
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
}

impl WorkerLink {
    /// Spawns the training worker; every message it sends is decoded and handed to
    /// `on_message`. trunk builds the worker as a no-modules script (`worker.js`) that defines
    /// `wasm_bindgen` without calling it, so the worker is started from a two-line loader
    /// that imports the script and initialises its wasm (absolute URLs: a blob has no base).
    pub fn spawn(
        on_message: impl Fn(Result<FromWorker, String>) + 'static,
    ) -> Result<Self, String> {
        let fail = |e: wasm_bindgen::JsValue| format!("cannot start the training worker: {e:?}");
        let location = web_sys::window().ok_or("no window")?.location();
        let base = location.href().map_err(fail)?;
        let base = &base[..base.find(['?', '#']).unwrap_or(base.len())];
        let dir = &base[..base.rfind('/').map_or(base.len(), |i| i + 1)];
        let loader = format!(
            "importScripts('{dir}worker.js');wasm_bindgen({{module_or_path: '{dir}worker_bg.wasm'}});"
        );
        let parts = js_sys::Array::of1(&loader.into());
        let options = BlobPropertyBag::new();
        options.set_type("text/javascript");
        let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
        let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
        let worker = Worker::new(&url).map_err(fail)?;
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let decoded = e
                .data()
                .as_string()
                .ok_or_else(|| "the worker sent a non-text message".to_string())
                .and_then(|s| serde_json::from_str::<FromWorker>(&s).map_err(|e| e.to_string()));
            on_message(decoded);
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            _onmessage: onmessage,
        })
    }

    /// Sends one command.
    pub fn send(&self, msg: &ToWorker) {
        let json = serde_json::to_string(msg).expect("commands serialise");
        let _ = self.worker.post_message(&json.into());
    }
}

impl Drop for WorkerLink {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
