//! The `auth` scenario: registrations, then logins of those accounts, over HTTP against
//! `serve` at its own Argon2 cost, with `serve`'s resident memory around each burst.

use std::sync::Arc;

use serde_json::{Value, json};

use super::{Options, push_runs};
use crate::cluster::Cluster;
use crate::load::{Call, client, closed_loop};
use crate::seed;
use crate::serve::Serve;
use crate::stats::Figure;

/// Registrations, then logins of those accounts, over HTTP at 1, 16 and 64 clients.
pub async fn auth(
    cluster: &Cluster,
    options: &Options<'_>,
) -> anyhow::Result<(Value, Vec<Figure>)> {
    let (url, pool) = cluster.migrated("bench_auth", 4).await?;
    pool.close().await;
    let data = options.data.join("bench_auth");
    let serve = Serve::start(options.bin, &url, &data).await?;
    let idle = serve.rss_mb();
    let http = client();
    let mut figures = Vec::new();
    let mut first = 0;
    let peak = serve.watch_peak();
    for clients in [1usize, 16, 64] {
        let total = (clients * 3).max(40);
        let mut runs = Vec::new();
        for _ in 0..options.runs {
            runs.push(closed_loop(register_call(&http, &serve.base), clients, first, total).await);
            first += total;
        }
        push_runs(
            &mut figures,
            &format!("register over HTTP, c={clients}"),
            &runs,
        );
    }
    let registration_peak = peak.mb();
    drop(peak);
    let peak = serve.watch_peak();
    for clients in [1usize, 16, 64] {
        let total = (clients * 3).max(40);
        let mut runs = Vec::new();
        for _ in 0..options.runs {
            runs.push(closed_loop(login_call(&http, &serve.base), clients, 0, total).await);
        }
        push_runs(
            &mut figures,
            &format!("login over HTTP, c={clients}"),
            &runs,
        );
    }
    figures.push(Figure::new("serve RSS idle (fresh)", "MB", vec![idle]));
    figures.push(Figure::new(
        "serve RSS peak during registrations",
        "MB",
        vec![registration_peak],
    ));
    figures.push(Figure::new(
        "serve RSS peak during logins",
        "MB",
        vec![peak.mb()],
    ));
    figures.push(Figure::new(
        "serve RSS after the bursts",
        "MB",
        vec![serve.rss_mb()],
    ));
    Ok((
        json!({"argon2": "the service's default cost", "accounts": first}),
        figures,
    ))
}

fn register_call(http: &reqwest::Client, base: &str) -> Call {
    let (http, url) = (http.clone(), format!("{base}/api/v1/auth/register"));
    Arc::new(move |n| {
        let body = json!({"name": format!("Runner {n}"), "email": format!("r-{n}@bench.test"),
                          "password": seed::PASSWORD});
        let request = http.post(&url).json(&body).send();
        Box::pin(async move { request.await.map_or(0, |r| r.status().as_u16()) })
    })
}

fn login_call(http: &reqwest::Client, base: &str) -> Call {
    let (http, url) = (http.clone(), format!("{base}/api/v1/auth/login"));
    Arc::new(move |n| {
        let body = json!({"login": format!("r-{n}@bench.test"), "password": seed::PASSWORD});
        let request = http.post(&url).json(&body).send();
        Box::pin(async move { request.await.map_or(0, |r| r.status().as_u16()) })
    })
}
