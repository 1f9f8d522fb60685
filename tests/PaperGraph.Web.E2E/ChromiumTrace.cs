using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>A Chromium trace of what a page does (main thread, compositor, GPU process) over the DevTools protocol,
/// saved as JSON for chrome://tracing or Perfetto: for finding where a measured time goes.</summary>
internal sealed class ChromiumTrace(ICDPSession cdp)
{
    private readonly TaskCompletionSource<string> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<ChromiumTrace> StartAsync(IPage page)
    {
        var trace = new ChromiumTrace(await page.Context.NewCDPSessionAsync(page));
        trace.Listen();
        await trace.Cdp.SendAsync("Tracing.start", new Dictionary<string, object>
        {
            ["transferMode"] = "ReturnAsStream",
            ["traceConfig"] = new Dictionary<string, object>
            {
                ["includedCategories"] = new[] { "devtools.timeline", "disabled-by-default-devtools.timeline", "blink", "cc", "gpu", "viz", "toplevel", "v8.execute", "disabled-by-default-devtools.timeline.frame" },
            },
        });
        return trace;
    }

    private ICDPSession Cdp => cdp;

    private void Listen() =>
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, e) => _stream.TrySetResult(e!.Value.GetProperty("stream").GetString()!);

    public async Task StopAsync(string path)
    {
        await cdp.SendAsync("Tracing.end");
        var handle = await _stream.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var text = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            var chunk = (await cdp.SendAsync("IO.read", new Dictionary<string, object> { ["handle"] = handle, ["size"] = 1 << 20 }))!.Value;
            var data = chunk.GetProperty("data").GetString()!;
            text.Append(chunk.TryGetProperty("base64Encoded", out var b64) && b64.GetBoolean() ? Encoding.UTF8.GetString(Convert.FromBase64String(data)) : data);
            if (chunk.GetProperty("eof").GetBoolean()) break;
        }
        await cdp.SendAsync("IO.close", new Dictionary<string, object> { ["handle"] = handle });
        await File.WriteAllTextAsync(path, text.ToString());
    }
}
