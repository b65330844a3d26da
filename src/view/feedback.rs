//! Whom an issue was fed back to, and when: the loop closed with the raiser and the village.

use super::Views;
use crate::date::Date;
use crate::model::{Audience, Issue};
use crate::tr;
use serde::Serialize;

/// `{audience, audience_label, date, date_text, text}`: fed back to this audience on this
/// date; `text` says it in a phrase (`2020年3月12日反馈给反映人`, `to the whole village on
/// 12 Mar 2020`).
#[derive(Serialize, Clone)]
pub struct FeedbackView {
    pub audience: Audience,
    pub audience_label: String,
    pub date: Date,
    pub date_text: String,
    pub text: String,
}

impl Views<'_> {
    /// The first feedback to each audience since the issue was last reopened, raiser first.
    pub fn feedback(&self, i: &Issue) -> Vec<FeedbackView> {
        i.feedback_dates()
            .into_iter()
            .map(|(a, d)| {
                let (label, date) = (self.t.code("audience", a.code()), self.text(d));
                FeedbackView {
                    audience: a,
                    text: tr!(self.lang, "{date}反馈给{label}", "to {label} on {date}"),
                    audience_label: label,
                    date: d,
                    date_text: date,
                }
            })
            .collect()
    }
}
