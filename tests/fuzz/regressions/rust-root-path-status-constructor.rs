::new(Code::Unimplemented, "health checks are served by the agent");
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
