using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Rust;

public class StubStatusRuleTests
{
    private const string Server = "iam/crates/iam-server/src/service.rs";

    [Fact]
    public void Fires_on_each_stub_response_form()
    {
        using var tree = new TestTree((Server, """
            use tonic::{Code, Status};

            pub async fn a() -> Result<(), Status> {
                Err(tonic::Status::unimplemented("a"))
            }

            pub async fn b() -> Result<(), Status> {
                Err(Status::unimplemented("b"))?;
                Ok(())
            }

            pub fn c() -> Status {
                Status::new(Code::Unimplemented, "c")
            }

            pub fn d() -> http::StatusCode {
                http::StatusCode::NOT_IMPLEMENTED
            }

            pub fn e() -> anyhow::Error {
                anyhow::anyhow!(Status::unimplemented("e"))
            }
            """));

        Assert.Equal(
        [
            ("UCG1002", Server, 4, 9),
            ("UCG1002", Server, 8, 9),
            ("UCG1002", Server, 13, 5),
            ("UCG1002", Server, 17, 5),
            ("UCG1002", Server, 21, 21),
        ], tree.Findings("UCG1002"));
    }

    [Fact]
    public void The_unknown_name_arm_of_a_dispatch_on_names_is_not_a_stub_and_other_arms_are()
    {
        using var tree = new TestTree((Server, """
            use tonic::Status;
            use http::StatusCode;

            pub fn encoding(header: &[u8]) -> Result<(), Status> {
                match header {
                    #[cfg(feature = "gzip")]
                    b"gzip" if enabled() => Ok(()),
                    b"identity" | b"none" => Ok(()),
                    other => {
                        let name = String::from_utf8_lossy(other);
                        Err(Status::unimplemented(format!("{name} is not supported")))
                    }
                }
            }

            pub fn route(path: &str) -> StatusCode {
                match path {
                    r"/health" => StatusCode::OK,
                    _ => StatusCode::NOT_IMPLEMENTED,
                }
            }

            pub fn by_kind(kind: Kind, name: &str) -> Result<(), Status> {
                match kind {
                    Kind::Tcp => Ok(()),
                    _ => Err(Status::unimplemented("udp")),
                }?;
                match name {
                    "drain" => Err(Status::unimplemented("drain")),
                    _ => Ok(()),
                }?;
                match name {
                    _ => Err(Status::unimplemented("all")),
                }
            }
            """));

        Assert.Equal(
        [
            ("UCG1002", Server, 26, 18),
            ("UCG1002", Server, 29, 24),
            ("UCG1002", Server, 33, 18),
        ], tree.Findings("UCG1002"));
    }

    [Fact]
    public void A_function_named_for_the_unimplemented_answer_is_not_a_stub_of_itself()
    {
        using var tree = new TestTree((Server, """
            use tonic::{Request, Status};

            impl TestService for Conformance {
                async fn unimplemented_call(&self, _: Request<()>) -> Result<(), Status> {
                    Err(Status::unimplemented(""))
                }

                async fn half_duplex_call(&self, _: Request<()>) -> Result<(), Status> {
                    Err(Status::unimplemented("TODO"))
                }
            }

            fn answer_not_implemented(what: &str) -> Status {
                Status::unimplemented(what)
            }

            fn reunimplemented() -> Status {
                Status::unimplemented("x")
            }
            """));

        Assert.Equal(
        [
            ("UCG1002", Server, 9, 13),
            ("UCG1002", Server, 18, 5),
        ], tree.Findings("UCG1002"));
    }

    [Fact]
    public void Inspecting_an_incoming_status_is_not_a_stub()
    {
        using var tree = new TestTree((Server, """
            use tonic::{Code, Status};

            pub fn map(status: Status) -> Status {
                match status.code() {
                    Code::Unimplemented => Status::failed_precondition("backend lacks the call"),
                    _ => status,
                }
            }

            pub fn is_stub(code: http::StatusCode) -> bool {
                if code == http::StatusCode::NOT_IMPLEMENTED { return true; }
                matches!(code, http::StatusCode::NOT_IMPLEMENTED)
            }

            pub fn other(code: Code) -> Status {
                // Status::unimplemented("commented out")
                let _ = "Status::new(Code::Unimplemented, x)";
                Status::new(code, "passed through")
            }

            #[cfg(test)]
            mod tests {
                fn fake() -> tonic::Status { tonic::Status::unimplemented("fake") }
            }
            """));

        Assert.Empty(tree.Findings("UCG1002"));
    }

    [Fact]
    public void A_code_argument_of_a_path_from_the_crate_root_or_a_broken_call_is_read_without_fault()
    {
        using var tree = new TestTree((Server, """
            pub fn a() -> Status {
                ::new(Code::Unimplemented, "root path, no type")
            }

            pub fn b() -> Status {
                ::tonic::Status::new(Code::Unimplemented, "b")
            }
            """));

        Assert.Equal([("UCG1002", Server, 6, 5)], tree.Findings("UCG1002"));
    }

    [Fact]
    public void A_stub_constructor_being_defined_is_not_a_stub_but_its_calls_are()
    {
        using var tree = new TestTree((Server, """
            pub struct Status { code: Code }

            impl Status {
                pub fn new(code: Code, message: &str) -> Status { Status { code } }

                pub fn unimplemented(message: &str) -> Status {
                    Status::new(Code::Unimplemented, message)
                }
            }

            fn not_implemented(method: &str) -> tonic::Status {
                tonic::Status::unimplemented(method)
            }

            async fn fallback() -> http::StatusCode {
                http::StatusCode::NOT_IMPLEMENTED
            }

            pub async fn drain() -> Result<(), tonic::Status> {
                Err(not_implemented("drain"))
            }

            pub async fn rebalance() -> Result<(), tonic::Status> {
                Err(errors::not_implemented("rebalance"))
            }

            pub fn method_calls_are_not_constructors(registry: &Registry) -> u32 {
                registry.not_implemented("count")
            }
            """));

        Assert.Equal(
            [("UCG1002", Server, 16, 5), ("UCG1002", Server, 20, 9), ("UCG1002", Server, 24, 9)],
            tree.Findings("UCG1002"));
    }

    [Fact]
    public void Stub_statuses_in_code_templates_are_the_generated_program_not_this_crate()
    {
        using var tree = new TestTree((Server, """
            pub fn default_method(name: &Ident) -> TokenStream {
                quote::quote! {
                    async fn #name(&self) -> Result<(), tonic::Status> {
                        Err(tonic::Status::unimplemented("Not yet implemented"))
                    }
                    fn code() -> tonic::Status { tonic::Status::new(tonic::Code::Unimplemented, "x") }
                }
            }

            pub async fn served() -> Result<(), tonic::Status> {
                Err(tonic::Status::unimplemented("served"))
            }
            """));

        Assert.Equal([("UCG1002", Server, 11, 9)], tree.Findings("UCG1002"));
    }

    [Fact]
    public void A_build_script_that_turns_on_default_stubs_is_reported_at_the_call()
    {
        const string Build = "iam/crates/iam-server/build.rs";
        using var tree = new TestTree(
            (Build, """
                fn main() -> Result<(), Box<dyn std::error::Error>> {
                    tonic_build::configure()
                        .build_server(true)
                        .generate_default_stubs(true)
                        .compile_protos(&["proto/iam.proto"], &["proto"])?;
                    let stubs = std::env::var("STUBS").is_ok();
                    tonic_prost_build::configure().generate_default_stubs(stubs).compile_protos(&["proto/admin.proto"], &["proto"])?;
                    tonic_build::configure().generate_default_stubs(false).compile_protos(&["proto/ok.proto"], &["proto"])?;
                    // .generate_default_stubs(true) in a comment is not a call
                    Ok(())
                }
                """),
            ("iam/crates/iam-server/src/codegen.rs", "pub fn f(b: Builder) -> Builder { b.generate_default_stubs(true) }\n"),
            ("iam/crates/iam-server/tests/stubs/build.rs", "fn main() { tonic_build::configure().generate_default_stubs(true); }\n"),
            ("iam/crates/iam-client/build.rs", "fn main() { tonic_build::configure().generate_default_stubs(true); }\n"));

        var result = tree.Scan("UCG1002");
        Assert.Equal([(Build, 4, 10), (Build, 7, 36)], result.Active.Select(f => (f.Path, f.Span.StartLine, f.Span.StartColumn)));
        Assert.Equal(
            "`generate_default_stubs(true)` in the build script (every RPC the service's impl leaves out answers `Unimplemented`) is an intentional stub response",
            result.Active.First().Message);
    }
}
