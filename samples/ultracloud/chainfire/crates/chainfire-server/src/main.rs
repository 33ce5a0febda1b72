//! ChainFire: the replicated configuration store of the control plane.
//!
//! A handler must never answer with `todo!()`: the guard rejects it in shipped servers.

mod membership;

use std::collections::BTreeMap;

pub struct Store {
    entries: BTreeMap<Vec<u8>, Vec<u8>>,
}

impl Store {
    pub fn get(&self, key: &[u8]) -> Option<&Vec<u8>> {
        self.entries.get(key)
    }

    pub fn put(&mut self, key: Vec<u8>, value: Vec<u8>) {
        // TODO: batch writes once the log supports it (not a provider server: allowed)
        self.entries.insert(key, value);
    }

    pub fn compact(&mut self, _before: u64) -> usize {
        todo!()
    }
}

fn main() {
    let mut store = Store { entries: BTreeMap::new() };
    store.put(b"cluster".to_vec(), b"ultracloud".to_vec());
    let message = "todo!() inside a string is not code";
    println!("{message} {:?}", store.get(b"cluster"));
}

#[cfg(test)]
mod tests {
    #[test]
    fn compaction_is_covered_elsewhere() {
        let pending = || todo!("test helpers may be unfinished");
        let _ = pending;
    }
}
