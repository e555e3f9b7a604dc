//! MFA devices (authenticators) of every user: each kind's admin endpoint
//! (`authenticators/admin/totp/`, `static/`, `webauthn/`, `duo/`, `sms/`, and on 2026
//! `email/` and `endpoint/`), one kind at a time, picked with the "Kind" filter (TOTP
//! without one). authentik has no list of every kind across users: `admin/all/` is one
//! plain array without users, read only for what the kinds' lists do not send (confirmed,
//! created, last used). Keys name the kind (`static-1`): pks repeat across kinds.
//!
//! Only `name` is writable (captures 836–872). A static device's backup codes come back in
//! clear text in every answer; `Device` has no field for them, so they are never held.

use super::{CountFuture, Declared, NavGroup, Owned, OwnedFuture, Reach, Sweep, UserKey};
use crate::api::json::{FromJson, Obj, PkText, Read};
use crate::api::kinds::devices::kind_of;
use crate::api::models::Device;
use crate::api::query::Era;
use crate::api::query::{FilterKey, Honoured, ListSupport};
use crate::api::resources::{EventSubject, Resource, UpdateMethod};
use crate::api::{client, Abort, ApiError};
use crate::components::delete::DeleteButton;
use crate::components::edit_form::{FormField, Widget};
use crate::components::facts::{card, facts, Fact};
use crate::components::link::user_link;
use crate::components::link::Link;
use crate::components::list::Column;
use crate::components::list::Picked;
use crate::components::lookups;
use crate::components::time::RelativeTime;
use crate::components::{reactive, Derived};
use crate::forms::{FieldSpec, Kind, Rules};
use crate::resources::page::update_form;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

/// A device as `admin/all/` lists it: what every kind shares, without its user.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeviceSummary {
    /// An integer or a string (`PkText`).
    pub pk: String,
    pub name: String,
    /// `<app_label>.<ModelClass>`, e.g. `authentik_stages_authenticator_totp.TOTPDevice`.
    /// `type`.
    pub model: String,
    pub confirmed: bool,
    pub created: Option<String>,
    pub last_used: Option<String>,
    /// 2026: WebAuthn's type description, an endpoint device's model.
    pub extra_description: Option<String>,
}

impl FromJson for DeviceSummary {
    fn from_json(v: serde_json::Value) -> Read<Self> {
        let mut o = Obj::of(v)?;
        let value = DeviceSummary {
            pk: o.get::<PkText>("pk").0,
            name: o.get("name"),
            model: o.get("type"),
            confirmed: o.get("confirmed"),
            created: o.get("created"),
            last_used: o.get("last_used"),
            extra_description: o.get("extra_description"),
        };
        o.end(value)
    }
}

impl DeviceSummary {
    /// The kind's endpoint name: the model class in lowercase without "device"
    /// (`TOTPDevice` → `totp`); None for a type that does not read so.
    pub fn kind(&self) -> Option<String> {
        let class = self.model.rsplit_once('.')?.1.to_ascii_lowercase();
        let kind = class.strip_suffix("device")?;
        (!kind.is_empty() && kind.bytes().all(|b| b.is_ascii_lowercase())).then(|| kind.to_string())
    }
}

pub struct MfaDevices;

/// The kind a device was read as (its list's default: TOTP).
fn kind_key(d: &Device) -> &str {
    if d.kind.is_empty() {
        "totp"
    } else {
        &d.kind
    }
}

fn label(d: &Device) -> &'static str {
    kind_of(kind_key(d))
        .map(|k| k.label)
        .unwrap_or("Unknown kind")
}

const FILTERS: &[FilterKey] = &[FilterKey::DeviceKind];

/// Every kind's admin view alike on both releases: `search` matches the name only (821–823:
/// not the user), `ordering` by the serializer's fields. `user` (2026 only, 826) is not
/// offered: endpoint devices have no user, so it would be ignored there.
const HONOURED: Honoured = Honoured {
    search: &["device name"],
    ordering: &["name", "pk"],
    filters: FILTERS,
};

impl Resource for MfaDevices {
    type Item = Device;
    const PATH: &'static str = "authenticators/admin/totp/";
    const NAME: &'static str = "MFA device";
    const ONE: &'static str = "MFA device";
    const MANY: &'static str = "MFA devices";
    const ROUTE: &'static str = "/mfa-devices";
    const FILTERS: &'static [FilterKey] = FILTERS;
    const DEFAULT_ORDERING: &'static str = "name";
    const LIST: ListSupport = ListSupport {
        legacy: HONOURED,
        current: HONOURED,
        legacy_fails_without_superuser: false,
    };
    const UPDATE_METHOD: Option<UpdateMethod> = Some(UpdateMethod::Patch);
    const KINDS: Option<&'static str> = Some("authenticators/admin/");
    const ALL_KINDS_LISTED: bool = false;
    const USED_BY: bool = false;

    /// `<kind>-<pk>`, whatever endpoint it was read from.
    fn pk(item: &Device) -> String {
        format!("{}-{}", kind_key(item), item.pk)
    }

    fn from_kind(item: &mut Device, kind: &str) {
        item.kind = kind.to_string();
    }

    fn describe(item: &Device) -> String {
        match &item.user {
            Some(u) => format!("{} “{}” of {}", label(item), item.name, u.username),
            None => format!("{} “{}”", label(item), item.name),
        }
    }

    /// The kind's model (`type` of `admin/all/`: `…_totp.TOTPDevice` → `totpdevice`); an
    /// endpoint device's UUID as events keep UUIDs, hex without dashes.
    fn event_subject(item: &Device) -> Option<EventSubject> {
        let k = kind_of(kind_key(item))?;
        Some(EventSubject::new(
            k.app,
            k.model,
            EventSubject::uuid_hex(&item.pk),
        ))
    }
}

impl Declared for MfaDevices {
    const GROUP: NavGroup = NavGroup::SessionsAndTokens;
    const TITLE: &'static str = "MFA devices";
    const NAV: &'static str = "MFA devices";
    const LEDE: &'static str =
        "Authenticators of every user, one kind at a time: what lets someone pass MFA after every \
         session and token is gone. Backup codes are never shown here.";
    const BULK: bool = true;
    const TOOLBAR: Option<fn() -> AnyView> = Some(toolbar);
    const EDIT: Option<fn(&Device) -> AnyView> = Some(edit);
    const SWEEP: Sweep = Sweep::OptIn;
    const OF_USER: Option<fn(UserKey, Reach, Abort) -> OwnedFuture> = Some(of_user);
    const COUNT: Option<fn(Abort) -> CountFuture> = Some(count);
    /// The tile counts every kind; its link opens one kind's list.
    const COUNTED: Option<&'static str> = Some("MFA devices of every kind");

    fn columns() -> Vec<Column<Device>> {
        vec![
            Column {
                label: "Name",
                order: Some("name"),
                cell: |d| {
                    let href = MfaDevices::detail_href(&MfaDevices::pk(d));
                    let name = d.name.clone();
                    view! { <Link href=href><span class="wrap">{name.clone()}</span></Link> }
                        .into_any()
                },
            },
            Column {
                label: "ID",
                order: Some("pk"),
                cell: |d| view! { <span class="mono">{MfaDevices::pk(d)}</span> }.into_any(),
            },
            Column {
                label: "User",
                order: None,
                cell: |d| owner(d),
            },
            Column {
                label: "Confirmed",
                order: None,
                cell: |d| summary_cell(d, Shown::Confirmed),
            },
            Column {
                label: "Last used",
                order: None,
                cell: |d| summary_cell(d, Shown::LastUsed),
            },
            Column {
                label: "Created",
                order: None,
                cell: |d| summary_cell(d, Shown::Created),
            },
        ]
    }

    fn detail(d: &Device) -> AnyView {
        read_summaries();
        let key = MfaDevices::pk(d);
        let what = format!("{} “{}”", label(d).to_ascii_lowercase(), d.name);
        let mut rows = vec![
            ("Name", Fact::Text(d.name.clone())),
            ("Kind", Fact::Text(label(d).to_string())),
            ("ID", Fact::Mono(d.pk.clone())),
            ("Confirmed", Fact::View(summary_cell(d, Shown::Confirmed))),
            ("Created", Fact::View(summary_cell(d, Shown::Created))),
            ("Last used", Fact::View(summary_cell(d, Shown::LastUsed))),
        ];
        match kind_key(d) {
            "static" => rows.push((
                "Backup codes",
                Fact::Muted(
                    "never shown here: authentik sends them, the console does not keep them",
                ),
            )),
            "webauthn" => {
                let t = d.device_type.clone().unwrap_or_default();
                rows.push((
                    "Authenticator",
                    text_or(t.description, "not known to authentik"),
                ));
                rows.push(("AAGUID", code_or(d.aaguid.clone().unwrap_or_default())));
                rows.push(("Registered", Fact::Time(d.created_on.clone())));
            }
            "sms" => rows.push((
                "Phone number",
                code_or(d.phone_number.clone().unwrap_or_default()),
            )),
            "email" => rows.push((
                "Email address",
                code_or(d.email.clone().unwrap_or_default()),
            )),
            "endpoint" => rows.push(("Device model", Fact::View(summary_cell(d, Shown::Model)))),
            _ => {}
        }
        let user_rows = match d.user.clone() {
            Some(u) => vec![
                ("Username", Fact::View(user_link(u.pk, u.username.clone()))),
                ("Name", Fact::Text(u.name.clone())),
                ("Active", Fact::YesNo(u.is_active)),
            ],
            None => vec![("User", Fact::Muted(no_user(d)))],
        };
        let related = d
            .user
            .as_ref()
            .map(|u| super::related("Lists of this user", FilterKey::User, &u.pk.to_string()));
        view! {
            <h1>{format!("{} {}", label(d), d.name)}</h1>
            <div class="toolbar">
                <Link href=MfaDevices::META.edit_href(&key) attr:class="btn primary">"Rename"</Link>
                <DeleteButton meta=Self::META pk=key.clone() label=Derived::stored(what) after=Self::ROUTE />
            </div>
            {facts(Some("facts"), rows)}
            <div class="cards">{card("user-title", "User", view! { {facts(None, user_rows)} {related} }.into_any())}</div>
        }
        .into_any()
    }
}

fn text_or(s: String, none: &'static str) -> Fact {
    if s.is_empty() {
        Fact::Muted(none)
    } else {
        Fact::Text(s)
    }
}

fn code_or(s: String) -> Fact {
    if s.is_empty() {
        Fact::Muted("none")
    } else {
        Fact::Code(s)
    }
}

fn owner(d: &Device) -> AnyView {
    match &d.user {
        Some(u) => user_link(u.pk, u.username.clone()),
        None => view! { <span class="muted" title=no_user(d)>"not sent"</span> }.into_any(),
    }
}

/// Why a device names no user.
fn no_user(d: &Device) -> &'static str {
    if kind_key(d) == "endpoint" {
        "authentik does not say whose endpoint device this is."
    } else {
        "authentik 2024.8 does not say whose device this is: the user's page lists it."
    }
}

/// What a cell shows of a device's `admin/all/` entry.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    Confirmed,
    Created,
    LastUsed,
    Model,
}

/// The device's entry in `admin/all/`, found by (kind, pk): pks repeat across kinds.
fn summary_of<'a>(all: &'a [DeviceSummary], kind: &str, pk: &str) -> Option<&'a DeviceSummary> {
    all.iter()
        .find(|s| s.pk == pk && s.kind().as_deref() == Some(kind))
}

thread_local! {
    /// `admin/all/` as last read for a list or detail page: what the kinds' lists do not
    /// send (confirmed, created, last used). `None` while it is read.
    static SUMMARIES: RefCell<Option<Result<Vec<DeviceSummary>, ApiError>>> = const { RefCell::new(None) };
    /// Which read is the newest (with the session it was asked in).
    static READS: Cell<u32> = const { Cell::new(0) };
    /// Wakes the cells when an answer is in.
    static ANSWERED: ArcTrigger = ArcTrigger::new();
}

/// Reads `admin/all/` once for every row of the page (a list or detail opened). An answer
/// to an earlier read, or to another signed-in session, is not kept.
fn read_summaries() {
    let read = READS.with(|r| {
        r.set(r.get().wrapping_add(1));
        r.get()
    });
    let session = lookups::generation();
    SUMMARIES.with_borrow_mut(|s| *s = None);
    ANSWERED.with(ArcTrigger::notify);
    leptos::task::spawn_local(async move {
        let answer = client::get("authenticators/admin/all/", "", &Abort::default())
            .await
            .map_err(ApiError::on_read);
        if READS.with(Cell::get) == read && lookups::generation() == session {
            SUMMARIES.with_borrow_mut(|s| *s = Some(answer));
            ANSWERED.with(ArcTrigger::notify);
        }
    });
}

/// One fact of `admin/all/`.
fn summary_cell(d: &Device, shown: Shown) -> AnyView {
    let (kind, pk) = (kind_key(d).to_string(), d.pk.clone());
    reactive(move || {
        ANSWERED.with(ArcTrigger::track);
        let found = SUMMARIES.with_borrow(|s| match s {
            None => Err("…"),
            Some(Err(_)) => Err("—"),
            Some(Ok(all)) => summary_of(all, &kind, &pk).cloned().ok_or("—"),
        });
        let s = match found {
            Err(text) => return view! { <span class="muted">{text}</span> }.into_any(),
            Ok(s) => s,
        };
        match shown {
            Shown::Confirmed if s.confirmed => "Yes".into_any(),
            Shown::Confirmed => view! { <span class="badge warn">"Unconfirmed"</span> }.into_any(),
            Shown::LastUsed if s.last_used.is_none() => {
                view! { <span class="muted">"never"</span> }.into_any()
            }
            Shown::Created | Shown::LastUsed => {
                let iso = if shown == Shown::Created {
                    s.created
                } else {
                    s.last_used
                };
                view! { <RelativeTime iso=iso /> }.into_any()
            }
            Shown::Model => s.extra_description.unwrap_or_default().into_any(),
        }
    })
}

/// A list page opened: its rows' confirmed flags and times are read anew.
fn toolbar() -> AnyView {
    read_summaries();
    ().into_any()
}

/// `admin/all/` (for `query`): devices of every kind, one plain array without users.
/// authentik 2026 answers an account without permission `200 []` (capture 884), which reads
/// exactly like "no devices": for an account that is not a superuser, an empty answer is
/// said to be unknowable, never shown as none.
async fn every_kind(query: &str, abort: &Abort) -> Result<Vec<DeviceSummary>, ApiError> {
    let all: Vec<DeviceSummary> = client::get("authenticators/admin/all/", query, abort)
        .await
        .map_err(ApiError::on_read)?;
    if all.is_empty() && Era::of(crate::api::server::remembered()) != Era::Legacy {
        let me: crate::api::models::Me = client::get("core/users/me/", "", abort).await?;
        if !me.user.is_superuser {
            return Err(ApiError::Forbidden(
                "authentik answers an account that is not a superuser an empty list whether or not \
                 there are MFA devices: the answer cannot tell “none” from “not allowed”."
                    .into(),
            ));
        }
    }
    Ok(all)
}

/// Every device of every kind and user: the home page's count.
fn count(abort: Abort) -> CountFuture {
    Box::pin(async move { every_kind("", &abort).await.map(|all| all.len() as u64) })
}

/// One user's devices of every kind: `admin/all/?user=<pk>`, one plain array (no paging:
/// every device whatever the reach), read as that user's because authentik filtered it so
/// (its items name no user).
fn of_user(user: UserKey, _reach: Reach, abort: Abort) -> OwnedFuture {
    Box::pin(async move {
        let all = every_kind(&format!("user={}", user.pk), &abort).await?;
        let items: Vec<Picked> = all
            .iter()
            .filter_map(|s| {
                let kind = kind_of(&s.kind()?)?;
                Some(Picked {
                    pk: format!("{}-{}", kind.key, s.pk),
                    label: format!(
                        "{} “{}”{}",
                        kind.label,
                        s.name,
                        if s.confirmed { "" } else { ", unconfirmed" }
                    ),
                })
            })
            .collect();
        Ok(Owned {
            count: all.len() as u64,
            items,
        })
    })
}

/// Rename: the only field authentik changes (everything else in a PATCH is ignored).
fn edit(d: &Device) -> AnyView {
    let max = kind_of(kind_key(d)).map(|k| k.max_name).unwrap_or(64);
    let hint = if max == 200 {
        "At most 200 characters (WebAuthn); authentik checks the length."
    } else {
        "At most 64 characters; authentik checks the length."
    };
    let fields = vec![FormField {
        spec: FieldSpec {
            name: "name",
            label: "Name",
            kind: Kind::Text,
            rules: Rules::required(),
        },
        widget: Widget::Text,
        hint,
    }];
    view! {
        <p class="lede">{format!("{} device. Only its name can be changed; the user sees it when asked for a code.", label(d))}</p>
        {update_form::<MfaDevices>(MfaDevices::pk(d), fields, vec![d.name.clone()])}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "authentik_stages_authenticator_";

    /// History names the model as `admin/all/`'s `type` does (captures 800 of both
    /// releases): `authentik_stages_authenticator_totp.TOTPDevice` → `totpdevice`.
    #[test]
    fn kinds_name_their_model_as_authentik_types_do() {
        for (ty, key) in [
            ("authentik_stages_authenticator_totp.TOTPDevice", "totp"),
            (
                "authentik_stages_authenticator_static.StaticDevice",
                "static",
            ),
            (
                "authentik_stages_authenticator_webauthn.WebAuthnDevice",
                "webauthn",
            ),
            ("authentik_stages_authenticator_duo.DuoDevice", "duo"),
            ("authentik_stages_authenticator_sms.SMSDevice", "sms"),
            ("authentik_stages_authenticator_email.EmailDevice", "email"),
            (
                "authentik_stages_authenticator_endpoint_gdtc.EndpointDevice",
                "endpoint",
            ),
        ] {
            let s = DeviceSummary {
                model: ty.into(),
                ..DeviceSummary::default()
            };
            assert_eq!(s.kind().as_deref(), Some(key), "{ty}");
            let k = kind_of(key).unwrap();
            let (app, class) = ty.split_once('.').unwrap();
            assert_eq!((k.app, k.model), (app, class.to_ascii_lowercase().as_str()));
            assert!(k.app.starts_with(A));
        }
        let odd = DeviceSummary {
            model: "x.Y".into(),
            ..DeviceSummary::default()
        };
        assert_eq!(odd.kind(), None);
    }

    /// pks repeat across kinds (capture 800: five kinds with pk 1): a key names both.
    #[test]
    fn keys_name_the_kind_and_summaries_are_found_by_both() {
        let d = Device {
            pk: "1".into(),
            kind: "static".into(),
            ..Device::default()
        };
        assert_eq!(MfaDevices::pk(&d), "static-1");
        let totp = Device {
            pk: "1".into(),
            ..Device::default()
        };
        assert_eq!(MfaDevices::pk(&totp), "totp-1");
        let all = vec![
            DeviceSummary {
                pk: "1".into(),
                model: format!("{A}duo.DuoDevice"),
                ..DeviceSummary::default()
            },
            DeviceSummary {
                pk: "1".into(),
                model: format!("{A}static.StaticDevice"),
                confirmed: true,
                ..DeviceSummary::default()
            },
        ];
        assert!(summary_of(&all, "static", "1").is_some_and(|s| s.confirmed));
        assert!(summary_of(&all, "totp", "1").is_none());
        let s = MfaDevices::event_subject(&d).unwrap();
        assert_eq!(
            (s.app.as_str(), s.model_name.as_str(), s.pk.as_str()),
            ("authentik_stages_authenticator_static", "staticdevice", "1")
        );
    }

    /// Every kind is read and written at its own admin endpoint, whatever the release;
    /// `admin/all/` is never used as a list.
    #[test]
    fn each_kind_has_its_own_address() {
        use crate::api::server::Release;
        let m = MfaDevices::META;
        for v in ["2024.8.6", "2026.2.2", ""] {
            let r = Release::parse(v);
            assert_eq!(m.endpoint("", r), "authenticators/admin/totp/", "{v}");
            assert_eq!(m.endpoint("webauthn", r), "authenticators/admin/webauthn/");
        }
        assert_eq!(m.split_key("static-1"), ("static", "1"));
        assert_eq!(
            m.split_key("endpoint-43d9cddc-e485-4d26-b0fb-e248ee222200"),
            ("endpoint", "43d9cddc-e485-4d26-b0fb-e248ee222200")
        );
        assert_eq!(
            crate::api::resources::write_path(&m, "sms-1", "").unwrap(),
            "authenticators/admin/sms/1/"
        );
    }

    /// The backup codes authentik sends (capture 858) are not part of the decoded device.
    #[test]
    fn backup_codes_are_not_decoded() {
        let body = r#"{"name": "alice backup codes", "token_set": [{"token": "srvcum5n"}], "pk": 1,
            "user": {"pk": 4, "username": "alice", "name": "Alice Anders", "is_active": true}}"#;
        let d: Device = crate::api::json::parse(body).unwrap();
        assert_eq!(
            (d.pk.as_str(), d.name.as_str()),
            ("1", "alice backup codes")
        );
        assert!(!format!("{d:?}").contains("srvcum5n"));
    }
}
