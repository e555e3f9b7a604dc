//! The signed-in session: who is signed in, with what, which authentik release answers, and
//! everything that belongs to the account (caches, drafts). Below every page and widget: they
//! read it; sign-in and sign-out go through it.

use crate::api::client::{self, Credentials};
use crate::api::models::Me;
use crate::api::server::{self, Release, Server};
use crate::api::ApiError;
use crate::components::lookups;
use crate::components::remote::{use_remote, Remote};
use crate::components::{memo, memo_with, Derived, State, Stored};
use crate::config;
use leptos::prelude::*;

/// What the sign-in page has to say when the console lands there by itself.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// About the token (shown under the field): a remembered one could not be used.
    Token(String),
    /// The session ended while the console was in use.
    Ended(String),
}

/// The signed-in session: who, with what, and everything that belongs to it. Sign-in and
/// sign-out go through here, so caches, drafts and the header follow the account.
#[derive(Clone, Copy)]
pub struct Session {
    /// Bumped on sign-in and sign-out so everything that depends on who is signed in reloads.
    pub epoch: State<u32>,
    pub notice: State<Option<Notice>>,
    info: SessionInfo,
    /// Set by a sign-in that read the release beside the account: the read the new
    /// account would start is not made a second time.
    release_fresh: Stored<bool>,
}

impl Session {
    pub fn changed(&self) {
        self.epoch.update(|n| *n = n.wrapping_add(1));
    }

    /// Starts a session with verified credentials. Nothing of an earlier session survives:
    /// cached lookups are dropped and drafts of any other account are deleted (a draft of
    /// the same account, kept while its session expired, is offered back).
    /// `release` is read beside the account, so the page the admin goes on to knows every
    /// address before its first request.
    pub fn signed_in(
        &self,
        credentials: Credentials,
        remember: bool,
        me: Me,
        release: Option<Release>,
    ) {
        client::sign_in(credentials, remember);
        self.release_fresh.set_value(true);
        server::settle(release);
        self.info.server.set_ok(Server { release });
        lookups::forget_all();
        lookups::remember_user(me.user.clone());
        crate::components::edit_form::keep_drafts_of(me.user.pk);
        self.notice.set(None);
        self.info.me.set_ok(me);
        self.changed();
    }

    /// Ends the console's use of the credentials and forgets what this tab kept.
    pub fn sign_out(&self) {
        client::sign_out();
        lookups::forget_all();
        self.notice.set(None);
        self.info
            .me
            .set_err(ApiError::SignedOut("Signed out.".into()));
        self.changed();
    }

    /// authentik refused the credentials in use: the client has dropped them already.
    fn refused(&self, used: &Credentials, detail: String) {
        let was_signed_in = self.info.me.with_untracked(|s| matches!(s, Some(Ok(_))));
        let notice = if was_signed_in {
            Some(Notice::Ended(format!(
                "You were signed out ({detail}). Sign in again to go on."
            )))
        } else if matches!(used, Credentials::Token(_)) {
            Some(Notice::Token(format!(
                "authentik did not accept the token remembered in this tab ({detail}); it was forgotten."
            )))
        } else {
            // The start-up check of the session cookie found none: nothing to explain.
            None
        };
        if notice.is_some() {
            self.notice.set(notice);
        }
        lookups::forget_all();
        self.info.me.set_err(ApiError::SignedOut(detail));
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// What belongs to the signed-in session and every page needs: who is signed in and which
/// authentik release answers.
#[derive(Clone, Copy)]
pub struct SessionInfo {
    pub me: Remote<Me>,
    pub server: Remote<Server>,
    /// Once true, stays true: the release is known (read, or kept from the last load and
    /// being checked again), so pages may ask authentik for data.
    pub release_known: Derived<bool>,
}

impl SessionInfo {
    /// The signed-in account's pk, read without tracking (for keys fixed at creation).
    pub fn account(&self) -> Option<i64> {
        self.me.with_untracked(|s| match s {
            Some(Ok(me)) => Some(me.user.pk),
            _ => None,
        })
    }

    /// The server's release; `None` while unknown (offer only what every version honours).
    pub fn release(&self) -> Option<Release> {
        self.server.ok().and_then(|s| s.release)
    }

    /// `Some(false)` once `core/users/me/` says the account is not a superuser.
    pub fn is_superuser(&self) -> Option<bool> {
        self.me.with(|s| match s {
            Some(Ok(me)) => Some(me.user.is_superuser),
            _ => None,
        })
    }
}

pub fn use_session_info() -> SessionInfo {
    expect_context::<SessionInfo>()
}

/// One `core/users/me/` at start-up (none when there are no credentials at all), then the
/// sign-in page sets the account; `admin/version/` once signed in.
pub fn provide_session() {
    let epoch = State::new(0u32);
    let me = use_remote(
        || (),
        |_, abort| async move {
            let me = client::get::<Me>("core/users/me/", "", &abort).await?;
            // Users without the permission to read users still see their own name.
            lookups::remember_user(me.user.clone());
            Ok(me)
        },
    );
    // The release decides addresses and what lists honour: no page asks for data before it
    // is known. The one read at the last load of this API base is used at once and checked
    // again; else it is asked beside `core/users/me/` with a token, and after it with the
    // session cookie (a signed-out cold load asks one question only).
    let kept = client::is_signed_in()
        .then(|| server::stored(&client::base()))
        .flatten();
    server::remember(kept);
    let asks = memo(move || {
        // Tracked whatever the credentials: they change only together with `me`.
        let me_ok = me.with(|s| matches!(s, Some(Ok(_))));
        match client::credentials() {
            Some(Credentials::Token(_)) => true,
            Some(Credentials::Session) => me_ok,
            None => false,
        }
    });
    // Whether the release was read from this API base (now, or at the last load).
    let read = State::new(kept.is_some());
    let release_fresh = Stored::new(false);
    let server = use_remote(
        move || asks.get(),
        move |asks, abort| async move {
            // Read by the sign-in beside the account, a moment ago: known, not asked again.
            let fresh = release_fresh.try_update_value(std::mem::take) == Some(true);
            if !asks || fresh {
                // Nothing to ask: what is known stays (the sign-in reads it afresh).
                return Ok(Server {
                    release: server::remembered(),
                });
            }
            let release = match server::read(None, &abort).await? {
                // Unreadable now: the release read before from this base still holds.
                None if kept.is_some() => kept,
                release => release,
            };
            server::settle(release);
            if kept.is_some() && release != kept {
                // authentik was upgraded since the last load: what was drawn used the old
                // release's addresses, so the console starts again with the new one.
                let _ = window().location().reload();
            }
            read.try_set(true);
            Ok(Server { release })
        },
    );
    if kept.is_some() {
        server.set_ok(Server { release: kept });
    }
    // Known once read (or kept); a console that is signed out has no page to show but the
    // sign-in, which reads the release beside the account.
    let release_known = memo_with(move |known: Option<&bool>| {
        known == Some(&true) || read.get() || me.with(|s| matches!(s, Some(Err(_))))
    });
    let info = SessionInfo {
        me,
        server,
        release_known,
    };
    provide_context(info);
    let session = Session {
        epoch,
        notice: State::new(client::take_startup_problem().map(Notice::Token)),
        info,
        release_fresh,
    };
    provide_context(session);
    client::on_signed_out(move |used, detail| session.refused(used, detail));
}

/// Set while an edit form holds unsaved changes; links then ask before leaving.
#[derive(Clone, Copy)]
pub struct Unsaved(pub State<bool>);

/// Sets the document title; the route's page calls it so the tab says where the user is.
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} · {}", config::get().title));
}

/// Whether a console route (base removed) is the sign-in page.
pub fn is_sign_in_route(route: &str) -> bool {
    route == "/sign-in" || route.starts_with("/sign-in?")
}
