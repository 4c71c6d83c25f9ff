//! Korean and English: the page's two languages, and the one way it writes a sentence.
//!
//! Every visible string is written as a pair at the place it is shown:
//! `tr!("Pause", "일시 정지")` for fixed text and `trf!("step {n}", "{n}단계")` for text with
//! numbers. Why pairs at the use site rather than keys into a catalogue (Fluent, rust-i18n):
//! - the compiler checks them: a message without its second language does not compile, and
//!   there is no key that can go missing, go stale or be misspelt;
//! - a reviewer reads both languages beside the code that shows them;
//! - the page's wasm carries no parser, bundle or runtime lookup, just a branch.
//!
//! The test at the bottom reads every pair out of the page's sources and checks that the
//! Korean really is Korean, that both sides use the same placeholders, and that no bare English
//! text node is left in a view.
//!
//! The language is a page-wide setting ([`lang`]); the shell re-renders the views when it
//! changes, so a switch keeps every run, drawing and trained model as it was.

use std::cell::Cell;

/// The page's languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    /// Both, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    /// The code in links (`?lang=ko`), in `<html lang>` and in storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// A language tag (`ko`, `ko-KR`, `en-GB`, any case) as one of ours, if it is one.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language to show: the link's `?lang=` first (a teacher's link wins), then the
    /// student's remembered choice, then the first of the browser's languages that we have,
    /// else English.
    pub fn choose(query: Option<&str>, stored: Option<&str>, browser: &[String]) -> Lang {
        query
            .and_then(Lang::parse)
            .or_else(|| stored.and_then(Lang::parse))
            .or_else(|| browser.iter().find_map(|t| Lang::parse(t)))
            .unwrap_or_default()
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The page's language now.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Changes the page's language (the shell re-renders after it).
pub fn set_lang(l: Lang) {
    CURRENT.with(|c| c.set(l));
}

/// Whether `s` has no `{`: fixed text through [`tr!`] must not look like a format string, or
/// `tr!("step {n}", …)` would show its braces. Checked while compiling.
pub const fn plain(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            return false;
        }
        i += 1;
    }
    true
}

/// Fixed text in the page's language: `tr!("English", "한국어")`, a `&'static str`.
macro_rules! tr {
    ($en:literal, $ko:literal $(,)?) => {{
        const _: () = assert!(
            $crate::i18n::plain($en) && $crate::i18n::plain($ko),
            "tr! is for fixed text; use trf! for text with braces"
        );
        match $crate::i18n::lang() {
            $crate::i18n::Lang::En => $en,
            $crate::i18n::Lang::Ko => $ko,
        }
    }};
}

/// Formatted text in the page's language: `trf!("step {n}", "{n}단계")` or with arguments
/// after the pair, as `format!` takes them. A `String`.
macro_rules! trf {
    ($en:literal, $ko:literal $(, $arg:expr)* $(,)?) => {
        match $crate::i18n::lang() {
            $crate::i18n::Lang::En => format!($en $(, $arg)*),
            $crate::i18n::Lang::Ko => format!($ko $(, $arg)*),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    #[test]
    fn tags_parse_by_their_primary_subtag() {
        assert_eq!(Lang::parse("ko"), Some(Lang::Ko));
        assert_eq!(Lang::parse("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::parse("KO_kr"), Some(Lang::Ko));
        assert_eq!(Lang::parse(" en-GB "), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::parse("kor"), None);
    }

    #[test]
    fn the_link_beats_the_stored_choice_which_beats_the_browser() {
        let browser = vec!["de-DE".to_string(), "ko-KR".to_string(), "en".to_string()];
        assert_eq!(Lang::choose(Some("en"), Some("ko"), &browser), Lang::En);
        assert_eq!(Lang::choose(None, Some("en"), &browser), Lang::En);
        assert_eq!(Lang::choose(None, None, &browser), Lang::Ko);
        // A bad link or stored value falls through instead of winning.
        assert_eq!(Lang::choose(Some("xx"), Some("??"), &browser), Lang::Ko);
        assert_eq!(Lang::choose(None, None, &[]), Lang::En);
        assert_eq!(Lang::choose(None, None, &["fr".into()]), Lang::En);
    }

    #[test]
    fn the_macros_follow_the_current_language() {
        set_lang(Lang::Ko);
        assert_eq!(tr!("Pause", "일시 정지"), "일시 정지");
        let n = 3;
        assert_eq!(trf!("step {n}", "{n}단계"), "3단계");
        set_lang(Lang::En);
        assert_eq!(tr!("Pause", "일시 정지"), "Pause");
        assert_eq!(trf!("step {}", "{}단계", 7), "step 7");
        assert!(!plain("a {b}") && plain("a b"));
    }

    /// One `tr!`/`trf!` pair found in the sources.
    struct Pair {
        file: String,
        en: String,
        ko: String,
    }

    /// Reads a Rust string literal starting at `s[0] == '"'` (plain, not raw): its text and
    /// the rest after the closing quote.
    fn literal(s: &str) -> Option<(String, &str)> {
        let mut out = String::new();
        let mut chars = s.strip_prefix('"')?.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Some((out, &s[i + 2..])),
                '\\' => {
                    let (_, e) = chars.next()?;
                    match e {
                        'n' => out.push('\n'),
                        // A line continuation: skip the newline and the indentation after it.
                        '\n' => {
                            let rest: String = chars.clone().map(|(_, c)| c).collect();
                            let skip = rest.len() - rest.trim_start().len();
                            for _ in 0..rest[..skip].chars().count() {
                                chars.next();
                            }
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
        None
    }

    /// Every Rust file of the page but this one (which shows the patterns in its docs), as
    /// (path, text).
    fn page_sources() -> Vec<(String, String)> {
        let mut found = vec![];
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src/page")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    found.push((path.display().to_string(), text));
                }
            }
        }
        found
    }

    /// Every pair in the page's sources.
    fn pairs() -> Vec<Pair> {
        let mut found = vec![];
        for (file, text) in page_sources() {
            for (at, _) in text
                .match_indices("tr!(")
                .chain(text.match_indices("trf!("))
            {
                let open = text[at..].find('(').unwrap() + at + 1;
                let rest = text[open..].trim_start();
                let (en, rest) = literal(rest)
                    .unwrap_or_else(|| panic!("{file}: a pair must start with a literal"));
                let rest = rest.trim_start().strip_prefix(',').unwrap().trim_start();
                let (ko, _) = literal(rest)
                    .unwrap_or_else(|| panic!("{file}: `{en}` lacks its Korean literal"));
                found.push(Pair {
                    file: file.clone(),
                    en,
                    ko,
                });
            }
        }
        found
    }

    /// The `{…}` placeholders of a format string.
    fn placeholders(s: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = s;
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else { break };
            out.insert(after[..j].to_string());
            rest = &after[j + 1..];
        }
        out
    }

    fn hangul(s: &str) -> bool {
        s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
    }

    /// Korean text that may rightly have no Hangul: names, symbols and numbers.
    fn untranslatable(s: &str) -> bool {
        !s.chars().any(|c| c.is_alphabetic())
            || [
                "WGAN-GP",
                "WGAN",
                "BCE",
                "MNIST",
                "WebGPU",
                "CPU",
                "PNG",
                "CSV",
                "Adam",
                "RMSProp",
                "Earthmover",
                "EMD",
                "KL",
                "JS",
            ]
            .iter()
            .any(|w| s.trim() == *w)
    }

    #[test]
    fn every_message_has_both_languages_with_the_same_placeholders() {
        let pairs = pairs();
        assert!(
            pairs.len() > 20,
            "found only {} messages: is the scanner broken?",
            pairs.len()
        );
        let mut problems = vec![];
        for p in &pairs {
            if p.en.trim().is_empty() || p.ko.trim().is_empty() {
                problems.push(format!(
                    "{}: an empty message: {:?} / {:?}",
                    p.file, p.en, p.ko
                ));
            }
            if !hangul(&p.ko) && !untranslatable(&p.ko) {
                problems.push(format!(
                    "{}: not translated: {:?} / {:?}",
                    p.file, p.en, p.ko
                ));
            }
            if placeholders(&p.en) != placeholders(&p.ko) {
                problems.push(format!(
                    "{}: placeholders differ: {:?} / {:?}",
                    p.file, p.en, p.ko
                ));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// A visible English text node written straight into a view, `{ "Play" }`, bypasses the
    /// pairs. Labels that are symbols, numbers or names are fine.
    #[test]
    fn no_view_shows_a_bare_english_sentence() {
        let mut problems = vec![];
        for (file, text) in page_sources() {
            for (n, line) in text.lines().enumerate() {
                let mut rest = line;
                while let Some(i) = rest.find("{ \"") {
                    let Some((lit, after)) = literal(&rest[i + 2..]) else {
                        break;
                    };
                    let words = lit
                        .split(|c: char| !c.is_ascii_alphabetic())
                        .filter(|w| w.len() >= 3)
                        .count();
                    if words > 0 && !untranslatable(&lit) && after.trim_start().starts_with('}') {
                        problems.push(format!("{file}:{}: {lit:?}", n + 1));
                    }
                    rest = after;
                }
            }
        }
        assert!(
            problems.is_empty(),
            "bare English text nodes:\n{}",
            problems.join("\n")
        );
    }
}
