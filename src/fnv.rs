//! FNV-1a, 64 bits: a hash that stays the same across builds, versions and machines, which
//! the output manifests, the fingerprinted asset names and the search index's version need.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// The hash state; bytes are added with [`Fnv::add`], `io::Write` or `Hasher::write`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(OFFSET)
    }
}

impl Fnv {
    /// A state mixed with `seed` (0: the plain FNV-1a start).
    pub fn seeded(seed: u64) -> Fnv {
        Fnv(seed ^ OFFSET)
    }

    pub fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(PRIME);
        }
    }

    pub fn value(self) -> u64 {
        self.0
    }
}

/// The hash of `bytes`.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h = Fnv::default();
    h.add(bytes);
    h.value()
}

/// A hash of a whole file's bytes, taken eight bytes at a step: several times faster than
/// [`hash`] on the pages a build writes (the output manifest hashes every one), and as stable.
/// Each step, and the final mix, is a one-to-one function of the state, so two texts of the
/// same length that differ within one 8-byte word never get the same hash.
pub fn wide(bytes: &[u8]) -> u64 {
    let mut w = Wide::new(bytes.len() as u64);
    w.bytes(bytes);
    w.finish()
}

/// The state of [`wide`], for hashing a value made of many parts: words and byte strings.
#[derive(Clone, Copy, Debug)]
pub struct Wide(u64);

const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl Wide {
    /// A state started from `seed` ([`wide`] starts from the length of its bytes).
    pub fn new(seed: u64) -> Wide {
        Wide(OFFSET ^ seed.wrapping_mul(K))
    }

    /// Adds one word.
    pub fn word(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(29) ^ w).wrapping_mul(K);
    }

    /// Adds bytes eight at a step, the last step padded with zeros: mark their length with
    /// a word first where it is not known otherwise.
    pub fn bytes(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.word(u64::from_le_bytes(b));
        }
        let mut tail = [0u8; 8];
        tail[..words.remainder().len()].copy_from_slice(words.remainder());
        self.word(u64::from_le_bytes(tail));
    }

    /// The hash: splitmix64's finaliser, so that every bit of the state reaches every bit.
    pub fn finish(self) -> u64 {
        let h = self.0;
        let h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    }
}

/// [`wide`] of bytes given piece by piece, their whole length given first: the same hash
/// without the bytes held together.
#[derive(Clone, Copy, Debug)]
pub struct WideStream {
    w: Wide,
    carry: [u8; 8],
    held: usize,
}

impl WideStream {
    pub fn new(len: u64) -> WideStream {
        WideStream {
            w: Wide::new(len),
            carry: [0; 8],
            held: 0,
        }
    }

    pub fn bytes(&mut self, mut bytes: &[u8]) {
        if self.held > 0 {
            let take = (8 - self.held).min(bytes.len());
            self.carry[self.held..self.held + take].copy_from_slice(&bytes[..take]);
            self.held += take;
            bytes = &bytes[take..];
            if self.held < 8 {
                return;
            }
            self.w.word(u64::from_le_bytes(self.carry));
            self.held = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.w.word(u64::from_le_bytes(b));
        }
        let rest = words.remainder();
        self.carry[..rest.len()].copy_from_slice(rest);
        self.held = rest.len();
    }

    pub fn finish(self) -> u64 {
        let mut tail = [0u8; 8];
        tail[..self.held].copy_from_slice(&self.carry[..self.held]);
        let mut w = self.w;
        w.word(u64::from_le_bytes(tail));
        w.finish()
    }
}

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.add(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// As a `HashMap` hasher: for short keys (index tokens) it beats the default one.
impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        self.add(bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hasher for the keys of maps that live within one build (never written anywhere): one
/// multiplication per word of the key rather than one per byte, for keys that are numbers
/// or short texts (the search index's tokens).
#[derive(Clone, Copy, Debug, Default)]
pub struct Words(u64);

impl std::hash::Hasher for Words {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.write_u64(u64::from_le_bytes(b));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(b));
        }
    }

    fn write_u8(&mut self, x: u8) {
        self.write_u64(u64::from(x));
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(26) ^ x).wrapping_mul(K);
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }

    fn write_isize(&mut self, x: isize) {
        self.write_u64(x as u64);
    }

    fn finish(&self) -> u64 {
        // The high bits are the best mixed: bring them down to where tables look first.
        self.0 ^ (self.0 >> 32)
    }
}

/// The hash of a value as serde walks it, without writing it out as text: each part tagged
/// with its kind, each text, list, map and struct closed or measured, so that values that
/// would be written out differently (as JSON, for a template) never walk the same words.
/// Several times cheaper than hashing the JSON (no escaping, no numbers written as digits).
pub fn value<T: serde::Serialize + ?Sized>(seed: u64, v: &T) -> u64 {
    let mut w = Wide::new(seed);
    let _ = v.serialize(Walk(&mut w));
    w.finish()
}

/// Tags of the parts of a value walked by [`value`].
mod tag {
    pub const BOOL: u64 = 1;
    pub const INT: u64 = 2;
    pub const UINT: u64 = 3;
    pub const FLOAT: u64 = 4;
    pub const CHAR: u64 = 5;
    pub const STR: u64 = 6;
    pub const BYTES: u64 = 7;
    pub const NONE: u64 = 8;
    pub const SOME: u64 = 9;
    pub const UNIT: u64 = 10;
    pub const VARIANT: u64 = 11;
    pub const SEQ: u64 = 12;
    pub const MAP: u64 = 13;
    pub const END: u64 = 14;
}

/// The serializer of [`value`]; nothing it is given can fail.
struct Walk<'a>(&'a mut Wide);

#[derive(Debug)]
struct NoError;

impl std::fmt::Display for NoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("hashing a value")
    }
}

impl std::error::Error for NoError {}

impl serde::ser::Error for NoError {
    fn custom<M: std::fmt::Display>(_: M) -> NoError {
        NoError
    }
}

impl Walk<'_> {
    fn text(&mut self, t: &str) {
        self.0.word(tag::STR);
        self.0.word(t.len() as u64);
        self.0.bytes(t.as_bytes());
    }

    fn again(&mut self) -> Walk<'_> {
        Walk(self.0)
    }
}

impl<'a> serde::Serializer for Walk<'a> {
    type Ok = ();
    type Error = NoError;
    type SerializeSeq = Walk<'a>;
    type SerializeTuple = Walk<'a>;
    type SerializeTupleStruct = Walk<'a>;
    type SerializeTupleVariant = Walk<'a>;
    type SerializeMap = Walk<'a>;
    type SerializeStruct = Walk<'a>;
    type SerializeStructVariant = Walk<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), NoError> {
        self.0.word(tag::BOOL);
        self.0.word(v as u64);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), NoError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), NoError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), NoError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), NoError> {
        // A number is written the same whichever type holds it.
        if v >= 0 {
            return self.serialize_u64(v as u64);
        }
        self.0.word(tag::INT);
        self.0.word(v as u64);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), NoError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), NoError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), NoError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), NoError> {
        self.0.word(tag::UINT);
        self.0.word(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), NoError> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), NoError> {
        self.0.word(tag::FLOAT);
        self.0.word(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), NoError> {
        self.0.word(tag::CHAR);
        self.0.word(v as u64);
        Ok(())
    }
    fn serialize_str(mut self, v: &str) -> Result<(), NoError> {
        self.text(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), NoError> {
        self.0.word(tag::BYTES);
        self.0.word(v.len() as u64);
        self.0.bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), NoError> {
        self.0.word(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, v: &T) -> Result<(), NoError> {
        self.0.word(tag::SOME);
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), NoError> {
        self.0.word(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), NoError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), NoError> {
        self.text(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), NoError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), NoError> {
        self.0.word(tag::VARIANT);
        self.text(variant);
        v.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Walk<'a>, NoError> {
        self.0.word(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Walk<'a>, NoError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Walk<'a>, NoError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Walk<'a>, NoError> {
        self.0.word(tag::VARIANT);
        self.text(variant);
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Walk<'a>, NoError> {
        self.0.word(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Walk<'a>, NoError> {
        // Written out as a map: a struct and a map of the same entries are the same value.
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Walk<'a>, NoError> {
        self.0.word(tag::VARIANT);
        self.text(variant);
        self.serialize_map(None)
    }
}

/// The parts of a list (a sequence, a tuple) are values one after the other, then an end.
macro_rules! walk_list {
    ($($kind:ident :: $part:ident),*) => {$(
        impl serde::ser::$kind for Walk<'_> {
            type Ok = ();
            type Error = NoError;
            fn $part<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NoError> {
                v.serialize(self.again())
            }
            fn end(self) -> Result<(), NoError> {
                self.0.word(tag::END);
                Ok(())
            }
        }
    )*};
}

walk_list!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The fields of a struct are walked as a map's entries: name, then value.
macro_rules! walk_struct {
    ($($kind:ident),*) => {$(
        impl serde::ser::$kind for Walk<'_> {
            type Ok = ();
            type Error = NoError;
            fn serialize_field<T: serde::Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), NoError> {
                self.text(key);
                v.serialize(self.again())
            }
            fn end(self) -> Result<(), NoError> {
                self.0.word(tag::END);
                Ok(())
            }
        }
    )*};
}

walk_struct!(SerializeStruct, SerializeStructVariant);

impl serde::ser::SerializeMap for Walk<'_> {
    type Ok = ();
    type Error = NoError;
    fn serialize_key<T: serde::Serialize + ?Sized>(&mut self, k: &T) -> Result<(), NoError> {
        k.serialize(self.again())
    }
    fn serialize_value<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NoError> {
        v.serialize(self.again())
    }
    fn end(self) -> Result<(), NoError> {
        self.0.word(tag::END);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_written_out_differently_hash_apart() {
        use serde_json::json;
        let h = |v: &serde_json::Value| super::value(3, v);
        // Each pair would reach a template as different JSON.
        let pairs = [
            (json!(["ab", "c"]), json!(["a", "bc"])),
            (json!(["a", ["b"]]), json!([["a"], "b"])),
            (json!({"a": "b", "c": ""}), json!({"a": "bc", "": ""})),
            (json!({"a": 1}), json!({"a": "1"})),
            (json!([null]), json!([])),
            (json!([true]), json!([1])),
            (json!(""), json!("\u{0}")),
            (json!(1.5), json!(1)),
            (json!(-1), json!(u64::MAX)),
            (json!({"a": {}}), json!({"a": []})),
        ];
        for (a, b) in &pairs {
            assert_ne!(h(a), h(b), "{a} and {b}");
        }
        // The same JSON, however it is held, is the same value.
        #[derive(serde::Serialize)]
        struct Row {
            a: u8,
            b: &'static str,
        }
        let typed = super::value(3, &Row { a: 7, b: "x" });
        assert_eq!(typed, h(&json!({"a": 7, "b": "x"})));
        assert_eq!(super::value(3, &7i64), super::value(3, &7u8));
        assert_ne!(
            super::value(3, "x"),
            super::value(4, "x"),
            "the seed counts"
        );
    }

    #[test]
    fn known_values() {
        // The reference values of FNV-1a 64.
        assert_eq!(super::hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(super::hash(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn the_wide_hash_tells_apart_every_one_byte_change_and_every_length() {
        let text = "<p>村道修缮 2020-013</p>\n".repeat(3).into_bytes();
        let base = super::wide(&text);
        let mut seen = std::collections::HashSet::new();
        for at in 0..text.len() {
            for flip in [1u8, 0x80, 0xff] {
                let mut t = text.clone();
                t[at] ^= flip;
                let h = super::wide(&t);
                assert_ne!(h, base, "byte {at} ^ {flip:#x}");
                seen.insert(h);
            }
        }
        assert_eq!(seen.len(), text.len() * 3, "every change hashes apart");
        // A text and the same text with trailing zero bytes differ.
        let lens: std::collections::HashSet<u64> =
            (0..20).map(|n| super::wide(&vec![0u8; n])).collect();
        assert_eq!(lens.len(), 20);
        // Stable: the manifests of earlier builds rely on it.
        assert_eq!(super::wide(b""), super::wide(b""));
        // Pinned when the hash was chosen: a change here rewrites every site once.
        assert_eq!(super::wide(b"foobar"), 0xb690_c6ce_41d2_f708);
    }

    proptest::proptest! {
        /// Bytes given in pieces, wherever they are cut, hash as given whole.
        #[test]
        fn bytes_given_in_pieces_hash_as_given_whole(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
            cuts in proptest::collection::vec(0usize..80, 0..8),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort();
            let mut h = super::WideStream::new(bytes.len() as u64);
            let mut from = 0;
            for c in cuts.into_iter().chain([bytes.len()]) {
                h.bytes(&bytes[from..c]);
                from = c;
            }
            proptest::prop_assert_eq!(h.finish(), super::wide(&bytes));
        }
    }
}
