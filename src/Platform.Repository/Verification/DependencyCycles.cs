using Platform.Repository.Modules;

namespace Platform.Repository.Verification;

/// <summary>Finds the dependency cycles among modules, each once, starting at its smallest module ID.</summary>
public static class DependencyCycles
{
    public static IReadOnlyList<IReadOnlyList<ModuleId>> Find(IReadOnlyList<ModuleContract> modules)
    {
        var edges = modules.ToDictionary(m => m.Id, m => m.DependsOn);
        var state = new Dictionary<ModuleId, int>(); // 1 = on the current path, 2 = done
        var cycles = new List<IReadOnlyList<ModuleId>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in modules.Select(m => m.Id).Order())
        {
            if (state.ContainsKey(start))
            {
                continue;
            }
            // Iterative DFS: a deep chain of 500 modules must not exhaust the stack.
            var path = new List<ModuleId> { start };
            var cursor = new Stack<int>();
            cursor.Push(0);
            state[start] = 1;
            while (path.Count > 0)
            {
                var node = path[^1];
                var index = cursor.Pop();
                var next = edges[node];
                if (index >= next.Count)
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                cursor.Push(index + 1);
                var dependency = next[index];
                if (!edges.ContainsKey(dependency))
                {
                    continue;
                }
                if (!state.TryGetValue(dependency, out var mark))
                {
                    state[dependency] = 1;
                    path.Add(dependency);
                    cursor.Push(0);
                }
                else if (mark == 1)
                {
                    var cycle = Rotate(path.Skip(path.IndexOf(dependency)).ToArray());
                    if (seen.Add(string.Join(",", cycle)))
                    {
                        cycles.Add(cycle);
                    }
                }
            }
        }
        return cycles;
    }

    private static ModuleId[] Rotate(ModuleId[] cycle)
    {
        var smallest = 0;
        for (var i = 1; i < cycle.Length; i++)
        {
            if (cycle[i].CompareTo(cycle[smallest]) < 0)
            {
                smallest = i;
            }
        }
        return cycle.Skip(smallest).Concat(cycle.Take(smallest)).ToArray();
    }
}
