using System.Text;
using System.Text.Json;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Lsp.JsonRpc;
using UltraCloud.Guards.Lsp.Protocol;

namespace UltraCloud.Guards.Lsp.Server;

/// <summary>The editor features on published findings: hover (the rule's explanation) and the quick fix "allow with a reason".</summary>
public sealed partial class GuardsLanguageServer
{
    private Hover? Hover(TextDocumentPositionParams? parameters)
    {
        if (parameters?.TextDocument is not { } document || parameters.Position is not { } position || RelativePath(document.Uri) is not { } path) return null;
        List<Finding> here;
        Engine.Policy.GuardsPolicy? policy;
        lock (_gate)
        {
            policy = _policy;
            here = _published.TryGetValue(path, out var published) ? published.Shown.Where(f => Diagnostics.Contains(f.Span, position)).ToList() : [];
        }
        if (here.Count == 0 || policy is null) return null;

        var markdown = _client.MarkdownHover;
        var sb = new StringBuilder();
        foreach (var finding in here)
        {
            if (sb.Length > 0) sb.Append(markdown ? "\n\n---\n\n" : "\n\n");
            var rule = policy.Rule(finding.RuleId);
            sb.Append(markdown ? $"**{finding.RuleId}** {Escape(finding.Message)}\n\n" : $"{finding.RuleId}: {finding.Message}\n\n");
            var explanation = rule is null ? "" : Explanation(rule);
            if (explanation.Length > 0) sb.Append(markdown ? $"```text\n{explanation.TrimEnd()}\n```" : explanation.TrimEnd());
        }
        return new Hover
        {
            Contents = new MarkupContent { Kind = markdown ? "markdown" : "plaintext", Value = sb.ToString() },
            Range = Diagnostics.RangeOf(here[0].Span),
        };
    }

    private string Explanation(Engine.Policy.RuleSettings rule)
    {
        if (_options.Explain is null) return rule.Descriptor.Summary.Trim();
        using var writer = new StringWriter { NewLine = "\n" };
        _options.Explain(rule, writer);
        return writer.ToString();
    }

    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '<' or '>' or '#') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>"Allow with a reason" for each shown finding in the range (a bad suppression is fixed by editing it, not by another).</summary>
    private List<CodeAction>? CodeActions(CodeActionParams? parameters)
    {
        if (parameters?.TextDocument is not { } document || parameters.Range is not { } range || RelativePath(document.Uri) is not { } path) return [];
        if (parameters.Context?.Only is { Count: > 0 } only && !only.Any(kind => kind == "quickfix" || "quickfix".StartsWith(kind + ".", StringComparison.Ordinal))) return [];
        List<Finding> here;
        string? text;
        string languageId;
        Engine.Policy.GuardsPolicy? policy;
        lock (_gate)
        {
            policy = _policy;
            here = _published.TryGetValue(path, out var published)
                ? published.Shown.Where(f => f.RuleId != "UCG0002" && Diagnostics.Overlaps(f.Span, range)).ToList()
                : [];
            var open = _documents.GetValueOrDefault(path);
            text = open?.Text;
            languageId = open?.LanguageId ?? "";
        }
        if (here.Count == 0) return [];
        text ??= ReadDisk(path);
        if (text is null) return [];

        var style = SuppressionFix.StyleOf(languageId, path);
        var actions = new List<CodeAction>();
        foreach (var finding in here)
        {
            var fix = SuppressionFix.Create(text, path, finding, style);
            actions.Add(new CodeAction
            {
                Title = $"Allow {finding.RuleId} here, with a reason",
                Kind = "quickfix",
                Diagnostics = [Diagnostics.From(finding, policy, UriOf)],
                Edit = new WorkspaceEdit { Changes = new() { [document.Uri] = [fix.Edit] } },
                // After the edit, the reason is selected for typing over (where the client can show a selection).
                Command = _client.ShowDocument
                    ? new Command
                    {
                        Title = "Select the reason",
                        Name = SelectReasonCommand,
                        Arguments = [JsonSerializer.SerializeToElement(document.Uri, LspJson.Default.String), JsonSerializer.SerializeToElement(fix.Reason, LspJson.Default.Range)],
                    }
                    : null,
            });
        }
        return actions;
    }

    private string? ReadDisk(string path)
    {
        try { return File.ReadAllText(Path.Combine(_session!.Root, path)); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary><c>uc-guards.selectReason URI RANGE</c>: asks the client to show the document with the range selected.</summary>
    private NoParams? ExecuteCommand(ExecuteCommandParams? parameters)
    {
        if (parameters?.Command != SelectReasonCommand)
            throw new RpcException(ErrorCodes.InvalidParams, $"unknown command {parameters?.Command}");
        if (parameters.Arguments is not [{ ValueKind: JsonValueKind.String } uri, { ValueKind: JsonValueKind.Object } range])
            throw new RpcException(ErrorCodes.InvalidParams, $"{SelectReasonCommand} takes a document URI and a range");
        var selection = range.Deserialize(LspJson.Default.Range);
        _rpc.Request("window/showDocument", new ShowDocumentParams { Uri = uri.GetString()!, TakeFocus = true, Selection = selection }, LspJson.Default.ShowDocumentParams);
        return null;
    }
}
