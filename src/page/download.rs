//! Files in and out of the page (no server): saving through a temporary link to a blob or data
//! URL, and reading what the student picks in a file input.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};
use yew::TargetCast;

/// Offers `url` to the browser as a download named `name`.
pub fn save_url(name: &str, url: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(tr!("no document", "문서가 없습니다"))?;
    let a: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| crate::text::quoted(crate::text::Source::Browser, &format!("{e:?}")))?
        .dyn_into()
        .map_err(|_| tr!("not an anchor", "링크 요소가 아닙니다"))?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Offers `bytes` as a download named `name` with the given MIME type.
pub fn save_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|e| crate::text::quoted(crate::text::Source::Browser, &format!("{e:?}")))?;
    let url = Url::create_object_url_with_blob(&blob)
        .map_err(|e| crate::text::quoted(crate::text::Source::Browser, &format!("{e:?}")))?;
    let saved = save_url(name, &url);
    // The click has started the download; the URL can go once the event loop turns.
    let revoke = url.clone();
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(10_000).await;
        let _ = Url::revoke_object_url(&revoke);
    });
    saved
}

/// Offers a weights file from the worker as `earthmover[-kind]-step-N.weights`.
pub fn save_weights(kind: Option<&str>, step: u64, bytes: &[u8]) -> Result<(), String> {
    let kind = kind.map_or(String::new(), |k| format!("-{k}"));
    let name = format!("earthmover{kind}-step-{step}.weights");
    save_bytes(&name, bytes, "application/octet-stream").map_err(|e| {
        trf!(
            "could not save the weights ({e})",
            "가중치를 저장하지 못했습니다 ({e})"
        )
    })
}

/// A file input's `change` handler: reads the picked file and emits its name and bytes (or why
/// they could not be read). The input is cleared, so picking the same file again fires again.
pub fn on_file_picked(
    cb: yew::Callback<(String, Result<Vec<u8>, String>)>,
) -> yew::Callback<yew::Event> {
    yew::Callback::from(move |e: yew::Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let cb = cb.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                .await
                .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                .map_err(|e| {
                    let e = crate::text::quoted(crate::text::Source::Browser, &format!("{e:?}"));
                    trf!(
                        "the file could not be read ({e})",
                        "파일을 읽을 수 없습니다 ({e})"
                    )
                });
            cb.emit((file.name(), bytes));
        });
    })
}
