using BenchmarkDotNet.Running;

// Run all with `dotnet run -c Release -- --filter '*'`; add `--job short` for a quick pass.
BenchmarkSwitcher.FromAssembly(typeof(Benchmarks.RouteLookupBenchmarks).Assembly).Run(args);
