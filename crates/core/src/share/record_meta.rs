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

use serde::Deserialize;
use serde::de::DeserializeOwned;

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

/// The user metadata of a burnpack file, or a sentence saying why it is not one.
pub fn metadata(bytes: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let not_ours = "this is not an Earthmover weights file (a burn record)";
    if bytes.starts_with(b"EARTHMOVER-") {
        return Err(
            "this file is in the weights format of an earlier Earthmover version, which \
                    saved its own format rather than burn records; retrain and save again"
                .into(),
        );
    }
    let header = bytes.get(..HEADER).ok_or(not_ours)?;
    let magic = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
    if magic != MAGIC {
        return Err(not_ours.into());
    }
    let version = u16::from_le_bytes([header[4], header[5]]);
    if version != VERSION {
        return Err(format!(
            "this burn record has format version {version}; this app reads version {VERSION}"
        ));
    }
    let len = u32::from_le_bytes([header[6], header[7], header[8], header[9]]) as usize;
    let cbor = bytes
        .get(HEADER..HEADER.saturating_add(len))
        .ok_or("the weights file is truncated (it ends inside its header)")?;
    let meta: Metadata = ciborium::from_reader(cbor)
        .map_err(|e| format!("the weights file's header is unreadable: {e}"))?;
    Ok(meta.metadata)
}

/// The Earthmover metadata of a weights file of `kind`, parsed as `T`.
pub fn read<T: DeserializeOwned>(bytes: &[u8], kind: &str) -> Result<T, String> {
    let map = metadata(bytes)?;
    match map.get(KIND_KEY) {
        Some(k) if k == kind => {}
        Some(k) => {
            return Err(format!(
                "this weights file is for {}, not for {}",
                describe(k),
                describe(kind)
            ));
        }
        None => return Err("this burn record was not written by Earthmover".into()),
    }
    let json = map
        .get(META_KEY)
        .ok_or("the weights file does not say which networks it holds")?;
    serde_json::from_str(json)
        .map_err(|e| format!("the weights file's settings are unreadable: {e}"))
}

/// A kind as the student knows it.
fn describe(kind: &str) -> String {
    match kind {
        crate::share::weights::KIND => "the Lab (2D data)".into(),
        crate::mnist::config::WEIGHTS_KIND => "the MNIST tab".into(),
        other => format!("“{other}”"),
    }
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
        assert!(
            read::<Vec<u32>>(&f, "other")
                .unwrap_err()
                .contains("not for")
        );
    }

    #[test]
    fn refuses_other_files_with_a_sentence() {
        assert!(
            metadata(b"PK\x03\x04 a zip file")
                .unwrap_err()
                .contains("not an Earthmover")
        );
        assert!(metadata(b"").unwrap_err().contains("not an Earthmover"));
        let old = metadata(b"EARTHMOVER-WEIGHTS 1\n{}").unwrap_err();
        assert!(old.contains("earlier Earthmover version"), "{old}");
        assert!(metadata(&file(2, &[])).unwrap_err().contains("version 2"));
        let f = file(1, &[(KIND_KEY, "k"), (META_KEY, "[1]")]);
        assert!(
            metadata(&f[..f.len() - 1])
                .unwrap_err()
                .contains("truncated")
        );
        assert!(
            read::<u8>(&file(1, &[]), "k")
                .unwrap_err()
                .contains("not written by")
        );
        let no_meta = file(1, &[(KIND_KEY, "k")]);
        assert!(
            read::<u8>(&no_meta, "k")
                .unwrap_err()
                .contains("which networks")
        );
        let bad_json = file(1, &[(KIND_KEY, "k"), (META_KEY, "{")]);
        assert!(
            read::<u8>(&bad_json, "k")
                .unwrap_err()
                .contains("unreadable")
        );
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
