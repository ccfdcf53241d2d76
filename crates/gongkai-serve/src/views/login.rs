//! The login form; after a wrong password it comes back with the name kept and the reason.

use super::{page, Ctx};
use maud::{html, Markup};

pub fn form(ctx: &Ctx, token: &str, name: &str, failure: Option<&str>) -> Markup {
    let title = ctx.t("登录", "Log in");
    page(
        ctx,
        title,
        html! {
            div.narrow {
                h1 { (title) }
                @if let Some(why) = failure {
                    p.error role="alert" { (why) }
                }
                form method="post" action="/login" {
                    input type="hidden" name="csrf" value=(token);
                    p { label { (ctx.t("用户名", "User name")) br; input name="name" value=(name) autocomplete="username" required; } }
                    p { label { (ctx.t("密码", "Password")) br; input name="password" type="password" autocomplete="current-password" required autofocus[failure.is_some()]; } }
                    p { button { (title) } }
                }
            }
        },
    )
}
