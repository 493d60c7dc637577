using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Orchestration.Planning;
using Platform.Repository.Config;
using Platform.Repository.Loading;
using Platform.Repository.Reasons;
using Platform.Repository.Tenants;
using Platform.Repository.WorkOrders;
using Platform.Repository.MaintenanceState;

namespace Platform.Orchestration.Pricing;

/// <summary>
/// Prices work orders: module prices in force now (else the billing defaults), artifacts charged
/// only when purchased, supported by the module and enabled by the platform, and at most one
/// promotion per work order, limited by its validity and uses per tenant.
/// </summary>
public sealed class Quoter(PlatformRepository repository, DateTimeOffset now, bool storeAllowsArtifacts)
{
    private readonly HashSet<string> platformDisabled = LoadPlatformDisabled(repository.Root);

    public Quote Price(Tenant tenant, WorkOrder order, WorkOrderHistory history)
    {
        var steps = order.Steps.Select(PriceStep).ToList();
        var gross = steps.Aggregate(Credits.Zero, (sum, s) => sum + s.Total);
        var (discount, code, notes) = Promotion(tenant, order, history, gross);
        return new Quote(steps, discount, code, notes);
    }

    private StepPrice PriceStep(WorkOrderStep step)
    {
        var module = repository.ModulesById[step.ModuleId];
        var price = repository.Billing.ModulePrices.LastOrDefault(p => p.ModuleId == step.ModuleId && p.AppliesAt(now));
        var run = price?.RunCredits ?? BillingDefaults.RunCredits(repository.Billing);
        var save = price?.SaveToReleaseCredits ?? BillingDefaults.SaveToReleaseCredits(repository.Billing);
        if (!step.PurchaseReleaseArtifacts)
        {
            return new StepPrice(step.ModuleId, run, Credits.Zero, false, null);
        }
        var blockedBy = !module.SupportsDownloadableArtifacts ? GlobalSlugs.ArtifactsNotAllowedByModule
            : !storeAllowsArtifacts || !repository.Policy.PlatformArtifactsEnabledDefault || platformDisabled.Contains(step.ModuleId.Value) ? GlobalSlugs.ArtifactsNotAllowedByPlatform
            : null;
        return blockedBy is null
            ? new StepPrice(step.ModuleId, run, save, true, null)
            : new StepPrice(step.ModuleId, run, Credits.Zero, false, blockedBy);
    }

    private (Credits Discount, string? Code, IReadOnlyList<string> Notes) Promotion(Tenant tenant, WorkOrder order, WorkOrderHistory history, Credits gross)
    {
        var notes = new List<string>();
        foreach (var code in order.Promotions)
        {
            var promo = repository.Billing.Promotions.FirstOrDefault(p => p.Code == code);
            var uses = history.Redemptions(tenant.Id, code);
            var why = promo is null ? "unknown code"
                : !promo.Active ? "inactive"
                : promo.ValidFrom > now || (promo.ValidTo is { } to && to <= now) ? "outside its validity"
                : !promo.GivesFixedCredits ? $"type {promo.Type} is not supported"
                : int.TryParse(promo.MaxUsesPerTenant, out var max) && max > 0 && uses >= max ? $"used {uses} of {max} times"
                : null;
            if (why is not null)
            {
                notes.Add($"promotion {code}: {why}");
                continue;
            }
            var discount = promo!.ValueCredits < gross ? promo.ValueCredits : gross;
            return discount.Value > 0 ? (discount, code, notes) : (Credits.Zero, null, notes);
        }
        return (Credits.Zero, null, notes);
    }

    private static HashSet<string> LoadPlatformDisabled(string root)
    {
        var errors = new List<Violation>();
        var rows = ExistingTable.Read(root, MaintenanceTables.ModuleArtifactsPolicy, errors) ?? [];
        var table = MaintenanceTables.ModuleArtifactsPolicy;
        var (module, enabled) = (table.IndexOf("module_id"), table.IndexOf("platform_artifacts_enabled"));
        return rows.Where(r => r[enabled] == "false").Select(r => r[module]).ToHashSet(StringComparer.Ordinal);
    }
}
