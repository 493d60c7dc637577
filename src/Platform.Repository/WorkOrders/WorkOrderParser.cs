using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Repository.Modules;
using Platform.Repository.Yaml;

namespace Platform.Repository.WorkOrders;

/// <summary>
/// Reads one work order. Only its identity is structural (work_order_id valid and equal to the file
/// stem: an error); everything else is content, checked against the modules, and becomes the work
/// order's problems (warnings), so one bad order never stops the others.
/// </summary>
public static class WorkOrderParser
{
    public const string ModeAllOrNothing = "ALL_OR_NOTHING";
    public const string ModePartialAllowed = "PARTIAL_ALLOWED";
    public const string ReuseCache = "cache";

    public static WorkOrder? Parse(
        YamlFields yaml,
        TenantId tenant,
        WorkOrderId fileId,
        string revision,
        IReadOnlyDictionary<ModuleId, ModuleContract> modules)
    {
        var errorsBefore = yaml.Sink.Count;
        var id = yaml.Id<WorkOrderKind>("work_order_id");
        if (id is WorkOrderId declared && declared != fileId)
        {
            yaml.Report("work_order_id", declared.Value, $"must equal the file name '{fileId}.yml'");
        }
        if (yaml.Sink.Count != errorsBefore)
        {
            return null;
        }
        var problems = new List<Violation>();
        var content = yaml.ReportingTo(problems);
        var enabled = content.Bool("enabled", fallback: true);
        var mode = Mode(content);
        var metadata = Metadata(content);
        var steps = Steps(content, modules);
        CheckDependencies(content, steps, modules);
        var promotionTexts = content.Texts("promotions");
        var promotions = promotionTexts.Count == 0 ? [] : new string[promotionTexts.Count];
        for (var i = 0; i < promotions.Length; i++)
        {
            promotions[i] = promotionTexts[i].Text;
        }
        return new WorkOrder(tenant, fileId, enabled, mode, metadata, steps, promotions, yaml.File, revision, problems.Count == 0 ? [] : problems);
    }

    private static WorkOrderMode Mode(YamlFields content)
    {
        var text = content.Text("mode") ?? ModePartialAllowed;
        switch (text)
        {
            case ModePartialAllowed:
                return WorkOrderMode.PartialAllowed;
            case ModeAllOrNothing:
                return WorkOrderMode.AllOrNothing;
            default:
                content.Report("mode", text, $"must be {ModePartialAllowed} or {ModeAllOrNothing}");
                return WorkOrderMode.PartialAllowed;
        }
    }

    private static WorkOrderMetadata Metadata(YamlFields content)
    {
        var map = content.Map("metadata");
        return map is null
            ? WorkOrderMetadata.Empty
            : new WorkOrderMetadata(map.Text("title") ?? "", map.Text("created_at") ?? "", map.Text("notes") ?? "");
    }

    private static List<WorkOrderStep> Steps(YamlFields content, IReadOnlyDictionary<ModuleId, ModuleContract> modules)
    {
        var steps = new List<WorkOrderStep>();
        if (!content.Has("modules"))
        {
            content.Report("modules", null, "is required: the modules to run");
            return steps;
        }
        foreach (var item in content.Maps("modules"))
        {
            if (item.Id<ModuleKind>("module_id") is not ModuleId moduleId)
            {
                continue;
            }
            if (Lists(steps, moduleId))
            {
                item.Report("module_id", moduleId.Value, "is listed twice in this work order");
                continue;
            }
            var inputs = item.PlainMap("inputs");
            var reuse = item.Text("reuse_output_type");
            if (reuse is not null && reuse != ReuseCache)
            {
                item.Report("reuse_output_type", reuse, $"must be '{ReuseCache}' or absent");
            }
            var purchase = item.Bool("purchase_release_artifacts", fallback: false);
            if (!modules.TryGetValue(moduleId, out var module))
            {
                item.Report("module_id", moduleId.Value, "names no module in modules/");
            }
            else
            {
                // The module's own ID instance: ten thousand work orders then share a few hundred strings.
                moduleId = module.Id;
                foreach (var input in module.Inputs)
                {
                    if (input.Required && (!inputs.TryGetValue(input.Name, out var value) || value is null))
                    {
                        item.Report("inputs", input.Name, $"required input '{input.Name}' of module {moduleId} is missing");
                    }
                }
            }
            steps.Add(new WorkOrderStep(moduleId, inputs, reuse == ReuseCache, purchase, item.Line));
        }
        if (steps.Count == 0 && content.Sink.Count == 0)
        {
            content.Report("modules", null, "lists no module");
        }
        return steps;
    }

    private static void CheckDependencies(YamlFields content, List<WorkOrderStep> steps, IReadOnlyDictionary<ModuleId, ModuleContract> modules)
    {
        foreach (var step in steps)
        {
            if (!modules.TryGetValue(step.ModuleId, out var module))
            {
                continue;
            }
            foreach (var dependency in module.DependsOn)
            {
                if (!Lists(steps, dependency))
                {
                    content.Sink.Add(new Violation(content.File, step.Line, "modules", step.ModuleId.Value,
                        $"module {step.ModuleId} depends on {dependency}, which is not in this work order"));
                }
            }
        }
    }

    // A loop, not Any with a lambda: this runs for every step of every work order.
    private static bool Lists(List<WorkOrderStep> steps, ModuleId module)
    {
        foreach (var step in steps)
        {
            if (step.ModuleId == module)
            {
                return true;
            }
        }
        return false;
    }
}
