using System.Security.Cryptography;
using System.Text;

namespace Platform.EndToEnd.Tests.Support;

/// <summary>
/// A repository laid out as the earlier Python platform left it, written from scratch: billing config
/// under platform/billing/ (plain dates, a PROMO_CODE row, no payments.csv), its state template in
/// billing-state-seed/, five GLOBAL reasons without or with two-digit category IDs, tenant nxlkGI
/// (status active, extra fields) with two work orders (a null input, extra fields, promotion WELCOME10),
/// its workflows, and its release in the local store: plain v1 assets where nxlkGI has 100 credits
/// and no transaction. Module Mx1 is a Python module (no <c>run:</c>, a <c>src/run.py</c>) priced 20;
/// modules and work orders the test adds (<see cref="AddModule"/>, <see cref="AddWorkOrder"/>) cost the default 10.
/// </summary>
public static class PythonLayoutRepo
{
    public static readonly string[] StateTables =
    [
        "tenants_credits.csv", "transactions.csv", "transaction_items.csv", "promotion_redemptions.csv", "cache_index.csv",
        "workorders_log.csv", "module_runs_log.csv", "github_releases_map.csv", "github_assets_map.csv",
    ];

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["tenants_credits.csv"] = "tenant_id,credits_available,updated_at,status",
        ["transactions.csv"] = "transaction_id,tenant_id,work_order_id,type,amount_credits,created_at,reason_code,note,metadata_json",
        ["transaction_items.csv"] = "transaction_item_id,transaction_id,tenant_id,module_id,feature,type,amount_credits,created_at,note,metadata_json",
        ["promotion_redemptions.csv"] = "redemption_id,tenant_id,promo_code,credits_granted,created_at,note,metadata_json",
        ["cache_index.csv"] = "cache_key,tenant_id,module_id,created_at,expires_at,cache_id",
        ["workorders_log.csv"] = "work_order_id,tenant_id,status,created_at,started_at,ended_at,note,metadata_json",
        ["module_runs_log.csv"] = "module_run_id,tenant_id,work_order_id,module_id,status,created_at,started_at,ended_at,reason_code,report_path,output_ref,metadata_json",
        ["github_releases_map.csv"] = "release_id,github_release_id,tag,tenant_id,work_order_id,created_at",
        ["github_assets_map.csv"] = "asset_id,github_asset_id,release_id,asset_name,created_at",
    };

    /// <param name="state">The Python platform's state rows by table (default: nxlkGI has 100 credits and no transaction).</param>
    /// <param name="store">local: the state is its release in the local store; none: its local copy .billing-state/.</param>
    public static TempPlatformRepo Create(IReadOnlyDictionary<string, string>? state = null, string store = "local")
    {
        var repo = new TempPlatformRepo(withSampleContent: false);
        repo.Environment["PLATFORM_STORE"] = store;
        // The Python platform's yaml.dump style: list items at the key's own indentation.
        repo.Write("config/global_reasons.yml", """
            reasons:
            - reason_key: Py1
              reason_slug: not_enough_credits
              category_id: '16'
              description: Not enough credits
            - reason_key: Py2
              reason_slug: tenant_suspended
              description: Tenant suspended
            - reason_key: Py3
              reason_slug: workorder_invalid
              category_id: '14'
              description: Invalid work order
            - reason_key: Py4
              reason_slug: internal_error
              category_id: '99'
              description: Internal error
            - reason_key: Py5
              reason_slug: module_failed
              description: Module failed

            """);
        AddModule(repo, "Mx1", """
            import os

            def run(params, outputs_dir):
                path = os.path.join(outputs_dir, "source.txt")
                with open(path, "w") as out:
                    out.write("a text about %s\n" % params.get("topic"))
                return {"files": [path], "status": "completed", "reason_slug": ""}
            """, ["topic", "language"], """
              - {reason_key: Py6, reason_slug: topic_rejected, category_id: '01', description: The topic was rejected}
              - {reason_key: Py7, reason_slug: source_down, description: The source did not answer}

            """);
        repo.Write("platform/billing/billing_defaults.csv", "key,value,notes\ndefault_price_run_credits,10,\ndefault_price_save_to_release_credits,5,\n");
        repo.Write("platform/billing/module_prices.csv",
            "module_id,price_run_credits,price_save_to_release_credits,effective_from,effective_to,active,notes\nMx1,20,5,1970-01-01,,true,written by the Python maintenance\n");
        repo.Write("platform/billing/promotions.csv",
            "promo_id,code,type,value_credits,max_uses_per_tenant,valid_from,valid_to,active,rules_json,notes\nPROMO-001,WELCOME10,PROMO_CODE,10,1,,,true,{},Welcome credits\n");
        repo.Write("platform/billing/topup_instructions.csv", "topup_method_id,name,enabled,instructions\nBT,Bank transfer,true,Wire the amount\n");
        foreach (var table in StateTables)
        {
            repo.Write($"billing-state-seed/{table}", Headers[table] + "\n");
        }
        repo.Write("billing-state-seed/README.md", "Templates of the billing-state-v1 release.\n");
        repo.Write("tenants/nxlkGI/tenant.yml", """
            tenant_id: nxlkGI
            tenant_name: Sample tenant
            status: active
            allow_release_consumers: []
            billing: {plan: starter}
            contact_email: ops@example.com
            created_at: '2025-11-01'
            """);
        repo.Write("tenants/nxlkGI/workorders/Wo000001.yml", """
            work_order_id: Wo000001
            enabled: true
            mode: PARTIAL_ALLOWED
            metadata: {title: First, created_at: '2025-12-31T12:00:00Z', notes: sample}
            created_by: python-ui
            priority: 3
            modules:
              - module_id: Mx1
                inputs: {topic: Example, language: null}
                purchase_release_artifacts: false
                comment: extra field
            promotions: [WELCOME10]
            """);
        repo.Write("tenants/nxlkGI/workorders/Wo000002.yml", """
            work_order_id: Wo000002
            enabled: true
            mode: PARTIAL_ALLOWED
            modules:
              - module_id: Mx1
                inputs: null
            promotions: [WELCOME10]
            """);
        repo.Write(".github/workflows/maintenance.yml", "name: maintenance\non: push\njobs:\n  m:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m platform.cli maintenance\n");
        repo.Write(".github/workflows/nightly.yml", "name: nightly\non: workflow_dispatch\njobs:\n  n:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m platform.cli orchestrator\n");
        repo.Write(".github/workflows/lint.yml", "name: lint\non: push\njobs:\n  l:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo lint\n");
        WriteState(repo, state ?? new Dictionary<string, string> { ["tenants_credits.csv"] = "nxlkGI,100,2025-12-01T00:00:00Z,active\n" }, store);
        return repo;
    }

    /// <summary>A module in the Python platform's shape: <c>src/run.py</c> and <paramref name="reasons"/> (the items of its validation.yml).</summary>
    /// <param name="timeoutSeconds">Written as <c>run: {timeout_seconds: N}</c>; none: no <c>run:</c> (600 s).</param>
    public static void AddModule(TempPlatformRepo repo, string id, string runPy, string[] inputs, string reasons, int? timeoutSeconds = null)
    {
        PythonModuleFiles.Write(repo, id, runPy, inputs, timeoutSeconds: timeoutSeconds);
        repo.Write($"modules/{id}/validation.yml", "reasons:\n" + reasons);
    }

    /// <summary>A work order of nxlkGI that runs one module, with <paramref name="inputs"/> (a YAML flow map, or null) and the promotion code WELCOME10.</summary>
    public static void AddWorkOrder(TempPlatformRepo repo, string id, string module, string inputs = "null") =>
        repo.Write($"tenants/nxlkGI/workorders/{id}.yml",
            $"work_order_id: {id}\nenabled: true\nmode: PARTIAL_ALLOWED\nmodules:\n  - module_id: {module}\n    inputs: {inputs}\npromotions: [WELCOME10]\n");

    /// <summary>The Python platform's state (plain assets and a manifest without generation), as a local-store release or a local copy.</summary>
    private static void WriteState(TempPlatformRepo repo, IReadOnlyDictionary<string, string> rows, string store)
    {
        var folder = store == "local" ? ".platform/releases/billing-state-v1" : ".billing-state";
        var assets = new List<string>();
        var hashes = new List<string>();
        var id = 1;
        foreach (var table in StateTables)
        {
            var text = Headers[table] + "\n" + rows.GetValueOrDefault(table, "");
            repo.Write($"{folder}/{table}", text);
            hashes.Add($"{{\"name\": \"{table}\", \"sha256\": \"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}\"}}");
            assets.Add($"{{\"Id\":{++id},\"Name\":\"{table}\",\"Label\":null}}");
        }
        repo.Write($"{folder}/state_manifest.json", $"{{\"billing_state_version\": \"v1\", \"updated_at\": \"2025-12-01T00:00:00Z\", \"assets\": [{string.Join(", ", hashes)}]}}\n");
        if (store != "local")
        {
            return;
        }
        assets.Add($"{{\"Id\":{++id},\"Name\":\"state_manifest.json\",\"Label\":null}}");
        repo.Write($"{folder}/.release", "1\n");
        repo.Write($"{folder}/.assets", $"[{string.Join(",", assets)}]\n");
        repo.Write(".platform/releases/.last-id", $"{id}\n");
    }
}
