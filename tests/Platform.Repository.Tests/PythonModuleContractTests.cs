using Platform.Repository.Loading;
using Platform.Repository.Modules;

namespace Platform.Repository.Tests;

/// <summary>module.yml without <c>run:</c>: a module of the earlier Python platform when <c>src/run.py</c> exists, an error otherwise.</summary>
public sealed class PythonModuleContractTests
{
    private static readonly ModuleId U2T = ModuleId.Parse("U2T", "module_id");

    /// <summary>The sample's U2T with its <c>run:</c> line replaced (or dropped when <paramref name="run"/> is empty).</summary>
    private static SampleRepository Repo(string run, bool withRunPy)
    {
        var repo = new SampleRepository();
        var lines = repo.Read("modules/U2T/module.yml").Split('\n').Select(l => l.StartsWith("run:", StringComparison.Ordinal) ? run : l);
        repo.Write("modules/U2T/module.yml", string.Join('\n', lines.Where(l => l.Length > 0)) + "\n");
        if (withRunPy)
        {
            repo.Write("modules/U2T/src/run.py", "def run(params, outputs_dir):\n    return {'files': [], 'status': 'COMPLETED'}\n");
        }
        return repo;
    }

    [Fact]
    public void A_module_without_run_and_with_src_run_py_is_a_python_module_with_the_default_timeout()
    {
        using var repo = Repo("", withRunPy: true);

        var load = RepositoryLoader.Load(repo.Root);

        Assert.Empty(load.Errors);
        var run = load.Repository.ModulesById[U2T].Run;
        Assert.Equal((true, 0, ModuleRunCommand.DefaultTimeoutSeconds), (run.Python, run.Command.Count, run.TimeoutSeconds));
    }

    [Fact]
    public void A_python_module_may_set_only_its_timeout()
    {
        using var repo = Repo("run: {timeout_seconds: 45}", withRunPy: true);

        var run = RepositoryLoader.Load(repo.Root).Repository.ModulesById[U2T].Run;

        Assert.Equal((true, 45), (run.Python, run.TimeoutSeconds));
    }

    [Fact]
    public void A_module_with_a_command_stays_a_command_module_even_with_src_run_py()
    {
        using var repo = Repo("run: {command: [\"sh\", \"run.sh\"], timeout_seconds: 60}", withRunPy: true);

        var run = RepositoryLoader.Load(repo.Root).Repository.ModulesById[U2T].Run;

        Assert.Equal((false, "sh"), (run.Python, run.Command[0]));
    }

    [Fact]
    public void A_module_without_run_or_src_run_py_is_an_error_naming_the_missing_file()
    {
        using var repo = Repo("", withRunPy: false);

        var error = Assert.Single(RepositoryLoader.Load(repo.Root).Errors);

        Assert.Equal(("modules/U2T/module.yml", "run"), (error.File, error.Field));
        Assert.Contains("modules/U2T/src/run.py", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_a_command_and_without_src_run_py_is_an_error()
    {
        using var repo = Repo("run: {timeout_seconds: 45}", withRunPy: false);

        var error = Assert.Single(RepositoryLoader.Load(repo.Root).Errors);

        Assert.Equal(("modules/U2T/module.yml", "run.command"), (error.File, error.Field));
    }
}
