//! Binding (with readable errors and a warning for non-loopback addresses),
//! serving, and in-process servers for tests.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::serve::ListenerExt;
use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::app::App;
use crate::config::Config;
use crate::router::build_router;

/// Binds `host:port`, with a readable error (taken port, bad address).
pub async fn bind(host: &str, port: u16) -> Result<TcpListener, String> {
    let host_part = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    let address = format!("{host_part}:{port}");
    TcpListener::bind(&address).await.map_err(|err| {
        if err.kind() == std::io::ErrorKind::AddrInUse {
            format!("cannot listen on {address}: the port is already in use (another sandbox running? try --port 0)")
        } else {
            format!("cannot listen on {address}: {err}")
        }
    })
}

/// A warning for a listen address other machines can reach (`None` for
/// loopback). In proxy mode anyone who can reach it may use the proxy.
pub fn exposure_warning(addr: &SocketAddr, proxy: bool) -> Option<String> {
    if addr.ip().is_loopback() {
        return None;
    }
    let what = if proxy {
        "a proxy to your Cliq data centre that anyone on the network can use"
    } else {
        "a sandbox (and its control API) that anyone on the network can use"
    };
    Some(format!(
        "cliq-sandbox: warning: listening on {addr}, not on loopback: this is {what}. Use --host 127.0.0.1 unless you mean it."
    ))
}

/// Serves the router until the task is dropped (axum's server; accept
/// errors such as running out of file descriptors are waited out).
pub async fn serve(listener: TcpListener, router: Router) {
    let listener = listener.tap_io(|stream| {
        // Small answers go out at once (latency benchmarks).
        let _ = stream.set_nodelay(true);
    });
    let _ = axum::serve(listener, router).await;
}

/// A server started in-process (tests): its address and task.
#[derive(Debug)]
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// `http://addr`.
    pub url: String,
    /// The shared state (for white-box checks).
    pub app: Arc<App>,
    /// The accept loop; abort it to stop.
    pub task: JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts a server in the current runtime (port 0 picks a free one).
pub async fn start(config: Config) -> Result<Running, String> {
    let listener = bind(&config.host, config.port).await?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let app = App::new(config);
    let router = build_router(app.clone());
    let task = tokio::spawn(serve(listener, router));
    Ok(Running {
        addr,
        url: format!("http://{addr}"),
        app,
        task,
    })
}
