using System.Globalization;
using System.Text;

namespace UltraCloud.Guards.Engine.Fixes;

/// <summary>
/// A unified diff of two texts, as <c>git diff</c> writes one: <c>--- a/PATH</c>, <c>+++ b/PATH</c>,
/// hunks with three lines of context, "\ No newline at end of file" where a side ends without one.
/// Lines are compared with their line breaks, so a changed line ending shows. The edit script is
/// Myers' shortest one over what lies between the common prefix and suffix.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;
    private const int MaxEditDistance = 20_000;

    private enum Op { Same, Delete, Insert }

    public static string Of(string path, string before, string after)
    {
        if (before == after) return "";
        var a = Lines(before);
        var b = Lines(after);
        var script = Script(a, b);
        var output = new StringBuilder();
        output.Append("--- a/").Append(path).Append('\n');
        output.Append("+++ b/").Append(path).Append('\n');
        foreach (var (start, end) in Hunks(script))
        {
            int oldStart = 1, newStart = 1;
            for (var i = 0; i < start; i++)
            {
                if (script[i].Op != Op.Insert) oldStart++;
                if (script[i].Op != Op.Delete) newStart++;
            }
            var oldCount = 0;
            var newCount = 0;
            for (var i = start; i < end; i++)
            {
                if (script[i].Op != Op.Insert) oldCount++;
                if (script[i].Op != Op.Delete) newCount++;
            }
            output.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
            for (var i = start; i < end; i++)
            {
                var (op, line) = script[i];
                output.Append(op switch { Op.Same => ' ', Op.Delete => '-', _ => '+' });
                var content = line.TrimEnd('\n');
                output.Append(content).Append('\n');
                if (!line.EndsWith('\n')) output.Append("\\ No newline at end of file\n");
            }
        }
        return output.ToString();
    }

    private static string Range(int start, int count) => count switch
    {
        0 => $"{(start - 1).ToString(CultureInfo.InvariantCulture)},0",
        1 => start.ToString(CultureInfo.InvariantCulture),
        _ => $"{start.ToString(CultureInfo.InvariantCulture)},{count.ToString(CultureInfo.InvariantCulture)}",
    };

    /// <summary>The lines of a text, each with its line break (LF; a CR before it stays part of the line).</summary>
    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    /// <summary>Runs of the script that hold a change, each with its context, merged when their contexts touch.</summary>
    private static List<(int Start, int End)> Hunks(List<(Op Op, string Line)> script)
    {
        var hunks = new List<(int Start, int End)>();
        for (var i = 0; i < script.Count; i++)
        {
            if (script[i].Op == Op.Same) continue;
            var start = Math.Max(0, i - Context);
            var j = i;
            while (j < script.Count && script[j].Op != Op.Same) j++;
            var end = Math.Min(script.Count, j + Context);
            if (hunks.Count > 0 && start <= hunks[^1].End) hunks[^1] = (hunks[^1].Start, end);
            else hunks.Add((start, end));
            i = j - 1;
        }
        return hunks;
    }

    private static List<(Op Op, string Line)> Script(List<string> a, List<string> b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix]) suffix++;

        var script = new List<(Op, string)>();
        for (var i = 0; i < prefix; i++) script.Add((Op.Same, a[i]));
        script.AddRange(Middle(a.GetRange(prefix, a.Count - prefix - suffix), b.GetRange(prefix, b.Count - prefix - suffix)));
        for (var i = a.Count - suffix; i < a.Count; i++) script.Add((Op.Same, a[i]));
        return script;
    }

    /// <summary>Myers' greedy shortest edit script, with the frontier of every step kept to walk it back.</summary>
    private static List<(Op, string)> Middle(List<string> a, List<string> b)
    {
        int n = a.Count, m = b.Count, max = n + m;
        var result = new List<(Op, string)>();
        if (max == 0) return result;
        if (max > MaxEditDistance * 2 && n > 0 && m > 0) return Replace(a, b);
        var offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        var found = -1;
        for (var d = 0; d <= max && d <= MaxEditDistance; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y]) { x++; y++; }
                v[offset + k] = x;
                if (x >= n && y >= m) { found = d; break; }
            }
            if (found >= 0) break;
        }
        if (found < 0) return Replace(a, b);

        int cx = n, cy = m;
        var reversed = new List<(Op, string)>();
        for (var d = found; d > 0; d--)
        {
            var previous = trace[d];
            var k = cx - cy;
            var down = k == -d || (k != d && previous[offset + k - 1] < previous[offset + k + 1]);
            var prevK = down ? k + 1 : k - 1;
            var prevX = previous[offset + prevK];
            var prevY = prevX - prevK;
            while (cx > prevX && cy > prevY) { reversed.Add((Op.Same, a[cx - 1])); cx--; cy--; }
            if (down) { reversed.Add((Op.Insert, b[cy - 1])); cy--; }
            else { reversed.Add((Op.Delete, a[cx - 1])); cx--; }
        }
        while (cx > 0 && cy > 0) { reversed.Add((Op.Same, a[cx - 1])); cx--; cy--; }
        reversed.Reverse();
        return reversed;
    }

    private static List<(Op, string)> Replace(List<string> a, List<string> b) =>
        [.. a.Select(l => (Op.Delete, l)), .. b.Select(l => (Op.Insert, l))];
}
