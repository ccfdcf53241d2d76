//! The server under hostile clients, over real connections: idle connections, bodies declared
//! larger than they are, guessed passwords, malformed API requests, and the headers every
//! answer carries.

use gongkai_serve::{hash_password, Config};
use gongkai_store::accounts::{self, Role};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// A server on a store of its own, on a free port, with an editor `ed`, open to visitors.
fn start(name: &str, tune: impl FnOnce(&mut Config)) -> SocketAddr {
    let dir = std::env::temp_dir().join(format!("gongkai-hard-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite:{}", dir.join("h.db").display());
    let mut store = gongkai_store::open(&db).unwrap();
    accounts::add_user(
        &mut store,
        None,
        "ed",
        &hash_password("password1").unwrap(),
        Role::Editor,
    )
    .unwrap();
    // Open to visitors: an upload is read without logging in first.
    accounts::set_setting(&mut store, "anonymous_read", "1").unwrap();
    let mut config = Config::new(&db, "127.0.0.1:0".parse().unwrap());
    tune(&mut config);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        gongkai_serve::run(config, move |addr| tx.send(addr).unwrap()).unwrap();
    });
    rx.recv_timeout(Duration::from_secs(30)).unwrap()
}

/// One request on a connection of its own: the status and the whole answer.
fn request(addr: SocketAddr, raw: &str) -> (u16, String) {
    let mut c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    c.write_all(raw.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = c.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}

fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    request(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    )
}

fn login(addr: SocketAddr, name: &str, password: &str, forwarded: Option<&str>) -> u16 {
    let body = serde_json::json!({"name": name, "password": password}).to_string();
    let forwarded = forwarded.map_or(String::new(), |a| format!("X-Forwarded-For: {a}\r\n"));
    request(
        addr,
        &format!(
            "POST /api/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{forwarded}\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
    .0
}

#[test]
fn idle_connections_do_not_shut_out_a_real_request() {
    let addr = start("idle", |c| c.header_timeout = Duration::from_secs(2));
    // More silent connections than the usual limit of 1,024 open files.
    let idle: Vec<TcpStream> = (0..1100)
        .filter_map(|_| TcpStream::connect(addr).ok())
        .collect();
    assert!(idle.len() >= 1000, "{} connected", idle.len());
    let started = Instant::now();
    let (status, _) = get(addr, "/login");
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // A silent connection is closed once the header time is over.
    let mut silent = TcpStream::connect(addr).unwrap();
    silent
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut buf = [0u8; 64];
    let started = Instant::now();
    let read = silent.read(&mut buf);
    assert!(
        matches!(read, Ok(0)) || read.is_err() && started.elapsed() < Duration::from_secs(15),
        "{read:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(15));
    // So is one kept alive and then left idle.
    let mut kept = TcpStream::connect(addr).unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    kept.write_all(b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut answer = vec![0u8; 1 << 16];
    assert!(kept.read(&mut answer).unwrap() > 0);
    let started = Instant::now();
    loop {
        match kept.read(&mut answer) {
            Ok(0) | Err(_) => break,
            Ok(_) => continue,
        }
    }
    assert!(started.elapsed() < Duration::from_secs(15));
    drop(idle);
}

#[test]
fn a_body_declared_too_large_is_refused_at_once() {
    let addr = start("declared", |c| c.max_upload = 1 << 20);
    let started = Instant::now();
    let (status, answer) = request(
        addr,
        "POST /api/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Length: 100000000000\r\n\r\n1",
    );
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains("\"too_large\""), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // A login is small: a large one is refused before it is read, whatever the upload limit.
    let (status, _) = request(
        addr,
        "POST /api/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: 40000000\r\n\r\n{",
    );
    assert_eq!(status, 413);
    // The page route answers with a page.
    let (status, answer) = request(
        addr,
        "POST /check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Length: 100000000000\r\n\r\n1",
    );
    assert_eq!(status, 413);
    assert!(answer.contains("<!DOCTYPE html>"), "{answer}");
}

#[test]
fn guessed_passwords_are_limited_when_sent_at_once() {
    let addr = start("guesses", |_| {});
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let guesses: Vec<_> = (0..60)
            .map(|_| s.spawn(move || login(addr, "ed", "wrong-guess", None)))
            .collect();
        guesses.into_iter().map(|g| g.join().unwrap()).collect()
    });
    let checked = statuses.iter().filter(|&&s| s == 401).count();
    let refused = statuses.iter().filter(|&&s| s == 429).count();
    assert_eq!(checked + refused, 60, "{statuses:?}");
    assert!(checked <= 5, "{checked} guesses were checked");
}

#[test]
fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let addr = start("proxy", |c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    });
    for _ in 0..5 {
        assert_eq!(login(addr, "ed", "wrong", Some("10.1.1.1")), 401);
    }
    assert_eq!(login(addr, "ed", "wrong", Some("10.1.1.1")), 429);
    // Another client behind the same proxy is not locked out of the account…
    assert_eq!(login(addr, "ed", "password1", Some("10.1.1.2")), 200);
    // …and a client cannot choose its address by writing the header itself: the proxy's
    // entry, on the right, is the one believed.
    assert_eq!(login(addr, "ed", "wrong", Some("10.9.9.9, 10.1.1.1")), 429);
}

#[test]
fn an_unknown_name_takes_as_long_as_a_known_one() {
    let addr = start("timing", |_| {});
    let median = |name: &str| {
        let mut times: Vec<Duration> = (0..3)
            .map(|_| {
                let started = Instant::now();
                assert_eq!(login(addr, name, "wrong", None), 401);
                started.elapsed()
            })
            .collect();
        times.sort();
        times[1]
    };
    let known = median("ed");
    let unknown = median("nobody-by-this-name");
    // Both check a password hash; without the stand-in, an unknown name answered 50 times
    // sooner.
    assert!(unknown * 4 > known, "known {known:?}, unknown {unknown:?}");
}

#[test]
fn every_answer_has_the_security_headers_and_api_errors_are_json() {
    let addr = start("headers", |_| {});
    for path in ["/login", "/api/me", "/nowhere", "/assets/style.css"] {
        let (_, answer) = get(addr, path);
        let head = answer
            .split("\r\n\r\n")
            .next()
            .unwrap()
            .to_ascii_lowercase();
        for h in [
            "content-security-policy: default-src 'self'",
            "frame-ancestors 'none'",
            "x-content-type-options: nosniff",
            "referrer-policy: same-origin",
        ] {
            assert!(head.contains(h), "{path}: no {h} in\n{head}");
        }
    }
    // Malformed API requests answer in the API's JSON shape, not the framework's text.
    let body = "{not json";
    let (status, answer) = request(
        addr,
        &format!(
            "POST /api/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    assert_eq!(status, 400);
    assert!(answer.contains("application/json"), "{answer}");
    assert!(answer.contains("\"error\""), "{answer}");
    let (status, answer) = get(addr, "/api/corpus/reports?year=abc");
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("\"error\""), "{answer}");
    let (status, answer) = request(
        addr,
        "DELETE /api/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 405, "{answer}");
    assert!(answer.contains("\"method_not_allowed\""), "{answer}");
}

#[test]
fn the_login_form_cookie_is_secure_when_asked() {
    let addr = start("secure", |c| c.secure_cookies = true);
    let (_, answer) = get(addr, "/login");
    let cookie = answer
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie: gk_login="))
        .unwrap_or_else(|| panic!("no login cookie in {answer}"));
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[test]
fn uploads_wait_for_memory_instead_of_taking_it_all_at_once() {
    let addr = start("memory", |c| {
        c.max_upload = 1 << 20;
        c.upload_memory = 1 << 20;
    });
    // An upload of a megabyte under way, its body half sent: the budget is spent.
    let mut first = TcpStream::connect(addr).unwrap();
    first
        .write_all(b"POST /api/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 1048576\r\n\r\n")
        .unwrap();
    first.write_all(&vec![b'1'; 1 << 19]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // A second waits for it…
    let mut second = TcpStream::connect(addr).unwrap();
    second
        .write_all(b"POST /api/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc")
        .unwrap();
    second
        .set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    let mut buf = [0u8; 16];
    assert!(
        second.read(&mut buf).is_err(),
        "answered while the budget was spent"
    );
    // …and is answered once the first is done.
    first.write_all(&vec![b'1'; 1 << 19]).unwrap();
    let mut answer = Vec::new();
    first.read_to_end(&mut answer).unwrap();
    second
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut answer = Vec::new();
    second.read_to_end(&mut answer).unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 "));
}

#[test]
fn a_parser_s_words_stay_in_the_log() {
    let addr = start("parser", |_| {});
    // A PDF whose cross-reference table points nowhere.
    let body = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nxref\n0 1\nzzzz\ntrailer << /Root 9 0 R >>\nstartxref\n999999\n%%EOF\n";
    let (status, answer) = request(
        addr,
        &format!(
            "POST /api/check?name=bad.pdf HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    assert_eq!(status, 422, "{answer}");
    let json = answer.split("\r\n\r\n").nth(1).unwrap();
    let error: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        error["error"]["message"], "bad.pdf: 文件已损坏或结构无法识别",
        "{error}"
    );
    assert_eq!(
        error["error"]["message_en"],
        "bad.pdf: the file is damaged or its structure unreadable"
    );
}
