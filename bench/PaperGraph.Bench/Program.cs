using PaperGraph.Bench;

// Benchmarks live apart from the tests. Each command prints what it measured and the ratios within one run.
//   dotnet run -c Release --project bench/PaperGraph.Bench -- traverse [--papers 100000] [--runs 15] [--budget SECONDS per query] [--batch ROWS per UNWIND]
//       [--path DIR [--reuse yes]]   (1M papers / ~5M edges: --papers 1000000)
//   dotnet run -c Release --project bench/PaperGraph.Bench -- import 100000 [--path DIR]
//   dotnet run -c Release --project bench/PaperGraph.Bench -- store [options]       (the store alone, GetAdjacency BFS vs arrays)
//   dotnet run -c Release --project bench/PaperGraph.Bench -- open --path DIR [--runs 3]   (start-up alone, on a stored graph)
//   dotnet run -c Release --project bench/PaperGraph.Bench -- profile [--papers N] [--query ancestors|keys|roots|chain|CYPHER] [--seconds S]
//   dotnet run -c Release --project bench/PaperGraph.Bench -- load [--clients 2000] [--edits 100] [--readers 200] [--edit-interval-ms 100] [--warmup-edits 100] [--reader-cache on|off] [--server-env K=V,…] [--max-seconds 600]
//       (two instances on Redis and one store, as processes of the built web app: dotnet build src/PaperGraph.Web -c Release first)
return args.FirstOrDefault() switch
{
    "traverse" => await TraversalBench.RunAsync(args[1..]),
    "import" => await ImportBench.RunAsync(args[1..]),
    "store" => StoreBench.Run(args[1..]),
    "profile" => await ProfileBench.RunAsync(args[1..]),
    "open" => await OpenBench.RunAsync(args[1..]),
    "load" => await LoadBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PaperGraph.Bench traverse [--papers N] [--edges-per-paper K] [--runs R] [--budget S] [--batch B] [--path DIR [--reuse yes]] | import [LINKS] [--path DIR] | store [--papers N] | open --path DIR [--runs R] | load [--clients N] [--edits N] [--readers N] [--max-seconds S]");
    return 2;
}
