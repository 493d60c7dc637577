using System.CommandLine;
using Platform.Billing;
using Platform.Cli.Hosting;
using Platform.Cli.Output;

namespace Platform.Cli.Commands;

/// <summary><c>platform admin-topup</c>: posts an operator's TOPUP once per tenant, method and reference.</summary>
public static class AdminTopupCommand
{
    public static Command Create(CommonOptions options)
    {
        var tenant = new Option<string>("--tenant-id") { Description = "Tenant to credit (must exist in tenants/)", Required = true };
        var method = new Option<string>("--topup-method-id") { Description = "Enabled method from config/billing/topup_instructions.csv", Required = true };
        var amount = new Option<string>("--amount-credits") { Description = "Positive whole number of credits", Required = true };
        var reference = new Option<string>("--reference") { Description = "The payment's reference; the same reference posts once", Required = true };
        var note = new Option<string>("--note") { Description = "Free text kept with the transaction" };
        var command = new Command("admin-topup", "Post a TOPUP transaction for a tenant") { tenant, method, amount, reference, note };
        command.SetBody(options, (parse, context) =>
        {
            var request = AdminTopupRequest.Parse(context.RepoRoot, parse.GetValue(tenant), parse.GetValue(method),
                parse.GetValue(amount), parse.GetValue(reference), parse.GetValue(note));
            var outcome = context.StateTransaction().Run((state, change) => AdminTopup.Apply(state, change, request));
            var line = outcome.Posted
                ? $"posted TOPUP {outcome.TransactionId} of {request.Amount} credits to {request.Tenant}; balance {outcome.Balance}"
                : $"already posted: {request.Tenant} has this top-up ({outcome.Amount} credits by method {request.Method}, transaction {outcome.TransactionId}); nothing changed; balance {outcome.Balance}";
            return new CommandReport()
                .Set("posted", outcome.Posted)
                .Set("transaction_id", outcome.TransactionId?.Value)
                .Set("tenant_id", request.Tenant.Value)
                .Set("amount_credits", outcome.Amount.Value)
                .Set("balance", outcome.Balance.Value)
                .Line(line);
        });
        return command;
    }
}
