//! What a weights file says about itself, read on the page without burn.
//!
//! Weights files are burn records: burn's burnpack container, written by `Module::into_record`
//! (see `engine::record`). Burnpack keeps a string map of user metadata beside its tensor
//! descriptors; Earthmover stores there the kind of file and, as JSON, what rebuilds its
//! networks (the training configuration and the step). The page needs only that, to show the
//! file's settings and step, so it reads the 10-byte header and the CBOR metadata and leaves the
//! tensors to the worker, which checks them with burn's own reader before anything changes.
//!
//! Layout (burn-pack 0.22): magic `u32` 0x4255524E ("BURN"), version `u16` (1), metadata length
//! `u32`, all little-endian, then the CBOR map `{tensors, metadata, …}`.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::config::ConfigProblem;

/// Why a weights file cannot be loaded, as data: the page says it in the student's language.
/// Details that come from a parser (`…Unreadable`, `Damaged`, `DoesNotFit`) are its own text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WeightsProblem {
    /// A file in the format of an Earthmover version before weights were burn records.
    OldFormat,
    /// Not a burn record at all.
    NotOurs,
    /// A burn record of another format version.
    Version(u16),
    /// The file ends inside its header.
    Truncated,
    /// The header's metadata is not readable.
    HeaderUnreadable(String),
    /// A file of another kind (its kind, and the kind wanted here).
    OtherKind { file: String, here: String },
    /// A burn record with no Earthmover kind.
    NotEarthmover,
    /// No settings to rebuild its networks with.
    NoSettings,
    /// The settings are not readable.
    SettingsUnreadable(String),
    /// The settings are readable but invalid.
    Invalid {
        field: String,
        problem: ConfigProblem,
    },
    /// burn could not read the tensors.
    Damaged(String),
    /// The tensors do not fit the networks the settings describe.
    DoesNotFit(String),
    /// A weight is NaN or infinite.
    NotFinite,
}

/// Burnpack's magic number.
pub const MAGIC: u32 = 0x4255_524E;
/// The burnpack format version this reader knows.
pub const VERSION: u16 = 1;
/// Header bytes before the CBOR metadata.
pub const HEADER: usize = 10;
/// The metadata key naming the kind of Earthmover file.
pub const KIND_KEY: &str = "earthmover.kind";
/// The metadata key holding the JSON that rebuilds the file's networks.
pub const META_KEY: &str = "earthmover.meta";

/// The part of burnpack's metadata map we read; serde skips the tensor descriptors.
#[derive(Deserialize)]
struct Metadata {
    #[serde(default)]
    metadata: BTreeMap<String, String>,
}

/// The user metadata of a burnpack file, or why it is not one.
pub fn metadata(bytes: &[u8]) -> Result<BTreeMap<String, String>, WeightsProblem> {
    if bytes.starts_with(b"EARTHMOVER-") {
        return Err(WeightsProblem::OldFormat);
    }
    let header = bytes.get(..HEADER).ok_or(WeightsProblem::NotOurs)?;
    let magic = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
    if magic != MAGIC {
        return Err(WeightsProblem::NotOurs);
    }
    let version = u16::from_le_bytes([header[4], header[5]]);
    if version != VERSION {
        return Err(WeightsProblem::Version(version));
    }
    let len = u32::from_le_bytes([header[6], header[7], header[8], header[9]]) as usize;
    let cbor = bytes
        .get(HEADER..HEADER.saturating_add(len))
        .ok_or(WeightsProblem::Truncated)?;
    let meta: Metadata =
        ciborium::from_reader(cbor).map_err(|e| WeightsProblem::HeaderUnreadable(e.to_string()))?;
    Ok(meta.metadata)
}

/// The Earthmover metadata of a weights file of `kind`, parsed as `T`.
pub fn read<T: DeserializeOwned>(bytes: &[u8], kind: &str) -> Result<T, WeightsProblem> {
    let map = metadata(bytes)?;
    match map.get(KIND_KEY) {
        Some(k) if k == kind => {}
        Some(k) => {
            return Err(WeightsProblem::OtherKind {
                file: k.chars().take(40).collect(),
                here: kind.into(),
            });
        }
        None => return Err(WeightsProblem::NotEarthmover),
    }
    let json = map.get(META_KEY).ok_or(WeightsProblem::NoSettings)?;
    serde_json::from_str(json).map_err(|e| WeightsProblem::SettingsUnreadable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A burnpack header and metadata built by hand, as the format documents it.
    fn file(version: u16, entries: &[(&str, &str)]) -> Vec<u8> {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            tensors: BTreeMap<String, u8>,
            metadata: BTreeMap<&'a str, &'a str>,
        }
        let mut cbor = Vec::new();
        ciborium::into_writer(
            &Out {
                tensors: BTreeMap::new(),
                metadata: entries.iter().copied().collect(),
            },
            &mut cbor,
        )
        .unwrap();
        let mut out = MAGIC.to_le_bytes().to_vec();
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&(cbor.len() as u32).to_le_bytes());
        out.extend_from_slice(&cbor);
        out
    }

    #[test]
    fn reads_the_kind_and_settings() {
        let f = file(1, &[(KIND_KEY, "k"), (META_KEY, "[1,2]")]);
        assert_eq!(read::<Vec<u32>>(&f, "k").unwrap(), vec![1, 2]);
        assert_eq!(
            read::<Vec<u32>>(&f, "other").unwrap_err(),
            WeightsProblem::OtherKind {
                file: "k".into(),
                here: "other".into()
            }
        );
    }

    #[test]
    fn refuses_other_files_with_a_reason() {
        use WeightsProblem as P;
        assert_eq!(metadata(b"PK\x03\x04 a zip file").unwrap_err(), P::NotOurs);
        assert_eq!(metadata(b"").unwrap_err(), P::NotOurs);
        assert_eq!(
            metadata(b"EARTHMOVER-WEIGHTS 1\n{}").unwrap_err(),
            P::OldFormat
        );
        assert_eq!(metadata(&file(2, &[])).unwrap_err(), P::Version(2));
        let f = file(1, &[(KIND_KEY, "k"), (META_KEY, "[1]")]);
        assert_eq!(metadata(&f[..f.len() - 1]).unwrap_err(), P::Truncated);
        assert_eq!(
            read::<u8>(&file(1, &[]), "k").unwrap_err(),
            P::NotEarthmover
        );
        let no_meta = file(1, &[(KIND_KEY, "k")]);
        assert_eq!(read::<u8>(&no_meta, "k").unwrap_err(), P::NoSettings);
        let bad_json = file(1, &[(KIND_KEY, "k"), (META_KEY, "{")]);
        assert!(matches!(
            read::<u8>(&bad_json, "k").unwrap_err(),
            P::SettingsUnreadable(_)
        ));
    }

    #[test]
    fn random_and_mutated_bytes_never_panic() {
        let good = file(1, &[(KIND_KEY, "k"), (META_KEY, "[1,2,3]")]);
        let mut rng = crate::rng::Rng::new(9);
        for _ in 0..5000 {
            let mut b = good.clone();
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(b.len());
                b[i] = rng.next_u64() as u8;
            }
            b.truncate(rng.below(b.len() + 1));
            let _ = read::<Vec<u32>>(&b, "k");
        }
    }
}
