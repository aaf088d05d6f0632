//! A TCP proxy in front of the test server: another address of the same
//! deployment (a tunnel, a load balancer), and, when asked, one that hides
//! who is authenticated (it empties `connectionStatus`'s users, as a server
//! that does not enforce authorization answers). The wire protocol is
//! forwarded message by message (OP_MSG replies rewritten only when asked).

use std::net::SocketAddr;

use mongodb::bson::{Bson, Document};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const OP_MSG: i32 = 2013;

/// A proxy to `target` (`host:port`), on a thread of its own (the test's
/// runtime blocks while the binary runs), as long as the test process.
pub fn start(target: &str, hide_users: bool) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let target = target.to_string();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        rt.block_on(async move { serve(TcpListener::from_std(listener).unwrap(), target, hide_users).await });
    });
    addr
}

async fn serve(listener: TcpListener, target: String, hide_users: bool) {
    {
        while let Ok((client, _)) = listener.accept().await {
            let target = target.clone();
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(&target).await else { return };
                let (mut cr, mut cw) = client.into_split();
                let (mut sr, mut sw) = server.into_split();
                let up = tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut cr, &mut sw).await;
                });
                // Replies, a message at a time.
                while let Some(mut msg) = read_message(&mut sr).await {
                    if hide_users {
                        msg = without_users(msg);
                    }
                    if cw.write_all(&msg).await.is_err() {
                        break;
                    }
                }
                up.abort();
            });
        }
    }
}

async fn read_message(r: &mut (impl AsyncReadExt + Unpin)) -> Option<Vec<u8>> {
    let mut header = [0u8; 4];
    r.read_exact(&mut header).await.ok()?;
    let len = i32::from_le_bytes(header) as usize;
    let mut msg = header.to_vec();
    msg.resize(len, 0);
    r.read_exact(&mut msg[4..]).await.ok()?;
    Some(msg)
}

/// An OP_MSG reply whose body names authenticated users, with none named.
fn without_users(msg: Vec<u8>) -> Vec<u8> {
    let opcode = i32::from_le_bytes(msg[12..16].try_into().unwrap());
    // Header (16), flag bits (4), section kind 0 (1), then the document.
    if opcode != OP_MSG || msg.len() < 21 || msg[20] != 0 {
        return msg;
    }
    let flags = u32::from_le_bytes(msg[16..20].try_into().unwrap());
    if flags & 1 != 0 {
        return msg; // a checksum follows: leave it alone
    }
    let Ok(mut body) = Document::from_reader(&msg[21..]) else { return msg };
    let Ok(auth) = body.get_document_mut("authInfo") else { return msg };
    auth.insert("authenticatedUsers", Bson::Array(Vec::new()));
    auth.insert("authenticatedUserRoles", Bson::Array(Vec::new()));
    let doc_len = i32::from_le_bytes(msg[21..25].try_into().unwrap()) as usize;
    let rest = msg[21 + doc_len..].to_vec();
    let mut bytes = Vec::new();
    body.to_writer(&mut bytes).unwrap();
    let mut out = msg[..21].to_vec();
    out.extend(bytes);
    out.extend(rest);
    let len = (out.len() as i32).to_le_bytes();
    out[..4].copy_from_slice(&len);
    out
}
