//! List filter widgets shared by the resources.

use crate::api::query::FilterKey;
use crate::api::{Abort, ApiError};
use crate::components::list::ListContext;
use crate::components::lookups;
use crate::components::query_input::QueryInput;
use crate::components::remote::use_remote;
use crate::components::{aria_bool, memo, reactive, Derived, Handler, State, Stored};
use leptos::prelude::*;
use std::future::Future;

/// The widgets of a list's filters, in the resource's order: each filter key has exactly
/// one, so a declared filter is always shown and always kept in the URL.
pub fn filter_widgets(ctx: ListContext, keys: &'static [FilterKey]) -> AnyView {
    keys.iter()
        .map(|&key| match key {
            FilterKey::User => view! { <UserFilter ctx=ctx /> }.into_any(),
            FilterKey::Group => select(ctx, key, "Group", "All groups", group_options()),
            FilterKey::Provider => {
                select(ctx, key, "Provider", "All providers", provider_options())
            }
            FilterKey::SourceSlug => {
                select(ctx, key, "Source", "All sources", source_slug_options())
            }
            FilterKey::Application => text(ctx, key, "Application", "application ID (UUID)"),
            FilterKey::Username => username_filter(ctx),
            FilterKey::Intent => select(ctx, key, "Intent", "All intents", intent_options()),
            FilterKey::Kind => kind_filter(ctx),
            FilterKey::DeviceKind => device_kind_filter(ctx),
        })
        .collect_view()
        .into_any()
}

fn select(
    ctx: ListContext,
    key: FilterKey,
    label: &'static str,
    all_label: &'static str,
    options: Derived<Vec<(String, String)>>,
) -> AnyView {
    let all_label = Derived::stored(all_label);
    view! { <SelectFilter ctx=ctx key=key label=label all_label=all_label options=options /> }
        .into_any()
}

/// The source kind whose endpoint lists the objects. Without one, current releases list
/// every kind together (`all/`); 2024.8 has no such list and shows OAuth's, so its
/// "no choice" option says OAuth and the other kinds it has are offered beside it.
fn kind_filter(ctx: ListContext) -> AnyView {
    use crate::api::kinds::sources::KINDS;
    use crate::api::query::Era;
    let info = crate::components::session::use_session_info();
    let current = move || Era::of(info.release()) == Era::Current;
    let all_label = memo(move || if current() { "All kinds" } else { "OAuth" });
    let options = memo(move || {
        let current = current();
        KINDS
            .iter()
            .filter(|k| {
                if current {
                    true
                } else {
                    k.on_2024_8 && k.key != "oauth"
                }
            })
            .map(|k| (k.key.to_string(), k.label.to_string()))
            .collect()
    });
    view! { <SelectFilter ctx=ctx key=FilterKey::Kind label="Source kind" all_label=all_label options=options /> }
        .into_any()
}

/// The MFA device kind whose admin endpoint lists the devices (TOTP without one); email
/// and endpoint devices exist on current releases only.
fn device_kind_filter(ctx: ListContext) -> AnyView {
    use crate::api::kinds::devices::KINDS;
    use crate::api::query::Era;
    let info = crate::components::session::use_session_info();
    let options = memo(move || {
        let current = Era::of(info.release()) == Era::Current;
        KINDS
            .iter()
            .skip(1)
            .filter(|k| current || !k.current_only)
            .map(|k| (k.key.to_string(), k.label.to_string()))
            .collect()
    });
    let all_label = Derived::stored("TOTP");
    view! { <SelectFilter ctx=ctx key=FilterKey::DeviceKind label="Kind" all_label=all_label options=options /> }
        .into_any()
}

/// A user typed as a username (or, when no one has that username, a user ID) and resolved
/// to the pk the API filters on.
#[component]
pub fn UserFilter(ctx: ListContext) -> impl IntoView {
    reactive(move || {
        ctx.offers_filter(FilterKey::User)
            .then(|| view! { <UserFilterForm ctx=ctx /> }.into_any())
            .into_any()
    })
}

#[component]
fn UserFilterForm(ctx: ListContext) -> impl IntoView {
    let user_error = State::new(None::<String>);
    // Which user digits were taken for, when they were nobody's username.
    let user_note = State::new(None::<String>);
    // Show the username for a pk that came from the URL.
    let user_pk = memo(move || ctx.query.with(|q| q.filter(FilterKey::User).to_string()));
    let current_user = use_remote(
        move || user_pk.get(),
        |pk, abort| async move {
            match pk.parse::<i64>() {
                Ok(pk) => lookups::user(pk, abort).await.map(Some),
                Err(_) => Ok(None),
            }
        },
    );
    let shown = memo(move || match current_user.get() {
        Some(Ok(Some(u))) => u.username,
        _ => user_pk.get(),
    });

    // A username lookup belongs to this filter: leaving the page (or asking again)
    // cancels it, so its answer can never move the admin back to this list.
    let lookup: Stored<Option<Abort>> = Stored::new(None);
    let cancel_lookup = move || {
        if let Some(Some(a)) = lookup.try_update_value(Option::take) {
            a.cancel();
        }
    };
    on_cleanup(cancel_lookup);
    let apply_user = Handler::new(move |text: String| {
        cancel_lookup();
        user_error.set(None);
        user_note.set(None);
        if text.is_empty() {
            ctx.set_filter(FilterKey::User, "");
            return;
        }
        let abort = Abort::default();
        lookup.set_value(Some(abort.clone()));
        leptos::task::spawn_local(async move {
            match lookups::typed_user(&text, abort).await {
                Ok(Some(found)) => {
                    user_note.try_set(lookups::typed_note(&text, &found));
                    ctx.set_filter(FilterKey::User, &found.user.pk.to_string());
                }
                Ok(None) => {
                    user_error.try_set(Some(lookups::nobody_note(&text)));
                }
                Err(ApiError::Aborted) => {}
                Err(e) => {
                    user_error.try_set(Some(e.to_string()));
                }
            }
        });
    });
    // The console's own message, else the server's about this filter (`?user=abc`: 400).
    let message = memo(move || {
        user_error
            .get()
            .or_else(|| server_message(ctx, FilterKey::User))
    });
    view! {
        <QueryInput
            id="filter-user".to_string()
            label="User"
            placeholder="username"
            button="Filter"
            value=shown
            applied=user_pk
            on_apply=apply_user
            message=message
            hint=user_note
        />
    }
    .into_any()
}

/// The server's messages about one filter for the current query, if any (reactive).
fn server_message(ctx: ListContext, key: FilterKey) -> Option<String> {
    Some(ctx.filter_errors(key).join(" ")).filter(|m| !m.is_empty())
}

/// An owner typed as a username, sent as is (`user__username`: no lookup needed).
fn username_filter(ctx: ListContext) -> AnyView {
    typed_filter(
        ctx,
        FilterKey::Username,
        "filter-username".into(),
        "Owner",
        "username",
    )
}

/// Every intent authentik's tokens have, as `/core/tokens/` filters them.
fn intent_options() -> Derived<Vec<(String, String)>> {
    Derived::stored(
        crate::api::kinds::INTENTS
            .iter()
            .map(|(v, label)| (v.to_string(), label.to_string()))
            .collect(),
    )
}

/// A `<select>` filter; the current value stays offered even when the list lacks it.
/// Absent when the connected server does not honour the filter.
#[component]
fn SelectFilter(
    ctx: ListContext,
    key: FilterKey,
    label: &'static str,
    all_label: Derived<&'static str>,
    options: Derived<Vec<(String, String)>>,
) -> impl IntoView {
    let id = format!("filter-{}", label.to_ascii_lowercase().replace(' ', "-"));
    let error_id = format!("{id}-error");
    let current = memo(move || ctx.query.with(|q| q.filter(key).to_string()));
    let message = move || server_message(ctx, key);
    reactive(move || {
        let (id, error_id) = (id.clone(), error_id.clone());
        ctx.offers_filter(key).then(|| {
            let described = error_id.clone();
            view! {
                <div class="filter">
                    <label for=id.clone()>{label}</label>
                    <select
                        id=id
                        on:change=move |ev| ctx.set_filter(key, &event_target_value(&ev))
                        aria-invalid=move || aria_bool(message().is_some())
                        aria-describedby=move || message().is_some().then(|| described.clone())
                    >
                        <option value="" selected=move || current.with(String::is_empty)>{reactive(move || all_label.get().into_any())}</option>
                        {reactive(move || ({
                            let current = current.get();
                            let mut opts = options.get();
                            if !current.is_empty() && !opts.iter().any(|(v, _)| *v == current) {
                                opts.insert(0, (current.clone(), current.clone()));
                            }
                            opts.into_iter()
                                .map(|(v, text)| {
                                    let selected = v == current;
                                    view! { <option value=v selected=selected>{text}</option> }.into_any()
                                })
                                .collect_view()
                        }).into_any())}
                    </select>
                    {reactive(move || message().map(|m| view! { <span class="field-error" id=error_id.clone()>{m}</span> }.into_any()).into_any())}
                </div>
            }
            .into_any()
        })
        .into_any()
    })
}

/// Picker options (value, label) from a lookup list, empty until it has arrived.
pub fn remote_options<T, Fut>(
    fetch: impl Fn(Abort) -> Fut + 'static,
    option: impl Fn(&T) -> (String, String) + Send + Sync + 'static,
) -> Derived<Vec<(String, String)>>
where
    T: Clone + 'static,
    Fut: Future<Output = Result<Vec<T>, ApiError>> + 'static,
{
    let items = use_remote(|| (), move |_, abort| fetch(abort));
    memo(move || items.ok().unwrap_or_default().iter().map(&option).collect())
}

pub fn source_slug_options() -> Derived<Vec<(String, String)>> {
    remote_options(lookups::sources, |s| {
        (s.slug.clone(), format!("{} ({})", s.name, s.slug))
    })
}

pub fn group_options() -> Derived<Vec<(String, String)>> {
    remote_options(
        |abort| lookups::groups(String::new(), abort),
        |g| (g.pk.clone(), g.name.clone()),
    )
}

pub fn provider_options() -> Derived<Vec<(String, String)>> {
    remote_options(lookups::providers, |p| (p.pk.to_string(), p.name.clone()))
}

/// A filter typed as the API takes it (an application's UUID), applied on Enter or
/// "Filter"; the server's message about it is shown under it.
fn text(ctx: ListContext, key: FilterKey, label: &'static str, hint: &'static str) -> AnyView {
    // `user__username` → `filter-user-username`.
    let id = format!(
        "filter-{}",
        key.as_str()
            .split('_')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    );
    typed_filter(ctx, key, id, label, hint)
}

/// A filter typed as is; absent when the connected server does not honour it.
fn typed_filter(
    ctx: ListContext,
    key: FilterKey,
    id: String,
    label: &'static str,
    placeholder: &'static str,
) -> AnyView {
    let value = memo(move || ctx.query.with(|q| q.filter(key).to_string()));
    let message = memo(move || server_message(ctx, key));
    let apply = Handler::new(move |text: String| ctx.set_filter(key, &text));
    reactive(move || {
        ctx.offers_filter(key)
            .then(|| {
                view! {
                    <QueryInput
                        id=id.clone()
                        label=label
                        placeholder=placeholder
                        button="Filter"
                        value=value
                        on_apply=apply
                        message=message
                    />
                }
                .into_any()
            })
            .into_any()
    })
}
