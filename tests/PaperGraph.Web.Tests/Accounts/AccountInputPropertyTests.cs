using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using PaperGraph.Hosting.Accounts;

namespace PaperGraph.Web.Tests.Accounts;

/// <summary>Names, passwords and Authorization headers are text from strangers: any of them gets a clear answer.</summary>
public sealed class AccountInputPropertyTests
{
    private static readonly Gen<string> Text =
        Gen.OneOf(Gen.String, Gen.Char["ab:@._- \t\u00e9\u4e2d\uD83D\uDE00\0Z9"].Array[0, 80].Select(c => new string(c)));

    [Fact]
    public void Any_name_or_password_is_accepted_or_refused_with_a_reason_never_an_exception()
    {
        using var store = new AccountStore(null, "neo4j");
        Gen.Select(Text, Text).Sample((name, password) =>
        {
            try { store.CheckName(name); } catch (AccountException e) { Assert.False(string.IsNullOrWhiteSpace(e.Message)); }
            try { AccountStore.CheckPassword(name, password); } catch (AccountException e) { Assert.False(string.IsNullOrWhiteSpace(e.Message)); }
        }, iter: 5_000);
    }

    [Fact]
    public void A_name_the_rules_accept_signs_in_with_its_password_and_no_other()
    {
        using var store = new AccountStore(null, "neo4j");
        var names = Gen.Char["abcXYZ019._-@"].Array[1, 20].Select(c => new string(c));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        names.Sample(name =>
        {
            if (!seen.Add(name) || name.Equals("neo4j", StringComparison.OrdinalIgnoreCase)) return;
            var password = "Kx7!" + Guid.NewGuid().ToString("N")[..10];
            store.Add(name, password, "contributor");
            Assert.Equal(name, store.Verify(name.ToUpperInvariant(), password)?.Name);
            Assert.Null(store.Verify(name, password + "x"));
        }, iter: 15, threads: 1);
    }

    [Fact]
    public async Task Any_authorization_header_is_refused_with_401_or_429_never_a_500()
    {
        using var server = new AuthServer();
        var printable = Gen.Char[' ', '~'].Array[0, 60].Select(c => new string(c));
        var header = Gen.OneOf(
            printable.Select(s => "Basic " + s),
            printable.Select(s => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(s))),
            printable.Select(s => "Bearer " + s),
            printable);
        var samples = header.Array[40].Single();
        foreach (var value in samples)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/db/neo4j/query/v2")
            {
                Content = new StringContent("""{"statement":"RETURN 1"}""", Encoding.UTF8, "application/json"),
            };
            if (!request.Headers.TryAddWithoutValidation("Authorization", value)) continue;
            using var response = await server.Plain().SendAsync(request);
            Assert.True((int)response.StatusCode is 401 or 429 or 202, $"{(int)response.StatusCode} for Authorization: {value}");
        }
    }
}
