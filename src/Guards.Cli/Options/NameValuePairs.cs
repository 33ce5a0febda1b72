using UltraCloud.Guards.Cli.Commands;

namespace UltraCloud.Guards.Cli.Options;

/// <summary>Repeatable NAME=VALUE option values (--report FORMAT=PATH, --override-input, --nix-option).</summary>
internal static class NameValuePairs
{
    /// <param name="shape">How the value is written, for the message (FORMAT=PATH).</param>
    /// <param name="emptyValue">Whether NAME= (an empty value) is allowed.</param>
    public static IReadOnlyList<(string Name, string Value)> Parse(IEnumerable<string>? specs, string option, string shape, bool emptyValue)
    {
        var pairs = new List<(string, string)>();
        foreach (var spec in specs ?? [])
        {
            var eq = spec.IndexOf('=');
            if (eq <= 0 || (!emptyValue && eq == spec.Length - 1)) throw new UsageException($"{option} expects {shape}, got '{spec}'");
            pairs.Add((spec[..eq], spec[(eq + 1)..]));
        }
        return pairs;
    }
}
