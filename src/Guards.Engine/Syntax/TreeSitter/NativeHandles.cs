using System.Runtime.InteropServices;

namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

// Owning handles for the native objects. SafeHandle guarantees that ReleaseHandle runs exactly once
// (Dispose is idempotent, the critical finalizer covers objects that are never disposed), so a double
// free cannot be written with these types.

internal sealed class TsTreeHandle : SafeHandle
{
    public TsTreeHandle(nint tree)
        : base(0, ownsHandle: true) => SetHandle(tree);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeMethods.ts_tree_delete(handle);
        return true;
    }
}

internal sealed class TsParserHandle : SafeHandle
{
    public TsParserHandle(nint parser)
        : base(0, ownsHandle: true) => SetHandle(parser);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeMethods.ts_parser_delete(handle);
        return true;
    }
}
