using System.Diagnostics;
using System.Globalization;
using System.Text;
using PaperGraph.Embedded;
using PaperGraph.Import;

namespace PaperGraph.Bench;

/// <summary>
/// Imports a generated reading list of N links (100 per section, 10 sections per part, every 20th link a second
/// mention of an earlier work) into a fresh embedded store, then imports it again (nothing to change).
/// Prints the time of each phase and the process's peak working set.
/// </summary>
/// <remarks><c>dotnet run -c Release --project bench/PaperGraph.Bench -- import 100000 [--path DIR]</c></remarks>
internal static class ImportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var links = args.Length > 0 && int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 100_000;
        var pathIndex = Array.IndexOf(args, "--path");
        var work = Directory.CreateTempSubdirectory("pg-import-bench-").FullName;
        var storePath = pathIndex >= 0 && pathIndex + 1 < args.Length ? args[pathIndex + 1] : Path.Combine(work, "store");
        try
        {
            var list = Path.Combine(work, "generated.md");
            await File.WriteAllTextAsync(list, Generate(links), new UTF8Encoding(false));
            Console.WriteLine($"import bench: {links:N0} links ({new FileInfo(list).Length / 1024.0 / 1024.0:F1} MB of markdown), store {storePath}");

            // Wall time and this process's CPU time: on a shared machine the second says what the work costs.
            using var self = Process.GetCurrentProcess();
            TimeSpan Cpu() { self.Refresh(); return self.TotalProcessorTime; }
            var total = Stopwatch.StartNew();
            var watch = Stopwatch.StartNew();
            var cpu = Cpu();
            var cpuStart = cpu;
            string Cost()
            {
                var now = Cpu();
                var text = $"{watch.Elapsed.TotalSeconds,7:F2} s wall, {(now - cpu).TotalSeconds,6:F2} s CPU";
                cpu = now;
                return text;
            }
            var sources = new ImportSources([list], null, null);
            var plan = sources.Plan();
            Console.WriteLine($"  read + check in memory:  {Cost()}  ({plan.Papers.Count:N0} papers, {plan.Sections.Count:N0} sections)");

            await using (var db = EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions { Path = storePath, QueryTimeout = TimeSpan.FromMinutes(30) }))
            {
                watch.Restart();
                var summary = await new GraphImporter(db).ImportAsync(plan);
                Console.WriteLine($"  write (one transaction): {Cost()}  (papers {summary.Papers}; in sections {summary.Memberships})");
                Console.WriteLine($"  first import total:      {total.Elapsed.TotalSeconds,7:F2} s wall, {(Cpu() - cpuStart).TotalSeconds,6:F2} s CPU  ({links / total.Elapsed.TotalSeconds:N0} links/s)");

                watch.Restart();
                var again = await sources.ImportAsync(db);
                Console.WriteLine($"  re-import (no changes):  {Cost()}  (nothing changed: {again.NothingChanged})");
            }
            self.Refresh();
            Console.WriteLine($"  peak working set:        {self.PeakWorkingSet64 / 1024.0 / 1024.0,7:F0} MB");
            return 0;
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>A reading list in the seed's style: numbered parts and sections, one link per line.</summary>
    internal static string Generate(int links)
    {
        var sb = new StringBuilder("---\ntitle: Generated reading list\n---\n");
        var perSection = 100;
        var sections = (links + perSection - 1) / perSection;
        var written = 0;
        for (var s = 0; s < sections && written < links; s++)
        {
            var part = s / 10 + 1;
            if (s % 10 == 0) sb.Append("\n## ").Append(part).Append(". Part ").Append(part).Append('\n');
            sb.Append('\n').Append(part).Append('.').Append(s % 10 + 1).Append(" Section ").Append(s + 1).Append("\n------\n");
            for (var i = 0; i < perSection && written < links; i++, written++)
            {
                // Every 20th link mentions an earlier work again (through its arXiv pdf link), as real lists do.
                var work = written % 20 == 19 ? written / 2 : written;
                var id = $"{1701 + work / 100_000 % 12:D4}.{work % 100_000:D5}";
                var url = written % 20 == 19 ? $"https://arxiv.org/pdf/{id}v2.pdf" : $"https://arxiv.org/abs/{id}";
                sb.Append("- [Generated Paper ").Append(work).Append(": a study of topic ").Append(work % 997).Append("](").Append(url).Append(")\n");
            }
        }
        return sb.ToString();
    }
}
