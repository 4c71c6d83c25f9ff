//! A small file of named-by-position f32 tensors with a JSON header: the MNIST models' weights
//! (what "Save weights" on the MNIST tab downloads) and the digit classifier's committed weights.
//!
//! Layout: a magic line naming the file's kind, a little-endian u32 header length, the JSON
//! header `{"meta": …, "shapes": [[…], …]}`, then every tensor's values as little-endian f32, in
//! order. `meta` is whatever the kind needs to rebuild its networks (a configuration, a step).
//! Plain Rust, so the page can check a file before the worker sees it.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// No real header comes near this; a larger one is corrupt.
const MAX_HEADER: usize = 1 << 20;
/// Nor does any real tensor file hold more values than this (a D = 128 conv pair has ~10⁷).
const MAX_VALUES: usize = 1 << 26;

/// One tensor: its shape and its values, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

#[derive(Serialize, Deserialize)]
struct Header<M> {
    meta: M,
    shapes: Vec<Vec<usize>>,
}

/// The file's bytes.
pub fn encode<M: Serialize>(magic: &str, meta: &M, tensors: &[Tensor]) -> Vec<u8> {
    let header = Header {
        meta,
        shapes: tensors.iter().map(|t| t.shape.clone()).collect(),
    };
    let json = serde_json::to_vec(&header).expect("a header serialises");
    let count: usize = tensors.iter().map(|t| t.values.len()).sum();
    let mut out = Vec::with_capacity(magic.len() + 5 + json.len() + 4 * count);
    out.extend_from_slice(magic.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    for t in tensors {
        debug_assert_eq!(t.shape.iter().product::<usize>(), t.values.len());
        for v in &t.values {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out
}

/// Reads a file of kind `magic`: its meta and tensors, or a sentence saying what is wrong.
pub fn decode<M: DeserializeOwned>(magic: &str, bytes: &[u8]) -> Result<(M, Vec<Tensor>), String> {
    let rest = bytes
        .strip_prefix(magic.as_bytes())
        .and_then(|r| r.strip_prefix(b"\n"))
        .ok_or_else(|| format!("this is not a file of kind “{magic}”"))?;
    let (len, rest) = rest
        .split_first_chunk::<4>()
        .ok_or("the file ends before its header")?;
    let len = u32::from_le_bytes(*len) as usize;
    if len > MAX_HEADER {
        return Err("the header is impossibly long: the file is corrupt".into());
    }
    let (json, mut data) = rest
        .split_at_checked(len)
        .ok_or("the file ends inside its header")?;
    let header: Header<M> =
        serde_json::from_slice(json).map_err(|e| format!("unreadable header: {e}"))?;
    let mut total = 0usize;
    let mut tensors = Vec::with_capacity(header.shapes.len());
    for shape in header.shapes {
        let n = shape
            .iter()
            .try_fold(1usize, |a, &d| a.checked_mul(d))
            .filter(|&n| n <= MAX_VALUES)
            .ok_or("a tensor shape is impossibly large")?;
        total += n;
        if total > MAX_VALUES {
            return Err("the tensors are impossibly large".into());
        }
        let (chunk, rest) = data
            .split_at_checked(4 * n)
            .ok_or("the file is truncated: it ends inside the weights")?;
        data = rest;
        let values: Vec<f32> = chunk
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if values.iter().any(|v| !v.is_finite()) {
            return Err("the file holds NaN or infinite weights".into());
        }
        tensors.push(Tensor { shape, values });
    }
    if !data.is_empty() {
        return Err(format!("{} stray bytes after the weights", data.len()));
    }
    Ok((header.meta, tensors))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;

    fn sample() -> Vec<Tensor> {
        vec![
            Tensor {
                shape: vec![2, 3],
                values: vec![1.0, -2.0, 3.5, 0.0, 1e-7, -1e7],
            },
            Tensor {
                shape: vec![4, 1, 1, 1],
                values: vec![0.25; 4],
            },
        ]
    }

    #[test]
    fn files_round_trip_and_check_their_kind() {
        let bytes = encode("KIND 1", &(7u64, "x".to_string()), &sample());
        let (meta, t): ((u64, String), _) = decode("KIND 1", &bytes).unwrap();
        assert_eq!(meta, (7, "x".into()));
        assert_eq!(t, sample());
        assert!(decode::<(u64, String)>("OTHER 1", &bytes).is_err());
    }

    #[test]
    fn damage_gives_errors_not_panics() {
        let bytes = encode("KIND 1", &3u32, &sample());
        for cut in 0..bytes.len() {
            assert!(decode::<u32>("KIND 1", &bytes[..cut]).is_err(), "cut {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode::<u32>("KIND 1", &longer).is_err());
        let mut nan = bytes.clone();
        let at = nan.len() - 4;
        nan[at..].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(decode::<u32>("KIND 1", &nan).unwrap_err().contains("NaN"));
        let mut rng = Rng::new(4);
        for _ in 0..3000 {
            let mut bad = bytes.clone();
            let i = rng.next_u64() as usize % bad.len();
            bad[i] = rng.next_u64() as u8;
            let _ = decode::<u32>("KIND 1", &bad);
        }
        let huge = br#"KIND 1
"#;
        let mut f = huge.to_vec();
        let json = br#"{"meta":1,"shapes":[[4294967295,4294967295,4294967295]]}"#;
        f.extend_from_slice(&(json.len() as u32).to_le_bytes());
        f.extend_from_slice(json);
        assert!(decode::<u32>("KIND 1", &f).is_err());
    }
}
