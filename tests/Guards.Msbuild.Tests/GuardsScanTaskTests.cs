namespace UltraCloud.Guards.Msbuild.Tests;

/// <summary>The task in process, over small trees in a temporary folder.</summary>
public sealed class GuardsScanTaskTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ucg-task-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (GuardsScan Task, RecordingBuildEngine Engine) NewTask()
    {
        var engine = new RecordingBuildEngine();
        return (new GuardsScan { BuildEngine = engine, Root = _root }, engine);
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public void A_clean_tree_passes_and_reports_the_scan()
    {
        Write("README.md", "# UltraCloud\n");
        var (task, engine) = NewTask();

        Assert.True(task.Execute());
        Assert.True(task.Scanned);
        Assert.Empty(engine.Errors);
        Assert.Contains(engine.Messages, m => m.Message!.StartsWith("UltraCloud.Guards: scanned ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scan_message_says_how_many_contract_questions_were_decided()
    {
        // A flake whose configurations come from an input the reader cannot see: only the absent
        // entrypoints and aggregate checks are decided (missing), the rest is not.
        Write("flake.nix", "{\n  outputs = { self, nixpkgs, fleet }: {\n    nixosConfigurations = fleet.lib.configurations;\n  };\n}\n");
        var (task, engine) = NewTask();

        Assert.False(task.Execute());
        Assert.Contains(engine.Errors, e => e.Code == "UCG0003");
        Assert.Contains(engine.Messages, m => m.Message!.EndsWith(" suppressed, 8 of 43 contract questions decided", StringComparison.Ordinal));

        Write("flake.nix", "{ outputs = { self }: { }; }\n");
        Write("uc-guards.yaml", "version: 1\ndisable: [UCG2001, UCG2002, UCG2003, UCG2007]\n");
        var (quiet, quietEngine) = NewTask();
        quiet.Execute();
        Assert.DoesNotContain(quietEngine.Messages, m => m.Message!.Contains("contract question", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_root_is_a_configuration_error()
    {
        var (task, engine) = NewTask();
        task.Root = Path.Combine(_root, "absent");

        Assert.False(task.Execute());
        Assert.Equal(GuardsScan.ConfigurationCode, Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void An_unknown_threshold_is_a_configuration_error()
    {
        var (task, engine) = NewTask();
        task.FailOn = "fatal";

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(GuardsScan.ConfigurationCode, error.Code);
        Assert.Contains("UltraCloudGuardsFailOn 'fatal'", error.Message);
    }

    [Fact]
    public void An_unknown_rule_in_the_severities_is_a_configuration_error()
    {
        var (task, engine) = NewTask();
        task.Severities = "UCG9999=warning";

        Assert.False(task.Execute());
        Assert.Contains("unknown rule id(s) UCG9999", Assert.Single(engine.Errors).Message);
    }

    [Fact]
    public void A_malformed_repository_config_is_reported_at_its_file_and_line()
    {
        Write("uc-guards.yaml", "rules: [\n");
        var (task, engine) = NewTask();

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(GuardsScan.ConfigurationCode, error.Code);
        Assert.EndsWith("uc-guards.yaml", error.File);
        Assert.True(error.LineNumber > 0);
    }

    private const string StubFile = "chainfire/crates/chainfire-server/src/main.rs";

    private void WriteStub() => Write(StubFile, "fn main() {\n    todo!()\n}\n");

    [Fact]
    public void A_finding_is_logged_as_an_error_with_code_file_and_span()
    {
        WriteStub();
        var (task, engine) = NewTask();

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("UCG1001", error.Code);
        Assert.Equal(Path.Combine(_root, "chainfire", "crates", "chainfire-server", "src", "main.rs"), error.File);
        Assert.Equal((2, 5, 2, 12), (error.LineNumber, error.ColumnNumber, error.EndLineNumber, error.EndColumnNumber));
        Assert.Equal("`todo!` left in shipped server code", error.Message);
        Assert.Equal(1, task.ErrorCount);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("NONE")]
    public void Threshold_none_reports_without_failing(string failOn)
    {
        WriteStub();
        var (task, engine) = NewTask();
        task.FailOn = failOn;

        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Equal("UCG1001", Assert.Single(engine.Warnings).Code);
    }

    [Fact]
    public void Per_rule_severity_lowers_a_rule_below_the_threshold()
    {
        WriteStub();
        var (task, engine) = NewTask();
        task.Severities = "UCG1001=warning";

        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Equal("UCG1001", Assert.Single(engine.Warnings).Code);
    }

    [Fact]
    public void Threshold_warning_fails_on_a_rule_lowered_to_warning()
    {
        WriteStub();
        var (task, engine) = NewTask();
        task.Severities = "UCG1001=warning";
        task.FailOn = "warning";

        Assert.False(task.Execute());
        Assert.Equal("UCG1001", Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void Per_rule_severity_none_turns_the_rule_off()
    {
        WriteStub();
        var (task, engine) = NewTask();
        task.Severities = "UCG1001=none";

        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void The_repository_config_is_honoured()
    {
        WriteStub();
        Write("uc-guards.yaml", "version: 1\nrules:\n  UCG1001:\n    severity: warning\nfail-on: warning\n");
        var (task, engine) = NewTask();

        Assert.False(task.Execute());
        Assert.Equal("UCG1001", Assert.Single(engine.Errors).Code);

        var (lenient, lenientEngine) = NewTask();
        lenient.FailOn = "error";
        Assert.True(lenient.Execute());
        Assert.Equal("UCG1001", Assert.Single(lenientEngine.Warnings).Code);
    }

    [Fact]
    public void Suppressed_findings_are_not_logged()
    {
        Write(StubFile, "fn main() {\n    // uc-guards: allow(UCG1001) the bootstrap path lands with the scheduler\n    todo!()\n}\n");
        var (task, engine) = NewTask();

        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
        Assert.Contains(engine.Messages, m => m.Message!.Contains("1 suppressed", StringComparison.Ordinal));
    }

    [Fact]
    public void The_tree_is_read_from_disk_without_opening_git()
    {
        // A git directory that libgit2 cannot open: a scan that opened git would stop with a configuration error.
        Write(".git/HEAD", "not a reference\n");
        Write(".git/objects/.keep", "");
        Write(".git/refs/.keep", "");
        Write(".git/stub.rs", "fn main() { todo!() }\n");
        Write(".gitignore", "/generated/\n");
        Write("generated/chainfire/crates/chainfire-server/src/main.rs", "fn main() {\n    todo!()\n}\n");
        WriteStub();
        var (task, engine) = NewTask();

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(("UCG1001", Path.Combine(_root, "chainfire", "crates", "chainfire-server", "src", "main.rs"), 2), (error.Code, error.File, error.LineNumber));
    }

    [Fact]
    public void A_CSharp_stub_is_left_to_the_analyzer()
    {
        Write("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        Write("src/App/Stub.cs", "namespace App;\n\npublic static class Stub\n{\n    public static int Answer() => throw new System.NotImplementedException();\n}\n");
        var (task, engine) = NewTask();

        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Microsoft.CodeAnalysis");
    }

    [Fact]
    public void A_severity_for_the_analyzers_rule_is_a_configuration_error()
    {
        var (task, engine) = NewTask();
        task.Severities = "UCG1006=warning";

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(GuardsScan.ConfigurationCode, error.Code);
        Assert.Equal(
            "UltraCloudGuardsSeverity: UCG1006 is checked by the package's analyzer in each C# project that references the package, not by the scan: set its severity with dotnet_diagnostic.UCG1006.severity in .editorconfig",
            error.Message);
    }
}
