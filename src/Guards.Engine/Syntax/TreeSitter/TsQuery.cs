using System.Text;

namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// A compiled tree-sitter query with its text predicates. Immutable after construction and safe to share
/// between threads (each thread runs it with its own <see cref="TsQueryCursor"/>).
/// </summary>
public sealed unsafe class TsQuery : IDisposable
{
    private readonly TsQueryHandle _handle;
    private readonly TsQueryPredicate[][] _predicates;
    private readonly string[] _captureNames;

    /// <exception cref="TsQueryException">The query does not compile or uses an unsupported predicate.</exception>
    public TsQuery(TsLanguage language, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var utf8 = Encoding.UTF8.GetBytes(source);
        uint errorOffset = 0;
        var errorType = 0;
        nint query;
        fixed (byte* text = utf8)
        {
            query = NativeMethods.ts_query_new(TsLanguages.Pointer(language), text, (uint)utf8.Length, &errorOffset, &errorType);
        }

        if (query == 0)
        {
            var kind = Enum.IsDefined((TsQueryErrorKind)errorType) ? (TsQueryErrorKind)errorType : TsQueryErrorKind.Syntax;
            throw Error(kind, source, utf8, (int)Math.Min(errorOffset, (uint)utf8.Length), null);
        }

        _handle = new TsQueryHandle(query);
        Language = language;
        Source = source;
        try
        {
            PatternCount = (int)NativeMethods.ts_query_pattern_count(query);
            _captureNames = ReadCaptureNames(query);
            _predicates = ReadPredicates(query, source, utf8);
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
    }

    public TsLanguage Language { get; }

    public string Source { get; }

    public int PatternCount { get; }

    /// <summary>Capture names without the '@', indexed by <see cref="TsCapture.Index"/>.</summary>
    public IReadOnlyList<string> CaptureNames => _captureNames;

    /// <summary>The index of a capture name (without the '@'), or -1.</summary>
    public int CaptureIndex(string name) => Array.IndexOf(_captureNames, name);

    public void Dispose() => _handle.Dispose();

    internal string CaptureName(uint index) => _captureNames[index];

    /// <summary>Holds a reference on the native query; pair with <see cref="ReleasePointer"/>.</summary>
    internal nint AcquirePointer()
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(TsQuery));
        }

        return _handle.DangerousGetHandle();
    }

    internal void ReleasePointer() => _handle.DangerousRelease();

    internal bool Satisfies(NativeQueryMatch* match, byte[] source)
    {
        foreach (var predicate in _predicates[match->PatternIndex])
        {
            if (!predicate.IsSatisfied(match, source))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] ReadCaptureNames(nint query)
    {
        var count = NativeMethods.ts_query_capture_count(query);
        var names = new string[count];
        for (var i = 0u; i < count; i++)
        {
            uint length;
            var name = NativeMethods.ts_query_capture_name_for_id(query, i, &length);
            names[i] = string.Intern(Encoding.UTF8.GetString(name, (int)length));
        }

        return names;
    }

    private TsQueryPredicate[][] ReadPredicates(nint query, string source, byte[] utf8)
    {
        var result = new TsQueryPredicate[PatternCount][];
        var args = new List<TsPredicateArgument>();
        for (var pattern = 0u; pattern < (uint)PatternCount; pattern++)
        {
            uint stepCount;
            var steps = NativeMethods.ts_query_predicates_for_pattern(query, pattern, &stepCount);
            var predicates = new List<TsQueryPredicate>();
            string? name = null;
            for (var i = 0u; i < stepCount; i++)
            {
                var step = steps[i];
                switch (step.Type)
                {
                    case NativePredicateStepType.String when name is null:
                        name = StringValue(query, step.ValueId);
                        break;
                    case NativePredicateStepType.String:
                        args.Add(new TsPredicateArgument(false, 0, StringValue(query, step.ValueId)));
                        break;
                    case NativePredicateStepType.Capture when name is not null:
                        args.Add(new TsPredicateArgument(true, step.ValueId, _captureNames[step.ValueId]));
                        break;
                    case NativePredicateStepType.Done when name is not null:
                        var predicate = TsQueryPredicate.Create(name, args, out var error);
                        if (predicate is null)
                        {
                            var offset = (int)NativeMethods.ts_query_start_byte_for_pattern(query, pattern);
                            throw Error(TsQueryErrorKind.Predicate, source, utf8, offset, error);
                        }

                        predicates.Add(predicate);
                        name = null;
                        args.Clear();
                        break;
                    default:
                        var at = (int)NativeMethods.ts_query_start_byte_for_pattern(query, pattern);
                        throw Error(TsQueryErrorKind.Predicate, source, utf8, at, "Malformed predicate: it must start with a predicate name.");
                }
            }

            result[pattern] = [.. predicates];
        }

        return result;
    }

    private static string StringValue(nint query, uint id)
    {
        uint length;
        var value = NativeMethods.ts_query_string_value_for_id(query, id, &length);
        return Encoding.UTF8.GetString(value, (int)length);
    }

    private static TsQueryException Error(TsQueryErrorKind kind, string source, byte[] utf8, int byteOffset, string? detail)
    {
        var offset = Encoding.UTF8.GetCharCount(utf8, 0, byteOffset);
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        var message = $"Invalid tree-sitter query ({kind}) at offset {offset} (line {line}, column {column})";
        message += detail is null ? "." : $": {detail}";
        return new TsQueryException(kind, offset, byteOffset, message);
    }
}
