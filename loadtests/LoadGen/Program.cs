using LoadGen.Commands;

// Load-test helper for the router: an open-loop HTTP load generator with microsecond timing,
// NATS route registration, readiness probes and the report writer used by loadtests/run.sh.
string[] rest = args.Length > 1 ? args[1..] : [];
return args.Length == 0 ? Usage() : args[0] switch
{
    "load" => LoadCommand.Run(rest),
    "register" => RegisterCommand.Run(rest),
    "routable" => RoutableCommand.Run(rest),
    "restart-probe" => RestartProbeCommand.Run(rest),
    "routes" => await RoutesCommand.RunAsync(rest),
    "sample-nginx" => await SampleCommand.RunAsync(rest),
    "backend" => await BackendCommand.RunAsync(rest),
    "report" => ReportCommand.Run(rest),
    "ws-echo" => await WebSocketEchoCommand.RunAsync(rest),
    "ws-load" => await WebSocketLoadCommand.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: LoadGen <load|register|routable|restart-probe|routes|sample-nginx|backend|report|ws-echo|ws-load> [options]\n");
    foreach (string usage in new[]
    {
        LoadCommand.Usage, RegisterCommand.Usage, RoutableCommand.Usage, RestartProbeCommand.Usage, RoutesCommand.Usage,
        SampleCommand.Usage, BackendCommand.Usage, ReportCommand.Usage, WebSocketEchoCommand.Usage, WebSocketLoadCommand.Usage,
    })
    {
        Console.Error.WriteLine(usage);
    }

    return 2;
}
