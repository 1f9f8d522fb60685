using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PaperGraph.Graph;

namespace PaperGraph.Web.Tests.QueryApi;

/// <summary>
/// The web app on a real Kestrel server on 127.0.0.1 (a free port), with its own settings: an in-memory store,
/// no seed import, the administrator <c>neo4j</c>/<c>s3cret-pass</c>, and optionally a given database instead of
/// the configured one, and optionally a given clock.
/// </summary>
public sealed class PaperGraphServer : WebApplicationFactory<Program>
{
    public const string AdminUser = "neo4j";
    public const string AdminPassword = "s3cret-pass";

    private readonly IGraphDatabase? _database;
    private readonly TimeProvider? _time;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    internal PaperGraphServer(IGraphDatabase? database = null, Dictionary<string, string?>? settings = null, TimeProvider? time = null,
        Action<IServiceCollection>? services = null)
    {
        _database = database;
        _time = time;
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = ":memory:",
            ["Import:Seed"] = "false",
            ["Auth:Admin:User"] = AdminUser,
            ["Auth:Admin:Password"] = AdminPassword,
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
        UseKestrel(0);
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(services =>
        {
            if (_database is not null) services.AddSingleton(_database);
            if (_time is not null) services.AddSingleton(_time);
            _services?.Invoke(services);
        });
    }

    /// <summary>A client sending no credentials.</summary>
    public HttpClient Anonymous() => CreateClient();

    /// <summary>A client authenticated as the administrator.</summary>
    public HttpClient Admin() => WithBasic(AdminUser, AdminPassword);

    public HttpClient WithBasic(string user, string password)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }
}

/// <summary>Helpers to speak the Query API in tests.</summary>
internal static class QueryApiClient
{
    public const string QueryPath = "/db/neo4j/query/v2";
    public const string Typed = "application/vnd.neo4j.query";

    public static async Task<(int Status, JsonElement Body, string? ContentType)> PostJsonAsync(this HttpClient client, string path,
        string json, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, contentType),
        };
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request);
        return await ReadAsync(response);
    }

    public static async Task<(int Status, JsonElement Body, string? ContentType)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
    }

    public static Task<(int Status, JsonElement Body, string? ContentType)> QueryAsync(this HttpClient client, object body,
        string? accept = null) =>
        client.PostJsonAsync(QueryPath, JsonSerializer.Serialize(body), accept: accept);

    public static string ErrorCode(this JsonElement body) => body.GetProperty("errors")[0].GetProperty("code").GetString()!;
    public static string ErrorMessage(this JsonElement body) => body.GetProperty("errors")[0].GetProperty("message").GetString()!;
}
