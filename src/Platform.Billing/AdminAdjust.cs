using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ledger;
using Platform.Repository.MaintenanceState;
using Platform.Repository.Tenants;
using Platform.State.Ledger;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Billing;

/// <summary>
/// An operator's correction (SPEC §7, §9), checked in full before any state is touched: the tenant
/// exists, the amount is a non-zero whole number, the reason is a GLOBAL reason maintenance gave a
/// code (declared in config/global_reasons.yml), the reference is not empty.
/// </summary>
public sealed record AdminAdjustRequest(TenantId Tenant, Credits Amount, string ReasonSlug, ReasonCode Reason, string Reference, string Note)
{
    public static AdminAdjustRequest Parse(string repoRoot, string? tenant, string? amount, string? reasonSlug, string? reference, string? note)
    {
        var tenantId = TenantFolders.RequireExisting(repoRoot, tenant, "--tenant-id");
        var credits = Credits.ParseNonZero(amount, "--amount-credits");
        var slug = reasonSlug ?? "";
        var code = ReasonCodeIndex.Read(repoRoot).Global(slug)
            ?? throw PlatformException.BadInput(new Violation(null, null, "--reason-slug", slug,
                $"names no GLOBAL reason in {MaintenanceTables.RelativePath(MaintenanceTables.ReasonRegistry)}: declare it in config/global_reasons.yml and run platform maintenance"));
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw PlatformException.BadInput(new Violation(null, null, "--reference", reference ?? "", "must not be empty"));
        }
        return new AdminAdjustRequest(tenantId, credits, slug, code, reference, note ?? "");
    }

    public string IdempotencyKey => LedgerKeys.Adjustment(Tenant, Reference);

    /// <summary>A TOPUP for a positive amount, a SPEND for a negative one; one item of feature ADJUSTMENT either way.</summary>
    public Posting Posting()
    {
        var type = Amount.Value > 0 ? TransactionType.Topup : TransactionType.Spend;
        var itemType = Amount.Value > 0 ? ItemType.Topup : ItemType.Spend;
        return new Posting(Tenant, type, IdempotencyKey, [new PostingItem(null, Feature.Adjustment, itemType, Amount, Note)],
            reason: Reason, note: Note, metadata: new Dictionary<string, string> { ["reference"] = Reference, ["reason_slug"] = ReasonSlug });
    }
}

public sealed record AdjustOutcome(bool Posted, TransactionId? TransactionId, Credits Balance);

/// <summary>Posts an operator's correction once per tenant and reference; never below a zero balance.</summary>
public static class AdminAdjust
{
    public static AdjustOutcome Apply(BillingState state, StateChange change, AdminAdjustRequest request)
    {
        if (change.IsPosted(request.IdempotencyKey))
        {
            RefuseOtherContent(state, request);
            return new AdjustOutcome(false, null, change.BalanceOf(request.Tenant));
        }
        var balance = change.BalanceOf(request.Tenant);
        var after = balance + request.Amount;
        if (after.Value < 0)
        {
            throw PlatformException.BadInput(new Violation(null, null, "--amount-credits", request.Amount.ToString(),
                $"would take {request.Tenant}'s balance from {balance} to {after}; an adjustment never takes a balance below zero"));
        }
        var id = change.Post(request.Posting());
        return new AdjustOutcome(true, id, after);
    }

    /// <summary>The same reference again must mean the same correction: another amount or reason is a conflict (exit 2), naming both.</summary>
    private static void RefuseOtherContent(BillingState state, AdminAdjustRequest request)
    {
        var posted = PostedTransactions.Find(state.Directory, request.Tenant, request.IdempotencyKey);
        if (posted is null)
        {
            return;
        }
        var schema = BillingTables.Transactions;
        var amount = posted[schema.IndexOf("amount_credits")];
        var reason = posted[schema.IndexOf("reason_code")];
        if (amount != request.Amount.ToString() || reason != request.Reason.Value)
        {
            throw PlatformException.BadInput(new Violation(null, null, "--reference", request.Reference,
                $"was posted as transaction {posted[schema.IndexOf("transaction_id")]} with amount {amount} and reason code {reason}; "
                + $"now asked with amount {request.Amount} and reason {request.ReasonSlug} ({request.Reason}): use a new reference for another correction"));
        }
    }
}
