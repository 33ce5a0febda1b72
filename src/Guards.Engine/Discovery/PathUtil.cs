namespace UltraCloud.Guards.Engine.Discovery;

public static class PathUtil
{
    public static string ToRelative(string root, string fullPath) =>
        Path.GetRelativePath(root, fullPath).Replace('\\', '/');

    public static string Join(string relativeDir, string name) =>
        relativeDir.Length == 0 ? name : relativeDir + "/" + name;

    /// <summary>Normalises "a/./b/../c" to "a/c"; null when the path climbs above the root.</summary>
    public static string? Normalize(string relativePath)
    {
        var parts = new List<string>();
        foreach (var part in relativePath.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>True when the first 8000 bytes hold a NUL byte, git's own test for binary content.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        if (Text.SourceText.HasUtf16Bom(bytes)) return false;
        return bytes[..Math.Min(bytes.Length, 8000)].IndexOf((byte)0) >= 0;
    }
}
