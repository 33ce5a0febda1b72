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
}
