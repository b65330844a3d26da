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

/// [`Wide`] fed through `io::Write` (a serializer writing into it): the bytes are taken eight
/// at a step however the writes cut them, and their length closes the hash.
pub struct WideWriter {
    state: Wide,
    pending: [u8; 8],
    held: usize,
    len: u64,
}

impl WideWriter {
    pub fn new(seed: u64) -> WideWriter {
        WideWriter {
            state: Wide::new(seed),
            pending: [0; 8],
            held: 0,
            len: 0,
        }
    }

    pub fn finish(mut self) -> u64 {
        self.pending[self.held..].fill(0);
        self.state.word(u64::from_le_bytes(self.pending));
        self.state.word(self.len);
        self.state.finish()
    }
}

impl std::io::Write for WideWriter {
    fn write(&mut self, mut buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len();
        self.len += n as u64;
        while !buf.is_empty() {
            let take = (8 - self.held).min(buf.len());
            self.pending[self.held..self.held + take].copy_from_slice(&buf[..take]);
            self.held += take;
            buf = &buf[take..];
            if self.held == 8 {
                self.state.word(u64::from_le_bytes(self.pending));
                self.held = 0;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_wide_writer_does_not_depend_on_how_the_writes_are_cut() {
        use std::io::Write;
        let text = "村道修缮 road 2020-013 ".repeat(5).into_bytes();
        let whole = {
            let mut w = super::WideWriter::new(3);
            w.write_all(&text).unwrap();
            w.finish()
        };
        for cut in 1..text.len() {
            let mut w = super::WideWriter::new(3);
            for piece in text.chunks(cut) {
                w.write_all(piece).unwrap();
            }
            assert_eq!(w.finish(), whole, "pieces of {cut}");
        }
        let mut seen = std::collections::HashSet::new();
        for n in 0..24 {
            let mut w = super::WideWriter::new(3);
            w.write_all(&vec![0u8; n]).unwrap();
            seen.insert(w.finish());
        }
        assert_eq!(seen.len(), 24, "trailing zeros change the hash");
        let mut other = text.clone();
        other[17] ^= 1;
        let mut w = super::WideWriter::new(3);
        w.write_all(&other).unwrap();
        assert_ne!(w.finish(), whole);
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
}
