//! FiberLB: the L4/L7 load balancer of the provider bundle.

mod listener;

fn main() {
    listener::serve();
}
