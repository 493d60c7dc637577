using System.Text.Json.Nodes;
using Platform.Domain;
using Platform.Orchestration.Pricing;

namespace Platform.Orchestration.Planning;

/// <summary>
/// What a charge covered, kept in the RUNNING log row's metadata so that a run which died after
/// charging can be finished or refunded later with exactly the amounts that were charged.
/// </summary>
public static class ChargeRecord
{
    public static JsonObject ToJson(Quote quote)
    {
        var charges = new JsonObject();
        foreach (var step in quote.Steps)
        {
            charges[step.Module.Value] = new JsonObject
            {
                ["run"] = step.Run.Value,
                ["save"] = step.SaveToRelease.Value,
                ["publish"] = step.PublishArtifacts,
                ["blocked_by"] = step.ArtifactsBlockedBy,
            };
        }
        return new JsonObject { ["charges"] = charges, ["discount"] = quote.Discount.Value, ["promotion"] = quote.PromotionCode };
    }

    public static Quote? FromJson(JsonObject? metadata)
    {
        if (metadata?["charges"] is not JsonObject charges)
        {
            return null;
        }
        var steps = new List<StepPrice>();
        foreach (var (module, node) in charges)
        {
            steps.Add(new StepPrice(ModuleId.Parse(module, "charges"),
                new Credits(node?["run"]?.GetValue<long>() ?? 0),
                new Credits(node?["save"]?.GetValue<long>() ?? 0),
                node?["publish"]?.GetValue<bool>() ?? false,
                node?["blocked_by"]?.GetValue<string>()));
        }
        return new Quote(steps, new Credits(metadata["discount"]?.GetValue<long>() ?? 0), metadata["promotion"]?.GetValue<string>(), []);
    }
}
