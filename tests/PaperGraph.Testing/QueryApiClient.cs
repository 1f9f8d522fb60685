using System.Text;
using System.Text.Json;

namespace PaperGraph.Testing;

/// <summary>Helpers to speak the Query API in tests.</summary>
public static class QueryApiClient
{
    public const string QueryPath = "/db/neo4j/query/v2";
    public const string Typed = "application/vnd.neo4j.query";

    /// <summary>Posts <paramref name="json"/> as UTF-8 with the given content type; reads back status, JSON body
    /// (default when empty) and content type.</summary>
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
