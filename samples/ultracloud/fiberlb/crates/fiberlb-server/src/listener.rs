use tonic::{Code, Request, Response, Status};

pub struct ListenerService;

pub struct CreateListener {
    pub port: u16,
    pub tls: bool,
}

pub struct Listener {
    pub id: u64,
}

impl ListenerService {
    pub async fn create(&self, request: Request<CreateListener>) -> Result<Response<Listener>, Status> {
        let spec = request.into_inner();
        if spec.tls {
            return Err(Status::unimplemented("TLS-terminated listeners"));
        }
        Ok(Response::new(Listener { id: u64::from(spec.port) }))
    }

    pub async fn drain(&self, id: u64) -> Result<(), Status> {
        // Best-effort drain: backends that do not answer are dropped.
        let _ = id;
        Ok(())
    }

    pub async fn health(&self, backend: &str) -> Result<(), Status> {
        // uc-guards: allow(UCG1002) the health RPC is gated off in the published service definition
        let disabled = Status::new(Code::Unimplemented, "health checks are served by the agent");
        let _ = backend;
        Err(disabled)
    }
}

/// Maps an upstream error into the listener's own status; an incoming `Unimplemented` is not a stub.
pub fn map_upstream(status: Status) -> Status {
    match status.code() {
        Code::Unimplemented => Status::failed_precondition("backend does not support the call"),
        _ => status,
    }
}

pub fn serve() {
    // TODO: wire the HTTPS health check CA bundle through config.
}
