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
    /// <summary>The RUNNING row's record of the release ID charged per module (metadata key).</summary>
    public const string ReleaseIdsKey = "release_ids";

    /// <summary>The release ID a charge recorded for one module, or null (also for anything that is not a string).</summary>
    public static string? RecordedRelease(JsonObject? metadata, ModuleId module) => Text((metadata?[ReleaseIdsKey] as JsonObject)?[module.Value]);

    /// <summary>Every release ID a charge recorded that is a string (the log is append-only: a bad row must not stop every run).</summary>
    public static IEnumerable<string> RecordedReleases(JsonObject? metadata) =>
        metadata?[ReleaseIdsKey] is JsonObject recorded ? recorded.Select(p => Text(p.Value)).OfType<string>() : [];

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

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
