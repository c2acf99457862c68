//! A partner's endpoint for webhook and PUSH tests: it records every POST it gets (headers and
//! body) and answers 204; it may start down (nothing listening on its port) and come up later
//! on the same address, as an endpoint back from an outage.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};

/// One POST received.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

pub struct Receiver {
    pub url: String,
    address: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

async fn record(
    received: web::Data<Mutex<Vec<Received>>>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let headers = req
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    received.lock().expect("the receiver's log").push(Received {
        headers,
        body: body.to_vec(),
    });
    HttpResponse::NoContent().finish()
}

impl Receiver {
    /// An endpoint at `http://127.0.0.1:<port>/hook` with nothing listening yet.
    pub fn down() -> Self {
        let address = SocketAddr::from(([127, 0, 0, 1], crate::process::free_port()));
        Self {
            url: format!("http://{address}/hook"),
            address,
            received: Arc::default(),
        }
    }

    /// An endpoint that is up from the start.
    pub fn up() -> Self {
        let receiver = Self::down();
        receiver.start();
        receiver
    }

    /// Starts listening on the endpoint's address.
    pub fn start(&self) {
        let received = web::Data::from(self.received.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(received.clone())
                .route("/hook", web::post().to(record))
        })
        .workers(1)
        .bind(self.address)
        .expect("the endpoint's address is free again")
        .run();
        tokio::spawn(server);
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("the receiver's log").clone()
    }

    /// Waits until `count` POSTs arrived (fails after 15 s).
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..750 {
            let all = self.received();
            if all.len() >= count {
                return all;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("expected {count} deliveries, got {:?}", self.received());
    }
}
