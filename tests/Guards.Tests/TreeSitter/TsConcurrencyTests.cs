using System.Text;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Tests.TreeSitter;

public class TsConcurrencyTests
{
    private static readonly (TsLanguage Language, byte[] Source)[] s_inputs =
    [
        (TsLanguage.Rust, Encoding.UTF8.GetBytes("fn f(a: u8) -> u8 { match a { 0 => 1, _ => a * 2 } }")),
        (TsLanguage.Nix, Encoding.UTF8.GetBytes("{ pkgs ? import <nixpkgs> {} }: pkgs.mkShell { buildInputs = [ pkgs.git ]; }")),
        (TsLanguage.Bash, Encoding.UTF8.GetBytes("for f in *.txt; do echo \"$f\" | wc -l; done\n")),
    ];

    [Fact]
    public void Four_threads_parse_200_times_each_with_identical_results()
    {
        var expected = s_inputs.Select(input =>
        {
            using var parser = new TsParser(input.Language);
            using var tree = parser.Parse(input.Source);
            return tree.Root.ToSExpression();
        }).ToArray();

        var results = new List<string>[4];
        var threads = new Thread[4];
        for (var t = 0; t < threads.Length; t++)
        {
            var slot = t;
            results[slot] = [];
            threads[slot] = new Thread(() =>
            {
                for (var i = 0; i < 200; i++)
                {
                    var (language, source) = s_inputs[(i + slot) % s_inputs.Length];
                    var parser = TsParser.ForCurrentThread(language);
                    Assert.Same(parser, TsParser.ForCurrentThread(language));
                    using var tree = parser.Parse(source);
                    results[slot].Add($"{(i + slot) % s_inputs.Length}|{tree.Root.ToSExpression()}");
                }
            });
        }

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.All(results, list => Assert.Equal(200, list.Count));
        foreach (var entry in results.SelectMany(list => list))
        {
            var separator = entry.IndexOf('|');
            Assert.Equal(expected[int.Parse(entry[..separator])], entry[(separator + 1)..]);
        }
    }

    [Fact]
    public void Each_thread_gets_its_own_parser()
    {
        var mine = TsParser.ForCurrentThread(TsLanguage.Bash);
        TsParser? theirs = null;
        var thread = new Thread(() => theirs = TsParser.ForCurrentThread(TsLanguage.Bash));
        thread.Start();
        thread.Join();

        Assert.NotNull(theirs);
        Assert.NotSame(mine, theirs);
        Assert.Equal(TsLanguage.Bash, theirs.Language);
    }

    [Fact]
    public void One_parser_used_from_two_threads_at_once_is_rejected()
    {
        var big = TsTestSupport.LargeNestedRust(2_000_000);
        var small = "fn f() {}"u8.ToArray();
        using var parser = new TsParser(TsLanguage.Rust);
        using var started = new ManualResetEventSlim();
        Exception? backgroundFailure = null;
        var background = new Thread(() =>
        {
            started.Set();
            try
            {
                using var tree = parser.Parse(big);
            }
            catch (Exception ex)
            {
                backgroundFailure = ex;
            }
        });

        background.Start();
        started.Wait();
        var rejections = new List<Exception>();
        while (background.IsAlive && rejections.Count == 0)
        {
            try
            {
                using var tree = parser.Parse(small);
                Assert.Equal(9, tree.Root.EndByte);
            }
            catch (InvalidOperationException ex)
            {
                rejections.Add(ex);
            }
        }

        background.Join();

        // Whichever thread came second was turned away; nothing else went wrong.
        if (backgroundFailure is not null)
        {
            Assert.IsType<InvalidOperationException>(backgroundFailure);
            rejections.Add(backgroundFailure);
        }

        Assert.NotEmpty(rejections);
        Assert.All(rejections, ex => Assert.Contains("not thread-safe", ex.Message));
        using var after = parser.Parse(small);
        Assert.Equal("(source_file (function_item name: (identifier) parameters: (parameters) body: (block)))", after.Root.ToSExpression());
    }
}
