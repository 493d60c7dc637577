using System.Text;

namespace Platform.EndToEnd.Tests.Support;

/// <summary>
/// A small platform repository built for one orchestrator test: this repository's config and
/// templates, test modules driven by their <c>act</c> input, and tenants and work orders the test adds.
/// The local release store lives inside the folder.
/// </summary>
public sealed class OrchestratorRepo : IDisposable
{
    /// <summary>
    /// One script for every test module. Input <c>act</c>: ok (writes out.txt, plus the upstream
    /// files it received), fail (FAILED bad_input), crash (exit 3), block (unless the file named by
    /// <c>flag</c> exists: starts <c>sleep &lt;nap&gt;</c> (<see cref="Nap"/>), waits until it runs, writes a
    /// line to the FIFO named by input <c>fifo</c> and hangs), flip (ok until the file named by <c>flag</c> exists, then fail),
    /// echo (ok, with out.txt holding the text of the file named by <c>flag</c>, or "none"),
    /// await (reads the FIFO named by <c>fifo</c> to its end, then ok).
    /// </summary>
    private const string Script = """
        #!/bin/sh
        set -eu
        req=$(tr -d '\r\n' < "$PLATFORM_REQUEST_FILE")
        field() { printf '%s' "$req" | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p"; }
        act=$(field act); [ -n "$act" ] || act=ok
        if [ "$act" = echo ]; then
          cat "$(field flag)" > "$PLATFORM_OUTPUTS_DIR/out.txt" 2>/dev/null || echo none > "$PLATFORM_OUTPUTS_DIR/out.txt"
          printf '{"status":"COMPLETED","files":["out.txt"]}' > "$PLATFORM_RESULT_FILE"
          exit 0
        fi
        if [ "$act" = await ]; then
          cat "$(field fifo)" > /dev/null; act=ok
        fi
        if [ "$act" = flip ]; then
          if [ -e "$(field flag)" ]; then act=fail; else act=ok; fi
        fi
        if [ "$act" = block ]; then
          if [ -e "$(field flag)" ]; then act=ok; else nap=$(field nap); sleep "$nap" & until grep -qa "$nap" "/proc/$!/cmdline" 2>/dev/null; do :; done; echo started > "$(field fifo)"; wait; exit 1; fi
        fi
        case "$act" in
          ok)
            printf 'done\n' > "$PLATFORM_OUTPUTS_DIR/out.txt"
            for dir in $(printf '%s' "$req" | grep -o '"upstream":[[:space:]]*{[^}]*}' | grep -o '"/[^"]*"' | tr -d '"'); do
              cat "$dir/out.txt" >> "$PLATFORM_OUTPUTS_DIR/out.txt"
            done
            printf '{"status":"COMPLETED","files":["out.txt"]}' > "$PLATFORM_RESULT_FILE" ;;
          fail) printf '{"status":"FAILED","reason_slug":"bad_input","files":[]}' > "$PLATFORM_RESULT_FILE" ;;
          crash) exit 3 ;;
        esac
        """;

    /// <summary>
    /// A worker that runs a process module's script (BODY) once per request, in a subshell that sees the
    /// PLATFORM_ variables of a process run (the result file is the run folder's result.json), and
    /// answers with what the script wrote there.
    /// </summary>
    public const string WorkerLoop = """
        #!/bin/sh
        set -eu
        while IFS= read -r line; do
            field() { printf '%s' "$line" | sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
            PLATFORM_OUTPUTS_DIR=$(field outputs_dir)
            PLATFORM_REQUEST_FILE=$(field request_file)
            PLATFORM_RESULT_FILE=$(dirname "$PLATFORM_OUTPUTS_DIR")/result.json
            export PLATFORM_OUTPUTS_DIR PLATFORM_REQUEST_FILE PLATFORM_RESULT_FILE
            (
        BODY
            ) >&2 || true
            if [ -f "$PLATFORM_RESULT_FILE" ] && [ ! -L "$PLATFORM_RESULT_FILE" ]; then
                answer=$(tr -d '\r\n' < "$PLATFORM_RESULT_FILE")
                rm -f "$PLATFORM_RESULT_FILE"
                printf '%s\n' "$answer"
            else
                echo '{"status":"FAILED","reason_slug":"no_result","files":[]}'
            fi
        done
        """;

    private static int reasonKeys;
    private readonly TempPlatformRepo repo = new(withSampleContent: false);

    public OrchestratorRepo()
    {
        var source = TempPlatformRepo.SourceRoot;
        foreach (var file in new[] { "config/global_reasons.yml", "config/platform_policy.yml", "config/billing/billing_defaults.csv",
                     "config/billing/promotions.csv", "config/billing/topup_instructions.csv" })
        {
            repo.Write(file, File.ReadAllText(Path.Combine(source, file)));
        }
        foreach (var template in Directory.GetFiles(Path.Combine(source, "releases", "billing-state-v1")))
        {
            repo.Write(Path.Combine("releases", "billing-state-v1", Path.GetFileName(template)), File.ReadAllText(template));
        }
        repo.Write("config/billing/module_prices.csv", "module_id,price_run_credits,price_save_to_release_credits,effective_from,effective_to,active,notes\n");
        repo.Write("config/billing/payments.csv", "payment_id,tenant_id,topup_method_id,amount_credits,reference,received_at,status,note\n");
        repo.Environment["PLATFORM_STORE"] = "local";
    }

    /// <summary>The usual start: modules Aaa and Ccc, tenants Tnt001 and Tnt002, no work orders yet.</summary>
    public static OrchestratorRepo TwoTenants()
    {
        var repo = new OrchestratorRepo();
        repo.AddModule("Aaa");
        repo.AddModule("Ccc");
        repo.AddTenant("Tnt001");
        repo.AddTenant("Tnt002");
        return repo;
    }

    public string Root => repo.Root;

    /// <summary>
    /// A folder the test and its modules share (FIFOs, flag files): inside tenant Tnt001's runs folder,
    /// since a sandboxed module sees nothing of the test's temp folder beyond its tenant's runs.
    /// </summary>
    public string Exchange
    {
        get
        {
            var folder = Path.Combine(Root, "runtime", "runs", "Tnt001", "exchange");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>The argument of this repository's blocking sleeps: finds them on the host, in a sandbox or not.</summary>
    public string Nap { get; } = "600." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string StateDir => repo.StateDir;

    public Dictionary<string, string> Environment => repo.Environment;

    public CliResult Run(params string[] args) => repo.Run(args);

    /// <param name="script">The module's run.sh instead of the act-driven one (it must write its result file).</param>
    /// <param name="network">module.yml <c>network: true</c>.</param>
    /// <param name="worker">module.yml <c>run.protocol: worker</c>: <paramref name="script"/> runs once per request inside <see cref="WorkerLoop"/>.</param>
    public void AddModule(string id, string[]? dependsOn = null, bool artifacts = true, bool cache = false, string? script = null, bool network = false,
        bool worker = false)
    {
        repo.Write($"modules/{id}/module.yml", $"""
            module_id: {id}
            name: test_{id}
            version: 1.0.0
            description: test module
            depends_on: [{string.Join(", ", dependsOn ?? [])}]
            supports_downloadable_artifacts: {(artifacts ? "true" : "false")}
            inputs:
              - {"{"}name: act, required: false, format: text/plain{"}"}
              - {"{"}name: fifo, required: false, format: text/plain{"}"}
              - {"{"}name: flag, required: false, format: text/plain{"}"}
              - {"{"}name: nap, required: false, format: text/plain{"}"}
            outputs:
              - {"{"}name: out, format: text/plain{"}"}
            cache: {(cache ? "{enabled: true, retention_default: 1d, key_inputs: [act]}" : "{enabled: false}")}
            requirements: []
            network: {(network ? "true" : "false")}
            run: {"{"}command: ["sh", "run.sh"], timeout_seconds: 60{(worker ? ", protocol: worker" : "")}{"}"}
            """);
        WriteReasons(id);
        var body = script ?? Script;
        repo.Write($"modules/{id}/run.sh", (worker ? WorkerLoop.Replace("BODY", body, StringComparison.Ordinal) : script is null ? Script : "#!/bin/sh\nset -eu\n" + script)
            .Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>
    /// A module of the earlier Python platform: module.yml without <c>run:</c>, its reasons (<c>bad_input</c>)
    /// and <c>src/run.py</c> holding <paramref name="runPy"/>, which defines <c>run(params, outputs_dir)</c>.
    /// </summary>
    /// <param name="secrets">Keys of its <c>type: secret</c> requirements.</param>
    public void AddPythonModule(string id, string runPy, params string[] secrets)
    {
        PythonModuleFiles.Write(repo, id, runPy, ["act", "nap"], secrets);
        WriteReasons(id);
    }

    /// <summary>The module's validation.yml: one reason, <c>bad_input</c>, under a reason key no other test module has.</summary>
    private void WriteReasons(string id)
    {
        var key = Interlocked.Increment(ref reasonKeys);
        var reasonKey = "T" + Platform.Domain.Ids.Base62.Alphabet[key % 62] + Platform.Domain.Ids.Base62.Alphabet[key / 62 % 62];
        repo.Write($"modules/{id}/validation.yml", $"reasons:\n  - {{reason_key: {reasonKey}, reason_slug: bad_input, category_id: input, description: The input was bad}}\n");
    }

    public void AddTenant(string id, string status = "ACTIVE") =>
        repo.Write($"tenants/{id}/tenant.yml", $"tenant_id: {id}\ntenant_name: Tenant {id}\nstatus: {status}\nallow_release_consumers: []\n");

    /// <param name="steps">Each: module id, the act input, whether artifacts are purchased, extra inputs.</param>
    public void AddWorkOrder(string tenant, string id, string mode, params (string Module, string Act, bool Buy)[] steps) =>
        WriteWorkOrder(tenant, id, mode, true, [], steps.Select(s => (s.Module, $"act: {s.Act}", s.Buy)).ToArray());

    public void WriteWorkOrder(string tenant, string id, string mode, bool enabled, string[] promotions, (string Module, string Inputs, bool Buy)[] steps, bool reuseCache = false)
    {
        var text = new StringBuilder($"work_order_id: {id}\nenabled: {(enabled ? "true" : "false")}\nmode: {mode}\nmetadata: {{title: test}}\nmodules:\n");
        foreach (var (module, inputs, buy) in steps)
        {
            text.Append($"  - module_id: {module}\n    inputs: {{{(inputs.Length > 0 ? inputs + ", " : "")}nap: '{Nap}'}}\n    purchase_release_artifacts: {(buy ? "true" : "false")}\n");
            if (reuseCache)
            {
                text.Append("    reuse_output_type: cache\n");
            }
        }
        if (promotions.Length > 0)
        {
            text.Append($"promotions: [{string.Join(", ", promotions)}]\n");
        }
        repo.Write($"tenants/{tenant}/workorders/{id}.yml", text.ToString());
    }

    public void Maintain()
    {
        var result = repo.Run("maintenance");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    public void Topup(string tenant, long amount, string reference = "initial")
    {
        var result = repo.Run("admin-topup", "--tenant-id", tenant, "--topup-method-id", "BT", "--amount-credits", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reference", reference);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>Runs the orchestrator (JSON) and checks verify passes after it.</summary>
    public CliResult Orchestrate(params string[] extra)
    {
        var result = repo.Run(["orchestrator", "--json", .. extra]);
        var verify = repo.Run("verify", "--only", "state");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        return result;
    }

    public long Balance(string tenant)
    {
        var row = File.ReadAllLines(Path.Combine(StateDir, "tenants_credits.csv")).Single(l => l.StartsWith(tenant + ",", StringComparison.Ordinal));
        return long.Parse(row.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A state table's rows, read by column name (<c>r["type"]</c>).</summary>
    public IReadOnlyList<Platform.Files.Tables.RowView> Rows(string table) => StateRows.Read(StateDir, table);

    public Dictionary<string, string> Snapshot() => repo.Snapshot();

    public void Dispose() => repo.Dispose();
}
