using System.CommandLine;
using Platform.Cli.Output;
using Platform.Cli.Output.Workflows;
using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Files.Files;

namespace Platform.Cli.Hosting;

/// <summary>Runs a command body and turns what it throws into the contract's exit codes and one-line errors.</summary>
public static class CommandRunner
{
    public static void SetBody(this Command command, CommonOptions options, Func<ParseResult, CommandContext, CommandReport> body) =>
        command.SetAction(parse => Run(parse, options, body));

    private static int Run(ParseResult parse, CommonOptions options, Func<ParseResult, CommandContext, CommandReport> body)
    {
        var output = new ConsoleOutput(parse.GetValue(options.Json), Console.Out, Console.Error)
        {
            Workflow = WorkflowReport.From(CommandContext.CommandPath(parse.CommandResult), parse.GetValue(options.SummaryFile), Console.Error),
        };
        try
        {
            var context = CommandContext.From(parse, options, output);
            var report = body(parse, context);
            output.Report(report);
            return (int)report.ExitCode;
        }
        catch (PlatformException e)
        {
            output.Fail(e.ExitCode, e.Violations);
            return (int)e.ExitCode;
        }
        catch (CreditOverflowException e)
        {
            output.Fail(ExitCode.BadInput, [Violation.Of(e.Message)]);
            return (int)ExitCode.BadInput;
        }
        catch (Exception e) when (DiskRefusal.Is(e))
        {
            output.Fail(ExitCode.StoreUnavailable, [Violation.Of(DiskRefusal.Describe(e))]);
            return (int)ExitCode.StoreUnavailable;
        }
        catch (IOException e)
        {
            output.Fail(ExitCode.Unexpected, [Violation.Of($"I/O failure: {e.Message}")]);
            return (int)ExitCode.Unexpected;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            output.Fail(ExitCode.Unexpected, [Violation.Of($"unexpected {e.GetType().Name}: {e.Message}")]);
            Console.Error.WriteLine(e.StackTrace);
            return (int)ExitCode.Unexpected;
        }
    }
}
