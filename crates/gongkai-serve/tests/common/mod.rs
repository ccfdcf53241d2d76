//! The harness of the HTTP tests: a server on a fresh store (SQLite, or a PostgreSQL schema of
//! its own), requests sent in-process, and every API answer checked against the OpenAPI
//! document.
#![allow(dead_code)] // Each test file uses its part.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use gongkai_serve::{app, hash_password, Config};
use gongkai_store::accounts::{self, Role};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::path::PathBuf;
use tower::ServiceExt;

pub struct Server {
    pub app: Router,
    pub db: String,
    pub dir: PathBuf,
}

pub fn server(name: &str, max_upload: usize) -> Server {
    let dir = std::env::temp_dir().join(format!("gongkai-serve-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite:{}", dir.join("w.db").display());
    server_on(db, dir, max_upload)
}

/// A server on a PostgreSQL schema of its own, when GONGKAI_TEST_PG holds a URL.
pub fn server_pg(name: &str) -> Option<Server> {
    let url = std::env::var("GONGKAI_TEST_PG").ok()?;
    let schema = format!("gks_{}_{name}", std::process::id());
    let mut admin = gongkai_store::Db::open(&url).unwrap();
    admin
        .batch(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    let db = format!("{url}{sep}options=-c%20search_path%3D{schema}");
    Some(server_on(db, std::env::temp_dir(), 50 << 20))
}

pub fn server_on(db: String, dir: PathBuf, max_upload: usize) -> Server {
    let mut store = gongkai_store::open(&db).unwrap();
    for (user, role) in [
        ("admin", Role::Admin),
        ("ed", Role::Editor),
        ("vi", Role::Viewer),
    ] {
        accounts::add_user(
            &mut store,
            None,
            user,
            &hash_password("password1").unwrap(),
            role,
        )
        .unwrap();
    }
    let config = Config {
        max_upload,
        ..Config::new(&db, "127.0.0.1:0".parse().unwrap())
    };
    Server {
        app: app(config).unwrap(),
        db,
        dir,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends a request; an API's answer is checked against the shape the OpenAPI document gives
/// for its route, method and status (an error's against `ErrorBody`, which every error
/// answers), so that every test that calls the API checks the document too.
pub async fn send(s: &Server, request: Request<Body>) -> Reply {
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let response = s.app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    let json = headers.get(header::CONTENT_TYPE).is_some_and(|t| {
        t.to_str()
            .unwrap_or_default()
            .starts_with("application/json")
    });
    if path.starts_with("/api/") && json {
        conforms(method.as_str(), &path, status, &body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

/// The documented path a request's path matches (`/api/drafts/7` → `/api/drafts/{id}`).
pub fn documented<'a>(doc: &'a Value, path: &str) -> Option<(&'a str, &'a Value)> {
    let parts: Vec<&str> = path.split('/').collect();
    doc["paths"]
        .as_object()?
        .iter()
        .find_map(|(template, item)| {
            let want: Vec<&str> = template.split('/').collect();
            (want.len() == parts.len()
                && want
                    .iter()
                    .zip(&parts)
                    .all(|(w, p)| w == p || (w.starts_with('{') && !p.is_empty())))
            .then_some((template.as_str(), item))
        })
}

pub fn conforms(method: &str, path: &str, status: StatusCode, body: &[u8]) {
    static DOC: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let doc = DOC.get_or_init(gongkai_serve::openapi_document);
    let instance: Value = serde_json::from_slice(body).unwrap();
    let error_body = json!({"$ref": "#/components/schemas/ErrorBody"});
    let schema = match documented(doc, path) {
        Some((template, item)) => {
            let op = &item[method.to_lowercase()];
            let response = &op["responses"][status.as_str()];
            match response["content"]["application/json"]["schema"].clone() {
                Value::Null if status.is_client_error() || status.is_server_error() => error_body,
                Value::Null => {
                    panic!("{method} {template} answers {status}, which the document does not give")
                }
                schema => schema,
            }
        }
        // An API path no route has: the error layer's 404.
        None => error_body,
    };
    let mut root = schema;
    root["components"] = doc["components"].clone();
    let validator = jsonschema::validator_for(&root).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} ({status}) does not answer its documented shape: {errors:?}\n{instance}"
    );
}

/// A logged-in client: its session cookie and CSRF token.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub async fn login(s: &Server, name: &str) -> Session {
    let r = send(
        s,
        Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"name": name, "password": "password1"}).to_string(),
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let set = r.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    Session {
        cookie: set.split(';').next().unwrap().to_string(),
        csrf: r.json()["csrf"].as_str().unwrap().to_string(),
    }
}

pub fn with(
    session: Option<&Session>,
    builder: axum::http::request::Builder,
) -> axum::http::request::Builder {
    match session {
        Some(s) => builder
            .header(header::COOKIE, &s.cookie)
            .header("x-csrf-token", &s.csrf),
        None => builder,
    }
}

pub fn form(session: &Session, path: &str, fields: &str) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, &session.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={}&{fields}", session.csrf)))
        .unwrap()
}

pub fn api(session: &Session, method: &str, path: &str, body: Value) -> Request<Body> {
    with(Some(session), Request::builder().method(method).uri(path))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}
