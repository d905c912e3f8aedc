//! Rendering a delivery in its recipient's language, at send time: a title and a body from the
//! texts table, user text (names, comments, reasons) cut and, for Telegram, HTML-escaped; the
//! data a push carries (string values only, by type).

use std::collections::BTreeMap;

use birqadam_domain::values::Language;
use birqadam_telegram::html;
use birqadam_texts::notification_text;

use crate::kind::Kind;
use crate::store::Subjects;

/// The longest piece of user text a notification quotes (names, comments, reasons).
const QUOTE_CHARS: usize = 300;

/// A notification in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The headline.
    pub title: String,
    /// The rest.
    pub body: String,
}

/// How user text is written into a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// Telegram HTML: escaped.
    Html,
    /// A push: plain.
    Plain,
}

/// Renders `kind` with its params and subjects in `language`.
pub fn render(
    kind: Kind,
    params: &BTreeMap<String, String>,
    subjects: &Subjects,
    language: Language,
    markup: Markup,
) -> Rendered {
    let text = |code: &str| notification_text(code, language).unwrap_or_default();
    let quote = |value: &str| {
        let cut = html::cut(value.trim(), QUOTE_CHARS);
        match markup {
            Markup::Html => html::escape(&cut),
            Markup::Plain => cut.into_owned(),
        }
    };
    let or = |value: &Option<String>, fallback: &str| {
        quote(value.as_deref().unwrap_or_else(|| text(fallback)))
    };
    let mut values: Vec<(&str, String)> = vec![
        ("project", or(&subjects.project, "fallback.project")),
        ("task", or(&subjects.task, "fallback.task")),
        ("volunteer", or(&subjects.volunteer, "fallback.person")),
        (
            "rating",
            subjects.rating.map(|r| r.to_string()).unwrap_or_default(),
        ),
    ];
    for key in ["reason", "comment", "stars", "photos"] {
        values.push((key, params.get(key).map(|v| quote(v)).unwrap_or_default()));
    }
    let achievement = subjects
        .achievement
        .as_ref()
        .and_then(|names| names[language.as_str()].as_str().map(str::to_owned))
        .or_else(|| params.get("achievement_id").cloned());
    let more = params
        .get("more")
        .map(|n| format!(" (+{n})"))
        .unwrap_or_default();
    values.push((
        "achievement",
        achievement
            .map(|a| format!("{}{more}", quote(&a)))
            .unwrap_or_default(),
    ));
    let fill = |template: &str| {
        values
            .iter()
            .fold(template.to_owned(), |acc, (key, value)| {
                acc.replace(&format!("{{{key}}}"), value)
            })
    };
    let name = kind.as_str();
    let body_code = match kind {
        Kind::ReportApproved if !params.contains_key("stars") => {
            "report_approved.body_no_points".to_owned()
        }
        _ => format!("{name}.body"),
    };
    let mut body = fill(text(&body_code));
    if matches!(kind, Kind::ReportApproved | Kind::ReportWaiting) && params.contains_key("comment")
    {
        body.push('\n');
        body.push_str(&fill(text("comment.line")));
    }
    Rendered {
        title: fill(text(&format!("{name}.title"))),
        body,
    }
}

/// The Telegram message text: the title in bold, then the body.
pub fn telegram_text(rendered: &Rendered) -> String {
    format!(
        "<b>{}</b>\n{}",
        html::escape(&rendered.title),
        rendered.body
    )
}

/// A push's `data`: `type`, the ids of the params, `title` and `body` — strings by type.
pub fn push_data(
    kind: Kind,
    params: &BTreeMap<String, String>,
    rendered: &Rendered,
) -> BTreeMap<String, String> {
    let mut data: BTreeMap<String, String> = params
        .iter()
        .filter(|(key, _)| key.ends_with("_id") || key.as_str() == "stars")
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    data.insert("type".to_owned(), kind.as_str().to_owned());
    data.insert("title".to_owned(), rendered.title.clone());
    data.insert("body".to_owned(), rendered.body.clone());
    data
}

#[cfg(test)]
mod tests;
