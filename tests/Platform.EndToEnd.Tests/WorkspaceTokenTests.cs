using System.Diagnostics;
using System.Text;
using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// SPEC §12: a module run in the workspace the workflows check out (persist-credentials: false) finds the
/// platform's token nowhere: not in the files, not in .git, not in its environment. The module runs with
/// the sandbox off, the worst case, where it can read the whole workspace.
/// </summary>
public sealed class WorkspaceTokenTests : IDisposable
{
    private readonly GitHubStandIn github = GitHubStandIn.Start();
    private readonly string probe = Path.GetTempFileName();
    private readonly string tokenFile = Path.GetTempFileName();

    public void Dispose()
    {
        github.Dispose();
        File.Delete(probe);
        File.Delete(tokenFile);
    }

    /// <param name="leak">none: the workflows' checkout; the others show the probe finds a token where one is left.</param>
    [Theory]
    [InlineData("none", "clean")]
    [InlineData("persisted-credentials", "git-credentials")]
    [InlineData("file", "workspace")]
    public void A_module_finds_no_token_in_a_checkout_without_persisted_credentials(string leak, string expected)
    {
        using var repo = new OrchestratorRepo();
        foreach (var (name, value) in github.Environment)
        {
            repo.Environment[name] = value;
        }
        repo.Environment["PLATFORM_STORE"] = "github";
        File.WriteAllText(tokenFile, github.Token);
        repo.AddModule("Aaa", script: $$"""
            token=$(cat '{{tokenFile}}')
            found=""
            grep -rqF -D skip "$token" '{{repo.Root}}' 2>/dev/null && found="$found workspace"
            git -C '{{repo.Root}}' config --local --get-regexp 'extraheader|credential' >/dev/null 2>&1 && found="$found git-credentials"
            env | grep -qF "$token" && found="$found environment"
            echo "${found:- clean}" > '{{probe}}'
            echo ok > "$PLATFORM_OUTPUTS_DIR/out.txt"
            printf '{"status":"COMPLETED","files":["out.txt"]}' > "$PLATFORM_RESULT_FILE"
            """);
        repo.AddTenant("Tnt001");
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", true));
        Checkout(repo.Root, leak == "persisted-credentials" ? github.Token : null);
        if (leak == "file")
        {
            File.WriteAllText(Path.Combine(repo.Root, ".env"), "GH_TOKEN=" + github.Token + "\n");
        }
        repo.Maintain();
        repo.Topup("Tnt001", 100);

        var result = repo.Orchestrate("--sandbox", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("COMPLETED", result.StatusOf("Wo000001"));
        Assert.Equal(expected, File.ReadAllText(probe).Trim());
    }

    /// <summary>What actions/checkout leaves: a repository with its origin and, only with persist-credentials, the token as an extra header.</summary>
    private static void Checkout(string root, string? persistedToken)
    {
        Git(root, "init", "-q");
        Git(root, "remote", "add", "origin", "https://github.com/owner/repo");
        if (persistedToken is not null)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + persistedToken));
            Git(root, "config", "--local", "http.https://github.com/.extraheader", "AUTHORIZATION: basic " + basic);
        }
    }

    private static void Git(string root, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var git = Process.Start(start)!;
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
    }
}
