using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace PaperGraph.Web.Fuzz;

/// <summary>One request as the fuzzer sends it: method, path, headers and the raw body bytes.</summary>
public sealed record FuzzRequest(string Method, string Path, string? ContentType, string? Accept, string? Authorization, byte[]? Body)
{
    public override string ToString()
    {
        var body = Body is null ? "(none)" : Body.Length > 400
            ? $"{Body.Length:N0} bytes: {Encoding.UTF8.GetString(Body, 0, 400)}…"
            : Encoding.UTF8.GetString(Body);
        return $"{Method} {Path} Content-Type={ContentType ?? "(none)"} Accept={Accept ?? "(none)"} Authorization={Authorization ?? "(none)"} body={body}";
    }
}

/// <summary>
/// Generators of Query API request bodies and headers: random JSON, the request object with wrong types in every
/// field, typed (<c>$type</c>/<c>_value</c>) parameters with good and bad values, invalid UTF-8, lone surrogates,
/// truncation, deep nesting, huge numbers and strings, and odd content types, Accept and Authorization headers.
/// </summary>
public static class BodyGen
{
    private static Gen<string> Pick(params string[] choices) => Gen.OneOf(choices);

    private static readonly Gen<string> JsonString = Gen.Frequency(
        (4, Gen.Char["abc 01é中\"\\/\n"].Array[0, 10].Select(c => JsonSerializer.Serialize(new string(c)))),
        (2, Pick("\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\ud800\"", "\"\\uZZZZ\"", "\"\\u00\"", "\"\\x41\"", "\"tab\there\"",
            "\"" + new string('w', 70_000) + "\"", "\"\\u0000\"")),
        (1, Gen.String.Select(s => JsonSerializer.Serialize(s))));

    private static readonly Gen<string> JsonNumber = Gen.Frequency(
        (4, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture))),
        (2, Pick("0", "-0", "1e999", "-1e999", "1e-999", "123456789012345678901234567890", "9223372036854775808", "0.1e1",
            "1E+2", "01", "1.", ".1", "+1", "NaN", "Infinity", "-", "1e", "0x10")),
        (1, Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture))));

    /// <summary>JSON values (sometimes not quite JSON), nested a few levels.</summary>
    public static readonly Gen<string> Json = Gen.Recursive<string>((depth, self) => depth >= 4
        ? Gen.OneOf(JsonString, JsonNumber, Pick("true", "false", "null", "tru", "nul"))
        : Gen.Frequency(
            (3, JsonString),
            (3, JsonNumber),
            (1, Pick("true", "false", "null")),
            (2, self.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (2, Gen.Select(JsonString, self).Array[0, 4].Select(kvs => "{" + string.Join(",", kvs.Select(kv => kv.Item1 + ":" + kv.Item2)) + "}")),
            (1, TypedValue(self))));

    private static Gen<string> TypedValue(Gen<string> json) => Gen.Select(
        Pick("Integer", "Float", "String", "Boolean", "Null", "List", "Map", "Date", "Time", "LocalTime", "DateTime",
            "OffsetDateTime", "ZonedDateTime", "LocalDateTime", "Duration", "Point", "Base64", "Node", "Relationship", "Path",
            "Vector", "Unknown", "integer", ""),
        Gen.Frequency(
            (3, json),
            (2, Pick("\"1\"", "\"-9223372036854775809\"", "\"2024-02-30\"", "\"2024-01-01T25:00:00Z\"", "\"P1Y2M3DT4H\"", "\"PT-0.5S\"",
                "\"SRID=4326;POINT (1 2)\"", "\"SRID=9;POINT Z (1 2 3)\"", "\"AQID\"", "\"!!!\"", "\"NaN\"", "\"Infinity\"",
                "\"12:00:00+25:00\"", "\"2024-01-01T00:00:00[Nowhere/City]\"", "[{\"$type\":\"Integer\",\"_value\":\"1\"}]",
                "{\"k\":{\"$type\":\"Float\",\"_value\":\"1e999\"}}"))),
        Gen.Bool,
        (type, value, extra) => $"{{\"$type\":\"{type}\",\"_value\":{value}{(extra ? ",\"other\":1" : "")}}}");

    private static readonly Gen<string> Statement = Gen.Frequency(
        (4, CypherGen.Any.Select(s => JsonSerializer.Serialize(s))),
        (1, Json));

    /// <summary>A request object: the known fields with right or wrong values, and stray ones.</summary>
    public static readonly Gen<string> RequestObject = Gen.Select(
        Gen.Frequency((8, Statement.Select(s => "\"statement\":" + s)), (1, Gen.Const(""))),
        Gen.Frequency((4, Gen.Const("")), (3, Gen.Select(Pick("a", "b", "list", "map", "", "a b"), Json).Array[0, 4]
            .Select(kvs => ",\"parameters\":{" + string.Join(",", kvs.Select(kv => JsonSerializer.Serialize(kv.Item1) + ":" + kv.Item2)) + "}")),
            (1, Json.Select(j => ",\"parameters\":" + j))),
        Gen.Frequency((4, Gen.Const("")), (1, Gen.OneOf(Pick("\"Read\"", "\"WRITE\"", "\"write\"", "\"Both\"", "1", "null"), Json)
            .Select(v => ",\"accessMode\":" + v))),
        Gen.Frequency((4, Gen.Const("")), (1, Gen.OneOf(Pick("true", "false", "null", "\"yes\"", "1"), Json).Select(v => ",\"includeCounters\":" + v))),
        Gen.Frequency((4, Gen.Const("")), (1, Gen.OneOf(Pick("[]", "[\"FB:pg-00000000\"]", "[\"garbage\"]", "[1]", "\"x\"", "null"), Json)
            .Select(v => ",\"bookmarks\":" + v))),
        Gen.Frequency((6, Gen.Const("")), (1, Pick(",\"impersonatedUser\":\"neo4j\"", ",\"maxExecutionTime\":1", ",\"txMetadata\":{}",
            ",\"statement\":\"RETURN 2\"", ",\"__proto__\":{}", ",\"\":1"))),
        (s, p, a, c, b, x) => "{" + (s.Length == 0 ? (p + a + c + b + x).TrimStart(',') : s + p + a + c + b + x) + "}");

    /// <summary>A body: a request object (usually), random JSON, or bytes damaged in the ways attackers damage them.</summary>
    public static readonly Gen<byte[]> Body = Gen.Frequency(
        (8, RequestObject.Select(Encoding.UTF8.GetBytes)),
        (2, Json.Select(Encoding.UTF8.GetBytes)),
        (2, Gen.Select(RequestObject, Gen.Int[0, 10_000], (json, cut) => Encoding.UTF8.GetBytes(json[..Math.Min(cut % (json.Length + 1), json.Length)]))),
        (2, Gen.Select(RequestObject, Gen.Int[0, 10_000], Gen.Byte.Array[1, 4], (json, at, junk) =>
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var i = at % (bytes.Length + 1);
            return bytes[..i].Concat(junk.Select(b => (byte)(b | 0x80))).Concat(bytes[i..]).ToArray();
        })),
        (1, Gen.Select(Gen.Int[1, 2_000], Pick("[", "{\"a\":"), (n, open) =>
            Encoding.UTF8.GetBytes("{\"statement\":\"RETURN $a\",\"parameters\":{\"a\":" + string.Concat(Enumerable.Repeat(open, n)) + "1"
                + new string(open == "[" ? ']' : '}', n) + "}}"))),
        (1, Gen.Byte.Array[0, 200]),
        (1, Gen.Int[100_000, 1_200_000].Select(n => Encoding.UTF8.GetBytes("{\"statement\":\"RETURN $a AS a\",\"parameters\":{\"a\":\"" + new string('x', n) + "\"}}"))),
        (1, Pick("", " ", "\uFEFF{}", "null", "[]", "{}", "{\"statement\":null}", "{\"statement\":\"\"}", "{\"statement\":\"  \"}")
            .Select(Encoding.UTF8.GetBytes)));

    public static readonly Gen<string?> ContentType = Gen.Frequency<string?>(
        (10, Gen.Const<string?>("application/json")),
        (3, Gen.Const<string?>("application/vnd.neo4j.query")),
        (3, Gen.OneOf<string?>("application/json; charset=utf-8", "application/vnd.neo4j.query.v1.0", "application/vnd.neo4j.query.v1.2",
            "application/json; charset=latin1", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=zz", "application/xml", "application/json;;", "*/*", "application/", "json", "",
            "application/jsonl", "application/vnd.neo4j.query+jsonl", null)));

    public static readonly Gen<string?> Accept = Gen.Frequency<string?>(
        (10, Gen.Const((string?)null)),
        (3, Gen.OneOf<string?>("application/json", "application/vnd.neo4j.query", "*/*", "text/html", "application/xml;q=0.9",
            "application/json;q=0", "application/vnd.neo4j.query;q=0.5, application/json;q=0.6", "garbage;;q=x", "application/jsonl")));

    public static readonly Gen<string?> Authorization = Gen.Frequency<string?>(
        (12, Gen.Const((string?)null)),
        (1, Gen.OneOf<string?>("Basic", "Basic !!!", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("neo4j:wrong")),
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("nocolon")), "Basic " + Convert.ToBase64String([0xFF, 0xFE, 0x3A, 0x00]),
            "Bearer abc", "Digest x", "basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":")))));

    /// <summary>Query API paths: auto-commit, opening a transaction, another database, and unknown transactions.</summary>
    public static readonly Gen<(string Method, string Path)> QueryApiTarget = Gen.Frequency(
        (8, Gen.Const(("POST", "/db/neo4j/query/v2"))),
        (4, Gen.Const(("POST", "/db/neo4j/query/v2/tx"))),
        (1, Gen.OneOf(("POST", "/db/other/query/v2"), ("POST", "/db/neo4j/query/v2/tx/nope"), ("POST", "/db/neo4j/query/v2/tx/nope/commit"),
            ("DELETE", "/db/neo4j/query/v2/tx/nope"), ("POST", "/db/NEO4J/query/v2"), ("POST", "/db/neo4j/query/v2/tx/%00"),
            ("PUT", "/db/neo4j/query/v2"), ("GET", "/db/neo4j/query/v2"))));

    /// <summary>A whole Query API request.</summary>
    public static readonly Gen<FuzzRequest> QueryApiRequest = Gen.Select(QueryApiTarget, ContentType, Accept, Authorization, Body,
        (target, type, accept, auth, body) => new FuzzRequest(target.Method, target.Path, type, accept, auth, body));
}
