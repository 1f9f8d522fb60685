using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace PaperGraph.Web.Features.Papers;

/// <summary>
/// JSON answers computed from the read model, serialised once per model version rather than once per request, each
/// with a strong ETag (a hash of its bytes) so that a browser that holds it revalidates with <c>If-None-Match</c>
/// and gets a 304 until the graph changes.
/// </summary>
/// <remarks>Entries belong to one <see cref="PaperGraphModel"/> (immutable; a new one is built after each applied
/// change), and are dropped together when a request brings a newer one. At most <see cref="MaxEntries"/> answers are
/// kept per version (one per paper's plan at most), and at most <see cref="MaxBytes"/> of plans, so a big graph's plans do not all stay in memory; past that the
/// answer is still served from bytes, just not kept.</remarks>
public sealed class ModelResponseCache(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    /// <summary>How many answers are kept for one version of the graph.</summary>
    public const int MaxEntries = 1024;

    /// <summary>How many bytes of answers are kept for one version (a big graph's plans can each be large, and
    /// anonymous readers choose which plans are asked for); the whole graph's answer is always kept.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>The name of the whole graph's answer (as of now).</summary>
    public const string GraphAnswer = "graph";

    private sealed class Version(PaperGraphModel model)
    {
        public PaperGraphModel Model { get; } = model;
        public System.Collections.Concurrent.ConcurrentDictionary<string, Answer> Answers { get; } = new(StringComparer.Ordinal);
        public long Bytes;
    }
    private sealed record Answer(byte[] Json, EntityTagHeaderValue ETag);

    private volatile Version? _version;

    /// <summary>The answer named <paramref name="name"/> for <paramref name="model"/>: from the cache, else made by
    /// <paramref name="make"/> and serialised with the app's JSON options (as <c>TypedResults.Ok</c> would).</summary>
    /// <returns>The bytes with their ETag, <c>Cache-Control: no-cache</c> (revalidate every time: the graph may change
    /// any moment), and a 304 when the request's <c>If-None-Match</c> names that ETag.</returns>
    public FileContentHttpResult Serve<T>(HttpContext context, PaperGraphModel model, string name, Func<PaperGraphModel, T> make)
    {
        var version = _version;
        if (version is null || !ReferenceEquals(version.Model, model))
        {
            // A request that read an older model than the one kept (it started before a change) does not evict it.
            if (version is not null && version.Model.Sequence > model.Sequence)
                version = new Version(model);
            else
                _version = version = new Version(model);
        }
        if (!version.Answers.TryGetValue(name, out var answer))
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(make(model), json.Value.SerializerOptions);
            answer = new Answer(bytes, new EntityTagHeaderValue("\"" + Convert.ToHexString(SHA256.HashData(bytes), 0, 16) + "\""));
            if (version.Answers.Count < MaxEntries
                && (name == GraphAnswer || Interlocked.Read(ref version.Bytes) + bytes.Length <= MaxBytes)
                && version.Answers.TryAdd(name, answer))
                Interlocked.Add(ref version.Bytes, bytes.Length);
        }
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(answer.Json, "application/json; charset=utf-8", entityTag: answer.ETag);
    }
}
