namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>The grammars compiled into libucg_treesitter.</summary>
public enum TsLanguage
{
    Rust,
    Nix,
    Bash,
}
