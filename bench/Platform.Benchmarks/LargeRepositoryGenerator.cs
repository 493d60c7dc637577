using System.Globalization;
using System.Text;
using Platform.Domain.Ids;
using Platform.Files.Csv;
using Platform.Repository.Config;
using Platform.Repository.Reasons;

namespace Platform.Benchmarks;

/// <summary>
/// Writes a large, structurally valid platform repository for timing maintenance and the orchestrator's
/// planning (default: 500 modules, 2,000 tenants, 10,000 work orders). Modules come in groups of five:
/// the first has no dependency, the other four depend on it, so every generated work order (a group
/// head plus up to two members) is valid. IDs are random, as the ID policy requires.
/// </summary>
public sealed class LargeRepositoryGenerator
{
    public int Modules { get; init; } = 500;

    public int Tenants { get; init; } = 2_000;

    public int WorkOrders { get; init; } = 10_000;

    /// <summary>Fixes the choice of modules per work order (IDs stay random); same seed, same shape.</summary>
    public int Seed { get; init; } = 7;

    public void Write(string repoRoot)
    {
        var random = new Random(Seed);
        var reasonKeys = new Queue<string>(IdGenerator.NewValues(IdKind.ReasonKey, GlobalSlugs.Required.Count + (2 * Modules)));
        var modules = IdGenerator.NewValues(IdKind.Module, Modules);
        var tenants = IdGenerator.NewValues(IdKind.Tenant, Tenants);
        var workOrders = IdGenerator.NewValues(IdKind.WorkOrder, WorkOrders);
        WriteConfig(repoRoot, reasonKeys);
        for (var i = 0; i < modules.Count; i++)
        {
            var head = modules[i - (i % 5)];
            WriteModule(repoRoot, modules[i], i % 5 == 0 ? null : head, reasonKeys);
        }
        for (var t = 0; t < tenants.Count; t++)
        {
            Write(repoRoot, $"tenants/{tenants[t]}/tenant.yml",
                $"tenant_id: {tenants[t]}\ntenant_name: Tenant {t}\nstatus: ACTIVE\nallow_release_consumers: [{tenants[(t + 1) % tenants.Count]}]\nbilling: {{plan: standard}}\n");
        }
        for (var w = 0; w < workOrders.Count; w++)
        {
            var group = random.Next(Math.Max(1, modules.Count / 5)) * 5;
            var members = Enumerable.Range(group + 1, Math.Min(4, modules.Count - group - 1)).OrderBy(_ => random.Next()).Take(random.Next(3)).ToArray();
            var text = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"work_order_id: {workOrders[w]}\nenabled: true\nmode: {(w % 2 == 0 ? "PARTIAL_ALLOWED" : "ALL_OR_NOTHING")}\n")
                .Append(CultureInfo.InvariantCulture, $"metadata: {{title: Generated order {w}, created_at: '2026-01-01T00:00:00Z', notes: benchmark}}\nmodules:\n")
                .Append(CultureInfo.InvariantCulture, $"  - module_id: {modules[group]}\n    inputs: {{topic: Topic {w}, language: en}}\n    reuse_output_type: cache\n");
            foreach (var member in members)
            {
                text.Append(CultureInfo.InvariantCulture, $"  - module_id: {modules[member]}\n    inputs: {{topic: Topic {w}}}\n    purchase_release_artifacts: true\n");
            }
            Write(repoRoot, $"tenants/{tenants[w % tenants.Count]}/workorders/{workOrders[w]}.yml", text.ToString());
        }
    }

    private static void WriteConfig(string repoRoot, Queue<string> reasonKeys)
    {
        var reasons = new StringBuilder("reasons:\n");
        foreach (var slug in GlobalSlugs.Required)
        {
            reasons.Append(CultureInfo.InvariantCulture, $"  - {{reason_key: {reasonKeys.Dequeue()}, reason_slug: {slug}, category_id: platform, description: Generated}}\n");
        }
        Write(repoRoot, "config/global_reasons.yml", reasons.ToString());
        Write(repoRoot, "config/platform_policy.yml", "platform_artifacts_enabled_default: true\n");
        Write(repoRoot, "config/billing/billing_defaults.csv",
            "key,value,notes\ndefault_price_run_credits,10,\ndefault_price_save_to_release_credits,5,\n");
        foreach (var table in new[] { ConfigTables.ModulePrices, ConfigTables.Promotions, ConfigTables.TopupInstructions, ConfigTables.Payments })
        {
            Write(repoRoot, $"{ConfigTables.Folder}/{table.FileName}", table.HeaderLine + "\n");
        }
    }

    private static void WriteModule(string repoRoot, string id, string? dependency, Queue<string> reasonKeys)
    {
        var dependsOn = dependency is null ? "[]" : $"[{dependency}]";
        Write(repoRoot, $"modules/{id}/module.yml",
            $"module_id: {id}\nname: generated_{id}\nversion: 0.1.0\ndescription: Generated module\ndepends_on: {dependsOn}\n" +
            "supports_downloadable_artifacts: true\ninputs:\n  - {name: topic, required: true, format: text/plain}\n  - {name: language, required: false, format: text/plain}\n" +
            "outputs:\n  - {name: text, format: text/plain}\ncache: {enabled: true, retention_default: 1w, key_inputs: [topic]}\n" +
            "requirements:\n  - {type: tool, key: sh, value: posix, note: generated}\nrun: {command: [sh, run.sh], timeout_seconds: 60}\n");
        Write(repoRoot, $"modules/{id}/run.sh", RunScript);
        Write(repoRoot, $"modules/{id}/validation.yml",
            $"reasons:\n  - {{reason_key: {reasonKeys.Dequeue()}, reason_slug: input_rejected, category_id: input, description: Generated}}\n" +
            $"  - {{reason_key: {reasonKeys.Dequeue()}, reason_slug: upstream_down, category_id: upstream, description: Generated}}\n");
    }

    /// <summary>A module that succeeds at once, so a benchmark of the orchestrator measures the platform, not the modules.</summary>
    private const string RunScript =
        "#!/bin/sh\nset -eu\nprintf 'generated\\n' > \"$PLATFORM_OUTPUTS_DIR/out.txt\"\n" +
        "printf '{\"status\":\"COMPLETED\",\"reason_slug\":null,\"files\":[\"out.txt\"]}\\n' > \"$PLATFORM_RESULT_FILE\"\n";

    private static void Write(string repoRoot, string relative, string text)
    {
        var path = Path.Combine(repoRoot, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, CsvFormat.Utf8);
    }
}
