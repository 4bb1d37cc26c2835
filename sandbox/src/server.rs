//! Binding and the accept loop. The loop is ours (not `axum::serve`) so a
//! `drop` fault can close a connection without writing an answer.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::future::Future;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::api::DropConnection;
use crate::app::{build_router, App, Config};

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

/// Serves connections until the listener fails for good.
pub async fn serve(listener: TcpListener, router: Router) {
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(_) => {
                // Out of file descriptors and the like: wait, try again.
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let router = router.clone();
                async move {
                    let response = match router.oneshot(request.map(Body::new)).await {
                        Ok(response) => response,
                        Err(never) => match never {},
                    };
                    if response.extensions().get::<DropConnection>().is_some() {
                        return Ok::<_, Infallible>(broken_response());
                    }
                    Ok::<_, Infallible>(response)
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The answer of a `drop` fault: a status line and a few bytes, then the
/// connection breaks mid-body. Closing without any byte would let browsers
/// silently resend the request on a fresh connection (Chromium does so for
/// reused sockets), which is not what a dropped answer looks like to a client.
fn broken_response() -> axum::response::Response {
    let mut response = axum::response::Response::new(Body::new(BrokenBody::default()));
    response.headers_mut().insert(
        axum::http::header::CONTENT_LENGTH,
        axum::http::HeaderValue::from_static("1024"),
    );
    response
}

/// A body that sends a little, waits so the bytes go out, then fails.
#[derive(Default)]
struct BrokenBody {
    step: u8,
    wait: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl http_body::Body for BrokenBody {
    type Data = bytes::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        use std::task::Poll;
        match self.step {
            0 => {
                self.step = 1;
                Poll::Ready(Some(Ok(http_body::Frame::data(bytes::Bytes::from_static(
                    b"{\"dat",
                )))))
            }
            _ => {
                let wait = self.wait.get_or_insert_with(|| {
                    Box::pin(tokio::time::sleep(std::time::Duration::from_millis(30)))
                });
                match wait.as_mut().poll(cx) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::other(
                        "connection dropped by a scripted fault",
                    )))),
                }
            }
        }
    }
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
