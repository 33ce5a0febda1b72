using System.Runtime.InteropServices;

namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

// Blittable mirrors of the tree-sitter 0.25 C structs (lib/include/tree_sitter/api.h).
// Sizes on x64: TSPoint 8, TSNode 32, TSTreeCursor 32, TSInput 32, TSParseOptions 16, TSParseState 16.

[StructLayout(LayoutKind.Sequential)]
internal struct NativePoint
{
    public uint Row;
    public uint Column;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeNode
{
    public uint Context0; // start byte
    public uint Context1; // start row
    public uint Context2; // start column
    public uint Context3; // alias symbol
    public nint Id;
    public nint Tree;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NativeTreeCursor
{
    public nint Tree;
    public nint Id;
    public uint Context0;
    public uint Context1;
    public uint Context2;
}

/// <summary><c>TSInput</c>: <c>read</c> is <c>const char *(*)(void *payload, uint32_t byte, TSPoint, uint32_t *bytes_read)</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeInput
{
    public void* Payload;
    public delegate* unmanaged[Cdecl]<void*, uint, NativePoint, uint*, byte*> Read;
    public int Encoding; // TSInputEncodingUTF8 = 0
    public void* Decode;
}

/// <summary><c>TSParseState</c>, handed to the progress callback.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeParseState
{
    public void* Payload;
    public uint CurrentByteOffset;
    public byte HasError;
}

/// <summary><c>TSParseOptions</c>: the callback returns C <c>true</c> to cancel the parse.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeParseOptions
{
    public void* Payload;
    public delegate* unmanaged[Cdecl]<NativeParseState*, byte> ProgressCallback;
}
