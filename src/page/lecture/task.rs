//! "Try this" tasks: what a slide asks the student to do, and how the page tells that it was
//! done. A check reads the live page (a control's value, a readout's number, an attribute),
//! so a task follows the real widget and not a copy of its state.

/// Where a check reads from an element.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source {
    /// A form control's current value (a slider, a field).
    Value,
    /// The element's text.
    Text,
    /// An attribute.
    Attr(&'static str),
}

/// A condition on the page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Check {
    /// The first number read from `sel` lies within `tol` of `target`.
    Near {
        sel: &'static str,
        from: Source,
        target: f64,
        tol: f64,
    },
    /// The first number read from `sel` is at least `min`.
    AtLeast {
        sel: &'static str,
        from: Source,
        min: f64,
    },
    /// The first number read from `sel` is at most `max`.
    AtMost {
        sel: &'static str,
        from: Source,
        max: f64,
    },
    /// Some number in what `sel` shows is exactly zero (to 1e-9), e.g. an optimum "x,y".
    HasZero { sel: &'static str, from: Source },
    /// Every one of the checks holds.
    All(&'static [Check]),
}

/// The first decimal number in `s` ("6/8" → 6, "step 1,049" → 1049, "−0.5" → −0.5).
pub fn first_number(s: &str) -> Option<f64> {
    numbers(s).into_iter().next()
}

/// Every decimal number in `s`, in order; "," between digits is a thousands separator only
/// when followed by exactly three digits.
pub fn numbers(s: &str) -> Vec<f64> {
    let s = s.replace('−', "-");
    let b: Vec<char> = s.chars().collect();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        let neg = b[i] == '-' && b.get(i + 1).is_some_and(|c| c.is_ascii_digit());
        if b[i].is_ascii_digit() || neg {
            let mut t = String::new();
            if neg {
                t.push('-');
                i += 1;
            }
            while i < b.len() {
                let c = b[i];
                let thousands = c == ','
                    && (1..=3).all(|k| b.get(i + k).is_some_and(|d| d.is_ascii_digit()))
                    && b.get(i + 4).is_none_or(|d| !d.is_ascii_digit());
                let exponent = c == 'e' && !t.is_empty() || c == '-' && t.ends_with('e');
                if c.is_ascii_digit() || c == '.' || exponent {
                    t.push(c);
                } else if thousands {
                } else {
                    break;
                }
                i += 1;
            }
            if let Ok(v) = t.trim_end_matches(['.', 'e', '-']).parse::<f64>() {
                out.push(v);
            }
        } else {
            i += 1;
        }
    }
    out
}

impl Check {
    /// Whether the check holds, given how to read the page.
    pub fn holds(&self, read: &dyn Fn(&str, Source) -> Option<String>) -> bool {
        let num = |sel: &str, from: Source| read(sel, from).as_deref().and_then(first_number);
        match *self {
            Check::Near {
                sel,
                from,
                target,
                tol,
            } => num(sel, from).is_some_and(|v| (v - target).abs() <= tol),
            Check::AtLeast { sel, from, min } => num(sel, from).is_some_and(|v| v >= min),
            Check::AtMost { sel, from, max } => num(sel, from).is_some_and(|v| v <= max),
            Check::HasZero { sel, from } => {
                read(sel, from).is_some_and(|s| numbers(&s).iter().any(|v| v.abs() <= 1e-9))
            }
            Check::All(all) => all.iter().all(|c| c.holds(read)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_a_student_sees_them() {
        assert_eq!(first_number("6/8"), Some(6.0));
        assert_eq!(first_number("step 1,049"), Some(1049.0));
        assert_eq!(first_number("−0.5 and 3"), Some(-0.5));
        assert_eq!(first_number("1e-3"), Some(1e-3));
        assert_eq!(numbers("(0.0000, 1.2500)"), vec![0.0, 1.25]);
        assert_eq!(
            numbers("1,2"),
            vec![1.0, 2.0],
            "a list, not a thousands separator"
        );
        assert_eq!(first_number("no number"), None);
        assert_eq!(first_number("-"), None);
    }

    #[test]
    fn checks_read_the_page() {
        let page = |sel: &str, from: Source| -> Option<String> {
            match (sel, from) {
                ("#modes", Source::Text) => Some("5/8".into()),
                ("#step", Source::Text) => Some("1,204".into()),
                ("#clip", Source::Value) => Some("0.1".into()),
                ("#opt", Source::Attr("data-x")) => Some("0,0.734".into()),
                ("#dense", Source::Attr("data-x")) => Some("0.2,0.734".into()),
                _ => None,
            }
        };
        let clip = Check::Near {
            sel: "#clip",
            from: Source::Value,
            target: 0.1,
            tol: 1e-9,
        };
        assert!(clip.holds(&page));
        // The collapse slide's own task: after step 300, 6 or fewer of 8 modes.
        let collapse = super::super::slides::SLIDES[1].task.unwrap().check;
        assert!(collapse.holds(&page));
        let early = |sel: &str, from: Source| match (sel, from) {
            ("#step", Source::Text) => Some("120".to_string()),
            _ => page(sel, from),
        };
        assert!(
            !collapse.holds(&early),
            "a collapse before step 300 does not count"
        );
        assert!(
            !Check::AtMost {
                sel: "#modes",
                from: Source::Text,
                max: 4.0
            }
            .holds(&page)
        );
        assert!(
            Check::HasZero {
                sel: "#opt",
                from: Source::Attr("data-x")
            }
            .holds(&page)
        );
        assert!(
            !Check::HasZero {
                sel: "#dense",
                from: Source::Attr("data-x")
            }
            .holds(&page)
        );
        // An element that is not there never counts as done.
        assert!(
            !Check::AtLeast {
                sel: "#missing",
                from: Source::Text,
                min: f64::NEG_INFINITY
            }
            .holds(&page)
        );
    }
}
