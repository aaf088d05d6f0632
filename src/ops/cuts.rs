//! What re-validation hands the moving phase: each selection cut into `_id`
//! ranges of consecutive documents, and its ids in `_id` order. The ids go
//! to a nameless temporary file as they are read (13 bytes each for an
//! ObjectId, the value's BSON for any other type), so memory stays flat
//! whatever the selection's size, and a selection interleaved with other
//! users' documents is moved by naming its ids without reading it from the
//! server a second time.
//!
//! A range query matches only values of its bounds' type, so ranges serve
//! only a selection whose ids are all of one type that ranges plainly
//! (`DocId::rangeable`); any other selection is moved by naming its ids.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};

use crate::docid::DocId;

/// An inclusive `_id` range: the first and last ids of consecutive documents
/// of a selection.
pub type Range = (Bson, Bson);

/// A selection as re-validation read it.
#[derive(Default)]
pub struct Cut {
    /// Consecutive ranges of `grain` documents (the last may hold fewer).
    pub ranges: Vec<Range>,
    /// Every id, in `_id` order; None if the temporary file could not be
    /// written (the moving phase then reads the ids from the server).
    ids: Option<IdWriter>,
    grain: u64,
    seen: u64,
    /// The first id, while every id is of one rangeable type with it.
    first: Option<DocId>,
    /// Some id is of another type than the first, or of a type that does
    /// not range.
    mixed: bool,
}

impl Cut {
    pub fn new(grain: u32) -> Cut {
        Cut { grain: grain.max(1) as u64, ids: IdWriter::create().ok(), ..Cut::default() }
    }

    /// The next id of the selection, in `_id` order.
    pub fn push(&mut self, id: DocId) {
        if let Some(w) = &mut self.ids
            && w.push(id.bson()).is_err()
        {
            self.ids = None;
        }
        match &self.first {
            None => {
                self.mixed = !id.rangeable();
                self.first = Some(id.clone());
            }
            Some(first) => self.mixed |= !first.ranges_with(&id),
        }
        let id = id.into_bson();
        if self.seen.is_multiple_of(self.grain) {
            self.ranges.push((id.clone(), id));
        } else if let Some(last) = self.ranges.last_mut() {
            last.1 = id;
        }
        self.seen += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.seen == 0
    }

    /// Whether the ranges may be asked of the server: every id of one
    /// rangeable type (else the selection is moved by its ids).
    pub fn rangeable(&self) -> bool {
        !self.mixed
    }

    /// The ids, to read back in order; None if they could not be kept.
    pub fn ids(&mut self) -> Option<IdReader> {
        let w = self.ids.take()?;
        w.finish().ok()
    }
}

struct IdWriter {
    out: BufWriter<File>,
    count: u64,
}

const OBJECT_ID: u8 = 1;
const OTHER: u8 = 2;

/// The longest id the file holds: no `_id` is larger than a document (16 MiB).
const LONGEST: usize = 16 * 1024 * 1024;

impl IdWriter {
    /// A new file in the temporary directory that never has a name
    /// (`O_TMPFILE` where the file system has it, else unlinked at once):
    /// only this process can read it, and it is gone when the process ends,
    /// however it ends.
    fn create() -> io::Result<IdWriter> {
        Ok(IdWriter { out: BufWriter::with_capacity(64 * 1024, tempfile::tempfile()?), count: 0 })
    }

    fn push(&mut self, id: &Bson) -> io::Result<()> {
        match id {
            Bson::ObjectId(o) => {
                self.out.write_all(&[OBJECT_ID])?;
                self.out.write_all(&o.bytes())?;
            }
            other => {
                let bytes = mongodb::bson::to_vec(&doc! { "v": other.clone() }).map_err(io::Error::other)?;
                self.out.write_all(&[OTHER])?;
                self.out.write_all(&(bytes.len() as u32).to_le_bytes())?;
                self.out.write_all(&bytes)?;
            }
        }
        self.count += 1;
        Ok(())
    }

    fn finish(self) -> io::Result<IdReader> {
        let count = self.count;
        let mut file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        Ok(IdReader { input: BufReader::with_capacity(64 * 1024, file), left: count })
    }
}

/// A selection's ids read back in `_id` order.
pub struct IdReader {
    input: BufReader<File>,
    left: u64,
}

impl IdReader {
    /// The next `n` ids (fewer at the end; none when all were read).
    pub fn next_batch(&mut self, n: usize) -> io::Result<Vec<Bson>> {
        let take = (n as u64).min(self.left) as usize;
        let mut out = Vec::with_capacity(take);
        for _ in 0..take {
            let mut tag = [0u8; 1];
            self.input.read_exact(&mut tag)?;
            match tag[0] {
                OBJECT_ID => {
                    let mut b = [0u8; 12];
                    self.input.read_exact(&mut b)?;
                    out.push(Bson::ObjectId(ObjectId::from_bytes(b)));
                }
                _ => {
                    let mut len = [0u8; 4];
                    self.input.read_exact(&mut len)?;
                    let len = u32::from_le_bytes(len) as usize;
                    if len > LONGEST {
                        return Err(io::Error::new(io::ErrorKind::InvalidData, "an id longer than a document"));
                    }
                    let mut bytes = vec![0u8; len];
                    self.input.read_exact(&mut bytes)?;
                    let d: Document = mongodb::bson::from_slice(&bytes).map_err(io::Error::other)?;
                    out.push(d.get("v").cloned().unwrap_or(Bson::Null));
                }
            }
        }
        self.left -= take as u64;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_back_in_order_and_ranges_cut_by_grain() {
        let mut cut = Cut::new(3);
        let ids: Vec<Bson> = (0..7)
            .map(|i| if i == 4 { Bson::String(format!("s{i}")) } else { Bson::ObjectId(ObjectId::new()) })
            .collect();
        for id in &ids {
            cut.push(DocId::new(id.clone()).unwrap());
        }
        assert!(!cut.rangeable(), "a string among ObjectIds");
        assert_eq!(cut.ranges.len(), 3);
        assert_eq!(cut.ranges[0], (ids[0].clone(), ids[2].clone()));
        assert_eq!(cut.ranges[2], (ids[6].clone(), ids[6].clone()));
        let mut r = cut.ids().expect("the temporary directory is writable");
        let mut back = r.next_batch(4).unwrap();
        back.extend(r.next_batch(4).unwrap());
        assert_eq!(back, ids);
        assert!(r.next_batch(4).unwrap().is_empty());
    }

    #[test]
    fn ids_of_every_type_come_back_exactly_and_only_one_plain_type_ranges() {
        use mongodb::bson::{Binary, spec::BinarySubtype};
        let every = [
            Bson::ObjectId(ObjectId::new()),
            Bson::String("crm-import-0001".into()),
            Bson::Int32(-3),
            Bson::Int64(1 << 40),
            Bson::Double(2.5),
            Bson::Binary(Binary { subtype: BinarySubtype::Uuid, bytes: vec![5; 16] }),
            Bson::Binary(Binary { subtype: BinarySubtype::UserDefined(0x80), bytes: vec![] }),
            Bson::Document(doc! { "a": 1, "b": { "c": [1, 2] } }),
            Bson::Boolean(false),
            Bson::Null,
        ];
        let mut cut = Cut::new(2);
        for id in &every {
            cut.push(DocId::new(id.clone()).unwrap());
        }
        let mut r = cut.ids().unwrap();
        assert_eq!(r.next_batch(100).unwrap(), every.to_vec());
        for one in &every {
            let mut cut = Cut::new(2);
            cut.push(DocId::new(one.clone()).unwrap());
            cut.push(DocId::new(one.clone()).unwrap());
            assert_eq!(cut.rangeable(), DocId::new(one.clone()).unwrap().rangeable(), "{one}");
        }
        let mut ints = Cut::new(2);
        ints.push(DocId::new(Bson::Int32(1)).unwrap());
        ints.push(DocId::new(Bson::Int64(2)).unwrap());
        assert!(!ints.rangeable(), "int32 then int64: named by id");
    }
}
