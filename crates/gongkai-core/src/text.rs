//! Words for people, in the two languages gongkai speaks: Chinese first, English with
//! `--lang en`. Every message a user may see is a [`Text`], so no layer can lose a language.

use serde::{Deserialize, Serialize};

/// The language a user reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn is_english(self) -> bool {
        self == Lang::En
    }

    /// The language of a flag: `english` true is English.
    pub fn english(english: bool) -> Lang {
        if english {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

/// Text in Chinese, with its English translation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same words in both languages: a name, a parser's own message.
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text::new(s.clone(), s)
    }

    /// The text in English when `english`, else in Chinese.
    pub fn get(&self, english: bool) -> &str {
        self.of(Lang::english(english))
    }

    /// The text in a language.
    pub fn of(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}
