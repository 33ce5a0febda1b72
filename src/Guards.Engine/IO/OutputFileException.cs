namespace UltraCloud.Guards.Engine.IO;

/// <summary>A file the tool was asked to write could not be written; the message names it and says why.</summary>
public sealed class OutputFileException(string path, string message, Exception? inner = null) : IOException(message, inner)
{
    public string Path { get; } = path;

    /// <summary>True when the write was refused because something is already at the path and replacing was not allowed.</summary>
    public bool AlreadyExists { get; init; }
}
