namespace PaperGraph.Web.Infrastructure;

/// <summary>What a feature puts into <c>index.html</c> before it is served (the home page's first drawing): the
/// template as built in, the page out, without nonces (stamped afterwards, per response).</summary>
public interface IIndexPageContent
{
    ValueTask<string> RenderAsync(string template, HttpRequest request, CancellationToken cancellationToken);
}
