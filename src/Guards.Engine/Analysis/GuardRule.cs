using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>
/// The mechanism behind one policy rule. What the rule is (title, message, severity, scopes,
/// options) comes from <c>rules/&lt;ID&gt;-*.yaml</c> through <see cref="Settings"/>; the class only
/// interprets it. A new instance is configured for every scan and is then used from several
/// threads at once, so analysis methods must not mutate instance state.
/// </summary>
public abstract class GuardRule
{
    private RuleSettings? _settings;
    private GuardsPolicy? _policy;

    public abstract string Id { get; }

    public RuleSettings Settings => _settings ?? throw new InvalidOperationException($"{Id} used before Configure");
    public GuardsPolicy Policy => _policy ?? throw new InvalidOperationException($"{Id} used before Configure");
    public RuleDescriptor Descriptor => Settings.Descriptor;

    /// <summary>
    /// Binds the rule's typed options from <paramref name="settings"/> and checks them: an unknown
    /// key or a value of the wrong type is a <see cref="PolicyException"/> at its place. The engine
    /// binds every rule of the policy, enabled or not, so that a mistake never waits for the day the
    /// rule is switched on.
    /// </summary>
    public void Bind(RuleSettings settings)
    {
        if (settings.Id != Id)
            throw new InvalidOperationException($"{GetType().Name} ({Id}) bound to the settings of {settings.Id}");
        var reader = RuleOptionsReader.For(Id, settings.Options);
        BindOptions(reader);
        reader.Finish();
        _settings = settings;
    }

    /// <summary><see cref="Bind"/>, then the per-scan preparation of a rule that will run.</summary>
    public void Configure(RuleSettings settings, GuardsPolicy policy)
    {
        Bind(settings);
        _policy = policy;
        OnConfigure();
    }

    /// <summary>The options this rule declares, in the order it reads them (for the JSON schema and the rule reference).</summary>
    public IReadOnlyList<OptionDeclaration> DeclaredOptions()
    {
        var reader = RuleOptionsReader.Describing(Id);
        BindOptions(reader);
        return reader.Declarations;
    }

    /// <summary>Reads the typed options; a rule without options reads none, so every key is refused.</summary>
    protected virtual void BindOptions(RuleOptionsReader options) { }

    /// <summary>Prepares what depends on the policy once per scan (compile patterns, build prefilters).</summary>
    protected virtual void OnConfigure() { }
}

/// <summary>A rule that judges files one at a time; files of one language share one parse.</summary>
public abstract class FileRule : GuardRule
{
    /// <summary>True for the file kinds the rule reads (by extension or name), before scopes apply.</summary>
    public abstract bool HandlesFile(string relativePath);

    /// <summary>
    /// The fast path: false when the raw bytes cannot hold a finding, so the file is never parsed
    /// for this rule. Must never return false for a file that has one.
    /// </summary>
    public virtual bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => true;

    public abstract void Analyze(FileContext context);

    protected void Report(FileContext context, SourceSpan span, string matchedText, params object?[] messageArgs) =>
        context.Report(Settings, span, matchedText, Descriptor.FormatMessage(messageArgs));
}

/// <summary>A <see cref="FileRule"/> with typed options, bound by the engine before the rule is configured.</summary>
public abstract class FileRule<TOptions> : FileRule where TOptions : class, IRuleOptions<TOptions>
{
    private TOptions? _options;

    /// <summary>The rule's options, from its rule file and the repository's overrides.</summary>
    protected TOptions Options => _options ?? throw new InvalidOperationException($"{Id} options read before Bind");

    protected sealed override void BindOptions(RuleOptionsReader options)
    {
        var read = TOptions.Read(options);
        if (!options.IsDescribing) _options = read;
    }
}

/// <summary>A rule that needs several files at once (the flake, the docs' profile table, Cargo workspaces).</summary>
public abstract class RepositoryRule : GuardRule
{
    public abstract void Analyze(RepositoryContext context);

    protected void Report(RepositoryContext context, string path, SourceSpan span, string matchedText, params object?[] messageArgs) =>
        context.Report(Settings, path, span, matchedText, Descriptor.FormatMessage(messageArgs));

    /// <summary>As <see cref="Report"/>, for a finding that involves other places too.</summary>
    protected void ReportWithRelated(RepositoryContext context, string path, SourceSpan span, string matchedText, IEnumerable<RelatedLocation> related, params object?[] messageArgs) =>
        context.Report(Settings, path, span, matchedText, Descriptor.FormatMessage(messageArgs), related);
}

/// <summary>A <see cref="RepositoryRule"/> with typed options, bound by the engine before the rule is configured.</summary>
public abstract class RepositoryRule<TOptions> : RepositoryRule where TOptions : class, IRuleOptions<TOptions>
{
    private TOptions? _options;

    /// <summary>The rule's options, from its rule file and the repository's overrides.</summary>
    protected TOptions Options => _options ?? throw new InvalidOperationException($"{Id} options read before Bind");

    protected sealed override void BindOptions(RuleOptionsReader options)
    {
        var read = TOptions.Read(options);
        if (!options.IsDescribing) _options = read;
    }
}
