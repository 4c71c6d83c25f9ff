//! Keeps the lecture's windows on the same slide: the projector window and the presenter's
//! window post every local move on a `BroadcastChannel` and follow each other's. A move that
//! came from the other window is not posted back, so the two never ping-pong. Each message
//! carries when its move was made, and a window ignores one older than its own latest move:
//! a presenter window that has just opened posts where it opened, and if that arrives after
//! the projector has moved on, following it would send the projector back.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{BroadcastChannel, MessageEvent};

use super::{Place, decode_move, encode_move};

/// The channel's name: every window of this origin showing the lecture joins it.
const CHANNEL: &str = "earthmover-lecture";

/// One window's end of the channel.
pub struct Sync {
    channel: BroadcastChannel,
    /// The last place received: posting it back would echo.
    received: Rc<RefCell<Option<Place>>>,
    /// When this window last posted a move of its own (ms, the browser's clock).
    last_local: Rc<std::cell::Cell<f64>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Sync {
    /// Joins the channel; `follow` is called with each place another window moves to.
    /// `None` where the browser has no `BroadcastChannel` (the lecture still works alone).
    pub fn join(follow: impl Fn(Place) + 'static) -> Option<Sync> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let received = Rc::new(RefCell::new(None));
        let last_local = Rc::new(std::cell::Cell::new(0.0));
        let (seen, mine) = (received.clone(), last_local.clone());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let Some((p, at)) = e.data().as_string().as_deref().and_then(decode_move) else {
                return;
            };
            if at >= mine.get() {
                *seen.borrow_mut() = Some(p);
                follow(p);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Sync {
            channel,
            received,
            last_local,
            _on_message: on_message,
        })
    }

    /// Tells the other windows where this one is now, unless they told us.
    pub fn moved(&self, place: Place) {
        if self.received.borrow_mut().take() == Some(place) {
            return;
        }
        let now = js_sys::Date::now();
        self.last_local.set(now);
        let _ = self
            .channel
            .post_message(&wasm_bindgen::JsValue::from_str(&encode_move(place, now)));
    }
}

impl Drop for Sync {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
