using PaperGraph.Web.Features.Accounts;
using PaperGraph.Web.Features.Curation;
using PaperGraph.Web.Features.Cypher;
using PaperGraph.Web.Features.Health;
using PaperGraph.Web.Features.History;
using PaperGraph.Web.Features.Papers;
using PaperGraph.Web.Features.Plans;
using PaperGraph.Web.Features.QueryApi;
using PaperGraph.Web.Features.Search;
using PaperGraph.Web.Infrastructure.Hubs;
using PaperGraph.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddPaperGraph();
builder.Services.AddExplorer();

var app = builder.Build();
app.UsePaperGraph();
app.UseExplorerClient();

app.MapQueryApi();
app.MapHealth();
app.MapOpenApi();
app.MapPapers();
app.MapPlans();
app.MapSearch();
app.MapCuration();
app.MapHistory();
app.MapSession();
app.MapAccounts();
app.MapCypherLint();
app.MapExplorerRoutes();
app.MapHub<GraphHub>("/hubs/graph");

app.Run();

public partial class Program;
