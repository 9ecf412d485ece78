//! The journal's records: a length, a checksum and a JSON batch; and
//! reading a journal back, a torn last record told apart from
//! corruption.

use serde::{Deserialize, Serialize};

use crate::model::Edit;

/// The header of a record: the payload's length, then its CRC-32C, each
/// a little-endian `u32`.
pub(crate) const HEADER: usize = 8;

/// The largest payload a record may claim; a longer claim is a torn or
/// corrupt header.
pub(crate) const MAX_PAYLOAD: usize = 1 << 30;

/// How every payload begins (its first field), to find whole records
/// after a bad one.
const PAYLOAD_START: &[u8] = br#"{"version":"#;

/// A record's payload as written: the model's version once the batch is
/// applied, and the batch.
#[derive(Serialize)]
pub(crate) struct Written<'a> {
    pub(crate) version: u64,
    pub(crate) edits: &'a [Edit],
}

/// A record's payload as read back.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Read {
    pub(crate) version: u64,
    pub(crate) edits: Vec<Edit>,
}

/// A record, header and payload, ready to append.
pub(crate) fn encode(payload: &[u8]) -> Vec<u8> {
    let length = u32::try_from(payload.len()).unwrap_or(u32::MAX);
    let mut record = Vec::with_capacity(HEADER + payload.len());
    record.extend_from_slice(&length.to_le_bytes());
    record.extend_from_slice(&crc32c::crc32c(payload).to_le_bytes());
    record.extend_from_slice(payload);
    record
}

/// What reading a journal found.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Each whole record: its offset and its payload's range.
    pub(crate) records: Vec<(usize, std::ops::Range<usize>)>,
    /// A torn last record: its offset and what is wrong with it.
    pub(crate) torn: Option<(usize, String)>,
}

/// A bad record that is not the last: something other than a torn write.
#[derive(Debug)]
pub(crate) struct Corrupt {
    pub(crate) offset: usize,
    pub(crate) why: String,
}

/// Reads every record of a journal. A bad record after which no whole
/// record follows is a torn tail (a write cut short, then maybe garbage);
/// a bad record with a whole record after it is corruption.
pub(crate) fn scan(bytes: &[u8]) -> Result<Scan, Corrupt> {
    let mut scan = Scan::default();
    let mut at = 0;
    while at < bytes.len() {
        match record_at(bytes, at) {
            Ok(payload) => {
                at = payload.end;
                scan.records.push((at - payload.len() - HEADER, payload));
            }
            Err(why) => {
                if let Some(next) = whole_record_after(bytes, at) {
                    return Err(Corrupt {
                        offset: at,
                        why: format!("{why}, and a whole record follows at byte {next}"),
                    });
                }
                scan.torn = Some((at, why));
                break;
            }
        }
    }
    Ok(scan)
}

/// The payload of the record at `at`, or what is wrong with it.
fn record_at(bytes: &[u8], at: usize) -> Result<std::ops::Range<usize>, String> {
    let rest = &bytes[at..];
    let Some((length, crc)) = rest.get(..HEADER).map(|h| {
        let word = |i: usize| u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
        (word(0) as usize, word(4))
    }) else {
        return Err(format!(
            "its header is cut short ({} of {HEADER} bytes)",
            rest.len()
        ));
    };
    if length > MAX_PAYLOAD {
        return Err(format!(
            "it claims {length} bytes, more than a record may hold"
        ));
    }
    let Some(payload) = rest.get(HEADER..HEADER + length) else {
        return Err(format!(
            "it claims {length} bytes and {} are left",
            rest.len() - HEADER
        ));
    };
    if crc32c::crc32c(payload) != crc {
        return Err("its checksum does not match".to_owned());
    }
    Ok(at + HEADER..at + HEADER + length)
}

/// The offset of a whole record that starts after `at`, if any.
fn whole_record_after(bytes: &[u8], at: usize) -> Option<usize> {
    (at + 1..bytes.len().saturating_sub(HEADER)).find(|&offset| {
        bytes[offset + HEADER..].starts_with(PAYLOAD_START) && record_at(bytes, offset).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal(payloads: &[&str]) -> Vec<u8> {
        payloads.iter().flat_map(|p| encode(p.as_bytes())).collect()
    }

    #[test]
    fn whole_records_are_read_back() {
        let bytes = journal(&[r#"{"version":1,"edits":[]}"#, r#"{"version":2,"edits":[]}"#]);
        let scan = scan(&bytes).unwrap();
        assert_eq!(scan.records.len(), 2);
        assert_eq!(scan.records[1].0, bytes.len() / 2);
        assert!(scan.torn.is_none());
    }

    #[test]
    fn a_cut_last_record_is_torn() {
        let mut bytes = journal(&[r#"{"version":1,"edits":[]}"#, r#"{"version":2,"edits":[]}"#]);
        let whole = bytes.len() / 2;
        bytes.truncate(bytes.len() - 3);
        bytes.extend_from_slice(b"\x00garbage\xff");
        let scan = scan(&bytes).unwrap();
        assert_eq!(scan.records.len(), 1);
        assert_eq!(scan.torn.unwrap().0, whole);
    }

    #[test]
    fn a_bad_record_before_a_whole_one_is_corruption() {
        let mut bytes = journal(&[r#"{"version":1,"edits":[]}"#, r#"{"version":2,"edits":[]}"#]);
        bytes[HEADER + 3] ^= 1;
        let err = scan(&bytes).unwrap_err();
        assert_eq!(err.offset, 0);
        assert!(err.why.contains("checksum"), "{}", err.why);
    }
}
