using Platform.Domain.Errors;
using Platform.State.Manifest;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Tests;

public class LedgerVerificationTests
{
    [Fact]
    public void A_state_written_by_the_python_platform_verifies()
    {
        using var folder = new StateFolder();
        folder.CopyPythonState();
        var (state, log) = BillingState.Inspect(folder.State);
        Assert.Empty(log.Violations);
        Assert.Equal(0, state!.Manifest.Generation);
        Assert.Equal(3, state.TransactionCount);
    }

    [Theory]
    [InlineData("tenants_credits.csv", "Ac7Kq2,290,", "Ac7Kq2,291,", "credits_available")]
    [InlineData("transaction_items.csv", "It3m0002,Sp3nd001,Ac7Kq2,U2T,RUN,SPEND,-10", "It3m0002,Sp3nd001,Ac7Kq2,U2T,RUN,SPEND,-11", "amount_credits")]
    [InlineData("transactions.csv", "transaction_id,tenant_id", "transaction_id,tenant", "header")]
    [InlineData("transactions.csv", "Sp3nd001,Ac7Kq2,UbjkpxZO", "Sp3nd0_1,Ac7Kq2,UbjkpxZO", "transaction_id")]
    [InlineData("transaction_items.csv", "It3m0004,", "It3m0003,", "transaction_item_id")]
    [InlineData("transactions.csv", "SPEND,-15", "SPEND,15", "amount_credits")]
    public void Each_kind_of_tampering_is_found(string file, string find, string replace, string field)
    {
        using var folder = new StateFolder();
        folder.CopyPythonState();
        Tamper(folder, file, find, replace, fixManifest: true);
        var (_, log) = BillingState.Inspect(folder.State);
        Assert.Contains(log.Violations, v => v.Field == field);
    }

    [Fact]
    public void An_altered_asset_breaks_the_manifest_hash()
    {
        using var folder = new StateFolder();
        folder.CopyPythonState();
        Tamper(folder, "workorders_log.csv", "PARTIAL", "COMPLETED", fixManifest: false);
        var (_, log) = BillingState.Inspect(folder.State);
        var violation = Assert.Single(log.Violations);
        Assert.Equal("workorders_log.csv", violation.File);
        Assert.Equal("sha256", violation.Field);
    }

    [Fact]
    public void Violations_name_file_row_field_and_value()
    {
        using var folder = new StateFolder();
        folder.CopyPythonState();
        Tamper(folder, "transaction_items.csv", "It3m0003,Sp3nd001,Ac7Kq2,U2T,SAVE_TO_RELEASE", "It3m0003,Sp3nd001,Ac7Kq2,U2T,SAVE_TO_RELEASEX", fixManifest: true);
        var (_, log) = BillingState.Inspect(folder.State);
        var violation = log.Violations.First();
        Assert.Equal("transaction_items.csv:4: feature='SAVE_TO_RELEASEX': must be one of RUN|SAVE_TO_RELEASE|PROMOTION|ADMIN_TOPUP|PAYMENT|ADJUSTMENT", violation.ToString());
    }

    [Fact]
    public void Items_must_carry_their_transactions_tenant()
    {
        using var folder = new StateFolder();
        folder.CopyPythonState();
        Tamper(folder, "transaction_items.csv", "It3m0004,R3fund01,Ac7Kq2", "It3m0004,R3fund01,Zz99Zz", fixManifest: true);
        var (_, log) = BillingState.Inspect(folder.State);
        Assert.Contains(log.Violations, v => v.Field == "tenant_id" && v.File == "transaction_items.csv");
    }

    [Fact]
    public void An_item_of_an_unknown_transaction_is_found()
    {
        using var folder = new StateFolder();
        folder.CopyPythonState();
        Tamper(folder, "transaction_items.csv", "It3m0004,R3fund01", "It3m0004,R3fund02", fixManifest: true);
        var (_, log) = BillingState.Inspect(folder.State);
        Assert.Contains(log.Violations, v => v.Message.Contains("references no transaction", StringComparison.Ordinal));
    }

    [Fact]
    public void An_asset_of_an_unknown_release_is_found()
    {
        using var folder = new StateFolder();
        folder.CopyPythonState();
        Tamper(folder, "github_assets_map.csv", ",Rel00001,", ",Rel00002,", fixManifest: true);
        var (_, log) = BillingState.Inspect(folder.State);
        Assert.Contains(log.Violations, v => v.Field == "release_id");
    }

    /// <summary>Edits an asset; with <paramref name="fixManifest"/> the manifest is rewritten to match, so only the ledger rules can catch it.</summary>
    private static void Tamper(StateFolder folder, string file, string find, string replace, bool fixManifest)
    {
        var path = folder.PathOf(file);
        var text = File.ReadAllText(path);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
        if (fixManifest)
        {
            var manifestPath = folder.PathOf(BillingTables.ManifestFileName);
            var manifest = StateManifest.Read(manifestPath);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
            manifest = manifest with { Assets = manifest.Assets.Select(a => a.Name == file ? a with { Sha256 = hash } : a).ToList() };
            manifest.Write(manifestPath);
        }
    }

    [Fact]
    public void A_missing_manifest_is_reported_not_invented()
    {
        using var folder = new StateFolder();
        folder.CopyPythonState();
        File.Delete(folder.PathOf(BillingTables.ManifestFileName));
        var (state, log) = BillingState.Inspect(folder.State);
        Assert.Null(state);
        Assert.Contains(log.Violations, v => v.File == BillingTables.ManifestFileName);
        Assert.Throws<PlatformException>(() => BillingState.Load(folder.State));
    }
}
