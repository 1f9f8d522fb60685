using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace PaperGraph.Neo4j;

/// <summary>
/// Retries of transient failures, with exponential backoff, jitter and a bound (<see cref="Neo4jConnection.MaxRetries"/>),
/// as a <see cref="ResilienceHandler"/> of Microsoft.Extensions.Http.Resilience in front of the HTTP handler:
/// a refused connection and HTTP 503 are retried for every request (the server did not take it); an error body
/// whose code is <c>Neo.TransientError.*</c> only for the requests that are safe to repeat, an auto-commit
/// statement (<c>…/query/v2</c>) and opening a transaction (<c>…/query/v2/tx</c>), since Neo4j rolled either
/// back. Everything else is answered at once.
/// </summary>
internal static class Neo4jResilience
{
    public static HttpMessageHandler Wrap(HttpMessageHandler inner, Neo4jConnection connection)
    {
        if (connection.MaxRetries <= 0) return inner;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = connection.MaxRetries,
                Delay = connection.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context),
            })
            .Build();
        return new ResilienceHandler(pipeline) { InnerHandler = inner };
    }

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            return true;
        if (outcome.Result is not { } response) return false;
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable) return true;
        if (response.StatusCode != HttpStatusCode.BadRequest || !IsRepeatable(context.GetRequestMessage())) return false;
        await response.Content.LoadIntoBufferAsync(context.CancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(context.CancellationToken).ConfigureAwait(false);
        return IsTransientErrorBody(body);
    }

    private static bool IsRepeatable(HttpRequestMessage? request)
    {
        var path = request?.RequestUri?.AbsolutePath ?? "";
        return request?.Method == HttpMethod.Post
               && (path.EndsWith("/query/v2", StringComparison.Ordinal) || path.EndsWith("/query/v2/tx", StringComparison.Ordinal));
    }

    internal static bool IsTransientErrorBody(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                   && errors.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("code", out var c)
                                                       && c.ValueKind == JsonValueKind.String
                                                       && c.GetString()!.StartsWith("Neo.TransientError.", StringComparison.Ordinal));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
