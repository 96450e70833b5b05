using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// The SPICE2/ngspice forms of controlled sources beyond a single gain, read into the behavioral expression they
/// stand for: <c>TABLE {expr} = (x1,y1) (x2,y2) ...</c>, <c>POLY(n) controls... p0 p1 ...</c>, and control node pairs
/// written in parentheses, <c>(in+, in-)</c>.
/// </summary>
internal static class ControlledSourceForms
{
    /// <summary>Width of ngspice's rounded table corners as a fraction of the shorter adjacent segment.</summary>
    public const double CornerFraction = 0.1;

    /// <summary>
    /// TABLE {expr} [=] (x1, y1) (x2, y2) ...: ngspice turns it into an XSPICE pwl model (input_domain=0.1,
    /// fraction=true), so the output follows the straight segments, holds the end values outside the table, and
    /// rounds every corner (the ends included) by a parabola over x_i ± d_i with d_i = 0.1·(shorter adjacent segment):
    /// y = y_i + s⁻·(x − x_i) + (s⁺ − s⁻)/(4·d_i)·(x − x_i + d_i)², where s⁻, s⁺ are the slopes left and right of the
    /// corner (cm_smooth_corner in ngspice's cmutil.c; measured against ngspice 39: corner offsets (s⁺ − s⁻)·d/4 exact).
    /// </summary>
    public static Expr Table(CardReader card, NodeNamer namer, string usage)
    {
        var keyword = card.Next("table", usage);
        var exprToken = card.Next("table input expression", usage);
        if (exprToken.Kind != TokenKind.Expression)
            throw card.Error(exprToken, "expected the table input as {expression}", usage);
        var input = new ExpressionBinder(card.Scope, namer).Bind(ExpressionParser.Parse(exprToken.Text, exprToken.Location.Offset(1)));
        if (card.Peek?.Kind == TokenKind.Equals) card.Position++;
        var values = new List<double>();
        while (!card.AtEnd)
        {
            var t = card.Next("table point", usage);
            if (t.Kind is TokenKind.LeftParen or TokenKind.RightParen or TokenKind.Comma) continue;
            values.Add(card.Evaluate(t, "table value", usage));
        }
        if (values.Count < 4 || values.Count % 2 != 0)
            throw card.Error(keyword, "TABLE needs at least two (x, y) points", usage);
        int n = values.Count / 2;
        double X(int i) => values[2 * i];
        double Y(int i) => values[2 * i + 1];
        for (int i = 1; i < n; i++)
        {
            if (X(i) <= X(i - 1)) throw card.Error(keyword, $"TABLE x values must increase ({X(i - 1)} then {X(i)})", usage);
        }
        var l = keyword.Location;
        Expr Num(double v) => new NumberExpr(v, l);
        Expr Add(Expr a, Expr b) => new BinaryExpr(BinaryOp.Add, a, b, l);
        Expr Mul(Expr a, Expr b) => new BinaryExpr(BinaryOp.Multiply, a, b, l);
        Expr Below(double x, Expr then, Expr otherwise) => new ConditionalExpr(new BinaryExpr(BinaryOp.Less, input, Num(x), l), then, otherwise, l);
        Expr From(double x) => Add(input, Num(-x));
        double Slope(int segment) => segment < 0 || segment >= n - 1 ? 0 : (Y(segment + 1) - Y(segment)) / (X(segment + 1) - X(segment));
        Expr Line(int segment) => segment < 0 ? Num(Y(0)) : Add(Num(Y(segment)), Mul(Num(Slope(segment)), From(X(segment))));
        double Half(int i) => CornerFraction * Math.Min(i > 0 ? X(i) - X(i - 1) : double.PositiveInfinity, i < n - 1 ? X(i + 1) - X(i) : double.PositiveInfinity);

        Expr result = Num(Y(n - 1));
        for (int i = n - 1; i >= 0; i--)
        {
            double d = Half(i), left = Slope(i - 1), right = Slope(i);
            var shifted = From(X(i) - d);
            var corner = Add(Add(Num(Y(i)), Mul(Num(left), From(X(i)))), Mul(Num((right - left) / (4 * d)), Mul(shifted, shifted)));
            result = Below(X(i) - d, Line(i - 1), Below(X(i) + d, corner, result));
        }
        return result;
    }

    /// <summary>
    /// POLY(n) with n controls (node pairs for E/G, voltage source names for F/H) and coefficients p0 p1 ...: the
    /// SPICE2 polynomial p0 + Σ p_k·(monomial k), monomials ordered by degree, then with the exponent of the first
    /// control highest first (x1, x2, x1², x1·x2, x2², x1³, ...). A single coefficient of a one-control POLY is the
    /// linear gain p1 (SPICE2 rule).
    /// </summary>
    public static Expr Poly(CardReader card, NodeNamer namer, bool currentControlled, string usage) =>
        Poly(card, namer, currentControlled, usage, out _);

    /// <inheritdoc cref="Poly(CardReader, NodeNamer, bool, string)"/>
    /// <param name="written">The card in flattened names and exact numbers, as the writer prints it back.</param>
    /// <param name="card">The element card, positioned at the POLY keyword.</param>
    /// <param name="namer">Maps local node and element names to flattened (hierarchical) names.</param>
    /// <param name="currentControlled">True for F/H (controls are voltage source currents), false for E/G (node pairs).</param>
    /// <param name="usage">The card's syntax, quoted in error hints.</param>
    public static Expr Poly(CardReader card, NodeNamer namer, bool currentControlled, string usage, out string written)
    {
        var keyword = card.Next("poly", usage);
        if (card.Next("(", usage).Kind != TokenKind.LeftParen) throw card.Error(keyword, "expected POLY(n)", usage);
        var countToken = card.Next("number of controls", usage);
        double count = card.Evaluate(countToken, "number of controls", usage);
        if (count < 1 || count > 20 || count != Math.Floor(count))
            throw card.Error(countToken, "POLY(n) needs a whole number of controls from 1 to 20", usage);
        if (card.Next(")", usage).Kind != TokenKind.RightParen) throw card.Error(countToken, "expected ')' after POLY(n", usage);
        var l = keyword.Location;
        var controls = new List<Expr>();
        for (int k = 0; k < (int)count; k++)
        {
            if (currentControlled)
                controls.Add(new CurrentExpr(namer.Element(SkipPunctuation(card).Name("controlling voltage source", usage)), l));
            else
            {
                var (p, n) = NodePair(card, namer, usage);
                controls.Add(new VoltageExpr(p, n, l));
            }
        }
        var coefficients = new List<double>();
        while (!card.AtEnd)
        {
            var t = card.Next("coefficient", usage);
            // Coefficients may be separated by commas or grouped in parentheses: (p0, p1, p2).
            if (t.Kind is TokenKind.Comma or TokenKind.LeftParen or TokenKind.RightParen) continue;
            coefficients.Add(card.Evaluate(t, "polynomial coefficient", usage));
        }
        if (coefficients.Count == 0) throw card.Error(null, "POLY needs coefficients p0 p1 ...", usage);
        written = $"poly({controls.Count}) " + string.Join(' ', controls.Select(c => c switch
        {
            CurrentExpr i => i.Element,
            VoltageExpr v => $"{v.Node} {v.Reference}",
            _ => c.ToString(),
        })) + " " + string.Join(' ', coefficients.Select(Writing.NumberFormat.Format));
        if (controls.Count == 1 && coefficients.Count == 1) coefficients.Insert(0, 0);
        Expr sum = new NumberExpr(coefficients[0], l);
        int index = 1;
        for (int degree = 1; index < coefficients.Count; degree++)
        {
            foreach (var exponents in Monomials(controls.Count, degree))
            {
                if (index >= coefficients.Count) break;
                double c = coefficients[index++];
                if (c == 0) continue;
                Expr term = new NumberExpr(c, l);
                for (int v = 0; v < exponents.Length; v++)
                {
                    for (int e = 0; e < exponents[v]; e++) term = new BinaryExpr(BinaryOp.Multiply, term, controls[v], l);
                }
                sum = new BinaryExpr(BinaryOp.Add, sum, term, l);
            }
        }
        return sum;
    }

    /// <summary>Exponent vectors of total degree <paramref name="degree"/> in <paramref name="variables"/> variables, first exponent highest first.</summary>
    private static IEnumerable<int[]> Monomials(int variables, int degree)
    {
        if (variables == 1)
        {
            yield return [degree];
            yield break;
        }
        for (int first = degree; first >= 0; first--)
        {
            foreach (var rest in Monomials(variables - 1, degree - first)) yield return [first, .. rest];
        }
    }

    /// <summary>A control node pair: "a b", "(a b)" or "(a, b)".</summary>
    public static (string Positive, string Negative) NodePair(CardReader card, NodeNamer namer, string usage)
    {
        bool parenthesized = card.Peek?.Kind == TokenKind.LeftParen;
        if (parenthesized) card.Position++;
        string p = namer.Node(card.Node("controlling positive", usage));
        if (card.Peek?.Kind == TokenKind.Comma) card.Position++;
        string n = namer.Node(card.Node("controlling negative", usage));
        if (parenthesized && card.Next(")", usage).Kind != TokenKind.RightParen)
            throw card.Error(card.Tokens[card.Position - 1], "expected ')' after the control node pair", usage);
        return (p, n);
    }

    private static CardReader SkipPunctuation(CardReader card)
    {
        while (card.Peek?.Kind is TokenKind.Comma or TokenKind.LeftParen or TokenKind.RightParen) card.Position++;
        return card;
    }
}
