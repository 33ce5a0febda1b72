//! Wire types of the ChainFire API.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PutRequest {
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

pub fn validate(request: &PutRequest) -> Result<(), String> {
    if request.key.is_empty() {
        return Err("empty key".to_string());
    }
    // TODO: this crate is not a server, so markers here are not the guard's business.
    Ok(())
}
