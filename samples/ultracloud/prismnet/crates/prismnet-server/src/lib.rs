//! PrismNet: tenant networks, ports and security-group ACLs.

pub mod acl;

#[cfg(test)]
mod tests;

pub fn port_name(tenant: &str, index: u32) -> String {
    format!("{tenant}-port-{index}")
}
