using System.Text;

namespace LoadGen.Report;

/// <summary>Assembles the markdown report of one run from its raw measurement directory.</summary>
internal static class ReportWriter
{
    public static string Build(ReportContext context)
    {
        KeyValueFile meta = context.Meta;
        StringBuilder output = context.Output;
        output.Append($"# Router load test — {meta.Text("date")}, commit {meta.Text("commit")}\n\n");
        if (meta.Text("quick", "0") == "1")
        {
            output.Append("> **QUICK run**: short durations, few rounds and a warm-up far shorter than the minute .NET needs. ")
                .Append("Figures are indicative only and not comparable with full runs.\n\n");
        }

        output.Append("These machines are noisy: compare ratios within this run, not absolute numbers across runs.\n\n");
        MarkdownTable run = new("commit", "working tree", "started (UTC)", "contenders", "scenarios");
        run.Add($"`{meta.Text("commit")}`", meta.Text("dirty", "0") == "1" ? "modified" : "clean", meta.Text("started"), meta.Text("contenders"), meta.Text("scenarios"));
        run.WriteTo(output);

        output.Append("### Machine and tools\n\n");
        MarkdownTable machine = new("nproc", "CPU model", "kernel", "OS");
        machine.Add(meta.Text("nproc"), meta.Text("cpu_model"), meta.Text("kernel"), meta.Text("os"));
        machine.WriteTo(output);
        MarkdownTable tools = new(".NET SDK", ".NET runtime", "wrk", "nginx", "haproxy", "nats-server", "gnuplot");
        tools.Add(meta.Text("dotnet_sdk"), meta.Text("dotnet_runtime"), meta.Text("wrk"), meta.Text("nginx"), meta.Text("haproxy"), meta.Text("nats_server"), meta.Text("gnuplot"));
        tools.WriteTo(output);

        output.Append("### Method\n\n")
            .Append($"All traffic on 127.0.0.1. The proxy under test runs pinned to CPU {meta.Text("proxy_cpu")} (`taskset`); ")
            .Append($"the load tool, the backend (nginx answering `return 200 \"ok\\n\"`), nats-server and the route ")
            .Append($"heartbeat share CPU {meta.Text("load_cpu")}. Contenders run interleaved in every round, the order rotated ")
            .Append("from round to round. .NET contenders are warmed up under wrk load ")
            .Append($"for {meta.Text("warmup_seconds")} s before the first recorded round (tiered JIT and dynamic PGO ")
            .Append("need about 40 s on one core). CPU per request is the process's utime+stime delta from ")
            .Append("`/proc/<pid>/stat` divided by the requests completed; RSS is VmRSS after the run.\n\n");

        ThroughputSection.Write(context);
        RateSection.Write(context);
        ScaleSection.Write(context);
        ChurnSection.Write(context);
        WarmupSection.Write(context);
        TlsSection.Write(context);
        BackendTlsSection.Write(context);
        RouteServiceSection.Write(context);
        WebSocketSection.Write(context);
        GrpcSection.Write(context);
        ScriptSection.Write(context, "syslog");
        ScriptSection.Write(context, "tracing");
        ScriptSection.Write(context, "reload");
        ScriptSection.Write(context, "restart");
        ScriptSection.Write(context, "dashboard");

        output.Append("### Raw data\n\n")
            .Append($"Raw measurements of this run (wrk output, LoadGen JSON, /proc samples, process logs) were in `{meta.Text("run_dir")}`; ")
            .Append("they are not committed.\n");
        return output.ToString();
    }
}
