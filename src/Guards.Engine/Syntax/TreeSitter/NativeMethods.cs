using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// P/Invoke declarations for libucg_treesitter (tree-sitter 0.25.1 runtime plus the Rust, Nix and Bash grammars).
/// Opaque C pointers are <see cref="nint"/>. Functions marked <see cref="SuppressGCTransitionAttribute"/> are
/// O(1) field reads that neither block nor allocate nor call back into managed code.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "ucg_treesitter";

    // The library is found by TreeSitterLibrary (beside the application or under runtimes/<rid>/native/).
    static NativeMethods() => TreeSitterLibrary.RegisterResolver();

    // ---- Grammars ----
    [LibraryImport(Library)] internal static partial nint tree_sitter_rust();
    [LibraryImport(Library)] internal static partial nint tree_sitter_nix();
    [LibraryImport(Library)] internal static partial nint tree_sitter_bash();

    // ---- Language ----
    [LibraryImport(Library)] internal static partial uint ts_language_abi_version(nint language);
    [LibraryImport(Library)] internal static partial uint ts_language_symbol_count(nint language);
    [LibraryImport(Library)] internal static partial byte* ts_language_symbol_name(nint language, ushort symbol);
    [LibraryImport(Library)] internal static partial uint ts_language_field_count(nint language);
    [LibraryImport(Library)] internal static partial byte* ts_language_field_name_for_id(nint language, ushort fieldId);

    [LibraryImport(Library)]
    internal static partial ushort ts_language_symbol_for_name(
        nint language, byte* name, uint length, [MarshalAs(UnmanagedType.U1)] bool isNamed);

    // ---- Parser ----
    [LibraryImport(Library)] internal static partial nint ts_parser_new();
    [LibraryImport(Library)] internal static partial void ts_parser_delete(nint parser);
    [LibraryImport(Library)] internal static partial void ts_parser_reset(nint parser);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ts_parser_set_language(nint parser, nint language);

    [LibraryImport(Library)]
    internal static partial nint ts_parser_parse_string(nint parser, nint oldTree, byte* text, uint length);

    [LibraryImport(Library)]
    internal static partial nint ts_parser_parse_with_options(
        nint parser, nint oldTree, NativeInput input, NativeParseOptions options);

    // ---- Tree ----
    [LibraryImport(Library)] internal static partial void ts_tree_delete(nint tree);
    [LibraryImport(Library)] internal static partial NativeNode ts_tree_root_node(nint tree);

    // ---- Node: O(1) reads ----
    [LibraryImport(Library), SuppressGCTransition] internal static partial ushort ts_node_symbol(NativeNode node);
    [LibraryImport(Library), SuppressGCTransition] internal static partial uint ts_node_end_byte(NativeNode node);
    [LibraryImport(Library), SuppressGCTransition] internal static partial NativePoint ts_node_start_point(NativeNode node);
    [LibraryImport(Library), SuppressGCTransition] internal static partial NativePoint ts_node_end_point(NativeNode node);
    [LibraryImport(Library), SuppressGCTransition] internal static partial uint ts_node_child_count(NativeNode node);
    [LibraryImport(Library), SuppressGCTransition] internal static partial uint ts_node_named_child_count(NativeNode node);
    [LibraryImport(Library), SuppressGCTransition] internal static partial uint ts_node_descendant_count(NativeNode node);

    [LibraryImport(Library), SuppressGCTransition]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ts_node_is_named(NativeNode node);

    [LibraryImport(Library), SuppressGCTransition]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ts_node_is_missing(NativeNode node);

    [LibraryImport(Library), SuppressGCTransition]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ts_node_is_extra(NativeNode node);

    [LibraryImport(Library), SuppressGCTransition]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ts_node_has_error(NativeNode node);

    [LibraryImport(Library), SuppressGCTransition]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ts_node_is_error(NativeNode node);

    // ---- Node: navigation (may walk the tree) ----
    [LibraryImport(Library)] internal static partial NativeNode ts_node_parent(NativeNode node);
    [LibraryImport(Library)] internal static partial NativeNode ts_node_child(NativeNode node, uint index);
    [LibraryImport(Library)] internal static partial NativeNode ts_node_named_child(NativeNode node, uint index);
    [LibraryImport(Library)] internal static partial NativeNode ts_node_child_by_field_id(NativeNode node, ushort fieldId);
    [LibraryImport(Library)] internal static partial byte* ts_node_field_name_for_child(NativeNode node, uint index);
    [LibraryImport(Library)] internal static partial NativeNode ts_node_next_sibling(NativeNode node);
    [LibraryImport(Library)] internal static partial NativeNode ts_node_prev_sibling(NativeNode node);
    [LibraryImport(Library)] internal static partial NativeNode ts_node_next_named_sibling(NativeNode node);
    [LibraryImport(Library)] internal static partial NativeNode ts_node_prev_named_sibling(NativeNode node);

    /// <summary>
    /// Returns memory from <c>ts_current_malloc</c>: release with <see cref="TsAllocator.Free"/>.
    /// Recursive in C (one frame per tree level): see <see cref="TsNode.ToSExpression"/>.
    /// </summary>
    [LibraryImport(Library)] internal static partial byte* ts_node_string(NativeNode node);

    // ---- Tree cursor ----
    [LibraryImport(Library)] internal static partial NativeTreeCursor ts_tree_cursor_new(NativeNode node);
    [LibraryImport(Library)] internal static partial void ts_tree_cursor_delete(NativeTreeCursor* cursor);
    [LibraryImport(Library)] internal static partial void ts_tree_cursor_reset(NativeTreeCursor* cursor, NativeNode node);
    [LibraryImport(Library), SuppressGCTransition] internal static partial NativeNode ts_tree_cursor_current_node(NativeTreeCursor* cursor);
    [LibraryImport(Library), SuppressGCTransition] internal static partial ushort ts_tree_cursor_current_field_id(NativeTreeCursor* cursor);
    [LibraryImport(Library), SuppressGCTransition] internal static partial uint ts_tree_cursor_current_depth(NativeTreeCursor* cursor);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ts_tree_cursor_goto_first_child(NativeTreeCursor* cursor);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ts_tree_cursor_goto_next_sibling(NativeTreeCursor* cursor);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ts_tree_cursor_goto_parent(NativeTreeCursor* cursor);
}
