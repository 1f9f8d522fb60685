using System.Globalization;
using CsCheck;

namespace PaperGraph.Web.Fuzz;

/// <summary>
/// Grammar-aware generators of Cypher text: nested expressions (arithmetic, comparison, boolean, string and list
/// operators, CASE, lists, maps, indexing and slicing, list comprehensions, <c>reduce</c>, function calls,
/// parameters), clauses over the seed graph's shape (MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, ORDER BY,
/// SKIP/LIMIT, aggregation, UNION, EXPLAIN, writes that anonymous callers must be refused), and the same statements
/// damaged by a few character edits, so the parser's error paths are walked too.
/// </summary>
/// <remarks>Sizes are kept small where the work grows with them (ranges, repetitions), so each statement is cheap
/// unless it is cheap only by luck; the timeouts and memory bounds of runaway statements have their own suite.</remarks>
public static class CypherGen
{
    private static Gen<string> Pick(params string[] choices) => Gen.OneOf(choices);

    public static readonly Gen<string> Identifier = Gen.Frequency(
        (6, Pick("p", "q", "x", "y", "n", "m", "acc", "item", "row")),
        (1, Pick("`weird name`", "`é中`", "`a``b`", "_u", "ÄÖ")));

    public static readonly Gen<string> Label = Pick("Paper", "Section", "Nothing", "`Odd Label`", "paper");
    public static readonly Gen<string> Property = Pick("key", "title", "year", "url", "authors", "aliases", "missing", "`odd prop`");
    public static readonly Gen<string> Parameter = Pick("$a", "$b", "$list", "$map", "$missing", "$0", "$`odd`");

    /// <summary>String literals: quotes, escapes (valid and not), unicode, surrogates, control characters.</summary>
    public static readonly Gen<string> StringLiteral = Gen.Frequency(
        (4, Gen.Char["abcXYZ 019_-é中"].Array[0, 12].Select(c => "'" + new string(c) + "'")),
        (2, Pick("''", "\"\"", "'it\\'s'", "\"say \\\"hi\\\"\"", "'\\n\\t\\\\'", "'\\u00e9\\u4e2d'", "'\\uD83D\\uDE00'",
            "'\\uD800'", "'\\uDC00x'", "'😀👍🏽'", "'\u0000'", "'\u202e'", "'a\u0301'", "'" + new string('z', 300) + "'")),
        (1, Gen.String.Select(s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'")));

    public static readonly Gen<string> NumberLiteral = Gen.Frequency(
        (6, Gen.Int[-20, 20].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Pick("0", "-0", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999",
            "0x7FFFFFFFFFFFFFFF", "0xFFFFFFFFFFFFFFFFF", "0o777", "1e308", "1e309", "-1e309", "1.5e-323", "0.1", ".5",
            "1_000", "NaN", "Infinity")),
        (1, Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture))));

    private static readonly Gen<string> Atom = Gen.Frequency(
        (5, NumberLiteral),
        (4, StringLiteral),
        (2, Pick("true", "false", "null", "TRUE", "Null")),
        (3, Parameter),
        (4, Identifier),
        (3, Gen.Select(Identifier, Property, (v, p) => $"{v}.{p}")),
        (1, Pick("[]", "{}", "[null]", "{a: null}", "range(1, 5)", "range(0, 10, 3)", "range(5, 1, -1)", "range(1, 3, 0)")));

    /// <summary>A Cypher expression, nested up to a few levels.</summary>
    public static readonly Gen<string> Expression = Gen.Recursive<string>((depth, self) => depth >= 3 ? Atom : Gen.Frequency(
        (6, Atom),
        (4, Gen.Select(self, Pick("+", "-", "*", "/", "%", "^", "=", "<>", "<", ">", "<=", ">=", "AND", "OR", "XOR", "IN",
            "STARTS WITH", "ENDS WITH", "CONTAINS", "=~"), self, (a, op, b) => $"({a} {op} {b})")),
        (2, Gen.Select(Pick("NOT ", "-", "+", ""), self, (op, a) => $"{op}({a})")),
        (2, self.Array[0, 4].Select(items => "[" + string.Join(", ", items) + "]")),
        (2, Gen.Select(Pick("a", "b", "`k k`", "é", "c1"), self).Array[0, 3]
            .Select(kvs => "{" + string.Join(", ", kvs.Select(kv => $"{kv.Item1}: {kv.Item2}")) + "}")),
        (2, Gen.Select(self, self, (l, i) => $"{l}[{i}]")),
        (1, Gen.Select(self, Pick("", "1", "-1", "0"), Pick("", "2", "-2", "100"), (l, a, b) => $"{l}[{a}..{b}]")),
        (2, Gen.Select(Identifier, self, self, self, (v, list, pred, proj) => $"[{v} IN {list} WHERE {pred} | {proj}]")),
        (1, Gen.Select(Identifier, self, self, (v, list, proj) => $"[{v} IN {list} | {proj}]")),
        (2, Gen.Select(Identifier, self, Identifier, self, self, (acc, init, v, list, step) => $"reduce({acc} = {init}, {v} IN {list} | {step})")),
        (3, Gen.Select(Pick("size", "toString", "toUpper", "toLower", "trim", "abs", "sign", "head", "last", "tail", "reverse",
            "keys", "toInteger", "toFloat", "toBoolean", "round", "sqrt", "length", "type", "labels", "properties", "isEmpty",
            "valueType", "ceil", "floor", "log", "exp", "sin", "nodes", "relationships", "startNode", "id", "elementId", "date",
            "duration", "toStringOrNull", "toIntegerOrNull"), self, (f, a) => $"{f}({a})")),
        (2, Gen.Select(Pick("coalesce", "left", "right", "split", "atan2", "substring", "round", "coalesce", "nullIf"), self, self,
            (f, a, b) => $"{f}({a}, {b})")),
        (1, Gen.Select(Pick("substring", "replace", "coalesce"), self, self, self, (f, a, b, c) => $"{f}({a}, {b}, {c})")),
        // Wrong arity, unknown functions and aggregates out of place: semantic errors with a position.
        (1, Gen.Select(Pick("size", "nosuchfunction", "apoc.text.join", "count", "collect", "max", "rand", "timestamp", "point",
            "randomUUID"), self.Array[0, 3], (f, args) => $"{f}({string.Join(", ", args)})")),
        (1, Gen.Select(self, self, self, (c, a, b) => $"CASE WHEN {c} THEN {a} ELSE {b} END")),
        (1, Gen.Select(self, self, self, (v, a, b) => $"CASE {v} WHEN {a} THEN {b} END")),
        (1, Gen.Select(Identifier, Property, (v, p) => $"{v} {{.{p}, .*, extra: 1}}")),
        (1, Gen.Select(self, Pick("IS NULL", "IS NOT NULL", "IS :: INTEGER", "IS NOT :: STRING"), (a, s) => $"({a} {s})"))));

    private static readonly Gen<string> NodePattern = Gen.Select(Identifier, Label, Gen.Bool, Gen.Bool,
        (v, l, withLabel, withProps) => "(" + v + (withLabel ? ":" + l : "") + (withProps ? " {key: 'bert'}" : "") + ")");

    private static readonly Gen<string> RelationshipPattern = Pick(
        "-[r:PREREQUISITE_OF]->", "<-[r:PREREQUISITE_OF]-", "-[:IN_SECTION]->", "--", "-[r]-", "-[*1..3]->",
        "-[:PREREQUISITE_OF*]->", "-[*0..2]-", "-[r:PREREQUISITE_OF|IN_SECTION]->", "-[:NOPE]->");

    private static readonly Gen<string> Pattern = Gen.Select(NodePattern, RelationshipPattern, NodePattern, Gen.Bool,
        (a, r, b, single) => single ? a : a + r + b);

    private static readonly Gen<string> Projection = Gen.Select(Expression, Identifier).Array[1, 3]
        .Select(items => string.Join(", ", items.Select((x, i) => $"{x.Item1} AS c{i}")));

    private static readonly Gen<string> Tail = Gen.Select(Pick("", " ORDER BY c0", " ORDER BY c0 DESC"), Pick("", " SKIP 1", " SKIP -1", " SKIP $a"),
        Pick("", " LIMIT 5", " LIMIT 0", " LIMIT -1", " LIMIT 1000000000000"), (o, s, l) => o + s + l);

    /// <summary>Binds every name <see cref="Identifier"/> produces, so that more statements get past the binder.</summary>
    private const string Bindings =
        "WITH 7 AS p, 'text' AS q, [1, 2, 3] AS x, {a: 1, b: [2]} AS y, null AS n, 2.5 AS m, 0 AS acc, 'i' AS item, [[1], []] AS row, " +
        "-1 AS `weird name`, 'é' AS `é中`, true AS `a``b`, 1e3 AS _u, [] AS ÄÖ ";

    /// <summary>A whole statement, usually well-formed.</summary>
    public static readonly Gen<string> Statement = Gen.Frequency(
        (5, Gen.Select(Projection, Tail, (p, t) => $"RETURN {p}{t}")),
        (6, Gen.Select(Projection, Tail, (p, t) => $"{Bindings}RETURN {p}{t}")),
        (2, Gen.Select(Expression, Projection, (w, p) => $"{Bindings}WHERE {w} RETURN {p}")),
        (4, Gen.Select(Pattern, Expression, Projection, Tail, (m, w, p, t) => $"MATCH {m} WHERE {w} RETURN {p}{t}")),
        (2, Gen.Select(Pattern, Pattern, Projection, (m, o, p) => $"MATCH {m} OPTIONAL MATCH {o} RETURN {p} LIMIT 50")),
        (2, Gen.Select(Expression, Identifier, Projection, (l, v, p) => $"UNWIND {l} AS {v} WITH {v} RETURN {p}")),
        (2, Gen.Select(Pattern, Pick("count(*)", "collect(p.title)", "sum(p.year)", "avg(p.year)", "min(p.key)", "max(p)",
            "count(DISTINCT p)", "collect(DISTINCT [p.year])", "percentileCont(p.year, 0.5)", "stDev(p.year)"),
            (m, agg) => $"MATCH {m} RETURN {agg} AS c0")),
        (1, Gen.Select(Projection, Projection, Gen.Bool, (a, b, all) => $"RETURN {a} UNION{(all ? " ALL" : "")} RETURN {b}")),
        (1, Gen.Select(Expression, Projection, (w, p) => $"WITH {w} AS x WHERE x IS NOT NULL RETURN {p}")),
        (1, Gen.Select(Pick("EXPLAIN ", "PROFILE "), Projection, (e, p) => $"{e}RETURN {p}")),
        (1, Pick("CREATE (:Pwned {at: timestamp()})", "MATCH (n) DETACH DELETE n", "MERGE (p:Paper {key: 'x'}) RETURN p",
            "MATCH (p:Paper) SET p.title = 'owned'", "MATCH (p:Paper) REMOVE p.title", "CREATE INDEX FOR (n:Paper) ON (n.year)",
            "DROP INDEX nope", "CALL db.labels()", "CALL dbms.components()", "SHOW DATABASES", "USE system RETURN 1",
            "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "CALL { CREATE (:X) } RETURN 1", "FOREACH (i IN [1] | CREATE (:Y))")));

    /// <summary>Near-Cypher that is not: operators and literals from other languages, bad numbers and escapes.</summary>
    public static readonly Gen<string> Mistaken = Gen.Select(Expression, Pick("==", "!=", "&&", "||", "=>", "IS NULL AND", "===", "<>="),
        Pick("1", "0o9", "1__0", "1e", "0x", "00012", "'\\x'", "'\\u12'", "{0: 1}", "[1, 2", "'unterminated", "1 +", "$", "``",
            "{a: 1, a: 2}", "5."), (a, op, b) => $"RETURN {a} {op} {b} AS c0");

    /// <summary>A statement with a few characters deleted, inserted or swapped: mostly syntax errors.</summary>
    public static readonly Gen<string> Damaged = Gen.Select(Statement, Gen.Int[0, 1000].Array[1, 4],
        Gen.Char["()[]{}'\"`$:;,.-><=|*\\ \n\u0000é"].Array[4], (text, positions, chars) =>
        {
            var s = text;
            for (var i = 0; i < positions.Length && s.Length > 0; i++)
            {
                var at = positions[i] % s.Length;
                s = (positions[i] % 3) switch
                {
                    0 => s.Remove(at, 1),
                    1 => s.Insert(at, chars[i].ToString()),
                    _ => s[..at] + s[(at + (s.Length - at) / 2)..],
                };
            }
            return s;
        });

    /// <summary>Deep nesting beyond the parser's bound, of each kind of bracket.</summary>
    public static readonly Gen<string> Deep = Gen.Select(Gen.Int[50, 3000], Pick("(", "[", "{a: ", "-", "NOT "),
        (n, open) => "RETURN " + string.Concat(Enumerable.Repeat(open, n)) + "1" + new string(open switch
        {
            "(" => ')', "[" => ']', "{a: " => '}', _ => ' ',
        }, open is "(" or "[" or "{a: " ? n : 0));

    /// <summary>Everything above, mixed.</summary>
    public static readonly Gen<string> Any = Gen.Frequency((12, Statement), (3, Damaged), (2, Mistaken), (1, Deep));

    /// <summary>Values for the parameters the statements use.</summary>
    public static readonly Gen<Dictionary<string, object?>> Parameters = Gen.Select(
        Gen.OneOf<object?>(1, -1, 0, long.MaxValue, 1.5, -0.0, "x", "", null, true, "é中😀"),
        Gen.OneOf<object?>(2, "b", null, 3.25),
        Gen.Int[0, 5].Array[0, 6],
        (a, b, list) => new Dictionary<string, object?>
        {
            ["a"] = a, ["b"] = b, ["list"] = list, ["map"] = new Dictionary<string, object?> { ["k"] = a, ["n"] = list.Length },
        });
}
