using PaperGraph.Graph;

namespace PaperGraph.Embedded.Tests;

/// <summary>EXPLAIN and PROFILE as operator trees, and the procedures Neo4j tools call first.</summary>
public sealed class PlanAndProcedureTests
{
    private static EmbeddedGraphDatabase Seeded()
    {
        var db = Db.Open();
        db.Run("""
            CREATE (a:Paper {key: 'a', year: 2013}), (b:Paper {key: 'b', year: 2014}), (c:Paper {key: 'c'}),
                   (a)-[:PREREQUISITE_OF {reason: 'r1'}]->(b), (b)-[:PREREQUISITE_OF {reason: 'r2'}]->(c), (:Section {key: 's'})
            """);
        return db;
    }

    private static IEnumerable<GraphPlan> Flatten(GraphPlan plan) => new[] { plan }.Concat(plan.Children.SelectMany(Flatten));

    [Fact]
    public async Task A_procedure_given_to_the_database_is_called_with_its_arguments_coerced_and_its_errors_positioned()
    {
        // As Neo4j loads plugins: a procedure passed in the options is callable like a built-in one.
        var reading = new PaperGraph.Cypher.Execution.ProcedureSignature("papers.decade", ["year"], ["decade", "label"],
            (_, args) => args[0] is double y ? [[(long)(y / 10) * 10, $"{(long)(y / 10) * 10}s"]] : [])
        {
            ParameterTypes = ["FLOAT?"],
        };
        await using var db = Db.Open(new EmbeddedDatabaseOptions { Procedures = [reading] });
        db.Run("CREATE (:Paper {key: 'a', year: 2013}), (:Paper {key: 'b', year: 1998})");

        var rows = db.Run("MATCH (p:Paper) CALL papers.decade(p.year) YIELD label RETURN p.key AS key, label ORDER BY key");
        Assert.Equal([["a", "2010s"], ["b", "1990s"]], rows.Values.Select(r => r.ToArray()).ToArray());
        Assert.Equal(2010L, db.Scalar("CALL papers.decade(2013) YIELD decade RETURN decade"));
        Assert.Equal(2010L, db.Scalar("CALL Papers.Decade(2019.5) YIELD decade RETURN decade"));
        var implicitArguments = db.Run("CALL papers.decade", new { year = 1999 });
        Assert.Equal(["decade", "label"], implicitArguments.Fields);
        Assert.Equal(1990L, implicitArguments.Values[0][0]);

        var wrongType = db.Fails("CALL papers.decade('twenty') YIELD decade RETURN decade");
        Assert.Equal(GraphErrorCodes.SyntaxError, wrongType.Code);
        Assert.Contains("expected FLOAT but was String", wrongType.Message, StringComparison.Ordinal);
        Assert.Equal(20, wrongType.Position?.Column);
        Assert.Contains("implicitly", db.Fails("MATCH (p:Paper) CALL papers.decade YIELD decade RETURN decade").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_returns_an_operator_tree_with_Neo4j_names()
    {
        await using var db = Seeded();
        var result = db.Run("EXPLAIN MATCH (p:Paper)-[:PREREQUISITE_OF]->(q) WHERE p.year > 2000 RETURN q.key AS key ORDER BY key LIMIT 5");
        var plan = Assert.IsType<GraphPlan>(result.QueryPlan);
        Assert.Equal("ProduceResults", plan.OperatorType);
        var types = Flatten(plan).Select(p => p.OperatorType).ToList();
        Assert.Contains("NodeByLabelScan", types);
        Assert.Contains("Expand(All)", types);
        Assert.Contains("Sort", types);
        Assert.Contains("Limit", types);
        Assert.Contains("key", plan.Identifiers);
        var scan = Flatten(plan).First(p => p.OperatorType == "NodeByLabelScan");
        Assert.Equal("p:Paper", scan.Arguments["Details"]);
        Assert.Null(plan.Rows);
    }

    [Fact]
    public async Task Explain_of_a_transitive_prerequisite_query_shows_the_pruning_expand()
    {
        await using var db = Seeded();
        var plan = db.Run("EXPLAIN MATCH (a)-[:PREREQUISITE_OF]->+(b:Paper {key: 'c'}) RETURN count(DISTINCT a)").QueryPlan!;
        Assert.Contains(Flatten(plan), p => p.OperatorType == "VarLengthExpand(Pruning)");
        Assert.Contains(Flatten(plan), p => p.OperatorType == "EagerAggregation");
    }

    [Fact]
    public async Task Profile_runs_the_query_and_counts_rows_and_db_hits_per_operator()
    {
        await using var db = Seeded();
        var result = db.Run("PROFILE MATCH (p:Paper)-[:PREREQUISITE_OF]->(q) RETURN q.key AS key");
        Assert.Equal(2, result.Values.Count);
        var plan = Assert.IsType<GraphPlan>(result.ProfiledQueryPlan);
        Assert.Equal(2, plan.Rows);
        var scan = Flatten(plan).First(p => p.OperatorType == "NodeByLabelScan");
        Assert.Equal(3, scan.Rows);
        Assert.True(scan.DbHits >= 3, $"scan db hits {scan.DbHits}");
        var expand = Flatten(plan).First(p => p.OperatorType == "Expand(All)");
        Assert.Equal(2, expand.Rows);
        Assert.True(expand.DbHits > 0);
        Assert.All(Flatten(plan), p => Assert.True(p.Time >= 0));
    }

    [Fact]
    public async Task Profile_of_a_write_applies_it()
    {
        await using var db = Seeded();
        var result = db.Run("PROFILE CREATE (n:Note {text: 'x'}) RETURN n.text AS t");
        Assert.Equal(1, result.Counters.NodesCreated);
        Assert.Contains(Flatten(result.ProfiledQueryPlan!), p => p.OperatorType == "Create");
        Assert.Equal(1L, db.Scalar("MATCH (n:Note) RETURN count(n)"));
    }

    [Fact]
    public async Task Dbms_components_and_db_info_answer_like_Neo4j_5()
    {
        await using var db = Seeded();
        var components = db.Run("CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition");
        Assert.Equal("Neo4j Kernel", components.Values[0][0]);
        Assert.StartsWith("5.", (string)((IReadOnlyList<object?>)components.Values[0][1]!)[0]!, StringComparison.Ordinal);
        Assert.Equal("neo4j", db.Run("CALL db.info() YIELD name RETURN name").Values[0][0]);
    }

    [Fact]
    public async Task Schema_procedures_describe_labels_types_and_property_types()
    {
        await using var db = Seeded();
        var nodes = db.Run("CALL db.schema.nodeTypeProperties() YIELD nodeType, propertyName, propertyTypes, mandatory " +
                           "RETURN nodeType, propertyName, propertyTypes, mandatory");
        var year = nodes.Values.Single(r => (string?)r[0] == ":`Paper`" && (string?)r[1] == "year");
        Assert.Equal(["Long"], ((IReadOnlyList<object?>)year[2]!).Cast<string>());
        Assert.Equal(false, year[3]);
        var key = nodes.Values.Single(r => (string?)r[0] == ":`Paper`" && (string?)r[1] == "key");
        Assert.Equal(true, key[3]);
        var rels = db.Run("CALL db.schema.relTypeProperties() YIELD relType, propertyName, propertyTypes, mandatory RETURN *");
        var relType = rels.Fields.ToList().IndexOf("relType");
        var reason = rels.Values.Single(r => (string?)r[relType] == ":`PREREQUISITE_OF`" && (string?)r[rels.Fields.ToList().IndexOf("propertyName")] == "reason");
        Assert.Equal(true, reason[rels.Fields.ToList().IndexOf("mandatory")]);
        var labels = db.Run("CALL db.labels() YIELD label RETURN label").Values.Select(r => (string)r[0]!).ToList();
        Assert.Contains("Paper", labels);
        Assert.Contains("Section", labels);
        Assert.Contains("reason", db.Run("CALL db.propertyKeys()").Values.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task Show_procedures_and_functions_list_what_the_engine_has()
    {
        await using var db = Seeded();
        var procedures = db.Run("SHOW PROCEDURES").Values.Select(r => (string)r[0]!).ToList();
        Assert.Contains("dbms.components", procedures);
        Assert.Contains("db.schema.nodeTypeProperties", procedures);
        var functions = db.Run("SHOW FUNCTIONS");
        Assert.Equal(["name", "category", "description"], functions.Fields);
        Assert.Contains(functions.Values, r => (string)r[0]! == "count" && (string)r[1]! == "Aggregating");
        Assert.Contains(functions.Values, r => (string)r[0]! == "btrim");
    }
}
