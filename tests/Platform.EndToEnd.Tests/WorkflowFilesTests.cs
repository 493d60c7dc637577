using Platform.EndToEnd.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Platform.EndToEnd.Tests;

/// <summary>The workflows as GitHub would read them: what a module could find, what may write state, what bounds a job.</summary>
public class WorkflowFilesTests
{
    private const string DefaultBranch = "format('refs/heads/{0}', github.event.repository.default_branch)";

    private static readonly string Folder = Path.Combine(TempPlatformRepo.SourceRoot, ".github", "workflows");

    private static string[] Names => [.. Directory.GetFiles(Folder, "*.yml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Files() => [.. Names];

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Folder, file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<(string Name, YamlMappingNode Job)> Jobs(YamlMappingNode workflow) =>
        ((YamlMappingNode)workflow["jobs"]).Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value));

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) =>
        job.Children.TryGetValue("steps", out var steps) ? ((YamlSequenceNode)steps).Children.Cast<YamlMappingNode>() : [];

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static YamlMappingNode? Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? value as YamlMappingNode : null;

    private static bool WritesContents(YamlMappingNode job) => Map(job, "permissions") is { } p && Text(p, "contents") == "write";

    private static bool MentionsToken(string? text) =>
        text is not null && (text.Contains("secrets.", StringComparison.Ordinal) || text.Contains("github.token", StringComparison.Ordinal));

    [Fact]
    public void Every_workflow_the_issue_names_is_there() =>
        Assert.Equal(["admin-adjust.yml", "admin-topup.yml", "cache-prune.yml", "ci.yml", "maintenance.yml", "orchestrator.yml"], Names);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_checkout_leaves_no_credentials_in_the_workspace(string file)
    {
        var checkouts = Jobs(Load(file)).SelectMany(j => Steps(j.Job))
            .Where(s => Text(s, "uses")?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(checkouts);
        Assert.All(checkouts, s => Assert.Equal("false", Map(s, "with") is { } with ? Text(with, "persist-credentials") : null));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_token_reaches_only_the_steps_that_run_the_platform_cli(string file)
    {
        var workflow = Load(file);
        // Not at workflow or job level, where every step (and what it starts) would see it.
        Assert.All((Map(workflow, "env")?.Children.Values ?? []).Concat(Jobs(workflow).SelectMany(j => Map(j.Job, "env")?.Children.Values ?? [])),
            value => Assert.False(MentionsToken(((YamlScalarNode)value).Value), $"{file}: a token in a workflow or job env"));
        foreach (var step in Jobs(workflow).SelectMany(j => Steps(j.Job)))
        {
            var run = Text(step, "run");
            // Inputs and secrets reach scripts only through env:, never ${{ }} inside run:.
            Assert.False(run?.Contains("${{", StringComparison.Ordinal) == true, $"{file}: ${{{{ }}}} inside run: {run}");
            if ((Map(step, "env")?.Children.Values ?? []).Any(v => MentionsToken(((YamlScalarNode)v).Value)))
            {
                // The CLI hands a module a fresh environment with only its declared secrets (SandboxTests).
                Assert.True(RunsOnlyTheCli(run), $"{file}: a token for a step that does more than run the CLI: {run}");
            }
        }
    }

    /// <summary>Every line runs the CLI or only gathers its arguments (<c>args=(…)</c>, <c>if …; then args+=(…); fi</c>).</summary>
    private static bool RunsOnlyTheCli(string? run)
    {
        var lines = (run ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Any(l => l.StartsWith(".github/scripts/platform ", StringComparison.Ordinal))
            && lines.All(l => l.StartsWith(".github/scripts/platform ", StringComparison.Ordinal) || l.StartsWith("args=(", StringComparison.Ordinal)
                || (l.StartsWith("if [ ", StringComparison.Ordinal) && l.Contains("; then args+=(", StringComparison.Ordinal) && l.EndsWith("; fi", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_job_has_a_timeout_and_declares_least_privilege_permissions(string file)
    {
        foreach (var (name, job) in Jobs(Load(file)))
        {
            var permissions = Map(job, "permissions");
            Assert.True(permissions is not null, $"{file}: job {name} declares no permissions");
            Assert.All(permissions!.Children, p => Assert.Equal("contents", ((YamlScalarNode)p.Key).Value));
            if (Text(job, "uses") is not null)
            {
                continue; // a called workflow: its own jobs carry the timeouts
            }
            Assert.True(int.TryParse(Text(job, "timeout-minutes"), out var minutes) && minutes is > 0 and <= 60, $"{file}: job {name} has no timeout-minutes");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Only_the_default_branch_writes_state(string file)
    {
        var jobs = Jobs(Load(file)).ToDictionary(j => j.Name, j => j.Job);
        foreach (var (name, job) in jobs.Where(j => WritesContents(j.Value)))
        {
            if (Text(job, "uses") is not null)
            {
                // A called workflow refuses by itself (checked in its own file); here it must follow a default-branch job.
                Assert.True(jobs.TryGetValue(Text(job, "needs") ?? "", out var before) && OnlyOnDefaultBranch(before), $"{file}: {name}");
                continue;
            }
            Assert.True(OnlyOnDefaultBranch(job), $"{file}: job {name} can write state from any branch");
        }
        Assert.Equal(file != "ci.yml", jobs.Values.Any(WritesContents));
    }

    /// <summary>A job condition on the default branch, or a first step that refuses any other branch.</summary>
    private static bool OnlyOnDefaultBranch(YamlMappingNode job)
    {
        if (Text(job, "if") == $"github.ref == {DefaultBranch}")
        {
            return true;
        }
        var first = Steps(job).First();
        return Text(first, "if")?.EndsWith($"github.ref != {DefaultBranch}", StringComparison.Ordinal) == true
            && Text(first, "run")?.Contains("exit 1", StringComparison.Ordinal) == true;
    }

    [Fact]
    public void A_push_to_another_branch_checks_and_verifies_read_only()
    {
        var check = Jobs(Load("maintenance.yml")).Single(j => j.Name == "check").Job;
        Assert.Equal($"github.ref != {DefaultBranch}", Text(check, "if"));
        Assert.Equal("read", Text(Map(check, "permissions")!, "contents"));
        Assert.Null(Map(check, "concurrency"));
        var commands = Steps(check).Select(s => Text(s, "run")).OfType<string>().ToList();
        Assert.Equal([".github/scripts/platform maintenance --check", ".github/scripts/platform verify"], commands);
    }

    [Theory]
    [InlineData("maintenance.yml")]
    [InlineData("orchestrator.yml")]
    [InlineData("cache-prune.yml")]
    public void State_changing_jobs_share_one_group_that_never_cancels_a_running_job(string file)
    {
        foreach (var (name, job) in Jobs(Load(file)).Where(j => WritesContents(j.Job) && Text(j.Job, "uses") is null))
        {
            var concurrency = Map(job, "concurrency");
            Assert.True(concurrency is not null, $"{file}: job {name} has no concurrency group");
            Assert.Equal("platform-billing-state", Text(concurrency!, "group"));
            Assert.Equal("false", Text(concurrency!, "cancel-in-progress"));
        }
    }

    [Fact]
    public void A_top_up_is_in_no_group_where_a_newer_queued_job_could_cancel_it() =>
        Assert.All(Jobs(Load("admin-topup.yml")).Concat(Jobs(Load("admin-adjust.yml"))), j => Assert.Null(Map(j.Job, "concurrency")));

    [Fact]
    public void The_hourly_orchestrator_fails_for_failures_the_operator_must_fix() =>
        Assert.Contains(Jobs(Load("orchestrator.yml")).SelectMany(j => Steps(j.Job)).Select(s => Text(s, "run")),
            run => run?.Contains("orchestrator --runtime-dir \"$RUNNER_TEMP/runtime\" --fail-on-platform-failures", StringComparison.Ordinal) == true);

    [Fact]
    public void Ci_runs_the_tests_on_pushes_and_pull_requests_with_read_only_permissions()
    {
        var ci = Load("ci.yml");
        var on = (YamlMappingNode)ci["on"];
        Assert.True(on.Children.ContainsKey("push") && on.Children.ContainsKey("pull_request"));
        Assert.Equal("read", Text(Map(ci, "permissions")!, "contents"));
        Assert.Contains(Jobs(ci).SelectMany(j => Steps(j.Job)).Select(s => Text(s, "run")), run => run?.Contains("dotnet test", StringComparison.Ordinal) == true);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_job_that_builds_restores_nuget_packages_from_a_cache(string file)
    {
        foreach (var (name, job) in Jobs(Load(file)).Where(j => Steps(j.Job).Any(s => Text(s, "uses")?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true)))
        {
            Assert.True(Steps(job).Any(s => Text(s, "uses")?.StartsWith("actions/cache@", StringComparison.Ordinal) == true
                && Map(s, "with") is { } with && Text(with, "path") == "~/.nuget/packages"
                && Text(with, "key")?.Contains("Directory.Packages.props", StringComparison.Ordinal) == true), $"{file}: job {name} has no NuGet cache");
        }
    }
}
