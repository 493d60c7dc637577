using System.Text.Json;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>Writes the request a module reads from PLATFORM_REQUEST_FILE.</summary>
public static class RequestFile
{
    /// <remarks>
    /// A plain write, not an atomic durable one: the run folder is new and private to this run, the
    /// module starts only after the write returns, and a crash wipes the folder on resume. Flushing to
    /// disk here would cost more than the whole module launch.
    /// </remarks>
    public static void Write(string path, ModuleLaunch launch)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096);
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("tenant_id", launch.TenantId.Value);
            json.WriteString("work_order_id", launch.WorkOrderId.Value);
            json.WriteString("module_id", launch.ModuleId.Value);
            json.WriteString("module_run_id", launch.ModuleRunId.Value);
            json.WritePropertyName("inputs");
            launch.Inputs.WriteTo(json);
            json.WriteStartObject("upstream");
            // Sorted so the same launch always writes the same bytes.
            foreach (var (module, outputs) in launch.Upstream.OrderBy(p => p.Key.Value, StringComparer.Ordinal))
            {
                json.WriteString(module.Value, Path.GetFullPath(outputs));
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }
}
