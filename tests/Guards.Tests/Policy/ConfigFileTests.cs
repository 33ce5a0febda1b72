using System.Net.Sockets;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Hardening;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Policy;

/// <summary>
/// Configuration files are data from the tree: only regular files are read, with a size limit,
/// and what the tree names (uc-guards.yaml, its includes) stays inside the repository. A file
/// named on the command line is the user's choice and may be anywhere.
/// </summary>
public sealed class ConfigFileTests
{
    private static void AssertConfigurationError(Hostile.Run run, string where, string what)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("configuration error", run.Stderr);
        Assert.Contains(where, run.Stderr);
        Assert.Contains(what, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    private static Hostile.Run Check(params string[] args) => Hostile.Within(20, () => Hostile.Cli(["check", .. args]));

    private static TempFolder Tree()
    {
        var tree = new TempFolder();
        tree.Write("chainfire/crates/chainfire-server/src/main.rs", "fn main() {\n    todo!()\n}\n");
        return tree;
    }

    [Fact]
    public void A_fifo_named_uc_guards_yaml_is_refused_without_blocking()
    {
        using var tree = Tree();
        Hostile.MakeFifo(tree["uc-guards.yaml"]);
        AssertConfigurationError(Check(tree.Root), "uc-guards.yaml", "is a FIFO (named pipe), not a regular file");
    }

    [Fact]
    public void A_fifo_or_a_socket_included_by_the_configuration_is_refused_at_the_include()
    {
        using var tree = Tree();
        Hostile.MakeFifo(tree["more.yaml"]);
        tree.Write("uc-guards.yaml", "version: 1\ninclude: [more.yaml]\n");
        AssertConfigurationError(Check(tree.Root), "uc-guards.yaml:2:11: included", "is a FIFO");

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(tree["sock.yaml"]));
        tree.Write("uc-guards.yaml", "version: 1\ninclude: [sock.yaml]\n");
        AssertConfigurationError(Check(tree.Root), "uc-guards.yaml:2:11: included", "socket");
    }

    [Fact]
    public void A_device_is_never_read_even_when_the_user_names_it()
    {
        using var tree = Tree();
        AssertConfigurationError(Check(tree.Root, "--config", "/dev/zero"), "/dev/zero", "is a device, not a regular file");
        tree.Write("uc-guards.yaml", "version: 1\ninclude: [/dev/zero]\n");
        AssertConfigurationError(Check(tree.Root), "uc-guards.yaml:2:11", "include '/dev/zero' is an absolute path");
        File.CreateSymbolicLink(tree["zero.yaml"], "/dev/zero");
        tree.Write("uc-guards.yaml", "version: 1\ninclude: [zero.yaml]\n");
        AssertConfigurationError(Check(tree.Root), "uc-guards.yaml:2:11", "points outside the repository (to /dev/zero)");
    }

    [Fact]
    public void A_configuration_or_include_over_the_size_limit_is_refused()
    {
        using var tree = Tree();
        var big = "version: 1\n" + string.Concat(Enumerable.Repeat("# padding padding padding padding padding padding padding\n", 20_000));
        tree.Write("uc-guards.yaml", big);
        AssertConfigurationError(Check(tree.Root), "uc-guards.yaml", "is larger than 1024 KiB");
        tree.Write("big.yaml", big);
        tree.Write("uc-guards.yaml", "version: 1\ninclude: [big.yaml]\n");
        AssertConfigurationError(Check(tree.Root), "uc-guards.yaml:2:11: included", "is larger than 1024 KiB");
    }

    [Theory]
    [InlineData("/etc/passwd", "is an absolute path")]
    [InlineData("/proc/self/environ", "is an absolute path")]
    [InlineData("../outside.yaml", "leads outside the repository")]
    [InlineData("sub/../../outside.yaml", "leads outside the repository")]
    public void An_include_stays_inside_the_repository(string include, string what)
    {
        using var outer = new TempFolder();
        outer.Write("outside.yaml", "version: 1\ndisable: [UCG1001]\n");
        outer.Write("tree/chainfire/crates/chainfire-server/src/main.rs", "fn main() {\n    todo!()\n}\n");
        outer.Write("tree/sub/x.yaml", "version: 1\n");
        outer.Write("tree/uc-guards.yaml", $"version: 1\ninclude: [\"{include}\"]\n");
        AssertConfigurationError(Check(outer["tree"]), "uc-guards.yaml:2:11", what);
    }

    [Fact]
    public void An_include_through_a_link_follows_it_inside_the_tree_and_refuses_it_outside()
    {
        using var outer = new TempFolder();
        outer.Write("elsewhere/x.yaml", "version: 1\ndisable: [UCG1001]\n");
        outer.Write("tree/chainfire/crates/chainfire-server/src/main.rs", "fn main() {\n    todo!()\n}\n");
        outer.Write("tree/configs/real.yaml", "version: 1\nrules:\n  UCG1001:\n    severity: warning\n");
        Directory.CreateSymbolicLink(outer["tree/lnk"], outer["elsewhere"]);
        File.CreateSymbolicLink(outer["tree/shared.yaml"], "configs/real.yaml");

        outer.Write("tree/uc-guards.yaml", "version: 1\ninclude: [lnk/x.yaml]\n");
        AssertConfigurationError(Check(outer["tree"]), "uc-guards.yaml:2:11", "goes through the symbolic link");

        outer.Write("tree/uc-guards.yaml", "version: 1\ninclude: [shared.yaml]\n");
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), outer["tree/uc-guards.yaml"]);
        Assert.Equal(Engine.Model.Severity.Warning, policy.Rule("UCG1001")!.Severity);
    }

    [Fact]
    public void A_uc_guards_yaml_linked_outside_the_tree_is_refused_and_inside_it_is_applied()
    {
        using var outer = new TempFolder();
        outer.Write("elsewhere/guards.yaml", "version: 1\ndisable: [UCG1001]\n");
        outer.Write("tree/chainfire/crates/chainfire-server/src/main.rs", "fn main() {\n    todo!()\n}\n");
        File.CreateSymbolicLink(outer["tree/uc-guards.yaml"], outer["elsewhere/guards.yaml"]);
        AssertConfigurationError(Check(outer["tree"]), "uc-guards.yaml", "is a symbolic link to " + outer["elsewhere/guards.yaml"] + ", outside the repository");

        // Named on the command line (--config), the same link is the user's choice and is followed.
        var named = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), outer["tree/uc-guards.yaml"], configNamedByUser: true);
        Assert.False(named.Rule("UCG1001")!.Enabled);

        File.Delete(outer["tree/uc-guards.yaml"]);
        outer.Write("tree/configs/guards.yaml", "version: 1\nrules:\n  UCG1001:\n    severity: warning\n");
        File.CreateSymbolicLink(outer["tree/uc-guards.yaml"], "configs/guards.yaml");
        var inside = Check(outer["tree"], "--format", "json");
        Assert.Equal(0, inside.ExitCode);
        Assert.Contains("\"severity\": \"warning\"", inside.Stdout);
    }

    [Fact]
    public void A_dangling_uc_guards_yaml_link_is_an_error_not_a_fall_back_to_a_parent_configuration()
    {
        using var outer = new TempFolder();
        outer.Write("uc-guards.yaml", "version: 1\ndisable: [UCG1001]\n");
        outer.Write("tree/chainfire/crates/chainfire-server/src/main.rs", "fn main() {\n    todo!()\n}\n");
        File.CreateSymbolicLink(outer["tree/uc-guards.yaml"], "missing.yaml");
        Assert.Equal(outer["tree/uc-guards.yaml"], PolicyLoader.FindRepositoryConfig(outer["tree"]));
        AssertConfigurationError(Check(outer["tree"]), "uc-guards.yaml", "not found");
    }

    [Fact]
    public void A_fifo_in_a_policy_folder_is_refused()
    {
        using var tree = Tree();
        Directory.CreateDirectory(tree["policy"]);
        Hostile.MakeFifo(tree["policy/UCG9999-x.yaml"]);
        AssertConfigurationError(Check(tree.Root, "--policy", tree["policy"]), "UCG9999-x.yaml", "is a FIFO");
    }
}
