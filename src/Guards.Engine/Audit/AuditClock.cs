using System.Globalization;

namespace UltraCloud.Guards.Engine.Audit;

/// <summary>
/// "Now" for the ages of suppressions: the clock, or the time <c>SOURCE_DATE_EPOCH</c> names (seconds
/// since 1970, the reproducible-builds convention), so a report can be made again as of a fixed date.
/// </summary>
public static class AuditClock
{
    public const string Variable = "SOURCE_DATE_EPOCH";

    public static DateTimeOffset Now =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text
        && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UtcNow;
}
