using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Reading;

/// <summary>Reads <c>.model name type (p1=v1 p2=v2 ...)</c>; parentheses, commas and the '=' are optional.</summary>
internal static class ModelCardReader
{
    /// <summary>
    /// Reads one card; <paramref name="temperatureCelsius"/> is the value of <c>temper</c> in its parameter expressions
    /// (ngspice evaluates <c>.model d d is='temper+1000'</c> at the circuit temperature).
    /// </summary>
    public static ModelCard Read(Statement s, ParameterScope scope, string name, DiagnosticBag diagnostics, double temperatureCelsius)
    {
        const string usage = ".model name type (param=value ...)";
        var type = s.Tokens[2];
        if (type.Kind != TokenKind.Word || !ValueTokens.IsIdentifier(type.Text))
            throw new NetlistException(type.Location, type.Display, "expected a model type", usage + ", types: D SW and others");
        var tokens = s.Tokens.Skip(3).Where(t => t.Kind is not (TokenKind.LeftParen or TokenKind.RightParen or TokenKind.Comma)).ToList();
        // BSIM cards give version=4.3.0, a version string rather than a number: set aside (with a note), so that the card
        // reads and its level is reported where it is used.
        for (int k = 0; k + 2 < tokens.Count; k++)
        {
            if (tokens[k].Is("version") && tokens[k + 1].Kind == TokenKind.Equals && tokens[k + 2].Kind == TokenKind.Word &&
                !EngineeringNumber.TryParseToken(tokens[k + 2].Text, out _))
            {
                diagnostics.Warn(tokens[k].Location, tokens[k + 2].Text, $"model version {tokens[k + 2].Text} noted, not used", "");
                tokens.RemoveRange(k, 3);
                break;
            }
        }
        InsertOmittedEquals(tokens);
        var definitions = ValueTokens.Assignments(tokens, 0, ".model");
        var parameters = Evaluate(definitions, scope, temperatureCelsius, diagnostics);
        bool readsTemperature = tokens.Any(t => t.Kind is TokenKind.Word or TokenKind.Expression &&
                                                System.Text.RegularExpressions.Regex.IsMatch(t.Text, @"\btemper\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        return new ModelCard(name, type.Text.ToLowerInvariant(), parameters)
        {
            Location = s.Location,
            // Warnings were given at the first evaluation: later ones go to a scratch bag.
            ParametersAtTemperature = readsTemperature ? celsius => Evaluate(definitions, scope, celsius, new DiagnosticBag()) : null,
        };
    }

    /// <summary>
    /// SPICE 3 reads model parameters as name [=] value (ngspice's model parser skips an optional '='), so old decks
    /// write <c>cjc=2pf va 50</c>: a name right after a value (or first) and followed by a number or expression gets
    /// its '=' here. A name there followed by another name or by nothing is a flag (LTRA's <c>steplimit</c>,
    /// <c>nocontrol</c>), which ngspice sets to 1.
    /// </summary>
    private static void InsertOmittedEquals(List<Token> tokens)
    {
        static bool IsValue(Token t) => t.Kind == TokenKind.Expression || t.Kind == TokenKind.Word && EngineeringNumber.TryParseToken(t.Text, out _);
        static bool IsName(Token t) => t.Kind == TokenKind.Word && ValueTokens.IsIdentifier(t.Text) && !EngineeringNumber.TryParseToken(t.Text, out _);
        for (int k = 0; k < tokens.Count; k++)
        {
            var name = tokens[k];
            if (!(k == 0 || IsValue(tokens[k - 1])) || !IsName(name)) continue;
            if (k + 1 < tokens.Count && IsValue(tokens[k + 1]))
                tokens.Insert(k + 1, new Token(TokenKind.Equals, "=", tokens[k + 1].Location));
            else if (k + 1 == tokens.Count || IsName(tokens[k + 1]))
                tokens.InsertRange(k + 1, [new Token(TokenKind.Equals, "=", name.Location), new Token(TokenKind.Word, "1", name.Location)]);
        }
    }

    private static SortedDictionary<string, double> Evaluate(List<ParameterDefinition> definitions, ParameterScope scope, double temperatureCelsius,
        DiagnosticBag diagnostics)
    {
        var parameters = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var withTemperature = new ParameterScope(scope);
        withTemperature.Set("temper", temperatureCelsius);
        foreach (var definition in definitions)
        {
            try
            {
                parameters[definition.Name] = withTemperature.Evaluate(definition.Value);
            }
            catch (NetlistException) when (definition.Value is Expressions.IdentifierExpr id)
            {
                diagnostics.Warn(definition.Location, id.Name, $"non-numeric model parameter {definition.Name}={id.Name} ignored", "");
            }
        }
        return parameters;
    }
}
