#[tokio::test]
async fn acl_lifecycle() {
    unimplemented!("integration harness lives in nix/test-cluster")
}
