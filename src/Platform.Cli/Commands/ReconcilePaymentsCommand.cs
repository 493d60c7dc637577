using System.CommandLine;
using Platform.Billing;
using Platform.Cli.Hosting;
using Platform.Cli.Output;

namespace Platform.Cli.Commands;

/// <summary><c>platform reconcile-payments</c>: posts each confirmed payment once.</summary>
public static class ReconcilePaymentsCommand
{
    public static Command Create(CommonOptions options)
    {
        var command = new Command("reconcile-payments", "Post every CONFIRMED or SETTLED row of config/billing/payments.csv once");
        command.SetBody(options, (_, context) =>
        {
            var check = PaymentReconciler.Read(context.RepoRoot);
            var outcome = context.StateTransaction().Run((_, change) => PaymentReconciler.Apply(change, check));
            return new CommandReport()
                .Set("posted", outcome.Posted)
                .Set("already_posted", outcome.AlreadyPosted)
                .Set("not_confirmed", outcome.NotConfirmed)
                .Set("credits_posted", outcome.CreditsPosted)
                .Line($"payments: {outcome.Posted} posted ({outcome.CreditsPosted} credits), {outcome.AlreadyPosted} already posted, {outcome.NotConfirmed} not confirmed");
        });
        return command;
    }
}
