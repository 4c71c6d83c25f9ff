//! The presenter's keys, as a small state machine so it is tested natively: a clicker's
//! PageUp/PageDown, the arrows, Space, Home/End, "G 1 2 Enter" to jump, F, O, S and Esc.

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Next,
    Previous,
    First,
    Last,
    /// Jump to a slide, numbered as shown (1 = the title).
    Jump(usize),
    Fullscreen,
    Overview,
    Presenter,
    /// Leave the overview (fullscreen leaves by itself on Esc).
    Escape,
    /// A key of the "G n Enter" jump: shown while typing, nothing to do yet.
    Typing,
}

/// The keys typed so far of a "G n Enter" jump.
#[derive(Debug, Default)]
pub struct Keys {
    jump: Option<String>,
}

impl Keys {
    /// The digits of a jump being typed ("G", then digits), for the overlay.
    pub fn pending(&self) -> Option<&str> {
        self.jump.as_deref()
    }

    /// One key press (`KeyboardEvent.key`): the action, if the key means one. Modifier
    /// combinations (Ctrl+F, Alt+←) belong to the browser and are never taken.
    pub fn press(&mut self, key: &str, modifier: bool) -> Option<Action> {
        if modifier {
            return None;
        }
        if let Some(digits) = &mut self.jump {
            match key {
                d if d.len() == 1 && d.chars().all(|c| c.is_ascii_digit()) => {
                    if digits.len() < 3 {
                        digits.push_str(d);
                    }
                    return Some(Action::Typing);
                }
                "Backspace" => {
                    digits.pop();
                    return Some(Action::Typing);
                }
                "Enter" => {
                    let n = self.jump.take().and_then(|d| d.parse::<usize>().ok());
                    return n.filter(|&n| n >= 1).map(Action::Jump);
                }
                _ => self.jump = None,
            }
        }
        Some(match key {
            "ArrowRight" | "ArrowDown" | " " | "PageDown" | "n" | "N" => Action::Next,
            "ArrowLeft" | "ArrowUp" | "PageUp" | "p" | "P" => Action::Previous,
            "Home" => Action::First,
            "End" => Action::Last,
            "g" | "G" => {
                self.jump = Some(String::new());
                Action::Typing
            }
            "f" | "F" => Action::Fullscreen,
            "o" | "O" => Action::Overview,
            "s" | "S" => Action::Presenter,
            "Escape" => Action::Escape,
            _ => return None,
        })
    }
}

/// The slide an action leads to from `at`, among `count` slides (0-based; `None`: stay).
pub fn target(action: Action, at: usize, count: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    let to = match action {
        Action::Next => (at + 1).min(last),
        Action::Previous => at.saturating_sub(1),
        Action::First => 0,
        Action::Last => last,
        Action::Jump(n) => (n - 1).min(last),
        _ => return None,
    };
    (to != at).then_some(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(keys: &mut Keys, seq: &[&str]) -> Vec<Option<Action>> {
        seq.iter().map(|k| keys.press(k, false)).collect()
    }

    #[test]
    fn a_clicker_and_the_arrows_move_one_slide() {
        let mut k = Keys::default();
        for key in ["ArrowRight", " ", "PageDown", "ArrowDown"] {
            assert_eq!(k.press(key, false), Some(Action::Next), "{key}");
        }
        for key in ["ArrowLeft", "PageUp", "ArrowUp"] {
            assert_eq!(k.press(key, false), Some(Action::Previous), "{key}");
        }
        assert_eq!(
            k.press("ArrowRight", true),
            None,
            "Alt+→ is the browser's Forward"
        );
        assert_eq!(k.press("x", false), None);
    }

    #[test]
    fn g_digits_enter_jumps_and_anything_else_cancels() {
        let mut k = Keys::default();
        let r = run(&mut k, &["g", "1", "2", "Backspace", "7", "Enter"]);
        assert_eq!(r.last().unwrap(), &Some(Action::Jump(17)));
        assert!(k.pending().is_none());
        // A non-digit cancels the jump and counts as itself.
        let r = run(&mut k, &["G", "3", "ArrowRight"]);
        assert_eq!(r.last().unwrap(), &Some(Action::Next));
        assert!(k.pending().is_none());
        // "G Enter" and "G 0 Enter" go nowhere.
        assert_eq!(run(&mut k, &["g", "Enter"]).last().unwrap(), &None);
        assert_eq!(run(&mut k, &["g", "0", "Enter"]).last().unwrap(), &None);
        // At most three digits are kept.
        run(&mut k, &["g", "1", "2", "3", "4"]);
        assert_eq!(k.pending(), Some("123"));
    }

    #[test]
    fn targets_stay_within_the_deck() {
        assert_eq!(target(Action::Next, 0, 10), Some(1));
        assert_eq!(target(Action::Next, 9, 10), None);
        assert_eq!(target(Action::Previous, 0, 10), None);
        assert_eq!(target(Action::Last, 3, 10), Some(9));
        assert_eq!(target(Action::First, 3, 10), Some(0));
        assert_eq!(target(Action::Jump(4), 0, 10), Some(3));
        assert_eq!(target(Action::Jump(99), 0, 10), Some(9));
        assert_eq!(target(Action::Jump(1), 0, 10), None);
        assert_eq!(target(Action::Overview, 0, 10), None);
        assert_eq!(target(Action::Next, 0, 0), None);
    }
}
