using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace UltraCloud.Guards.Analyzers;

/// <summary>
/// UCG1006 csharp-stub: a throw of a newly created <see cref="System.NotImplementedException"/>
/// in shipped C# code, as a statement or as a throw expression (<c>?? throw</c>, <c>=&gt; throw</c>, lambdas, local
/// functions). The thrown type is resolved through the semantic model, so an alias of
/// <see cref="System.NotImplementedException"/> is found and a user type that only shares its
/// name is not. Test projects are not shipped code and are skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CSharpStubAnalyzer : DiagnosticAnalyzer
{
    public const string DiagnosticId = "UCG1006";

    internal const string NotImplementedExceptionMetadataName = "System.NotImplementedException";

    /// <summary>
    /// UCG1006's descriptor: the analyzer loads inside the compiler and reads no file, so these values
    /// are copies of rules/UCG1006-csharp-stub.yaml (title, message, severity, rationale as the
    /// description, help-uri), held equal to it by a test that reads the YAML with the engine's loader.
    /// </summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticId,
        title: "NotImplementedException stub in shipped C# code",
        messageFormat: "'throw new {0}' is a stub left in shipped code",
        category: GuardsAnalyzerOptions.Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Shipped code must not throw NotImplementedException: a member that throws it is a stub that "
            + "compiles, passes review at a glance and fails at run time in front of a user.",
        helpLinkUri: GuardsAnalyzerOptions.HelpLinkBase + "ucg1006");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if (GuardsAnalyzerOptions.IsTestProject(context.Options.AnalyzerConfigOptionsProvider.GlobalOptions))
        {
            return;
        }

        var notImplemented = context.Compilation.GetTypeByMetadataName(NotImplementedExceptionMetadataName);
        if (notImplemented is null)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeThrow(c, notImplemented), OperationKind.Throw);
    }

    private static void AnalyzeThrow(OperationAnalysisContext context, INamedTypeSymbol notImplemented)
    {
        var thrown = ((IThrowOperation)context.Operation).Exception;
        while (thrown is IConversionOperation conversion)
        {
            thrown = conversion.Operand;
        }

        if (thrown is not IObjectCreationOperation creation
            || !SymbolEqualityComparer.Default.Equals(creation.Type, notImplemented))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, LocationOf(context.Operation.Syntax), notImplemented.Name));
    }

    /// <summary>From the <c>throw</c> keyword to the end of the thrown expression (no semicolon).</summary>
    private static Location LocationOf(SyntaxNode syntax)
    {
        var span = syntax switch
        {
            ThrowStatementSyntax statement when statement.Expression is not null
                => TextSpan.FromBounds(statement.ThrowKeyword.SpanStart, statement.Expression.Span.End),
            _ => syntax.Span,
        };
        return Location.Create(syntax.SyntaxTree, span);
    }
}
