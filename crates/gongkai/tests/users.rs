//! `gongkai user`: adding, changing, disabling, enabling and deleting the web UI's accounts,
//! with the rules on names and passwords and messages in either language.

use std::process::{Command, Output};

fn user(db: &str, args: &[&str], password: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    c.args(args).args(["--db", db]);
    match password {
        Some(p) => c.env("GONGKAI_PASSWORD", p),
        None => c.env_remove("GONGKAI_PASSWORD"),
    };
    c.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn users_are_added_changed_disabled_and_deleted() {
    let dir = std::env::temp_dir().join(format!("gongkai-users-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite:{}", dir.join("u.db").display());
    let ok = |o: Output| assert!(o.status.success(), "{}", stderr(&o));
    // A store is made only when asked: a mistyped --db must not start an empty one.
    let o = user(
        &db,
        &["user", "add", "管理员", "--role", "admin"],
        Some("admin-pass-1"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("u.db 不存在"), "{}", stderr(&o));
    assert!(!dir.join("u.db").exists());
    ok(user(
        &db,
        &["user", "add", "管理员", "--role", "admin", "--create"],
        Some("admin-pass-1"),
    ));
    ok(user(
        &db,
        &["user", "add", " 审核员 ", "--role", "editor"],
        Some("editor-pass-1"),
    ));

    // The rules, in Chinese and with --lang en in English; nothing is stored.
    for (name, password, zh, en) in [
        (
            "甲",
            "        ",
            "密码不能全是空白",
            "the password must not be only blanks",
        ),
        (
            "甲",
            "short",
            "密码至少 8 个字符",
            "the password must have 8 characters or more",
        ),
        (
            "reviewer1",
            "Reviewer1",
            "密码不能与用户名相同",
            "the password must not be the user name",
        ),
        (
            "ad\u{202E}nimda",
            "password-1",
            "U+202E",
            "text-direction controls (it has U+202E)",
        ),
        (
            "a\u{1b}[2Jb",
            "password-1",
            "控制字符",
            "control characters",
        ),
    ] {
        let o = user(&db, &["user", "add", name], Some(password));
        assert_eq!(o.status.code(), Some(2), "{name:?}");
        assert!(stderr(&o).contains(zh), "{name:?}: {}", stderr(&o));
        let o = user(&db, &["--lang", "en", "user", "add", name], Some(password));
        assert!(stderr(&o).contains(en), "{name:?}: {}", stderr(&o));
    }
    let long = "长".repeat(65);
    let o = user(
        &db,
        &["--lang", "en", "user", "add", &long],
        Some("password-1"),
    );
    assert!(
        stderr(&o).contains("at most 64 characters"),
        "{}",
        stderr(&o)
    );
    let o = user(&db, &["user", "add", "审核员"], Some("password-1"));
    assert!(stderr(&o).contains("用户 审核员 已存在"), "{}", stderr(&o));

    let ls = || String::from_utf8(user(&db, &["user", "ls"], None).stdout).unwrap();
    assert_eq!(ls(), "审核员\teditor\n管理员\tadmin\n");
    ok(user(
        &db,
        &["user", "set", "审核员", "--role", "viewer"],
        None,
    ));
    ok(user(&db, &["user", "disable", "审核员"], None));
    assert_eq!(ls(), "审核员\tviewer\tdisabled\n管理员\tadmin\n");
    ok(user(&db, &["user", "enable", "审核员"], None));
    assert_eq!(ls(), "审核员\tviewer\n管理员\tadmin\n");
    let o = user(
        &db,
        &["user", "set", "审核员", "--password"],
        Some("审核员"),
    );
    assert!(stderr(&o).contains("密码至少 8 个字符"), "{}", stderr(&o));
    ok(user(
        &db,
        &["user", "set", "审核员", "--password"],
        Some("new-pass-2"),
    ));

    // The last administrator stays one.
    for args in [
        &["user", "disable", "管理员"][..],
        &["user", "delete", "管理员"][..],
        &["user", "set", "管理员", "--role", "editor"][..],
    ] {
        let o = user(&db, args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("最后一位管理员"), "{}", stderr(&o));
    }
    ok(user(&db, &["user", "delete", "审核员"], None));
    assert_eq!(ls(), "管理员\tadmin\n");
    let o = user(&db, &["--lang", "en", "user", "delete", "审核员"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no user 审核员"), "{}", stderr(&o));

    // Every change is in the audit trail, the deleted user's name with it.
    let mut store = gongkai_store::open(&db).unwrap();
    let trail: Vec<(String, Option<String>)> = gongkai_store::drafts::changes(&mut store, None)
        .unwrap()
        .into_iter()
        .map(|c| (c.action, c.key))
        .collect();
    let name = Some("审核员".to_string());
    for action in ["user", "role", "disable", "enable", "password", "delete"] {
        assert!(
            trail.contains(&(action.to_string(), name.clone())),
            "{action}: {trail:?}"
        );
    }
}
