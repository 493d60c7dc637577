using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

public class AdminTopupTests
{
    private static string[] Topup(string tenant = "Ac7Kq2", string method = "BT", string amount = "250", string reference = "wire-77") =>
        ["admin-topup", "--tenant-id", tenant, "--topup-method-id", method, "--amount-credits", amount, "--reference", reference];

    [Fact]
    public void Topup_on_an_empty_folder_creates_the_state_and_posts_once()
    {
        using var repo = new TempPlatformRepo();
        var first = repo.Run([.. Topup(), "--json"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(first.Json["posted"]!.GetValue<bool>());
        Assert.Equal(250, first.Json["balance"]!.GetValue<long>());

        var again = repo.Run([.. Topup(), "--json"]);
        Assert.Equal(0, again.ExitCode);
        Assert.False(again.Json["posted"]!.GetValue<bool>());
        Assert.Equal(250, again.Json["balance"]!.GetValue<long>());

        var verify = repo.Run("verify", "--only", "state", "--json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var transactions = File.ReadAllLines(Path.Combine(repo.StateDir, "transactions.csv"));
        Assert.Equal(2, transactions.Length);
        Assert.Contains("2026-01-04T18:37:22Z", transactions[1], StringComparison.Ordinal);
        Assert.Equal("Ac7Kq2,250,2026-01-04T18:37:22Z,ACTIVE", File.ReadAllLines(Path.Combine(repo.StateDir, "tenants_credits.csv"))[1]);
    }

    [Theory]
    [InlineData("Zz99Zz", "BT", "10", "r", "--tenant-id")]
    [InlineData("Ac7K", "BT", "10", "r", "--tenant-id")]
    [InlineData("Ac7Kq2", "QQ", "10", "r", "--topup-method-id")]
    [InlineData("Ac7Kq2", "XX", "10", "r", "--topup-method-id")]
    [InlineData("Ac7Kq2", "BT", "0", "r", "--amount-credits")]
    [InlineData("Ac7Kq2", "BT", "-10", "r", "--amount-credits")]
    [InlineData("Ac7Kq2", "BT", "12.5", "r", "--amount-credits")]
    [InlineData("Ac7Kq2", "BT", "abc", "r", "--amount-credits")]
    [InlineData("Ac7Kq2", "BT", "9223372036854775808", "r", "--amount-credits")]
    [InlineData("Ac7Kq2", "BT", "10", "", "--reference")]
    [InlineData("Ac7Kq2", "BT", "10", "   ", "--reference")]
    public void Bad_input_exits_2_with_one_line_and_changes_nothing(string tenant, string method, string amount, string reference, string field)
    {
        using var repo = new TempPlatformRepo();
        var before = repo.Snapshot();
        var result = repo.Run(Topup(tenant, method, amount, reference));
        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(field, line, StringComparison.Ordinal);
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void Overflowing_the_balance_is_refused_without_a_change()
    {
        using var repo = new TempPlatformRepo();
        Assert.Equal(0, repo.Run(Topup(amount: "9223372036854775000", reference: "big")).ExitCode);
        var before = repo.Snapshot();
        var result = repo.Run(Topup(amount: "1000", reference: "bigger"));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("credit overflow: 9223372036854775000 + 1000", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void Awkward_references_and_notes_survive_the_round_trip()
    {
        using var repo = new TempPlatformRepo();
        const string reference = "wire, \"urgent\"\nsecond line";
        const string note = "note with, comma and \"quotes\"\r\nand a CRLF";
        Assert.Equal(0, repo.Run([.. Topup(reference: reference), "--note", note]).ExitCode);
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
        var again = repo.Run([.. Topup(reference: reference), "--json"]);
        Assert.False(again.Json["posted"]!.GetValue<bool>());
        var text = File.ReadAllText(Path.Combine(repo.StateDir, "transactions.csv"));
        Assert.Contains("\"note with, comma and \"\"quotes\"\"\r\nand a CRLF\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_python_state_is_read_verified_and_extended()
    {
        using var repo = new TempPlatformRepo();
        Directory.CreateDirectory(repo.StateDir);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "python-state")))
        {
            File.Copy(file, Path.Combine(repo.StateDir, Path.GetFileName(file)));
        }
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
        var topup = repo.Run([.. Topup(amount: "10"), "--json"]);
        Assert.True(topup.ExitCode == 0, topup.ToString());
        Assert.Equal(300, topup.Json["balance"]!.GetValue<long>());
        var verify = repo.Run("verify", "--only", "state", "--json");
        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(1, verify.Json["state_generation"]!.GetValue<long>());
    }
}
