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
}
