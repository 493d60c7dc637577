using System.CommandLine;
using Platform.Billing;
using Platform.Cli.Hosting;
using Platform.Cli.Output;

namespace Platform.Cli.Commands;

/// <summary><c>platform admin-adjust</c>: an audited correction of a tenant's credits, once per tenant and reference.</summary>
public static class AdminAdjustCommand
{
    public static Command Create(CommonOptions options)
    {
        var tenant = new Option<string>("--tenant-id") { Description = "Tenant to correct (must exist in tenants/)", Required = true };
        var amount = new Option<string>("--amount-credits") { Description = "+N adds credits, -N takes them (never below a zero balance)", Required = true };
        var reason = new Option<string>("--reason-slug") { Description = "A GLOBAL reason of config/global_reasons.yml (after maintenance)", Required = true };
        var reference = new Option<string>("--reference") { Description = "The correction's reference; the same reference posts once", Required = true };
        var note = new Option<string>("--note") { Description = "Free text kept with the transaction" };
        var command = new Command("admin-adjust", "Post an audited correction (feature ADJUSTMENT) to a tenant's credits") { tenant, amount, reason, reference, note };
        command.SetBody(options, (parse, context) =>
        {
            var request = AdminAdjustRequest.Parse(context.RepoRoot, parse.GetValue(tenant), parse.GetValue(amount),
                parse.GetValue(reason), parse.GetValue(reference), parse.GetValue(note));
            var outcome = context.StateTransaction().Run((state, change) => AdminAdjust.Apply(state, change, request));
            var type = request.Amount.Value > 0 ? "TOPUP" : "SPEND";
            var line = outcome.Posted
                ? $"posted {type} {outcome.TransactionId} (ADJUSTMENT, {request.ReasonSlug}) of {request.Amount} credits to {request.Tenant}; balance {outcome.Balance}"
                : $"already posted: {request.Tenant} has an adjustment with this reference; nothing changed; balance {outcome.Balance}";
            return new CommandReport()
                .Set("posted", outcome.Posted)
                .Set("transaction_id", outcome.TransactionId?.Value)
                .Set("tenant_id", request.Tenant.Value)
                .Set("amount_credits", request.Amount.Value)
                .Set("reason_slug", request.ReasonSlug)
                .Set("balance", outcome.Balance.Value)
                .Line(line);
        });
        return command;
    }
}
