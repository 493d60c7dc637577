using System.Text.Json;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>Writes the request a module reads from PLATFORM_REQUEST_FILE.</summary>
public static class RequestFile
{
    public static void Write(string path, ModuleLaunch launch)
    {
        AtomicFile.Write(path, stream =>
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
        });
    }
}
