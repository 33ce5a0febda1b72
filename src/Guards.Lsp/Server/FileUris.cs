using System.Text;

namespace UltraCloud.Guards.Lsp.Server;

/// <summary><c>file:</c> URIs and absolute paths, both ways (RFC 8089; only local files are served).</summary>
public static class FileUris
{
    /// <summary>The absolute path of a <c>file:</c> URI, or null for any other scheme or a remote host.</summary>
    public static string? ToPath(string uri)
    {
        if (!uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = uri["file:".Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            rest = rest[2..];
            var slash = rest.IndexOf('/');
            if (slash < 0) return null;
            var host = rest[..slash];
            if (host.Length > 0 && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return null;
            rest = rest[slash..];
        }
        var end = rest.IndexOfAny(['?', '#']);
        if (end >= 0) rest = rest[..end];
        string path;
        try { path = Uri.UnescapeDataString(rest); }
        catch (UriFormatException) { return null; }
        return path.StartsWith('/') ? path : null;
    }

    /// <summary>The <c>file:</c> URI of an absolute path, each byte outside the unreserved set percent-encoded.</summary>
    public static string FromPath(string absolutePath)
    {
        var sb = new StringBuilder("file://", absolutePath.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(absolutePath))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~' or '/') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
