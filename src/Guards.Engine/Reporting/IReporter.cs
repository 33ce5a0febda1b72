namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>Renders a scan result; every format reads the same plain data.</summary>
public interface IReporter
{
    /// <summary>The --format name.</summary>
    string Format { get; }

    void Write(ScanResult result, TextWriter output, ReportOptions options);
}

public sealed record ReportOptions
{
    /// <summary>ANSI colour (text format on a terminal only).</summary>
    public bool Color { get; init; }
    /// <summary>Show suppressed findings too (text format).</summary>
    public bool ShowSuppressed { get; init; }
    /// <summary>Tool version written into machine-readable reports.</summary>
    public string ToolVersion { get; init; } = "0.1.0";
    /// <summary>Include elapsed time in human-facing summaries (text, JUnit); JSON and SARIF never carry it, so reports are byte-identical.</summary>
    public bool IncludeTiming { get; init; } = true;
}

public sealed record VersionControlInfo(string RepositoryUri, string Revision, string? Branch);
