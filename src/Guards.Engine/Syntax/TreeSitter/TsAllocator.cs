using System.Runtime.InteropServices;

namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// Frees memory that tree-sitter allocated for the caller (for example <c>ts_node_string</c>).
/// The runtime allocates through the exported function-pointer variable <c>ts_current_malloc</c>,
/// so the matching deallocator is whatever <c>ts_current_free</c> points to at the time of the call
/// (libc <c>free</c> unless someone called <c>ts_set_allocator</c>).
/// </summary>
internal static unsafe class TsAllocator
{
    private static readonly nint s_currentFreeVariable = ResolveCurrentFree();

    private static nint ResolveCurrentFree()
    {
        var library = NativeLibrary.Load(NativeMethods.Library, typeof(TsAllocator).Assembly, null);
        return NativeLibrary.GetExport(library, "ts_current_free");
    }

    internal static void Free(void* pointer)
    {
        if (pointer is null)
        {
            return;
        }

        var free = (delegate* unmanaged[Cdecl]<void*, void>)(*(nint*)s_currentFreeVariable);
        free(pointer);
    }
}
