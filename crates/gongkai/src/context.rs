//! What every command is given besides its own arguments: the global options.

use gongkai_core::Lang;
use gongkai_read::Limits;

pub struct Context {
    /// The language of messages.
    pub lang: Lang,
    /// The reading budgets, the input size from `--max-size`.
    pub limits: Limits,
}

impl Context {
    pub fn english(&self) -> bool {
        self.lang.is_english()
    }
}
