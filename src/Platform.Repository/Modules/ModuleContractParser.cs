using Platform.Domain.Ids;
using Platform.Repository.Reasons;
using Platform.Repository.Yaml;

namespace Platform.Repository.Modules;

/// <summary>Reads module.yml (and the module's reasons) into a <see cref="ModuleContract"/>; every problem is an error.</summary>
public static class ModuleContractParser
{
    /// <param name="folder">The module folder, relative to the repository root.</param>
    /// <param name="hasPythonEntry">Whether the folder holds <see cref="ModuleRunCommand.PythonEntry"/>: then <c>run.command</c> may be left out.</param>
    public static ModuleContract? Parse(YamlFields yaml, ModuleId folderId, string folder, IReadOnlyList<ReasonDefinition> reasons, bool hasPythonEntry = false)
    {
        var errorsBefore = yaml.Sink.Count;
        var id = yaml.Id<ModuleKind>("module_id");
        if (id is ModuleId declared && declared != folderId)
        {
            yaml.Report("module_id", declared.Value, $"must equal the module folder name '{folderId}'");
        }
        var name = yaml.Text("name", required: true) ?? "";
        var version = yaml.Text("version") ?? "";
        var description = yaml.Text("description") ?? "";
        var dependsOn = new List<ModuleId>();
        foreach (var (text, node) in yaml.Texts("depends_on"))
        {
            if (yaml.ParseId<ModuleKind>(text, "depends_on", node) is ModuleId dependency)
            {
                if (dependency == folderId)
                {
                    yaml.Report("depends_on", text, "a module cannot depend on itself", node);
                }
                else if (dependsOn.Contains(dependency))
                {
                    yaml.Report("depends_on", text, "is listed twice", node);
                }
                else
                {
                    dependsOn.Add(dependency);
                }
            }
        }
        var artifacts = yaml.Bool("supports_downloadable_artifacts", fallback: false);
        var network = yaml.Bool("network", fallback: false);
        var inputs = Inputs(yaml);
        var outputs = yaml.Maps("outputs")
            .Select(o => new ModuleOutput(o.Text("name", required: true) ?? "", o.Text("format") ?? ""))
            .ToArray();
        var cache = Cache(yaml, inputs);
        var requirements = yaml.Maps("requirements")
            .Select(r => new ModuleRequirement(r.Text("type", required: true) ?? "", r.Text("key", required: true) ?? "", r.Text("value") ?? "", r.Text("note") ?? ""))
            .ToArray();
        foreach (var secret in requirements.Where(r => r.Type == ModuleRequirement.SecretType))
        {
            if (Domain.Modules.SecretKey.Problem(secret.Key) is { } problem)
            {
                yaml.Report("requirements", secret.Key, problem);
            }
        }
        var run = Run(yaml, folder, hasPythonEntry);
        if (yaml.Sink.Count != errorsBefore)
        {
            return null;
        }
        return new ModuleContract(folderId, name, version, description, dependsOn, artifacts, inputs, outputs, cache, requirements, run!, reasons, folder, network);
    }

    private static ModuleInput[] Inputs(YamlFields yaml)
    {
        var inputs = new List<ModuleInput>();
        foreach (var item in yaml.Maps("inputs"))
        {
            var name = item.Text("name", required: true);
            if (name is null)
            {
                continue;
            }
            if (inputs.Any(i => i.Name == name))
            {
                item.Report("name", name, "is declared twice");
                continue;
            }
            inputs.Add(new ModuleInput(name, item.Bool("required", fallback: false), item.Text("format") ?? ""));
        }
        return inputs.ToArray();
    }

    private static ModuleCache Cache(YamlFields yaml, ModuleInput[] inputs)
    {
        var cache = yaml.Map("cache");
        if (cache is null)
        {
            return ModuleCache.Disabled;
        }
        var enabled = cache.Bool("enabled", fallback: false);
        var retention = Retention.OneWeek;
        var retentionText = cache.Text("retention_default", required: enabled);
        if (retentionText is not null && !Retention.TryParse(retentionText, out retention))
        {
            cache.Report("retention_default", retentionText, "must be a positive count followed by h, d or w (e.g. 1w), at most ten years");
        }
        var keyInputs = new List<string>();
        foreach (var (text, node) in cache.Texts("key_inputs"))
        {
            if (!inputs.Any(i => i.Name == text))
            {
                cache.Report("key_inputs", text, "names no declared input", node);
            }
            keyInputs.Add(text);
        }
        return new ModuleCache(enabled, retention, keyInputs);
    }

    /// <summary>
    /// <c>run: {command, timeout_seconds, protocol}</c>. A module of the earlier Python platform has no <c>run:</c>
    /// (or one with only <c>timeout_seconds</c>) and a <c>src/run.py</c>: it runs through the Python adapter.
    /// </summary>
    private static ModuleRunCommand? Run(YamlFields yaml, string folder, bool hasPythonEntry)
    {
        var run = yaml.Map("run");
        if (run is null || !run.Has("command"))
        {
            if (hasPythonEntry)
            {
                var timeout = run?.Integer("timeout_seconds", ModuleRunCommand.DefaultTimeoutSeconds, 1, ModuleRunCommand.MaxTimeoutSeconds)
                    ?? ModuleRunCommand.DefaultTimeoutSeconds;
                return new ModuleRunCommand([], (int)timeout, Python: true);
            }
            var entry = $"{folder}/{ModuleRunCommand.PythonEntry}";
            if (run is null)
            {
                yaml.Report("run", null, $"is required: {{command: [...], timeout_seconds: N}}, unless the module is a Python module with {entry}, which does not exist");
                return null;
            }
        }
        var command = run.Texts("command").Select(c => c.Text).ToArray();
        if (command.Length == 0 || command[0].Length == 0)
        {
            run.Report("command", null, "must be a non-empty list, program first");
        }
        var seconds = run.Integer("timeout_seconds", ModuleRunCommand.DefaultTimeoutSeconds, 1, ModuleRunCommand.MaxTimeoutSeconds);
        var protocol = run.Text("protocol") ?? ModuleRunCommand.ProcessProtocol;
        if (protocol is not (ModuleRunCommand.ProcessProtocol or ModuleRunCommand.WorkerProtocol))
        {
            run.Report("protocol", protocol, $"must be {ModuleRunCommand.ProcessProtocol} or {ModuleRunCommand.WorkerProtocol}");
        }
        return new ModuleRunCommand(command, (int)seconds, Worker: protocol == ModuleRunCommand.WorkerProtocol);
    }
}
