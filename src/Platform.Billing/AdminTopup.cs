using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ledger;
using Platform.Repository.Config;
using Platform.Repository.Tenants;
using Platform.State.Transactions;

namespace Platform.Billing;

/// <summary>An operator's top-up request, checked in full before any state is touched.</summary>
public sealed record AdminTopupRequest(TenantId Tenant, TopupMethodId Method, Credits Amount, string Reference, string Note)
{
    /// <summary>Validates the raw CLI values: tenant exists, method exists and is enabled, amount positive, reference non-empty.</summary>
    public static AdminTopupRequest Parse(string repoRoot, string? tenant, string? method, string? amount, string? reference, string? note)
    {
        var tenantId = TenantFolders.RequireExisting(repoRoot, tenant, "--tenant-id");
        var methodId = TopupMethods.Load(repoRoot).RequireEnabled(method ?? "", "--topup-method-id").Id;
        var credits = Credits.ParsePositive(amount, "--amount-credits");
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw PlatformException.BadInput(new Violation(null, null, "--reference", reference ?? "", "must not be empty"));
        }
        return new AdminTopupRequest(tenantId, methodId, credits, reference, note ?? "");
    }

    /// <summary>The same tenant, method and reference always make the same key, so a repeat posts nothing.</summary>
    public string IdempotencyKey => LedgerKeys.Topup(Tenant, Method, Reference);
}

public sealed record TopupOutcome(bool Posted, TransactionId? TransactionId, Credits Balance);

/// <summary>Posts an operator's top-up: one TOPUP transaction with one ADMIN_TOPUP item.</summary>
public static class AdminTopup
{
    public static TopupOutcome Apply(BillingState state, StateChange change, AdminTopupRequest request)
    {
        var id = change.Post(Posting.Topup(request.Tenant, Feature.AdminTopup, request.Amount, request.IdempotencyKey,
            request.Method, request.Reference, request.Note));
        var balance = state.BalanceOf(request.Tenant) + (id is null ? Credits.Zero : request.Amount);
        return new TopupOutcome(id is not null, id, balance);
    }
}
