//! How long a client may take and how many clients are served at once (docs/limits.md).
//! Not here: the body's size and read time, which the gateway bounds (`apigw::gateway`).

use std::time::Duration;

use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpStream;

/// How long a client may take to send a request head; hyper's timer starts when it begins
/// waiting for a head, so this is also how long an idle keep-alive connection is kept.
// Unconfirmed: API Gateway's header and idle timeouts are not documented; 10 s is above
// what any live client needs to send a head and above Node's 5 s keep-alive default, so
// clients that reuse connections expect servers to close idle ones sooner.
pub(crate) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; beyond it a new connection is answered 503 and closed.
/// Well below the open-files limits machines raise to (raised at start), well above what
/// a developer's clients and test suites open.
pub(crate) const MAX_CONNECTIONS: usize = 4096;

/// The answer to a connection over [`MAX_CONNECTIONS`]: written without reading the
/// request, then the connection is closed.
// Deviation from AWS: API Gateway scales instead of shedding; a local server cannot.
const OVER_CAPACITY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: application/json\r\n\
content-length: 33\r\n\
connection: close\r\n\r\n\
{\"message\":\"Service Unavailable\"}";

/// The server's limits; the defaults above, shorter in tests (hidden `up` flags).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConnectionLimits {
    pub(crate) header_read_timeout: Duration,
    pub(crate) max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: HEADER_READ_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Answers a connection over the cap with a 503 and closes it, and says why.
pub(crate) async fn shed(mut stream: TcpStream, client: std::net::SocketAddr, limit: usize) {
    crate::console::warning(&format!(
        "503 to {client}: gantry is already serving {limit} connections, the most it serves \
         at once; the connection was closed. Close idle connections in your clients."
    ));
    let _ = stream.write_all(OVER_CAPACITY).await;
    let _ = stream.shutdown().await;
}
