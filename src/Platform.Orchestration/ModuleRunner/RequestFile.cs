using System.Text.Json;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>Writes the request a module reads from PLATFORM_REQUEST_FILE, and a worker's request line.</summary>
public static class RequestFile
{
    /// <summary>The <c>result_to</c> of a worker's request line: answer with one JSON line on stdout.</summary>
    public const string ResultOnStdout = "stdout";

    /// <remarks>
    /// A plain write, not an atomic durable one: the run folder is new and private to this run, the
    /// module starts only after the write returns, and a crash wipes the folder on resume. Flushing to
    /// disk here would cost more than the whole module launch.
    /// </remarks>
    public static void Write(string path, ModuleLaunch launch)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteFields(json, launch);
            json.WriteEndObject();
        }
        if (!NewFile.TryWrite(path, buffer.WrittenSpan))
        {
            throw new IOException($"The new run folder already holds {path}.");
        }
    }

    /// <summary>
    /// A worker's request (docs/module-workers.md): the request file's fields plus the run's paths and
    /// where the result goes, on one line (no newline inside: JSON strings escape theirs).
    /// </summary>
    public static string Line(ModuleLaunch launch, RunFolder folder)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteFields(json, launch);
            json.WriteString("outputs_dir", folder.OutputsDirectory);
            json.WriteString("request_file", folder.RequestFile);
            json.WriteString("result_to", ResultOnStdout);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteFields(Utf8JsonWriter json, ModuleLaunch launch)
    {
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
    }
}
