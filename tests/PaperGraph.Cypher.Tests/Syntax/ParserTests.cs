using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Tests.Syntax;

public sealed class ParserTests
{
    private static SingleQuery Single(string text) => Assert.IsType<SingleQuery>(CypherParser.Parse(text));

    private static Expression ReturnedExpression(string expression) =>
        Assert.IsType<ReturnClause>(Single("RETURN " + expression).Clauses[0]).Projection.Items[0].Expression;

    private static GraphException Error(string text) => Assert.Throws<GraphException>(() => CypherParser.Parse(text));

    [Fact]
    public void Keywords_ignore_case_and_names_keep_it()
    {
        var query = Single("match (Paper:Paper) WhErE Paper.Key = 1 return Paper");
        var match = Assert.IsType<MatchClause>(query.Clauses[0]);
        var node = match.Pattern.Parts[0].Element.Start;
        Assert.Equal("Paper", node.Variable!.Name);
        Assert.Equal(["Paper"], node.Labels);
        Assert.Equal("Key", Assert.IsType<PropertyAccess>(Assert.IsType<BinaryExpression>(match.Where).Left).Key);
    }

    [Fact]
    public void Unaliased_columns_are_named_by_the_text_as_written()
    {
        var items = Assert.IsType<ReturnClause>(Single("MATCH (n) RETURN n.name, count( * ), 1+2 AS three").Clauses[1]).Projection.Items;
        Assert.Equal(["n.name", "count( * )", "three"], items.Select(i => i.Name));
    }

    [Fact]
    public void Backtick_names_may_contain_escaped_backticks_and_keywords()
    {
        var variable = Assert.IsType<Variable>(ReturnedExpression("`we``ird`"));
        Assert.Equal("we`ird", variable.Name);
        Assert.Equal("RETURN", Assert.IsType<Variable>(ReturnedExpression("`RETURN`")).Name);
    }

    [Theory]
    [InlineData("0x1F", 31L)]
    [InlineData("0o17", 15L)]
    [InlineData("-0x8000000000000000", long.MinValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Integer_literals_cover_the_64_bit_range_in_every_base(string text, long expected)
    {
        Assert.Equal(expected, Assert.IsType<IntegerLiteral>(ReturnedExpression(text)).Value);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("0x8000000000000000")]
    [InlineData("0o1000000000000000000000")]
    public void Integer_literals_outside_64_bits_are_syntax_errors(string text)
    {
        var error = Error("RETURN " + text);
        Assert.Equal(GraphErrorCodes.SyntaxError, error.Code);
        Assert.StartsWith("integer is too large", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Position!.Value.Offset);
    }

    [Theory]
    [InlineData(".5", 0.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1.5E-3", 0.0015)]
    [InlineData("-2.5", -2.5)]
    public void Float_literals_accept_leading_dots_and_exponents(string text, double expected)
    {
        Assert.Equal(expected, Assert.IsType<FloatLiteral>(ReturnedExpression(text)).Value);
    }

    [Fact]
    public void String_escapes_are_decoded()
    {
        Assert.Equal("it's \"q\"\n\t\\é😀", Assert.IsType<StringLiteral>(ReturnedExpression(@"'it\'s \""q\""\n\t\\\u00e9\U0001F600'")).Value);
        Assert.Equal("say \"hi\"", Assert.IsType<StringLiteral>(ReturnedExpression("\"say \\\"hi\\\"\"")).Value);
    }

    [Fact]
    public void A_chained_comparison_means_each_pair_holds()
    {
        var e = ReturnedExpression("1 < x <= 5");
        Assert.Equal("1 < x AND x <= 5", CypherPrinter.PrintExpression(e));
    }

    [Fact]
    public void Unary_minus_binds_tighter_than_power_as_in_the_tck()
    {
        var e = Assert.IsType<BinaryExpression>(ReturnedExpression("-3 ^ 2"));
        Assert.Equal(BinaryOperator.Power, e.Operator);
        Assert.Equal(-3, Assert.IsType<IntegerLiteral>(e.Left).Value);
    }

    [Fact]
    public void Variable_length_ranges_keep_missing_bounds_null()
    {
        var match = Assert.IsType<MatchClause>(Single("MATCH (a)-[*]->(b)-[*2]->(c)-[*..5]->(d)-[*2..]->(e)-[*1..3]->(f) RETURN a").Clauses[0]);
        var ranges = match.Pattern.Parts[0].Element.Chain.Select(c => (c.Relationship.Range!.Min, c.Relationship.Range.Max));
        Assert.Equal([(null, null), (2L, 2L), (null, 5L), (2L, null), (1L, 3L)], ranges);
    }

    [Fact]
    public void Exists_with_a_bare_pattern_reads_as_a_match_subquery()
    {
        var match = Assert.IsType<MatchClause>(Single("MATCH (n) WHERE EXISTS { (n)-->(m) WHERE m.x = 1 } RETURN n").Clauses[0]);
        var exists = Assert.IsType<ExistsSubquery>(match.Where);
        var inner = Assert.IsType<MatchClause>(Assert.IsType<SingleQuery>(exists.Query).Clauses.Single());
        Assert.NotNull(inner.Where);
    }

    [Fact]
    public void A_parenthesized_expression_is_not_mistaken_for_a_pattern()
    {
        Assert.IsType<BinaryExpression>(ReturnedExpression("(a) - 1"));
        Assert.IsType<LabelPredicate>(ReturnedExpression("(n:Person)"));
        var match = Assert.IsType<MatchClause>(Single("MATCH (a), (b) WHERE (a)<-[:R]-(b) RETURN a").Clauses[0]);
        Assert.IsType<PatternPredicate>(match.Where);
    }

    [Fact]
    public void A_trailing_semicolon_and_comments_are_allowed()
    {
        Assert.Single(Single("// leading\nRETURN /* inline */ 1 ; // trailing").Clauses);
    }

    [Fact]
    public void Several_statements_at_once_are_refused_clearly()
    {
        var error = Error("RETURN 1; RETURN 2");
        Assert.Equal(GraphErrorCodes.SemanticError, error.Code);
        Assert.Contains("not supported by the embedded engine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_show_the_line_and_a_caret_under_the_bad_token()
    {
        var error = Error("MATCH (a)\nRETRUN a");
        Assert.Equal(GraphErrorCodes.SyntaxError, error.Code);
        Assert.Equal(new SourcePosition(10, 2, 1), error.Position);
        var lines = error.Message.Split('\n');
        Assert.Equal("Invalid input 'RETRUN': expected a clause ('MATCH', 'OPTIONAL MATCH', 'WITH', 'RETURN', 'UNWIND', 'CREATE', " +
            "'MERGE', 'SET', 'REMOVE', 'DELETE', 'DETACH DELETE' or 'CALL'). Did you mean 'RETURN'? (line 2, column 1 (offset: 10))", lines[0]);
        Assert.Equal("RETRUN a", lines[1]);
        Assert.Equal("^^^^^^", lines[2]);
    }

    [Theory]
    [InlineData("MATCH (n) WHERE n.x != 1 RETURN n", "use '<>'")]
    [InlineData("MATCH (n) WHERE n.x == 1 RETURN n", "use '='")]
    [InlineData("MATCH (n)", "Query cannot conclude with MATCH")]
    [InlineData("MATCH (n) WITH n", "Query cannot conclude with WITH")]
    [InlineData("MATCH (n) RETURN n.", "expected a property key name")]
    public void Common_mistakes_get_a_hint(string text, string hint)
    {
        var error = Error(text);
        Assert.Equal(GraphErrorCodes.SyntaxError, error.Code);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FOREACH (x IN [1] | CREATE ())")]
    [InlineData("LOAD CSV FROM 'x' AS row RETURN row")]
    [InlineData("USE neo4j MATCH (n) RETURN n")]
    [InlineData("CREATE CONSTRAINT FOR (n:L) REQUIRE n.p IS NOT NULL")]
    [InlineData("CREATE TEXT INDEX FOR (n:L) ON (n.p)")]
    public void Valid_cypher_the_engine_lacks_is_reported_as_not_supported(string text)
    {
        var error = Error(text);
        Assert.Equal(GraphErrorCodes.SemanticError, error.Code);
        Assert.Contains("is not supported by the embedded engine", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Position);
    }

    [Fact]
    public void Tolerant_parsing_reports_every_broken_clause()
    {
        var (statement, errors) = CypherParser.ParseTolerant("MATCH (a)-[:R]->(b c)\nUNWIND [1,] AS x\nRETURN a");
        Assert.Null(statement);
        Assert.Equal(2, errors.Count);
        Assert.Equal(1, errors[0].Position!.Value.Line);
        Assert.Equal(2, errors[1].Position!.Value.Line);
    }

    [Fact]
    public void Tolerant_parsing_of_a_good_statement_returns_it_without_errors()
    {
        var (statement, errors) = CypherParser.ParseTolerant("MATCH (n) RETURN n");
        Assert.NotNull(statement);
        Assert.Empty(errors);
    }

    [Fact]
    public void Tolerant_parsing_reports_a_lexer_error_with_its_position()
    {
        var (_, errors) = CypherParser.ParseTolerant("RETURN 'unterminated");
        var error = Assert.Single(errors);
        Assert.Equal(7, error.Position!.Value.Offset);
    }

    [Fact]
    public void Spans_cover_exactly_the_text_of_each_node()
    {
        const string text = "MATCH (p:Paper)\nWHERE p.year >= 2017\nRETURN p.title";
        var match = Assert.IsType<MatchClause>(Single(text).Clauses[0]);
        var where = match.Where!;
        Assert.Equal("p.year >= 2017", text.Substring(where.Span.Offset, where.Span.Length));
        Assert.Equal((2, 7), (where.Span.Line, where.Span.Column));
        Assert.Equal("(p:Paper)", text.Substring(match.Pattern.Span.Offset, match.Pattern.Span.Length));
    }

    [Fact]
    public void Schema_commands_read_both_the_current_and_the_old_forms()
    {
        var a = Assert.IsType<CreateConstraint>(CypherParser.Parse("CREATE CONSTRAINT k IF NOT EXISTS FOR (p:Paper) REQUIRE p.key IS UNIQUE"));
        var b = Assert.IsType<CreateConstraint>(CypherParser.Parse("CREATE CONSTRAINT ON (p:Paper) ASSERT p.key IS UNIQUE"));
        Assert.Equal(("k", true), (a.Name, a.IfNotExists));
        Assert.Equal((a.Target.Label, a.Target.Properties.Single()), (b.Target.Label, b.Target.Properties.Single()));
        var oldIndex = Assert.IsType<CreateIndex>(CypherParser.Parse("CREATE INDEX ON :Paper(year)"));
        Assert.Null(oldIndex.Target.Variable);
        Assert.IsType<DropIndex>(CypherParser.Parse("DROP INDEX paper_year IF EXISTS"));
        Assert.IsType<ShowIndexes>(CypherParser.Parse("SHOW INDEXES"));
        Assert.IsType<ShowConstraints>(CypherParser.Parse("show constraints"));
    }

    [Fact]
    public void Explain_wraps_the_statement()
    {
        var explain = Assert.IsType<ExplainStatement>(CypherParser.Parse("PROFILE MATCH (n) RETURN n"));
        Assert.Equal(ExplainMode.Profile, explain.Mode);
        Assert.IsType<SingleQuery>(explain.Statement);
    }

    [Fact]
    public void A_leading_zero_integer_is_refused_rather_than_guessed()
    {
        var error = Error("RETURN 0777");
        Assert.Equal(GraphErrorCodes.SyntaxError, error.Code);
        Assert.Contains("0o777", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Assert.IsType<IntegerLiteral>(ReturnedExpression("0")).Value);
    }

    [Fact]
    public void Yield_star_is_only_for_a_standalone_call()
    {
        Assert.IsType<CallClause>(Single("CALL db.labels() YIELD *").Clauses.Single());
        Assert.Equal(GraphErrorCodes.SyntaxError, Error("CALL db.labels() YIELD * RETURN label").Code);
    }

    [Fact]
    public void A_byte_order_mark_is_whitespace()
    {
        Assert.Single(Single("\uFEFFRETURN 1").Clauses);
    }

    [Fact]
    public void An_error_carries_the_whole_span_of_the_bad_token_for_an_editor()
    {
        var (_, errors) = CypherParser.ParseTolerant("MATCH (a) RETRUN a");
        Assert.True(CypherErrors.TryGetSpan(Assert.Single(errors), out var span));
        Assert.Equal(new SourceSpan(10, 1, 11, 6), span);
    }

    [Fact]
    public void The_multiline_print_puts_each_clause_and_union_on_its_own_line()
    {
        var statement = CypherParser.Parse("match (n) where exists { match (n)-->(m) return m } with n return n union return 1 as n");
        Assert.Equal("MATCH (n) WHERE EXISTS { MATCH (n)-->(m) RETURN m }\nWITH n\nRETURN n\nUNION\nRETURN 1 AS n",
            CypherPrinter.Print(statement, multiline: true));
    }

    [Fact]
    public void A_browser_command_is_explained()
    {
        var error = Error(":param x => 1");
        Assert.Contains("Neo4j Browser command", error.Message, StringComparison.Ordinal);
    }
}
