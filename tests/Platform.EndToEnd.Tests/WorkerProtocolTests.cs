using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The sample repository's work orders run once with every module as a process and once with every
/// module as a worker (<c>run.protocol: worker</c>, the sample scripts' <c>--worker</c> mode): the
/// ledger, the logs and the outputs come out the same.
/// </summary>
public class WorkerProtocolTests
{
    private static readonly string[] Modules = ["U2T", "ZQ5", "mrB"];

    private static TempPlatformRepo Repo(bool worker)
    {
        var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";
        if (worker)
        {
            foreach (var module in Modules)
            {
                var yml = File.ReadAllText(repo.PathOf($"modules/{module}/module.yml"));
                var changed = yml.Replace("""run: {command: ["sh", "run.sh"],""", """run: {command: ["sh", "run.sh", "--worker"], protocol: worker,""", StringComparison.Ordinal);
                Assert.NotEqual(yml, changed);
                repo.Write($"modules/{module}/module.yml", changed);
            }
        }
        var maintained = repo.Run("maintenance");
        Assert.True(maintained.ExitCode == 0, maintained.ToString());
        foreach (var tenant in new[] { "Ac7Kq2", "Bx9Lm4" })
        {
            var topup = repo.Run("admin-topup", "--tenant-id", tenant, "--topup-method-id", "BT", "--amount-credits", "500", "--reference", "initial");
            Assert.True(topup.ExitCode == 0, topup.ToString());
        }
        return repo;
    }

    [Theory]
    [InlineData("off")]
    [InlineData("required")]
    public void The_sample_work_orders_leave_the_same_ledger_logs_and_outputs_under_either_protocol(string sandbox)
    {
        using var processes = Repo(worker: false);
        using var workers = Repo(worker: true);

        var first = processes.Run("orchestrator", "--sandbox", sandbox);
        var second = workers.Run("orchestrator", "--sandbox", sandbox);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(first.OutputLines.Where(l => l.Contains('/', StringComparison.Ordinal)), second.OutputLines.Where(l => l.Contains('/', StringComparison.Ordinal)));
        Assert.Equal(File.ReadAllText(Path.Combine(processes.StateDir, "tenants_credits.csv")), File.ReadAllText(Path.Combine(workers.StateDir, "tenants_credits.csv")));
        Assert.Equal(Ledger(processes), Ledger(workers));
        var runs = RunFiles(processes);
        Assert.Contains(runs, f => f.Key.EndsWith("/outputs/transformed.txt", StringComparison.Ordinal));
        Assert.Equal(runs, RunFiles(workers));
    }

    /// <summary>Every ledger and run-log row without its generated IDs and times (the status, reason, amounts and tenants stay).</summary>
    private static List<string> Ledger(TempPlatformRepo repo) =>
    [
        .. Rows(repo, "transactions.csv", "tenant_id", "work_order_id", "type", "amount_credits", "reason_code"),
        .. Rows(repo, "transaction_items.csv", "module_id", "feature", "amount_credits", "reason_code"),
        .. Rows(repo, "module_runs_log.csv", "tenant_id", "work_order_id", "module_id", "status", "reason_code"),
        .. Rows(repo, "workorders_log.csv", "tenant_id", "work_order_id", "status"),
    ];

    private static IEnumerable<string> Rows(TempPlatformRepo repo, string table, params string[] columns)
    {
        var lines = Platform.Files.Csv.CsvFormat.ReadAll(File.ReadAllText(Path.Combine(repo.StateDir, table))).ToList();
        var header = lines[0].ToList();
        var kept = columns.Where(header.Contains).Select(c => header.IndexOf(c)).ToList();
        return lines.Skip(1).Select(row => table + ": " + string.Join(",", kept.Select(i => row[i]))).Order(StringComparer.Ordinal);
    }

    /// <summary>
    /// Each run folder's files by tenant, work order, module and name, with their text (an archive by
    /// its listing: gzip and tar stamp times). The run's own ID is left out of the key and the text.
    /// </summary>
    private static SortedDictionary<string, string> RunFiles(TempPlatformRepo repo)
    {
        var runs = Path.Combine(repo.Root, "runtime", "runs");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(runs, "*", SearchOption.AllDirectories))
        {
            var parts = Path.GetRelativePath(runs, file).Split('/');
            if (parts[^1] == "request.json")
            {
                continue;
            }
            var key = string.Join('/', parts.Take(3).Concat(parts.Skip(4)));
            // The sample modules name their run in the result: that ID, too, is the run's own.
            files.Add(key, file.EndsWith(".tar.gz", StringComparison.Ordinal) ? "archive" : File.ReadAllText(file).Replace(parts[3], "RUN", StringComparison.Ordinal));
        }
        return files;
    }
}
