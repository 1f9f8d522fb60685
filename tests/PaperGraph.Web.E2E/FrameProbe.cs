using System.Text.Json;
using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>Frame timings of a page while something runs: every requestAnimationFrame interval, and the long
/// tasks (main-thread work over 50 ms) the browser reports.</summary>
internal static class FrameProbe
{
    public sealed record Figures(int Frames, double P50, double P95, double Max, int LongTasks, double LongTaskMaxMs, double LongTaskTotalMs)
    {
        public override string ToString() =>
            $"{Frames} frames: p50 {P50:N1} ms, p95 {P95:N1} ms, max {Max:N1} ms; {LongTasks} long tasks (max {LongTaskMaxMs:N0} ms, total {LongTaskTotalMs:N0} ms)";
    }

    public static Task StartAsync(IPage page) => page.EvaluateAsync("""
        () => {
          const probe = window.__frameProbe = { times: [], long: [], running: true };
          let last = performance.now();
          const tick = now => { probe.times.push(now - last); last = now; if (probe.running) requestAnimationFrame(tick); };
          requestAnimationFrame(tick);
          probe.start = performance.now();
          probe.observer = new PerformanceObserver(list => { for (const e of list.getEntries()) { probe.long.push(e.duration); (probe.detail ??= []).push(Math.round(e.startTime - probe.start) + '+' + Math.round(e.duration)); } });
          try { probe.observer.observe({ type: 'longtask' }); } catch { /* no long-task API: report none */ }
        }
        """);

    public static async Task<Figures> StopAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const probe = window.__frameProbe;
              await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
              probe.running = false;
              probe.observer.disconnect();
              const t = probe.times.slice(1).sort((a, b) => a - b);
              const q = f => t[Math.min(t.length - 1, Math.floor(f * t.length))];
              console.log('long tasks: ' + (probe.detail ?? []).join(' ') + ' marks: ' + (probe.marks ?? []).join(' '));
              return { frames: t.length, p50: q(0.5), p95: q(0.95), max: t[t.length - 1],
                long: probe.long.length, longMax: Math.max(0, ...probe.long), longTotal: probe.long.reduce((a, b) => a + b, 0) };
            }
            """);
        return new Figures(json.GetProperty("frames").GetInt32(), json.GetProperty("p50").GetDouble(), json.GetProperty("p95").GetDouble(),
            json.GetProperty("max").GetDouble(), json.GetProperty("long").GetInt32(), json.GetProperty("longMax").GetDouble(), json.GetProperty("longTotal").GetDouble());
    }

    /// <summary>A bounded pan and zoom with real mouse input over the element: three drags of 24 steps, ten wheel
    /// notches in, a drag while zoomed in, ten notches out.</summary>
    public static async Task PanAndZoomAsync(IPage page, string selector)
    {
        var box = (await page.Locator(selector).BoundingBoxAsync())!;
        var cx = box.X + box.Width / 2;
        var cy = box.Y + box.Height / 2;
        async Task Drag(double dx, double dy)
        {
            await page.EvaluateAsync("() => (window.__frameProbe.marks ??= []).push('drag@' + Math.round(performance.now() - window.__frameProbe.start))");
            await page.Mouse.MoveAsync((float)cx, (float)cy);
            await page.Mouse.DownAsync();
            for (var i = 1; i <= 24; i++)
                await page.Mouse.MoveAsync((float)(cx + dx * i / 24), (float)(cy + dy * i / 24));
            await page.Mouse.UpAsync();
        }
        async Task Wheel(int notches, float delta)
        {
            await page.EvaluateAsync("() => (window.__frameProbe.marks ??= []).push('wheel@' + Math.round(performance.now() - window.__frameProbe.start))");
            await page.Mouse.MoveAsync((float)cx, (float)cy);
            for (var i = 0; i < notches; i++)
            {
                await page.Mouse.WheelAsync(0, delta);
                await page.WaitForTimeoutAsync(16);
            }
        }
        await Drag(240, 0);
        await Drag(-120, 160);
        await Drag(-120, -160);
        await Wheel(10, -120);
        await Drag(200, 120);
        await Wheel(10, 120);
        // The redraw after the gesture ends counts too (the WebGL view draws after 400 ms of rest).
        await page.WaitForTimeoutAsync(700);
    }
}
