using Platform.Repository.WorkOrders;

namespace Platform.Orchestration.Planning;

/// <summary>The order a work order's modules run in: dependencies first, ties in the order of the file.</summary>
public static class ExecutionOrder
{
    /// <summary>Steps in running order, or null when the dependencies inside the order form a cycle.</summary>
    public static IReadOnlyList<WorkOrderStep>? Of(IReadOnlyList<WorkOrderStep> steps, Func<ModuleId, IReadOnlyList<ModuleId>> dependsOn)
    {
        var present = steps.Select(s => s.ModuleId).ToHashSet();
        var done = new HashSet<ModuleId>();
        var ordered = new List<WorkOrderStep>(steps.Count);
        while (ordered.Count < steps.Count)
        {
            var next = steps.FirstOrDefault(s => !done.Contains(s.ModuleId)
                && dependsOn(s.ModuleId).Where(present.Contains).All(done.Contains));
            if (next is null)
            {
                return null;
            }
            done.Add(next.ModuleId);
            ordered.Add(next);
        }
        return ordered;
    }
}
