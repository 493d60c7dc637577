namespace Platform.Dashboard.Tests;

/// <summary>The command itself: deterministic, read-only, and careful with the folder it replaces.</summary>
public class DashboardCommandTests
{
    private static Dictionary<string, byte[]> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    [Fact]
    public void The_same_state_and_clock_give_byte_identical_sites_and_change_nothing()
    {
        using var state = new DashboardState();
        var before = state.Repo.Snapshot();
        var first = Path.Combine(state.Output, "first");
        var second = Path.Combine(state.Output, "second");

        var run = state.Dashboard(first, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, run.Json["tenant_pages"]!.GetValue<int>());
        Assert.True(state.Dashboard(second).ExitCode == 0);
        var again = state.Dashboard(first);
        Assert.True(again.ExitCode == 0, again.ToString());

        var site = Files(first);
        Assert.Equal(["index.html", "tenants/Tnt001.html", "tenants/Tnt002.html", "tenants/Tnt003.html"], site.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(site, Files(second));
        Assert.Equal(before, state.Repo.Snapshot());
        Assert.Equal([first, second], Directory.GetFileSystemEntries(state.Output).Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in site)
        {
            var html = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("http:", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("<svg", html, StringComparison.Ordinal);
        }

        state.Repo.Environment["PLATFORM_NOW"] = "2026-01-06T12:00:00Z";
        Assert.True(state.Dashboard(second).ExitCode == 0);
        Assert.NotEqual(site["index.html"], File.ReadAllBytes(Path.Combine(second, "index.html")));
    }

    [Fact]
    public void A_folder_the_dashboard_did_not_write_is_refused_and_kept()
    {
        using var state = new DashboardState();
        var folder = Path.Combine(state.Output, "notes");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "index.html"), "mine");

        var result = state.Dashboard(folder);
        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("--out", line, StringComparison.Ordinal);
        Assert.Contains(folder, line, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "index.html")));
        Assert.Equal([folder], Directory.GetFileSystemEntries(state.Output));

        var days = state.Repo.Run("dashboard", "--out", Path.Combine(state.Output, "site"), "--days", "0");
        Assert.True(days.ExitCode == 2, days.ToString());
        Assert.Contains("--days", Assert.Single(days.ErrorLines), StringComparison.Ordinal);
    }
}
