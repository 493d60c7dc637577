namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// The layout of one run folder, <c>&lt;runtime-dir&gt;/runs/&lt;tenant_id&gt;/&lt;work_order_id&gt;/&lt;module_id&gt;/&lt;module_run_id&gt;/</c>.
/// Every segment is a validated ID, so the path cannot leave the runtime dir.
/// </summary>
public sealed class RunFolder
{
    public const string RequestFileName = "request.json";
    public const string ResultFileName = "result.json";
    public const string OutputsFolderName = "outputs";
    public const string StdoutFileName = "stdout.log";
    public const string StderrFileName = "stderr.log";

    public RunFolder(string runtimeDirectory, TenantId tenant, WorkOrderId workOrder, ModuleId module, ModuleRunId run)
    {
        Root = Path.Combine(Path.GetFullPath(runtimeDirectory), "runs", tenant.Value, workOrder.Value, module.Value, run.Value);
    }

    public string Root { get; }

    public string RequestFile => Path.Combine(Root, RequestFileName);

    public string ResultFile => Path.Combine(Root, ResultFileName);

    public string OutputsDirectory => Path.Combine(Root, OutputsFolderName);

    public string StdoutLog => Path.Combine(Root, StdoutFileName);

    public string StderrLog => Path.Combine(Root, StderrFileName);

    /// <summary>
    /// Starts the folder afresh. A folder left by an earlier attempt with the same module_run_id
    /// (a resumed crash) is wiped: a stale result.json or outputs/ must never pass for this run's.
    /// </summary>
    /// <remarks>
    /// One mkdir(2) per folder that is new, the others only when missing: the module's folder first
    /// (new for each of a work order's modules), the work order's and those above it only when that
    /// fails; then the run's and its outputs/. .NET's CreateDirectory tries the deepest path first and
    /// walks up, twice as many calls for a run folder.
    /// </remarks>
    public void Prepare()
    {
        var module = Path.GetDirectoryName(Root)!;
        if (Make(module) == NoSuchEntry && Make(Path.GetDirectoryName(module)!) != NoSuchEntry)
        {
            Make(module);
        }
        if (Make(Root) != 0)
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
            // Also makes whatever is still missing above it, or throws with the reason.
            Directory.CreateDirectory(Root);
        }
        if (Make(OutputsDirectory) != 0)
        {
            Directory.CreateDirectory(OutputsDirectory);
        }
    }

    private const int NoSuchEntry = 2;

    /// <summary>mkdir(2): 0, or the error number (EEXIST included).</summary>
    private static int Make(string folder) =>
        OperatingSystem.IsWindows() ? (Directory.Exists(folder) ? 17 : NoSuchEntry)
        : Native.Libc.MakeDirectory(folder, 0x1FF) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
}
