using System.CommandLine;
using Platform.Cli.Commands;
using Platform.Cli.Hosting;
using Platform.Orchestration.ModuleRunner.Sandbox;

if (args is [SandboxSupervisor.CommandName])
{
    // Inside a module sandbox: not a command for people, so not in the help.
    return SandboxSupervisor.Run(Console.OpenStandardInput(), Console.OpenStandardOutput());
}
return Commands(args);

// A method of its own: compiling it loads System.CommandLine and every command, which a sandbox
// supervisor (started once per tenant) does not need.
static int Commands(string[] args)
{
    var options = new CommonOptions();
    var root = new RootCommand("platform: runs paid jobs for tenants and keeps their credits straight");
    options.AddTo(root);
    root.Subcommands.Add(IdsCommand.Create(options));
    root.Subcommands.Add(AdminTopupCommand.Create(options));
    root.Subcommands.Add(ReconcilePaymentsCommand.Create(options));
    root.Subcommands.Add(VerifyCommand.Create(options));
    root.Subcommands.Add(OrchestratorCommand.Create(options));
    root.Subcommands.Add(MaintenanceCommand.Create(options));
    root.Subcommands.Add(CachePruneCommand.Create(options));
    root.Subcommands.Add(StateCommand.Create(options));
    root.Subcommands.Add(AdoptCommand.Create(options));
    root.Subcommands.Add(AdminAdjustCommand.Create(options));
    root.Subcommands.Add(BalanceCommand.Create(options));
    root.Subcommands.Add(DashboardCommand.Create(options));
    root.Subcommands.Add(StatementCommand.Create(options));
    root.Subcommands.Add(LedgerCommand.Create(options));
    root.Subcommands.Add(RunsCommand.Create(options));

    HelpEpilogue.AddTo(root);
    // No arguments at all is a request for help (exit 0), as with gh and dotnet; options alone are a mistake.
    root.SetAction(parse => args.Length == 0 ? root.Parse(["--help"]).Invoke() : ParseErrors.NoCommand(parse, options, args));

    var parse = root.Parse(args);
    return parse.Errors.Count > 0 ? ParseErrors.Report(parse, options, args) : parse.Invoke();
}
