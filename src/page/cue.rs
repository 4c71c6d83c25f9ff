//! How a training tab follows a lecture slide: a slide that shows a tab plays its run when it
//! opens and pauses it when the student moves on, so only the slide on screen trains and a
//! projector laptop's cores go to the widget everyone is looking at.
//!
//! Every tab keeps one [`CueFollower`] and asks it what to send when its `cue` prop changes
//! and when its worker becomes ready. Plain data, so it is tested natively.

use earthmover_protocol::ToWorker;

/// Remembers a Play that a slide asked for before the tab's worker could take it.
#[derive(Debug, Default)]
pub struct CueFollower {
    pending: bool,
}

impl CueFollower {
    /// The tab's cue changed from `old` to `new` (the slide that shows it, if any): what to
    /// send now. `ready` says whether the worker has a run to play.
    pub fn changed<C: PartialEq>(
        &mut self,
        old: &Option<C>,
        new: &Option<C>,
        ready: bool,
    ) -> Vec<ToWorker> {
        if old == new {
            return vec![];
        }
        let mut out = vec![];
        if old.is_some() {
            self.pending = false;
            out.push(ToWorker::Pause);
        }
        if new.is_some() {
            if ready {
                out.push(ToWorker::Play);
            } else {
                self.pending = true;
            }
        }
        out
    }

    /// The worker has just made the run: Play if a slide asked for it meanwhile.
    pub fn ready(&mut self) -> Option<ToWorker> {
        std::mem::take(&mut self.pending).then_some(ToWorker::Play)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[ToWorker]) -> Vec<&'static str> {
        v.iter()
            .map(|m| match m {
                ToWorker::Play => "play",
                ToWorker::Pause => "pause",
                _ => "other",
            })
            .collect()
    }

    #[test]
    fn a_slide_plays_on_entry_and_pauses_on_exit() {
        let mut f = CueFollower::default();
        assert_eq!(names(&f.changed(&None, &Some(1), true)), ["play"]);
        assert_eq!(
            names(&f.changed(&Some(1), &Some(1), true)),
            Vec::<&str>::new()
        );
        // Slide to slide on the same tab: pause the old run, play the new one.
        assert_eq!(
            names(&f.changed(&Some(1), &Some(5), true)),
            ["pause", "play"]
        );
        assert_eq!(names(&f.changed(&Some(5), &None, true)), ["pause"]);
        assert!(
            f.ready().is_none(),
            "nothing pending after an immediate play"
        );
    }

    #[test]
    fn a_play_before_the_worker_is_ready_waits_for_it_and_a_left_slide_cancels_it() {
        let mut f = CueFollower::default();
        assert!(f.changed(&None, &Some(2), false).is_empty());
        assert!(matches!(f.ready(), Some(ToWorker::Play)));
        assert!(f.ready().is_none(), "played once");
        assert!(f.changed(&None, &Some(2), false).is_empty());
        assert_eq!(names(&f.changed(&Some(2), &None, false)), ["pause"]);
        assert!(
            f.ready().is_none(),
            "the slide was left before the worker was ready"
        );
    }
}
