using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace PaperGraph.Web.E2E;

public sealed class ExplorerBrowserTests(BrowserServer server, ITestOutputHelper output) : IClassFixture<BrowserServer>
{
    private static async Task WaitForGraphAsync(IPage page) =>
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });

    [Fact]
    public async Task Home_page_draws_every_seed_paper()
    {
        var total = await server.PaperCountAsync();
        var page = await server.NewPageAsync();
        // PAPERGRAPH_HOME_PROFILE=/tmp/home.cpuprofile saves a V8 CPU profile of the load (open it in DevTools).
        var profile = Environment.GetEnvironmentVariable("PAPERGRAPH_HOME_PROFILE");
        var cdp = profile is null ? null : await page.Context.NewCDPSessionAsync(page);
        if (cdp is not null)
        {
            await cdp.SendAsync("Profiler.enable");
            await cdp.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 200 });
            await cdp.SendAsync("Profiler.start");
        }
        var clock = Stopwatch.StartNew();
        await page.GotoAsync("/");
        await WaitForGraphAsync(page);
        clock.Stop();
        if (cdp is not null)
        {
            var result = await cdp.SendAsync("Profiler.stop");
            await File.WriteAllTextAsync(profile!, result!.Value.GetProperty("profile").GetRawText());
        }
        var drawn = await page.EvaluateAsync<int>("() => window.paperGraph.nodeCount()");
        output.WriteLine($"seed graph: {drawn} papers drawn and painted {clock.ElapsedMilliseconds} ms after navigation");
        output.WriteLine($"in the page: {await page.EvaluateAsync<string>("() => JSON.stringify(window.paperGraph.timings, (k, v) => typeof v === 'number' ? Math.round(v) : v)")}");
        output.WriteLine("requests (start-end ms after navigation): " + await page.EvaluateAsync<string>(
            "() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))" +
            ".map(e => `${e.name.replace(location.origin, '')} ${Math.round(e.startTime)}-${Math.round(e.responseEnd)}` + (e.domInteractive ? ` domInteractive ${Math.round(e.domInteractive)}` : '')).join('; ')"));
        // The same again from a new browser context (empty cache) now that the server has served the page once: what
        // a visitor meets on a running server. The page's own clock: ms from navigation start to data-graph-ready.
        var again = await server.NewPageAsync();
        await again.GotoAsync("/");
        await WaitForGraphAsync(again);
        // paintedMs: the map first painted (the server's drawing in the HTML); readyMs: drawn by Cytoscape, interactive.
        output.WriteLine($"seed graph, second visit (new context, warm server): painted {await again.EvaluateAsync<double>("() => window.paperGraph.paintedMs"):N0} ms, " +
            $"interactive {await again.EvaluateAsync<double>("() => window.paperGraph.readyMs"):N0} ms after navigation; " +
            $"first visit: painted {await page.EvaluateAsync<double>("() => window.paperGraph.paintedMs"):N0} ms, interactive {await page.EvaluateAsync<double>("() => window.paperGraph.readyMs"):N0} ms; " +
            $"in the page: {await again.EvaluateAsync<string>("() => JSON.stringify(window.paperGraph.timings, (k, v) => typeof v === 'number' ? Math.round(v) : v)")}; " +
            $"browser paint marks: {await again.EvaluateAsync<string>("() => performance.getEntriesByType('paint').map(e => `${e.name} ${Math.round(e.startTime)}`).join(', ')")}; " +
            $"HTML: {await again.EvaluateAsync<string>("() => { const n = performance.getEntriesByType('navigation')[0]; return `${n.decodedBodySize} bytes, ${n.encodedBodySize} on the wire`; }")}; " +
            "requests: " + await again.EvaluateAsync<string>(
            "() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))" +
            ".map(e => `${e.name.replace(location.origin, '')} ${Math.round(e.startTime)}-${Math.round(e.responseEnd)}`).join('; ')"));
        Assert.True(await again.EvaluateAsync<double>("() => window.paperGraph.paintedMs") <= await again.EvaluateAsync<double>("() => window.paperGraph.readyMs"));
        await again.Context.CloseAsync();
        Assert.True(total >= 36, $"the seed holds 36 papers and curated additions, the API says {total}");
        Assert.Equal(total, drawn);
        foreach (var key in new[] { "word2vec", "bert", "gpt-2", "lora" })
            Assert.True(await page.EvaluateAsync<bool>("k => window.paperGraph.has(k)", key), $"{key} is drawn");
        Assert.Contains($"{total} papers", await page.InnerTextAsync("#graph-status"));
        Assert.True(await page.Locator(".legend li").CountAsync() >= 5, "a legend entry per section");
    }

    [Fact]
    public async Task Searching_LoRA_opens_its_panel()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await WaitForGraphAsync(page);
        var search = page.GetByRole(AriaRole.Combobox, new() { Name = "Search papers" });
        await search.FillAsync("LoRA");
        await page.WaitForSelectorAsync("#search-results [role=option][data-key='lora']");
        await search.PressAsync("Enter");
        await page.WaitForSelectorAsync("#paper-title");
        StringAssert.StartsWith("LoRA", await page.InnerTextAsync("#paper-title"));
        Assert.EndsWith("#/paper/lora", page.Url);
        Assert.True(await page.Locator(".paper-panel .neighbours li").CountAsync() >= 1, "its prerequisites are listed");
    }

    [Fact]
    public async Task Learning_plan_for_LoRA_lists_word2vec_before_BERT_before_LoRA()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/paper/lora");
        await page.WaitForSelectorAsync("#paper-title");
        await page.GetByRole(AriaRole.Button, new() { Name = "Learning plan" }).ClickAsync();
        await page.WaitForSelectorAsync(".plan-steps li");
        var keys = (await page.Locator(".plan-steps > li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.key)")).ToList();
        Assert.True(keys.IndexOf("word2vec") >= 0 && keys.IndexOf("word2vec") < keys.IndexOf("bert"), string.Join(",", keys));
        Assert.True(keys.IndexOf("bert") < keys.IndexOf("lora"), string.Join(",", keys));
        Assert.Equal("lora", keys[^1]);
        Assert.EndsWith("#/plan/lora", page.Url);
        // Each step but the goal says why it is there.
        Assert.Equal(keys.Count - 1, await page.Locator(".plan-steps > li .why-label").Locator("xpath=ancestor::li[1]").CountAsync());

        // Ticking word2vec as known drops it (and what only it needed) after the plan is redrawn.
        // Click, not Check: the plan is redrawn at once and the ticked box goes away with word2vec.
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "I know Efficient Estimation of Word Representations in Vector Space" }).ClickAsync();
        await page.WaitForFunctionAsync("() => !document.querySelector(\".plan-steps li[data-key='word2vec']\")");
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".plan-steps li");
        Assert.Equal(0, await page.Locator(".plan-steps li[data-key='word2vec']").CountAsync());
        Assert.Contains("you know", await page.InnerTextAsync(".plan-view"));
    }

    [Fact]
    public async Task A_Cypher_query_fills_a_table()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/cypher");
        await page.WaitForSelectorAsync(".cm-content");
        await page.ClickAsync(".cm-content");
        await page.Keyboard.TypeAsync("MATCH (p:Paper)-[r:PREREQUISITE_OF]->(b:Paper {key: 'bert'}) RETURN p.title AS paper, r.reason AS reason");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Control+Enter");
        await page.WaitForSelectorAsync("#cypher-view table.results tbody tr");
        var headers = await page.Locator("#cypher-view table.results thead th").AllInnerTextsAsync();
        Assert.Equal(["#", "paper", "reason"], headers);
        Assert.True(await page.Locator("#cypher-view table.results tbody tr").CountAsync() >= 1);
        Assert.Contains("#/cypher?q=", page.Url);
    }

    [Fact]
    public async Task A_Cypher_syntax_error_shows_its_position()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/cypher?q=" + Uri.EscapeDataString("MATCH (p:Paper) RETRUN p"));
        await page.WaitForSelectorAsync(".cypher-error:not([hidden])");
        var text = await page.InnerTextAsync(".cypher-error");
        Assert.Contains("SyntaxError", text);
        Assert.Contains("line 1", text);
    }

    [Fact]
    public async Task Typing_a_syntax_error_or_an_undefined_variable_underlines_it_while_typing_and_fixing_it_clears_the_mark()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/cypher");
        await page.WaitForSelectorAsync(".cm-content");
        await page.ClickAsync(".cm-content");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        await page.Keyboard.TypeAsync("MATCH (p:Paper) RETRUN p.title");
        await page.Keyboard.PressAsync("Escape");
        // No run: the lint asks the server by itself after a pause in typing.
        var mark = page.Locator(".cm-lintRange-error");
        await mark.First.WaitForAsync();
        Assert.Equal("RETRUN", await mark.First.InnerTextAsync());
        Assert.True(await page.Locator(".cypher-error").IsHiddenAsync(), "nothing was run");

        // Fix the keyword: the underline goes away after the next pause.
        await page.Locator(".cm-content").ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("MATCH (p:Paper) RETURN p.title");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.cm-lintRange-error').length === 0");

        // A variable never bound parses but does not compile: the server's EXPLAIN finds it, and only it is underlined.
        await page.Locator(".cm-content").ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("MATCH (p:Paper) RETURN paper.title");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.cm-lintRange-error')].some(e => e.textContent === 'paper')");
        Assert.True(await page.Locator(".cypher-error").IsHiddenAsync(), "nothing was run");
    }

    [Fact]
    public async Task A_change_made_through_the_API_shows_up_in_a_second_page_without_reload()
    {
        var first = await server.NewPageAsync();
        var second = await server.NewPageAsync();
        await first.GotoAsync("/#/paper/qlora");
        await second.GotoAsync("/");
        await first.WaitForSelectorAsync("#paper-title");
        await WaitForGraphAsync(second);
        await second.WaitForFunctionAsync("() => document.body.dataset.live === 'connected'");
        await first.WaitForFunctionAsync("() => document.body.dataset.live === 'connected'");
        await second.EvaluateAsync("() => { window.__notReloaded = true; }");

        using var admin = server.Client(admin: true);
        var response = await admin.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative),
            new { from = "glove", to = "qlora", reason = "Live test: embeddings before quantized adapters." });
        response.EnsureSuccessStatusCode();

        await second.WaitForSelectorAsync(".notice-live");
        Assert.Contains("GloVe", await second.InnerTextAsync(".notice-live"));
        Assert.True(await second.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was not reloaded");
        await first.WaitForSelectorAsync(".paper-panel .reason:has-text('Live test: embeddings before quantized adapters.')");
    }

    [Fact]
    public async Task A_page_whose_live_connection_dropped_catches_up_on_the_change_it_missed_without_reload()
    {
        var page = await server.NewPageAsync();
        // Keep a handle on the page's WebSockets so the test can cut the live connection the way a network would.
        await page.AddInitScriptAsync("""
            (() => {
              const Native = window.WebSocket;
              window.__sockets = [];
              window.__resumes = [];
              window.WebSocket = class extends Native {
                constructor(...args) { super(...args); window.__sockets.push(this); }
                send(data) {
                  for (const frame of String(data).split('\u001e')) {
                    try { const m = JSON.parse(frame); if (m.target === 'Resume') window.__resumes.push(m.arguments[0]); } catch { }
                  }
                  super.send(data);
                }
              };
            })();
            """);
        await page.GotoAsync("/#/paper/qlora");
        await page.WaitForSelectorAsync("#paper-title");
        await page.WaitForFunctionAsync("() => document.body.dataset.live === 'connected'");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        var seenBefore = await page.EvaluateAsync<long>("() => window.paperGraph.sequence()");

        // Drop the connection and keep it down (every reconnect attempt fails) while a change is committed.
        await page.RouteAsync("**/hubs/graph/negotiate**", route => route.AbortAsync());
        await page.EvaluateAsync("() => window.__sockets.forEach(s => s.close(4000, 'network drop (test)'))");
        await page.WaitForFunctionAsync("() => document.body.dataset.live === 'reconnecting'");
        using (var admin = server.Client(admin: true))
        {
            var response = await admin.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative),
                new { from = "word2vec", to = "qlora", reason = "Reconnect test: the change made while the page was offline." });
            response.EnsureSuccessStatusCode();
        }
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(0, await page.Locator(".paper-panel .reason:has-text('Reconnect test')").CountAsync());

        // The network comes back: the client resumes from the last sequence it saw and applies what it missed.
        await page.UnrouteAsync("**/hubs/graph/negotiate**");
        await page.WaitForFunctionAsync("() => document.body.dataset.live === 'connected'", null, new() { Timeout = 60_000 });
        await page.WaitForSelectorAsync(".paper-panel .reason:has-text('Reconnect test: the change made while the page was offline.')");
        // The missed change's notice names who did what, as a live one does.
        var notice = await page.InnerTextAsync(".notice-live");
        Assert.Contains("neo4j added", notice);
        Assert.Contains("Reconnect test", notice);
        Assert.True(await page.EvaluateAsync<long>("() => window.paperGraph.sequence()") > seenBefore, "the page's sequence moved on");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was not reloaded");
        // It said where it was: the reconnect's Resume carried the sequence the page had before the drop.
        var resumes = await page.EvaluateAsync<long[]>("() => window.__resumes");
        Assert.True(resumes.Length >= 2, $"Resume on connect and on reconnect: [{string.Join(", ", resumes)}]");
        Assert.Equal(seenBefore, resumes[^1]);
    }

    [Fact]
    public async Task A_page_resuming_from_a_change_the_server_does_not_have_reloads_the_graph_and_shows_what_changed()
    {
        var page = await server.NewPageAsync();
        // The page's Resume after the reconnect claims a change far past the server's last one: the hub cannot
        // replay from there and answers "reload", the path a client takes when what it missed is no longer kept.
        await page.AddInitScriptAsync("""
            (() => {
              const Native = window.WebSocket;
              window.__sockets = [];
              window.__resumeAnswers = [];
              let connects = 0;
              window.WebSocket = class extends Native {
                constructor(...args) {
                  super(...args);
                  window.__sockets.push(this);
                  connects++;
                  this.addEventListener('message', e => {
                    for (const frame of String(e.data).split('\u001e')) {
                      try { const m = JSON.parse(frame); if (m.type === 3 && m.result && 'reload' in m.result) window.__resumeAnswers.push(m.result.reload); } catch { }
                    }
                  });
                }
                send(data) {
                  if (connects > 1) data = String(data).split('\u001e').map(frame => {
                    try { const m = JSON.parse(frame); if (m.target === 'Resume') { m.arguments[0] = 1e12; return JSON.stringify(m); } } catch { }
                    return frame;
                  }).join('\u001e');
                  super.send(data);
                }
              };
            })();
            """);
        var graphRequests = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/api/graph", StringComparison.Ordinal)) Interlocked.Increment(ref graphRequests); };
        await page.GotoAsync("/#/paper/lora");
        await page.WaitForSelectorAsync("#paper-title");
        await page.WaitForFunctionAsync("() => document.body.dataset.live === 'connected'");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        var requestsBefore = Volatile.Read(ref graphRequests);

        await page.RouteAsync("**/hubs/graph/negotiate**", route => route.AbortAsync());
        await page.EvaluateAsync("() => window.__sockets.forEach(s => s.close(4000, 'network drop (test)'))");
        await page.WaitForFunctionAsync("() => document.body.dataset.live === 'reconnecting'");
        using (var admin = server.Client(admin: true))
        {
            var response = await admin.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative),
                new { from = "elmo", to = "lora", reason = "Reload test: the change made while the page was offline." });
            response.EnsureSuccessStatusCode();
        }

        await page.UnrouteAsync("**/hubs/graph/negotiate**");
        await page.WaitForFunctionAsync("() => document.body.dataset.live === 'connected'", null, new() { Timeout = 60_000 });
        await page.WaitForSelectorAsync(".paper-panel .reason:has-text('Reload test: the change made while the page was offline.')");
        Assert.Contains("new prerequisite", await page.InnerTextAsync(".notice-live"));
        Assert.Contains(true, await page.EvaluateAsync<bool[]>("() => window.__resumeAnswers"));
        Assert.True(Volatile.Read(ref graphRequests) > requestsBefore, "the graph was fetched again");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page itself was not reloaded");
    }

    [Fact]
    public async Task Walking_the_graph_by_keyboard_announces_each_step()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/paper/bert");
        await page.WaitForSelectorAsync("#paper-title");
        await page.FocusAsync("#graph");
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.WaitForFunctionAsync("() => document.getElementById('announcer').textContent.includes('needs')");
        var announced = await page.InnerTextAsync("#announcer");
        Assert.Contains("unlocks", announced);
        Assert.DoesNotContain("#/paper/bert", page.Url);
    }

    [Fact]
    public async Task The_list_view_holds_every_paper_as_links()
    {
        var total = await server.PaperCountAsync();
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/list");
        await WaitForGraphAsync(page);
        Assert.Equal(total, await page.Locator("#list-content .list-paper").CountAsync());
    }
}

internal static class StringAssert
{
    public static void StartsWith(string expected, string actual) =>
        Assert.True(actual.StartsWith(expected, StringComparison.Ordinal), $"'{actual}' should start with '{expected}'");
}
