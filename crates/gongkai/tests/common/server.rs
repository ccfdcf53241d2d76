//! A `gongkai serve` on loopback for the tests and the benchmark, and a minimal HTTP/1.1 client
//! over a plain TCP stream (one request per connection).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The shipped draft report (3.4 KB, with three findings), as a client uploads it.
pub fn draft() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingshan-2023-draft.txt"),
    )
    .unwrap()
}

/// `n` clients sending `POST /api/check` with `report` at the same instant, each on its own
/// connection: each answer's status and body, and how long it took.
pub fn burst(
    addr: &str,
    cookie: &str,
    report: &[u8],
    n: usize,
) -> Vec<(u16, Vec<u8>, std::time::Duration)> {
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|_| {
            let (addr, cookie, report, barrier) = (
                addr.to_string(),
                cookie.to_string(),
                report.to_vec(),
                barrier.clone(),
            );
            std::thread::spawn(move || {
                barrier.wait();
                let t = std::time::Instant::now();
                let (status, body) =
                    request(&addr, "POST", "/api/check", &[("Cookie", &cookie)], &report);
                (status, body, t.elapsed())
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

/// A new, empty folder in the temporary directory.
pub fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts `gongkai serve` on a free port with a new store holding one editor, `审核员`.
pub fn start(bin: &str, dir: &Path) -> Server {
    let db = format!("sqlite:{}", dir.join("w.db").display());
    let o = Command::new(bin)
        .args([
            "user",
            "add",
            "审核员",
            "--role",
            "editor",
            "--create",
            "--db",
            &db,
        ])
        .env("GONGKAI_PASSWORD", "server-test-1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut child = Command::new(bin)
        .args(["serve", "--db", &db, "--bind", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Server { child, addr }
}

/// Sends one request on a new connection and closes it once the answer is read (so that the
/// client, not the server, keeps the closed connection's TIME_WAIT, as browsers do); returns
/// the status and the body.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    try_request(addr, method, path, headers, body).unwrap()
}

/// [`request`], with a failure to connect, send or read (or an answer without a head) as an
/// error rather than a panic: for a load that counts its errors.
pub fn try_request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(addr)?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head += &format!("{k}: {v}\r\n");
    }
    head += "\r\n";
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let n = stream.read(&mut buf)?;
        raw.extend_from_slice(&buf[..n]);
        if n == 0 || complete(&raw) {
            break;
        }
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no response head"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = unchunk(&body);
    }
    Ok((status, body))
}

/// Whether a response has arrived whole: its head, and the body its length or its last chunk
/// says.
fn complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    match head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        Some(n) => body.len() >= n,
        None => body.ends_with(b"0\r\n\r\n"),
    }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 4 + size..];
    }
}

/// Logs in as the editor; returns the `Cookie` header value and the CSRF token.
pub fn login(addr: &str) -> (String, String) {
    login_as(addr, "审核员", "server-test-1")
}

/// Logs in as a user; returns the `Cookie` header value and the CSRF token.
pub fn login_as(addr: &str, name: &str, password: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let body = serde_json::json!({ "name": name, "password": password }).to_string();
    write!(
        stream,
        "POST /api/login HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let cookie = raw
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();
    let csrf = raw
        .split("\"csrf\":\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a CSRF token")
        .to_string();
    (cookie, csrf)
}
