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

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        // The reference values of FNV-1a 64.
        assert_eq!(super::hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(super::hash(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
