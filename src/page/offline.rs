//! Registers the service worker (`sw.js`, written by `www/postbuild.mjs`) that makes the app
//! work offline after the first visit. Where service workers are unavailable (an insecure
//! origin, a private window that refuses them) the app simply stays online-only.

use wasm_bindgen::JsCast;

pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // `navigator.serviceWorker` is absent outside secure contexts; probing avoids a throw.
    let has = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    if !has {
        return;
    }
    let container: web_sys::ServiceWorkerContainer = navigator.service_worker().unchecked_into();
    let promise = container.register("sw.js");
    // Awaited so a refusal is handled rather than logged as an uncaught rejection: a failed
    // registration leaves the app as it is online, with nothing to tell the student.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}
