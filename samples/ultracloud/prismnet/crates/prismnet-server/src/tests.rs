// The target of `#[cfg(test)] mod tests;` in lib.rs: test code, even without attributes here.
use super::port_name;

fn pending_case() -> String {
    todo!()
}

#[test]
fn port_names_are_stable() {
    assert_eq!(port_name("t1", 0), "t1-port-0");
    let _ = pending_case;
}
