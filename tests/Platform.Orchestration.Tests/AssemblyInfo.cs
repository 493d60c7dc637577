// The module runner tests start real POSIX processes and read /proc to see which are still alive.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
