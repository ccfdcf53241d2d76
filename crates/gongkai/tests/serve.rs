//! `gongkai serve` as a process on loopback: 200 concurrent `POST /api/check` requests all
//! answer, each with the findings of the command line.

mod common;

use common::server;

#[test]
fn two_hundred_concurrent_checks_all_answer() {
    let s = server::start(env!("CARGO_BIN_EXE_gongkai"), &server::temp("serve-load"));
    let (cookie, _) = server::login(&s.addr);
    let report = server::draft();
    let mut cli = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut cli.stdin.take().unwrap(), &report).unwrap();
    let expected: serde_json::Value =
        serde_json::from_slice(&cli.wait_with_output().unwrap().stdout).unwrap();
    for (status, body, _) in server::burst(&s.addr, &cookie, &report, 200) {
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let got: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(got["findings"], expected["findings"]);
    }
}
