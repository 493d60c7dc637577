using System.Diagnostics;
using System.Globalization;
using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Issue 11: the real CLI against the stateful GitHub stand-in on loopback: the layout v2 commit
/// step, thousands of tags, broken uploads, racing and killed writers, and adoption of v1 releases.
/// </summary>
public sealed class GitHubStoreTests : IDisposable
{
    private readonly GitHubStandIn github = GitHubStandIn.Start();
    private readonly TempPlatformRepo repo = new();

    public GitHubStoreTests()
    {
        repo.Environment["PLATFORM_STORE"] = "github";
        foreach (var (name, value) in github.Environment)
        {
            repo.Environment[name] = value;
        }
    }

    private static string[] Topup(string reference, long amount = 1, string? stateDir = null) =>
        [.. new[] { "admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits", amount.ToString(CultureInfo.InvariantCulture), "--reference", reference },
            .. stateDir is null ? Array.Empty<string>() : ["--billing-state-dir", stateDir]];

    /// <summary>Reads the store from a folder that holds nothing yet: what any other machine would see.</summary>
    private CliResult VerifyFromScratch()
    {
        var fresh = repo.PathOf($"machines/{Guid.NewGuid():N}");
        return repo.Run("verify", "--only", "state", "--billing-state-dir", fresh, "--json");
    }

    private long BalanceFromScratch()
    {
        var fresh = repo.PathOf($"machines/{Guid.NewGuid():N}");
        Assert.Equal(0, repo.Run("verify", "--only", "state", "--billing-state-dir", fresh).ExitCode);
        var row = File.ReadAllLines(Path.Combine(fresh, "tenants_credits.csv")).Single(l => l.StartsWith("Ac7Kq2,", StringComparison.Ordinal));
        return long.Parse(row.Split(',')[1], CultureInfo.InvariantCulture);
    }

    [Fact]
    public void A_posting_makes_a_handful_of_content_creating_requests_and_reads_one_ref()
    {
        Assert.Equal(0, repo.Run(Topup("first", 5)).ExitCode);
        var before = github.Traffic.Snapshot();

        var result = repo.Run(Topup("second", 7));

        Assert.True(result.ExitCode == 0, result.ToString());
        var used = github.Traffic.Snapshot() - before;
        Assert.InRange(used.ContentCreatingRequests, 1, 6);
        Assert.Equal(0, used.RequestsTo("GET /repos/{owner}/{repo}/git/refs/"));
        Assert.InRange(used.BytesReceived, 1, 1 << 20);
        Assert.InRange(used.BytesSent, 1, 1 << 20);
        Assert.NotNull(github.RefSha("refs/heads/platform-state"));
        Assert.Equal(12, BalanceFromScratch());
    }

    [Fact]
    public void Four_thousand_tags_in_the_repository_do_not_jam_state_commands()
    {
        github.SeedTags(4000);

        Assert.Equal(0, repo.Run(Topup("a", 5)).ExitCode);
        Assert.Equal(0, repo.Run(Topup("b", 6)).ExitCode);
        var verify = VerifyFromScratch();

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal(0, github.Traffic.Snapshot().RequestsTo("GET /repos/{owner}/{repo}/git/refs/"));
        Assert.True(github.Traffic.Snapshot().RequestsTo("GET /repos/{owner}/{repo}/git/ref/") >= 3);
        Assert.Equal(11, BalanceFromScratch());
    }

    [Fact]
    public void Broken_uploads_lose_no_acknowledged_posting_and_most_top_ups_need_no_help()
    {
        // Every posting seals a pack, so every posting uploads; a fifth of the uploads break off.
        repo.Environment["PLATFORM_PACK_SEAL_BYTES"] = "1";
        github.Faults = github.Faults with { Seed = 11, BrokenUploads = FaultOdds.Fractionally(0.2) };
        var acknowledged = 0L;
        var succeeded = 0;
        for (var i = 1; i <= 10; i++)
        {
            var result = repo.Run(Topup($"broken-{i}", i));
            if (result.ExitCode == 0)
            {
                acknowledged += i;
                succeeded++;
            }
        }

        Assert.True(github.Traffic.Snapshot().FaultsInjected > 0);
        Assert.InRange(succeeded, 8, 10);
        github.Faults = StandInFaults.None;
        Assert.Equal(0, VerifyFromScratch().ExitCode);
        Assert.Equal(acknowledged, BalanceFromScratch());
        Assert.DoesNotContain(github.Assets("billing-state-v1"), a => a.State != "uploaded");
    }

    [Fact]
    public async Task Sixteen_writers_on_separate_machines_lose_no_acknowledged_posting()
    {
        Assert.Equal(0, repo.Run(Topup("seed", 1)).ExitCode);
        var writers = Enumerable.Range(1, 16)
            .Select(i => (Amount: (long)i, Process: PlatformCli.Start(repo.Root, repo.Environment, Topup($"racer-{i}", i, repo.PathOf($"machines/racer-{i}")))))
            .ToList();
        var acknowledged = 1L;
        foreach (var (amount, process) in writers)
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
            acknowledged += amount;
            process.Dispose();
        }

        Assert.Equal(0, VerifyFromScratch().ExitCode);
        Assert.Equal(acknowledged, BalanceFromScratch());
    }

    [Theory]
    [InlineData("publish:start")]
    [InlineData("publish:object")]
    [InlineData("publish:seal")]
    [InlineData("publish:merge")]
    [InlineData("publish:commit")]
    [InlineData("publish:ref")]
    [InlineData("publish:done")]
    public void A_writer_killed_at_any_step_of_a_publish_loses_nothing_acknowledged_and_no_reader_sees_a_mix(string failpoint)
    {
        repo.Environment["PLATFORM_PACK_SEAL_BYTES"] = "1";
        // The bootstrap and fifteen postings make sixteen level-0 packs, so the next posting merges them.
        for (var i = 1; i <= 15; i++)
        {
            Assert.Equal(0, repo.Run(Topup($"before-{i}", 1)).ExitCode);
        }
        var head = github.RefSha("refs/heads/platform-state");

        repo.Environment["PLATFORM_FAILPOINT"] = failpoint;
        var killed = repo.Run(Topup("interrupted", 100));
        repo.Environment.Remove("PLATFORM_FAILPOINT");
        Assert.Equal(137, killed.ExitCode);

        // A reader sees either generation 15 or 16, whole.
        var balance = BalanceFromScratch();
        Assert.Contains(balance, new[] { 15L, 115L });
        Assert.Equal(balance == 115, github.RefSha("refs/heads/platform-state") != head);
        Assert.Equal(0, repo.Run(Topup("after", 1000)).ExitCode);
        Assert.Equal(0, repo.Run(Topup("interrupted", 100)).ExitCode);
        Assert.Equal(1115, BalanceFromScratch());
    }

    [Fact]
    public void Sold_artifacts_hold_exactly_the_bytes_their_manifest_names_though_uploads_break_off()
    {
        using var orchestration = new OrchestratorRepo();
        orchestration.Environment["PLATFORM_STORE"] = "github";
        foreach (var (name, value) in github.Environment)
        {
            orchestration.Environment[name] = value;
        }
        orchestration.AddModule("Aaa");
        orchestration.AddModule("Bbb", ["Aaa"]);
        orchestration.AddTenant("Tnt001");
        for (var i = 1; i <= 6; i++)
        {
            orchestration.AddWorkOrder("Tnt001", $"Wo00000{i}", "PARTIAL_ALLOWED", ("Aaa", "ok", true), ("Bbb", "ok", true));
        }
        orchestration.Maintain();
        orchestration.Topup("Tnt001", 1000);
        github.Faults = github.Faults with { Seed = 5, BrokenUploads = FaultOdds.Fractionally(0.2) };

        // A run whose uploads keep breaking may end early; the next run settles what it left.
        for (var run = 0; run < 3 && orchestration.Orchestrate().ExitCode != 0; run++)
        {
        }

        Assert.True(github.Traffic.Snapshot().FaultsInjected > 0);
        github.Faults = StandInFaults.None;
        var sold = github.Releases().Where(r => r.Tag.StartsWith("r-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sold);
        foreach (var release in sold)
        {
            var assets = github.Assets(release.Tag);
            var manifest = System.Text.Json.Nodes.JsonNode.Parse(assets.Single(a => a.Name == "manifest.json").Text)!["files"]!.AsArray();
            Assert.All(assets, a => Assert.Equal("uploaded", a.State));
            Assert.Equal(manifest.Count + 1, assets.Count);
            foreach (var file in manifest)
            {
                var asset = assets.Single(a => a.Name == file!["name"]!.GetValue<string>());
                Assert.Equal(file!["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(asset.Content.Span)));
            }
        }
        Assert.Equal(0, orchestration.Run("verify", "--only", "state").ExitCode);
    }

    [Fact]
    public void A_release_written_by_the_python_platform_is_read_as_it_is_and_adopted_on_first_write()
    {
        github.SeedRelease("billing-state-v1");
        var templates = Path.Combine(TempPlatformRepo.SourceRoot, "releases", "billing-state-v1");
        var tables = Directory.GetFiles(templates, "*.csv").ToDictionary(p => Path.GetFileName(p), File.ReadAllText);
        // The Python platform's rows: no idempotency keys, a manifest without a generation.
        tables["transactions.csv"] += "Tx000001,Ac7Kq2,,TOPUP,40,2025-12-01T10:00:00Z,,wire,{}\n";
        tables["transaction_items.csv"] += "Ti000001,Tx000001,Ac7Kq2,,ADMIN_TOPUP,TOPUP,40,2025-12-01T10:00:00Z,wire,{}\n";
        tables["tenants_credits.csv"] += "Ac7Kq2,40,2025-12-01T10:00:00Z,ACTIVE\n";
        var assets = new List<string>();
        foreach (var (name, text) in tables)
        {
            github.SeedAsset("billing-state-v1", name, text);
            assets.Add($"{{\"name\":\"{name}\",\"sha256\":\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))}\"}}");
        }
        github.SeedAsset("billing-state-v1", "state_manifest.json", $"{{\"billing_state_version\":\"v1\",\"updated_at\":\"2025-12-01T10:00:00Z\",\"assets\":[{string.Join(',', assets)}]}}");

        var read = VerifyFromScratch();
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Null(github.RefSha("refs/heads/platform-state"));

        var before = github.Traffic.Snapshot();
        var topup = repo.Run(Topup("after-adoption", 2));
        var adoption = github.Traffic.Snapshot() - before;

        Assert.True(topup.ExitCode == 0, topup.ToString());
        Assert.NotNull(github.RefSha("refs/heads/platform-state"));
        var names = github.Assets("billing-state-v1").Select(a => a.Name).ToList();
        Assert.Contains("legacy-v1.state_manifest.json", names);
        Assert.DoesNotContain("state_manifest.json", names);
        Assert.InRange(adoption.ContentCreatingRequests, 1, 6);
        Assert.Equal(42, BalanceFromScratch());
    }

    public void Dispose()
    {
        repo.Dispose();
        github.Dispose();
    }
}
