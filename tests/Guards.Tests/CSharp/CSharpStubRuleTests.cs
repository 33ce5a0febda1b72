using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.CSharp;

public class CSharpStubRuleTests
{
    private const string Project = "src/Acme.Service/Acme.Service.csproj";
    private const string ProjectFile = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
        </Project>
        """;

    [Fact]
    public void Fires_on_a_stub_in_shipped_code_at_its_exact_span()
    {
        const string path = "src/Acme.Service/Handlers.cs";
        using var tree = new TestTree((Project, ProjectFile), (path, """
            namespace Acme.Service;

            public sealed class Handlers
            {
                public int Handle(int kind)
                {
                    if (kind == 0)
                    {
                        throw new NotImplementedException("kind 0");
                    }
                    return kind;
                }

                public string Name(string? value) => value ?? throw new System.NotImplementedException();
            }
            """));

        var findings = tree.Scan("UCG1006").Active;
        Assert.Equal(
        [
            ("UCG1006", path, 9, 13, 9, 56),
            ("UCG1006", path, 14, 51, 14, 93),
        ], findings.Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn, f.Span.EndLine, f.Span.EndColumn)));
        Assert.All(findings, f => Assert.Equal("'throw new NotImplementedException' is a stub left in shipped code", f.Message));
    }

    [Fact]
    public void An_alias_of_NotImplementedException_fires()
    {
        const string path = "src/Acme.Service/Aliased.cs";
        using var tree = new TestTree((Project, ProjectFile), (path, """
            using NIE = System.NotImplementedException;

            namespace Acme.Service;

            public static class Aliased
            {
                public static void Run() => throw new NIE();
            }
            """));

        Assert.Equal([("UCG1006", path, 7, 33)], tree.Findings("UCG1006"));
    }

    [Fact]
    public void A_user_type_named_NotImplementedException_in_another_namespace_does_not_fire()
    {
        using var tree = new TestTree(
            (Project, ProjectFile),
            ("src/Acme.Service/Errors.cs", """
                namespace Acme.Errors;

                public sealed class NotImplementedException : Exception
                {
                }
                """),
            ("src/Acme.Service/Handlers.cs", """
                namespace Acme.Service
                {
                    using Acme.Errors;

                    public static class Handlers
                    {
                        // throw new System.NotImplementedException() in a comment is not a stub
                        public static string Text => "throw new NotImplementedException()";

                        public static void Reject() => throw new NotImplementedException();
                    }
                }
                """));

        Assert.Empty(tree.Findings("UCG1006"));
    }

    [Fact]
    public void Files_of_test_projects_and_generated_files_do_not_fire()
    {
        const string stub = "public static class Pending { public static void Run() => throw new System.NotImplementedException(); }\n";
        using var tree = new TestTree(
            ("tests/Acme.Tests/Acme.Tests.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <ItemGroup>
                    <PackageReference Include="Microsoft.NET.Test.Sdk" />
                  </ItemGroup>
                </Project>
                """),
            ("tests/Acme.Tests/Sub/PendingTests.cs", stub),
            ("tests/Acme.Flagged/Acme.Flagged.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <IsTestProject>true</IsTestProject>
                  </PropertyGroup>
                </Project>
                """),
            ("tests/Acme.Flagged/Pending.cs", stub),
            (Project, ProjectFile),
            ("src/Acme.Service/obj/Debug/net10.0/Acme.Service.g.cs", stub),
            ("src/Acme.Service/Forms/Main.Designer.cs", stub),
            ("src/Acme.Service/Shipped.cs", stub));

        Assert.Equal([("UCG1006", "src/Acme.Service/Shipped.cs", 1, 59)], tree.Findings("UCG1006"));
    }

    [Fact]
    public void An_inline_suppression_with_a_reason_silences_the_finding()
    {
        const string path = "src/Acme.Service/Legacy.cs";
        using var tree = new TestTree((Project, ProjectFile), (path, """
            namespace Acme.Service;

            public static class Legacy
            {
                // uc-guards: allow(UCG1006) the legacy endpoint is removed in the next release
                public static void Old() => throw new NotImplementedException();

                public static void Older() => throw new NotImplementedException();
            }
            """));

        var result = tree.Scan("UCG1006");
        Assert.Equal([("UCG1006", path, 8, 35)], result.Active.Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)));
        var suppressed = Assert.Single(result.Findings, f => f.IsSuppressed);
        Assert.Equal((6, 33), (suppressed.Span.StartLine, suppressed.Span.StartColumn));
    }

    [Fact]
    public void A_tree_without_csharp_files_gives_nothing()
    {
        using var tree = new TestTree(("README.md", "# Acme\n"));
        Assert.Empty(tree.Findings("UCG1006"));
    }
}
