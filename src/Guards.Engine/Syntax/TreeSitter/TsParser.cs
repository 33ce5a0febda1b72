using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// A tree-sitter parser bound to one grammar. A parser is not thread-safe: use one per thread, for example
/// through <see cref="ForCurrentThread"/>. Concurrent use of one instance is detected and rejected.
/// </summary>
public sealed unsafe class TsParser : IDisposable
{
    [ThreadStatic]
    private static TsParser?[]? t_perThread;

    private readonly TsParserHandle _handle;
    private readonly bool _threadCached;
    private int _busy;

    public TsParser(TsLanguage language)
        : this(language, threadCached: false)
    {
    }

    private TsParser(TsLanguage language, bool threadCached)
    {
        var pointer = TsLanguages.Pointer(language);
        var parser = NativeMethods.ts_parser_new();
        if (parser == 0)
        {
            throw new OutOfMemoryException("ts_parser_new returned NULL.");
        }

        _handle = new TsParserHandle(parser);
        if (!NativeMethods.ts_parser_set_language(parser, pointer))
        {
            _handle.Dispose();
            throw new InvalidOperationException($"tree-sitter rejected the {language} grammar (incompatible ABI version).");
        }

        Language = language;
        _threadCached = threadCached;
    }

    public TsLanguage Language { get; }

    /// <summary>
    /// The parser owned by the calling thread for <paramref name="language"/>, created on first use.
    /// It lives as long as the thread; <see cref="Dispose"/> on it is a no-op.
    /// </summary>
    public static TsParser ForCurrentThread(TsLanguage language)
    {
        var index = (int)language;
        var parsers = t_perThread ??= new TsParser?[Enum.GetValues<TsLanguage>().Length];
        if ((uint)index >= (uint)parsers.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, "Unknown tree-sitter language.");
        }

        return parsers[index] ??= new TsParser(language, threadCached: true);
    }

    /// <summary>Parses UTF-8 text without a time limit.</summary>
    public TsTree Parse(byte[] utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        Enter();
        try
        {
            nint tree;
            fixed (byte* text = utf8)
            {
                tree = NativeMethods.ts_parser_parse_string(_handle.DangerousGetHandle(), 0, text, (uint)utf8.Length);
            }

            if (tree == 0)
            {
                NativeMethods.ts_parser_reset(_handle.DangerousGetHandle());
                throw new InvalidOperationException($"tree-sitter failed to parse the {Language} input (external scanner error).");
            }

            return new TsTree(tree, Language, utf8);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Parses UTF-8 text, giving up when the parse takes longer than <paramref name="budget"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/> for no limit). Returns false, with a null tree, when the budget
    /// was exceeded. The clock is checked by tree-sitter's progress callback, which runs every 100 parse
    /// operations, so the overrun is bounded by the time of 100 operations (one very long token is one operation).
    /// </summary>
    public bool TryParse(byte[] utf8, TimeSpan budget, out TsTree? tree)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        if (budget < TimeSpan.Zero && budget != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(budget), budget, "The budget must be non-negative or infinite.");
        }

        Enter();
        try
        {
            var parser = _handle.DangerousGetHandle();
            nint result;
            ParsePayload payload;
            fixed (byte* text = utf8)
            {
                var source = new InputPayload { Text = text, Length = (uint)utf8.Length };
                payload = new ParsePayload { Deadline = Deadline(budget), Cancelled = 0 };
                var input = new NativeInput
                {
                    Payload = &source,
                    Read = &ReadInput,
                    Encoding = 0,
                    Decode = null,
                };
                var options = new NativeParseOptions { Payload = &payload, ProgressCallback = &OnProgress };
                result = NativeMethods.ts_parser_parse_with_options(parser, 0, input, options);
            }

            if (result == 0)
            {
                // A cancelled parse leaves its state in the parser so that the next call could resume it;
                // reset so that the next parse starts afresh on new input.
                NativeMethods.ts_parser_reset(parser);
                if (payload.Cancelled != 0)
                {
                    tree = null;
                    return false;
                }

                throw new InvalidOperationException($"tree-sitter failed to parse the {Language} input (external scanner error).");
            }

            tree = new TsTree(result, Language, utf8);
            return true;
        }
        finally
        {
            Exit();
        }
    }

    public void Dispose()
    {
        if (!_threadCached)
        {
            _handle.Dispose();
        }
    }

    // Marks the parser busy (rejecting concurrent use) and holds a reference on the native handle for the
    // duration of the parse, so a concurrent Dispose defers ts_parser_delete until the parse has returned.
    private void Enter()
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("TsParser is not thread-safe: it is already parsing on another thread.");
        }

        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            Volatile.Write(ref _busy, 0);
            throw new ObjectDisposedException(nameof(TsParser));
        }
    }

    private void Exit()
    {
        _handle.DangerousRelease();
        Volatile.Write(ref _busy, 0);
    }

    private static long Deadline(TimeSpan budget)
    {
        if (budget == Timeout.InfiniteTimeSpan)
        {
            return long.MaxValue;
        }

        var ticks = budget.TotalSeconds * Stopwatch.Frequency;
        var now = Stopwatch.GetTimestamp();
        return ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte* ReadInput(void* payload, uint byteIndex, NativePoint position, uint* bytesRead)
    {
        var input = (InputPayload*)payload;
        if (byteIndex >= input->Length)
        {
            *bytesRead = 0;
            return s_empty;
        }

        *bytesRead = input->Length - byteIndex;
        return input->Text + byteIndex;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte OnProgress(NativeParseState* state)
    {
        var payload = (ParsePayload*)state->Payload;
        if (Stopwatch.GetTimestamp() > payload->Deadline)
        {
            payload->Cancelled = 1;
            return 1;
        }

        return 0;
    }

    private static readonly byte* s_empty = (byte*)NativeMemory.AllocZeroed(1);

    [StructLayout(LayoutKind.Sequential)]
    private struct InputPayload
    {
        public byte* Text;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ParsePayload
    {
        public long Deadline;
        public int Cancelled;
    }
}
