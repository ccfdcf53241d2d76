//! An error as a page: in the site's frame, so that the navigation stays.

use super::Ctx;
use crate::error::AppError;
use maud::{html, Markup};

pub fn page(ctx: &Ctx, e: &AppError) -> Markup {
    let title = ctx.t("出错了", "Error");
    super::page(
        ctx,
        title,
        html! {
            h1 { (title) " " small { "(" (e.status.as_u16()) ")" } }
            p.error role="alert" { (e.message(ctx.lang())) }
            p { a href="/" { (ctx.t("返回首页", "Back to the start")) } }
        },
    )
}
