//! Lecture mode (`?view=lecture&slide=N&lang=ko|en`): the WGAN lecture as slides, each with
//! the app's real widgets running beside it.
//!
//! The slides are data ([`slides`]); what a key does is a small state machine ([`keys`]); a
//! "try this" task is a check on the live page ([`task`]). All three are tested natively.
//! The components ([`deck`], [`presenter`]) only wire them to the browser: the shell keeps
//! one Lab, one race, one MNIST tab and one 1D lab, and a slide borrows them through a cue
//! (play on entry, pause on exit), so slides never start workers of their own.

pub mod keys;
pub mod slides;
pub mod task;

web_only! {
    mod deck;
    mod presenter;
    mod sync;
    pub use deck::{Lecture, lab_cue, place_from_query, write_place};
    pub use presenter::Presenter;
}

use slides::{SLIDES, Widget};

/// Where the lecture is: a slide (0 = the title) and which of its widgets is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub slide: usize,
    pub part: usize,
}

impl Place {
    /// From a link's `slide=` (1-based, as shown on the slide) and `part=` (1-based): a bad or
    /// out-of-range value falls back to the nearest valid place, never to an error.
    pub fn parse(slide: Option<&str>, part: Option<&str>) -> Place {
        let n = |s: Option<&str>| s.and_then(|s| s.trim().parse::<usize>().ok());
        let slide = n(slide).unwrap_or(1).clamp(1, SLIDES.len()) - 1;
        let parts = SLIDES[slide].widgets.len().max(1);
        let part = n(part).unwrap_or(1).clamp(1, parts) - 1;
        Place { slide, part }
    }

    /// The slide's first part.
    pub fn slide(slide: usize) -> Place {
        Place {
            slide: slide.min(SLIDES.len() - 1),
            part: 0,
        }
    }

    /// The live widget shown here, if the slide has one.
    pub fn widget(self) -> Option<Widget> {
        SLIDES.get(self.slide)?.widgets.get(self.part).copied()
    }

    /// The query values that name this place: `slide` and, past the first, `part`.
    pub fn query(self) -> (String, Option<String>) {
        (
            (self.slide + 1).to_string(),
            (self.part > 0).then(|| (self.part + 1).to_string()),
        )
    }

    /// The place as a message between windows: "slide.part".
    pub fn encode(self) -> String {
        format!("{}.{}", self.slide, self.part)
    }

    /// Reads [`Place::encode`]'s text; anything else (another app's message) is `None`.
    pub fn decode(s: &str) -> Option<Place> {
        let (a, b) = s.split_once('.')?;
        let p = Place {
            slide: a.parse().ok()?,
            part: b.parse().ok()?,
        };
        (p.slide < SLIDES.len() && p.part < SLIDES[p.slide].widgets.len().max(1)).then_some(p)
    }
}

/// A window's move as a message between windows: the place and when the move was made, in
/// milliseconds of the browser's clock (which both windows read): "slide.part@ms". The time
/// lets a window drop a message older than its own latest move (see `sync.rs`).
pub fn encode_move(place: Place, at: f64) -> String {
    format!("{}@{at}", place.encode())
}

/// Reads [`encode_move`]'s text; anything else is `None`.
pub fn decode_move(s: &str) -> Option<(Place, f64)> {
    let (place, at) = s.split_once('@')?;
    let at: f64 = at.parse().ok()?;
    Some((Place::decode(place)?, at)).filter(|_| at.is_finite() && at >= 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_slides_from_one_and_bad_values_fall_back() {
        assert_eq!(Place::parse(None, None), Place::default());
        assert_eq!(Place::parse(Some("4"), None), Place { slide: 3, part: 0 });
        assert_eq!(
            Place::parse(Some("4"), Some("2")),
            Place { slide: 3, part: 1 }
        );
        assert_eq!(
            Place::parse(Some("4"), Some("9")),
            Place { slide: 3, part: 1 }
        );
        assert_eq!(Place::parse(Some("99"), None).slide, SLIDES.len() - 1);
        assert_eq!(Place::parse(Some("0"), None).slide, 0);
        assert_eq!(Place::parse(Some("x"), Some("-1")), Place::default());
        assert_eq!(
            Place::parse(Some("1"), Some("2")),
            Place::default(),
            "the title has one part"
        );
        let p = Place { slide: 7, part: 1 };
        let (s, part) = p.query();
        assert_eq!(Place::parse(Some(&s), part.as_deref()), p);
    }

    #[test]
    fn places_travel_between_windows_and_refuse_garbage() {
        for (slide, s) in SLIDES.iter().enumerate() {
            for part in 0..s.widgets.len().max(1) {
                let p = Place { slide, part };
                assert_eq!(Place::decode(&p.encode()), Some(p));
            }
        }
        for bad in ["", "3", "a.b", "99.0", "3.7", "-1.0"] {
            assert_eq!(Place::decode(bad), None, "{bad}");
        }
        let p = Place { slide: 7, part: 1 };
        assert_eq!(
            decode_move(&encode_move(p, 1764582000123.5)),
            Some((p, 1764582000123.5))
        );
        for bad in [
            "7.1", "7.1@", "7.1@x", "7.1@-5", "7.1@NaN", "7.1@inf", "99.0@5", "@5",
        ] {
            assert_eq!(decode_move(bad), None, "{bad}");
        }
    }
}
