//! Interactive diagrams are SVG: crisp on a projector, and every handle is an element a test can
//! find. A [`Frame`] maps world coordinates to the SVG's view box and pointer events back.

use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent, PointerEvent};

/// A world rectangle drawn into a `w`×`h` view box (y points up in the world).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub w: f64,
    pub h: f64,
}

impl Frame {
    pub fn px(&self, x: f64) -> f64 {
        (x - self.x.0) / (self.x.1 - self.x.0) * self.w
    }

    pub fn py(&self, y: f64) -> f64 {
        (self.y.1 - y) / (self.y.1 - self.y.0) * self.h
    }

    /// A world length along x in view-box units.
    pub fn sx(&self, d: f64) -> f64 {
        d / (self.x.1 - self.x.0) * self.w
    }

    pub fn view_box(&self) -> String {
        format!("0 0 {} {}", self.w, self.h)
    }

    /// `p` moved by `step` in direction `d` (from [`arrow`]), kept on the `step` grid and inside
    /// the frame: what an arrow key does to a freely placed handle.
    pub fn nudge(&self, p: [f64; 2], d: [f64; 2], step: f64) -> [f64; 2] {
        let on_grid = |v: f64, lo: f64, hi: f64| ((v / step).round() * step).clamp(lo, hi);
        [
            on_grid(p[0] + step * d[0], self.x.0, self.x.1),
            on_grid(p[1] + step * d[1], self.y.0, self.y.1),
        ]
    }

    /// The world point under the pointer, whatever size CSS gives the SVG.
    pub fn world(&self, e: &PointerEvent) -> Option<[f64; 2]> {
        let r = svg_of(e)?.get_bounding_client_rect();
        if r.width() <= 0.0 || r.height() <= 0.0 {
            return None;
        }
        let u = (e.client_x() as f64 - r.left()) / r.width();
        let v = (e.client_y() as f64 - r.top()) / r.height();
        Some([
            self.x.0 + u * (self.x.1 - self.x.0),
            self.y.1 - v * (self.y.1 - self.y.0),
        ])
    }
}

/// The SVG an event happened in. Yew delegates listeners to the app's root, so the event's
/// `currentTarget` is that root, not the SVG: walk up from the target instead.
fn svg_of(e: &PointerEvent) -> Option<Element> {
    let target: Element = e.target()?.dyn_into().ok()?;
    target.closest("svg").ok()?
}

/// Keeps pointer events flowing to the SVG while a handle is dragged outside it.
pub fn capture(e: &PointerEvent) {
    if let Some(el) = svg_of(e) {
        let _ = el.set_pointer_capture(e.pointer_id());
    }
}

/// An SVG path through world points.
pub fn path(f: &Frame, pts: impl IntoIterator<Item = [f64; 2]>) -> String {
    let mut d = String::new();
    for (i, p) in pts.into_iter().enumerate() {
        let cmd = if i == 0 { 'M' } else { 'L' };
        d.push_str(&format!("{cmd}{:.2},{:.2} ", f.px(p[0]), f.py(p[1])));
    }
    d
}

/// A number as the panels print it.
pub fn num(v: f64) -> String {
    earthmover_explain::transport1d::show(v)
}

/// The direction an arrow key moves a focused handle, in world axes (y up), or `None` for any
/// other key. The key's default (scrolling the page) is prevented for the arrows only, so Tab
/// and the browser's own keys keep working. Every draggable handle is focusable and takes these,
/// so a student without a mouse can do what a drag does.
pub fn arrow(e: &KeyboardEvent) -> Option<[f64; 2]> {
    let d = match e.key().as_str() {
        "ArrowLeft" => [-1.0, 0.0],
        "ArrowRight" => [1.0, 0.0],
        "ArrowUp" => [0.0, 1.0],
        "ArrowDown" => [0.0, -1.0],
        _ => return None,
    };
    e.prevent_default();
    Some(d)
}
