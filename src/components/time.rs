//! "in 3 days" with the exact local time on hover, formatted by the browser's Intl.

use leptos::prelude::*;

/// Milliseconds since the epoch, or None when the text is not a date.
fn parse(iso: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(iso);
    (!ms.is_nan()).then_some(ms)
}

/// Picks the largest unit that keeps the number readable.
pub fn relative_parts(delta_seconds: f64) -> (f64, &'static str) {
    let abs = delta_seconds.abs();
    let (div, unit) = if abs < 60.0 {
        (1.0, "second")
    } else if abs < 3600.0 {
        (60.0, "minute")
    } else if abs < 86_400.0 {
        (3600.0, "hour")
    } else if abs < 86_400.0 * 30.0 {
        (86_400.0, "day")
    } else if abs < 86_400.0 * 365.0 {
        (86_400.0 * 30.0, "month")
    } else {
        (86_400.0 * 365.0, "year")
    };
    ((delta_seconds / div).round(), unit)
}

// Building an Intl formatter costs far more than formatting with one; a list of 1,000 rows
// would otherwise build 2,000 of them.
thread_local! {
    static RELATIVE: js_sys::Intl::RelativeTimeFormat = {
        let opts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&opts, &"numeric".into(), &"auto".into());
        js_sys::Intl::RelativeTimeFormat::new(&js_sys::Array::new(), &opts)
    };
    static EXACT: js_sys::Function = {
        let opts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&opts, &"dateStyle".into(), &"medium".into());
        let _ = js_sys::Reflect::set(&opts, &"timeStyle".into(), &"long".into());
        js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &opts).format()
    };
}

/// Builds both formatters now. The first one of a page load costs tens of milliseconds
/// (the browser loads its locale data): paid at start-up, while `config.json` is on its
/// way, rather than inside the first table's render.
pub fn prepare() {
    RELATIVE.with(|_| ());
    EXACT.with(|_| ());
}

pub fn relative(iso: &str) -> Option<String> {
    let ms = parse(iso)?;
    let (n, unit) = relative_parts((ms - js_sys::Date::now()) / 1000.0);
    Some(RELATIVE.with(|f| f.format(n, unit)).into())
}

pub fn exact(iso: &str) -> Option<String> {
    let ms = parse(iso)?;
    let text = EXACT.with(|f| f.call1(&wasm_bindgen::JsValue::NULL, &ms.into()).ok())?;
    text.as_string()
}

#[component]
pub fn RelativeTime(#[prop(into)] iso: Option<String>) -> impl IntoView {
    match iso {
        Some(iso) => {
            let rel = relative(&iso).unwrap_or_else(|| iso.clone());
            let title = exact(&iso).unwrap_or_else(|| iso.clone());
            view! { <time datetime=iso title=title.clone()>{rel}<span class="visually-hidden">{format!(" ({title})")}</span></time> }.into_any()
        }
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}
