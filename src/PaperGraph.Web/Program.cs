using PaperGraph.Web.Features.Health;
using PaperGraph.Web.Features.QueryApi;
using PaperGraph.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddPaperGraph();

var app = builder.Build();
app.UsePaperGraph();

app.MapQueryApi();
app.MapHealth();

app.Run();

public partial class Program;
