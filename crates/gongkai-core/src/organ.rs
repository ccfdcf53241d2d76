//! The one name of an organ however it is written: `海宁市人民政府办公室` and `海宁市政府办公室`
//! are one organ. The store files reports under this key, and the rules across years ask by it
//! whether two reports are one organ's.

use unicode_normalization::UnicodeNormalization;

/// The key two spellings of one organ share: NFKC, no spaces, `人民政府` as `政府`.
pub fn key(name: &str) -> String {
    let folded: String = name.nfkc().filter(|c| !c.is_whitespace()).collect();
    folded.replace("人民政府", "政府")
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn spellings_of_one_organ_share_a_key() {
        assert_eq!(key("海宁市人民政府办公室"), key("海宁市政府办公室"));
        assert_eq!(key("海宁市 政府办公室"), key("海宁市政府办公室"));
        assert_ne!(key("海宁市政府办公室"), key("海盐县政府办公室"));
    }
}
