using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Tests.Syntax;

/// <summary>
/// Builds random syntax trees of the shapes the parser produces (so that printing then parsing must give the
/// same tree back), driven by one seed so a failure can be replayed.
/// </summary>
internal sealed class RandomAst(int seed)
{
    private readonly Random _r = new(seed);

    private static readonly string[] VariableNames = ["a", "b", "n", "m", "p", "x1", "_tmp", "count", "end", "weird name", "tick`s", "Ünïcode"];
    private static readonly string[] Keys = ["name", "key", "year", "END", "with space", "é", "`q`", "0"];
    private static readonly string[] Functions = ["toLower", "size", "coalesce", "head", "range", "my.ns.fn"];

    private bool Chance(int percent) => _r.Next(100) < percent;

    private T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];

    private List<T> Many<T>(int min, int max, Func<T> make)
    {
        var n = _r.Next(min, max + 1);
        var list = new List<T>(n);
        for (var i = 0; i < n; i++)
        {
            list.Add(make());
        }

        return list;
    }

    private Variable Var() => new(Pick(VariableNames));

    private string Key() => Pick(Keys);

    // ---- statements ---------------------------------------------------------------------------------------

    public Statement Statement()
    {
        var roll = _r.Next(100);
        if (roll < 8)
        {
            return Schema();
        }

        if (roll < 12)
        {
            return new ExplainStatement(Chance(50) ? ExplainMode.Explain : ExplainMode.Profile, Query(2));
        }

        return Query(2);
    }

    private Query Query(int depth)
    {
        if (Chance(15))
        {
            return new UnionQuery(Many(2, 3, () => SingleQuery(depth, mustReturn: true)), Chance(50));
        }

        return SingleQuery(depth, mustReturn: false);
    }

    private SingleQuery SingleQuery(int depth, bool mustReturn)
    {
        var clauses = Many(0, 3, () => MiddleClause(depth));
        if (mustReturn || Chance(70))
        {
            clauses.Add(new ReturnClause(Projection(depth, isWith: false)));
        }
        else
        {
            clauses.Add(UpdateClause(depth));
        }

        return new SingleQuery(clauses);
    }

    private Clause MiddleClause(int depth) => _r.Next(10) switch
    {
        0 or 1 or 2 => Match(depth),
        3 => new UnwindClause(Expr(depth), Var()),
        4 or 5 => new WithClause(Projection(depth, isWith: true)),
        6 => new CallClause("db.labels", Chance(50) ? null : Many(0, 2, () => Expr(depth)),
            [new YieldItem("label", Chance(50) ? Var() : null)], false, Chance(50) ? Predicate(depth) : null),
        7 when depth > 0 => new SubqueryCallClause(Query(depth - 1)),
        _ => UpdateClause(depth),
    };

    private MatchClause Match(int depth) =>
        new(Chance(30), Pattern(depth, PatternUse.Match), Chance(50) ? Predicate(depth) : null);

    private Clause UpdateClause(int depth) => _r.Next(6) switch
    {
        0 => new CreateClause(Pattern(depth, PatternUse.Create)),
        1 => new MergeClause(Part(depth, PatternUse.Match), Many(0, 2, () => SetItem(depth)), Many(0, 2, () => SetItem(depth))),
        2 => new SetClause(Many(1, 3, () => SetItem(depth))),
        3 => new RemoveClause(Many(1, 3, () => (RemoveItem)(Chance(50)
            ? new RemoveProperty(new PropertyAccess(Var(), Key()))
            : new RemoveLabels(Var(), Many(1, 2, Key))))),
        _ => new DeleteClause(Chance(50), Many(1, 2, () => Expr(depth))),
    };

    private SetItem SetItem(int depth) => _r.Next(4) switch
    {
        0 => new SetProperty(new PropertyAccess(Var(), Key()), Expr(depth)),
        1 => new SetAllProperties(Var(), Expr(depth)),
        2 => new MergeProperties(Var(), Expr(depth)),
        _ => new SetLabels(Var(), Many(1, 3, Key)),
    };

    private Projection Projection(int depth, bool isWith)
    {
        var star = Chance(15);
        var items = Many(star ? 0 : 1, 3, () =>
        {
            var e = Expr(depth);
            var alias = isWith && e is not Variable ? Var() : Chance(50) ? Var() : null;
            return new ProjectionItem(e, alias);
        });
        return new Projection(
            Chance(20),
            star,
            items,
            Chance(30) ? Many(1, 2, () => new SortItem(Expr(depth), Chance(50))) : [],
            Chance(20) ? Expr(0) : null,
            Chance(20) ? Expr(0) : null,
            isWith && Chance(30) ? Predicate(depth) : null);
    }

    private SchemaCommand Schema()
    {
        SchemaTarget Target(bool withVariable) =>
            new(withVariable ? Var() : null, Key(), Many(1, 3, Key));

        return _r.Next(8) switch
        {
            0 => new CreateConstraint(Chance(50) ? Var().Name : null, Chance(50), Target(true), ConstraintKind.Unique),
            1 => new DropConstraint(Var().Name, Chance(50), null, null),
            2 => new DropConstraint(null, false, Target(true), ConstraintKind.Unique),
            3 => new CreateIndex(Chance(50) ? Var().Name : null, Chance(50), Target(true)),
            4 => new CreateIndex(null, false, Target(false)),
            5 => Chance(50) ? new DropIndex(Var().Name, Chance(50), null) : new DropIndex(null, false, Target(false)),
            6 => new ShowConstraints(),
            _ => new ShowIndexes(),
        };
    }

    // ---- patterns -----------------------------------------------------------------------------------------

    private enum PatternUse
    {
        Match,
        Create,
        Predicate,
    }

    private Pattern Pattern(int depth, PatternUse use) => new(Many(1, 2, () => Part(depth, use)));

    private PatternPart Part(int depth, PatternUse use)
    {
        var function = use == PatternUse.Match && Chance(15)
            ? (Chance(50) ? PatternFunction.ShortestPath : PatternFunction.AllShortestPaths)
            : PatternFunction.None;
        return new PatternPart(Chance(20) ? Var() : null, function, Element(depth, use, function == PatternFunction.None ? 0 : 1));
    }

    private PatternElement Element(int depth, PatternUse use, int minSteps) =>
        new(Node(depth, use), Many(minSteps, 3, () => new PatternElementChain(Relationship(depth, use), Node(depth, use))));

    private NodePattern Node(int depth, PatternUse use) =>
        new(Chance(60) ? Var() : null, Many(0, 2, Key), Properties(depth, use));

    private Expression? Properties(int depth, PatternUse use)
    {
        if (!Chance(30))
        {
            return null;
        }

        // Parameter maps are not allowed in MATCH or MERGE patterns.
        if (use == PatternUse.Create && Chance(30))
        {
            return new Parameter(Key());
        }

        return new MapLiteral(Many(0, 2, () => new MapEntry(Key(), Expr(depth - 1))));
    }

    private RelationshipPattern Relationship(int depth, PatternUse use)
    {
        RangeLiteral? range = null;
        if (use != PatternUse.Create && Chance(25))
        {
            long? min = Chance(50) ? _r.Next(0, 4) : null;
            long? max = Chance(50) ? _r.Next(0, 6) : null;
            range = new RangeLiteral(min, max);
        }

        return new RelationshipPattern(
            Chance(40) ? Var() : null,
            Many(0, 2, Key),
            (RelationshipDirection)_r.Next(3),
            Properties(depth, use),
            range);
    }

    // ---- expressions --------------------------------------------------------------------------------------

    private Expression Predicate(int depth)
    {
        if (depth <= 0 || !Chance(40))
        {
            return Expr(depth);
        }

        return _r.Next(4) switch
        {
            0 => new PatternPredicate(Element(depth - 1, PatternUse.Predicate, 1)),
            1 => new UnaryExpression(UnaryOperator.Not, Predicate(depth - 1)),
            2 => new BinaryExpression(Chance(50) ? BinaryOperator.And : BinaryOperator.Or, Predicate(depth - 1), Predicate(depth - 1)),
            _ => new FunctionCall("exists", false, [new PatternPredicate(Element(depth - 1, PatternUse.Predicate, 1))]),
        };
    }

    public Expression Expr(int depth)
    {
        if (depth <= 0 || Chance(30))
        {
            return Leaf();
        }

        var d = depth - 1;
        switch (_r.Next(22))
        {
            case 0:
                return new ListLiteral(Many(0, 3, () => Expr(d)));
            case 1:
                return new MapLiteral(Many(0, 3, () => new MapEntry(Key(), Expr(d))));
            case 2:
                return new PropertyAccess(Expr(d), Key());
            case 3:
                return new IndexExpression(Expr(d), Expr(d));
            case 4:
                return new SliceExpression(Expr(d), Chance(70) ? Expr(d) : null, Chance(70) ? Expr(d) : null);
            case 5:
                return new FunctionCall(Pick(Functions), Chance(20), Many(0, 3, () => Expr(d)));
            case 6:
                return new CountStar();
            case 7:
                {
                    var op = (UnaryOperator)_r.Next(3);
                    var operand = Expr(d);
                    // `-5` is read as the literal -5, not as minus applied to 5.
                    if (op != UnaryOperator.Not && StartsWithNumber(operand))
                    {
                        operand = Var();
                    }

                    return new UnaryExpression(op, operand);
                }

            case 8 or 9 or 10 or 11:
                return new BinaryExpression((BinaryOperator)_r.Next(Enum.GetValues<BinaryOperator>().Length), Expr(d), Expr(d));
            case 12:
                return Chance(50) ? new IsNull(Expr(d)) : new IsNotNull(Expr(d));
            case 13:
                return new LabelPredicate(Chance(70) ? Var() : new PropertyAccess(Var(), Key()), Many(1, 3, Key));
            case 14:
                return new CaseExpression(Chance(50) ? Expr(d) : null,
                    Many(1, 3, () => new CaseAlternative(Expr(d), Expr(d))), Chance(50) ? Expr(d) : null);
            case 15:
                return new ListComprehension(Var(), Expr(d), Chance(50) ? Predicate(d) : null, Chance(50) ? Expr(d) : null);
            case 16:
                return new PatternComprehension(Chance(30) ? Var() : null, Element(d, PatternUse.Predicate, 1),
                    Chance(50) ? Predicate(d) : null, Expr(d));
            case 17:
                return new Quantifier((QuantifierKind)_r.Next(4), Var(), Expr(d), Chance(70) ? Predicate(d) : null);
            case 18:
                return new Reduce(Var(), Expr(d), Var(), Expr(d), Expr(d));
            case 19:
                return new ExistsSubquery(Chance(50)
                    ? new SingleQuery([Match(d)])
                    : new SingleQuery([Match(d), new ReturnClause(Projection(d, isWith: false))]));
            case 20:
                return new MapProjection(Var(), Many(0, 4, () => (MapProjectionItem)(_r.Next(4) switch
                {
                    0 => new PropertySelector(Key()),
                    1 => new LiteralEntry(Key(), Expr(d)),
                    2 => new AllPropertiesSelector(),
                    _ => new VariableSelector(Var()),
                })));
            default:
                return new Parameter(Chance(80) ? Key() : _r.Next(5).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static bool StartsWithNumber(Expression e)
    {
        var text = CypherPrinter.PrintExpression(e);
        return text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] == '.');
    }

    private Expression Leaf() => _r.Next(9) switch
    {
        0 => new NullLiteral(),
        1 => new BooleanLiteral(Chance(50)),
        2 => new IntegerLiteral(_r.Next(4) switch
        {
            0 => long.MinValue,
            1 => long.MaxValue,
            2 => _r.NextInt64(-1000, 1000),
            _ => _r.NextInt64(long.MinValue, long.MaxValue),
        }),
        3 => new FloatLiteral(_r.Next(4) switch
        {
            0 => 0.5,
            1 => -1e-300,
            2 => double.MaxValue,
            _ => BitConverter.Int64BitsToDouble(_r.NextInt64()) is var f && double.IsFinite(f) ? f : 1.25,
        }),
        4 => new StringLiteral(RandomString()),
        5 => new Parameter(Key()),
        _ => Var(),
    };

    private string RandomString()
    {
        const string alphabet = "ab'\"\\\n\t\r\b\f`/* é😀\u0001\u007f";
        var chars = new char[_r.Next(0, 8)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[_r.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
