//! The one way a link's settings are read, for every tab: `key<kv>value` fields joined by
//! `<sep>` (the Lab's hash uses `&` and `=`, the MNIST tab's `mnist=` query value `,` and `:`).
//!
//! Reading is lenient per field: a value that does not parse leaves its setting as it was and
//! is named in one notice, so one bad value never costs the student the rest of the link.
//! Unknown keys and fields without a separator are named the same way.

use std::str::FromStr;

use crate::config::ConfigError;
use crate::data::UserPointsError;

/// What was wrong with a link, as data: the page says it in the student's language.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkNotice {
    /// Longer than any settings could be: the defaults are used.
    TooLong,
    /// These fields (keys, or the text of a field without a separator) were not understood
    /// and keep their defaults.
    NotUnderstood(Vec<String>),
    /// The drawn points cannot be used, for this reason; the default data is used.
    PointsUnusable(UserPointsError),
    /// The drawn points are not a list of numbers; the default data is used.
    PointsGarbled,
    /// No dataset has this name (quoted, at most 40 characters); the default data is used.
    UnknownData(String),
    /// The settings do not hold together; the defaults are used.
    Invalid(ConfigError),
}

impl LinkNotice {
    /// Whether the notice names the setting `key` (a field not understood, or the field that
    /// made the settings invalid).
    pub fn names(&self, key: &str) -> bool {
        match self {
            LinkNotice::NotUnderstood(keys) => keys.iter().any(|k| k == key),
            LinkNotice::Invalid(e) => e.field == key,
            _ => false,
        }
    }
}

/// Collects a link's fields into typed settings, remembering which ones were not understood.
#[derive(Debug, Default)]
pub struct Fields {
    bad: Vec<String>,
}

/// At most this many characters of a bad key are quoted back.
const QUOTE: usize = 40;

impl Fields {
    /// The fields of `text`, in order, as (key, value); a field without `kv` is noted as bad.
    pub fn split<'a>(&mut self, text: &'a str, sep: char, kv: char) -> Vec<(&'a str, &'a str)> {
        text.split(sep)
            .filter(|p| !p.is_empty())
            .filter_map(|pair| {
                let split = pair.split_once(kv);
                if split.is_none() {
                    self.bad.push(pair.chars().take(QUOTE).collect());
                }
                split
            })
            .collect()
    }

    /// Parses a number (or anything `FromStr`) into `slot`.
    pub fn num<T: FromStr>(&mut self, key: &str, value: &str, slot: &mut T) {
        match value.parse() {
            Ok(v) => *slot = v,
            Err(_) => self.bad.push(key.into()),
        }
    }

    /// Parses a name into `slot` with `parse`.
    pub fn named<T>(
        &mut self,
        key: &str,
        value: &str,
        parse: impl Fn(&str) -> Option<T>,
        slot: &mut T,
    ) {
        match parse(value) {
            Some(v) => *slot = v,
            None => self.bad.push(key.into()),
        }
    }

    /// Parses `0` or `1` into `slot`.
    pub fn flag(&mut self, key: &str, value: &str, slot: &mut bool) {
        let parse = |v: &str| match v {
            "0" => Some(false),
            "1" => Some(true),
            _ => None,
        };
        self.named(key, value, parse, slot);
    }

    /// Notes a field that is not understood at all.
    pub fn unknown(&mut self, key: &str) {
        self.bad.push(key.chars().take(QUOTE).collect());
    }

    /// The keys that were not understood, in order.
    pub fn bad(&self) -> &[String] {
        &self.bad
    }

    /// The notice for the bad fields, if there were any.
    pub fn notice(&self) -> Option<LinkNotice> {
        (!self.bad.is_empty()).then(|| LinkNotice::NotUnderstood(self.bad.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bad_field_is_skipped_and_named_the_rest_are_read() {
        let mut f = Fields::default();
        let (mut width, mut lr, mut on) = (1usize, 0.5f64, false);
        for (k, v) in f.split("width=64&lr=fast&on=1&=x&colour=red&junk", '&', '=') {
            match k {
                "width" => f.num(k, v, &mut width),
                "lr" => f.num(k, v, &mut lr),
                "on" => f.flag(k, v, &mut on),
                _ => f.unknown(k),
            }
        }
        assert_eq!((width, lr, on), (64, 0.5, true));
        assert_eq!(f.bad(), ["junk", "lr", "", "colour"]);
        assert_eq!(
            f.notice(),
            Some(LinkNotice::NotUnderstood(
                ["junk", "lr", "", "colour"].map(String::from).to_vec()
            ))
        );
        let mut clean = Fields::default();
        assert_eq!(clean.split("a:1,b:2", ',', ':'), [("a", "1"), ("b", "2")]);
        assert_eq!(clean.notice(), None);
    }
}
