//! Any bytes, read as gongkai reads a published report; seeded with TEXT inputs (fuzz/run).
//! A clear error is fine; a panic, a hang or a crash is not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gongkai_fuzz::contain_panics();
    let _ = gongkai_read::read_with("fuzz.text", data, &gongkai_fuzz::limits());
});
