using System.Globalization;
using System.Text;
using System.Xml;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>
/// JUnit XML as CI dashboards read it: one <c>testsuite</c>, one <c>testcase</c> per rule (passing
/// when the rule found nothing), a <c>failure</c> per unsuppressed finding, <c>skipped</c> for rules
/// that did not run, and an <c>error</c> per internal fault of the tool. Paths and messages have their
/// control and bidirectional characters escaped visibly (<see cref="VisibleText"/>), so the XML is
/// well formed and a dashboard shows what the file holds.
/// </summary>
public sealed class JUnitReporter : IReporter
{
    public string Format => "junit";

    public void Write(ScanResult result, TextWriter output, ReportOptions options)
    {
        var active = result.Active.ToList();
        var byRule = active.GroupBy(f => f.RuleId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var ran = result.RulesRun.Concat(byRule.Keys).Distinct().ToHashSet(StringComparer.Ordinal);
        var ids = result.Policy.Rules.Keys.Concat(ran).Distinct().Order(StringComparer.Ordinal).ToList();

        var tests = ids.Count + (result.InternalErrors.Count > 0 ? 1 : 0);
        var failures = ids.Count(id => byRule.ContainsKey(id));
        var skipped = ids.Count(id => !ran.Contains(id));
        var errors = result.InternalErrors.Count > 0 ? 1 : 0;
        var time = options.IncludeTiming ? result.Statistics.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) : "0";

        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            WriteCounts(xml, "uc-guards", tests, failures, errors, skipped, time);

            xml.WriteStartElement("testsuite");
            WriteCounts(xml, "uc-guards", tests, failures, errors, skipped, time);
            xml.WriteStartElement("properties");
            WriteProperty(xml, "tool.version", options.ToolVersion);
            WriteProperty(xml, "files.offered", result.Statistics.FilesOffered.ToString(CultureInfo.InvariantCulture));
            WriteProperty(xml, "files.analyzed", result.Statistics.FilesAnalyzed.ToString(CultureInfo.InvariantCulture));
            WriteProperty(xml, "files.skipped", result.Statistics.SkippedCount.ToString(CultureInfo.InvariantCulture));
            WriteProperty(xml, "findings.suppressed", (result.Findings.Count - active.Count).ToString(CultureInfo.InvariantCulture));
            WriteProperty(xml, "contract.questions.asked", result.TotalQuestions.Asked.ToString(CultureInfo.InvariantCulture));
            WriteProperty(xml, "contract.questions.decided", result.TotalQuestions.Decided.ToString(CultureInfo.InvariantCulture));
            xml.WriteEndElement();

            foreach (var id in ids)
            {
                var descriptor = result.Policy.Rule(id)?.Descriptor;
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", Clean(VisibleText.Escape(descriptor is null ? id : $"{id} {descriptor.Name}: {descriptor.Title}")));
                xml.WriteAttributeString("classname", Clean(VisibleText.Escape($"uc-guards.{id}")));
                xml.WriteAttributeString("time", "0");
                if (!ran.Contains(id))
                {
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", "rule not run (disabled, or not selected with --rule)");
                    xml.WriteEndElement();
                }
                foreach (var finding in byRule.GetValueOrDefault(id) ?? [])
                {
                    xml.WriteStartElement("failure");
                    var path = VisibleText.Escape(options.RepositoryPrefix + finding.Path);
                    var message = VisibleText.Escape(finding.Message);
                    xml.WriteAttributeString("message", Clean($"{path}:{finding.Span.StartLine}:{finding.Span.StartColumn}: {message}"));
                    xml.WriteAttributeString("type", finding.Severity.ToName());
                    var body = new StringBuilder();
                    body.Append(CultureInfo.InvariantCulture, $"{finding.Severity.ToName()}[{VisibleText.Escape(finding.RuleId)}]: {message}\n");
                    body.Append(CultureInfo.InvariantCulture, $"  --> {path}:{finding.Span.StartLine}:{finding.Span.StartColumn}\n");
                    if (descriptor is { Help.Length: > 0 }) body.Append(CultureInfo.InvariantCulture, $"  = help: {VisibleText.Escape(descriptor.Help)}\n");
                    xml.WriteString(Clean(body.ToString()));
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }

            if (result.InternalErrors.Count > 0)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", "uc-guards internal errors");
                xml.WriteAttributeString("classname", "uc-guards");
                xml.WriteAttributeString("time", "0");
                foreach (var error in result.InternalErrors)
                {
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("message", Clean(VisibleText.Escape(error)));
                    xml.WriteAttributeString("type", "internal");
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        output.Write(Encoding.UTF8.GetString(stream.ToArray()));
        output.WriteLine();
    }

    private static void WriteCounts(XmlWriter xml, string name, int tests, int failures, int errors, int skipped, string time)
    {
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", time);
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", Clean(VisibleText.Escape(value)));
        xml.WriteEndElement();
    }

    /// <summary>Replaces what XML 1.0 cannot carry and escaping left (a lone surrogate) with U+FFFD.</summary>
    private static string Clean(string text)
    {
        if (text.All(XmlConvert.IsXmlChar)) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c)) sb.Append(c);
            else sb.Append('\uFFFD');
        }
        return sb.ToString();
    }
}
