using System.Text;

namespace MemristorSpice.Devices.Spice;

/// <summary>The simulator a generated netlist is written for.</summary>
public enum SpiceDialect
{
    /// <summary>ngspice (the reference backend): B-sources, <c>{expr}</c>, C-style <c>c?a:b</c>. Default.</summary>
    Ngspice,

    /// <summary>HSPICE: E/G elements with <c>VOL=</c>/<c>CUR=</c>, <c>'expr'</c>, <c>.lib 'file' section</c>, <c>$</c> comments.</summary>
    Hspice,

    /// <summary>LTspice: B-sources with <c>if(c,a,b)</c>, <c>uramp</c>, <c>.lib file</c>, <c>;</c> comments.</summary>
    Ltspice,
}

/// <summary>A construct of a generated netlist that a dialect cannot express (the generator refuses rather than
/// writing ngspice syntax into a file for another simulator).</summary>
public sealed class SpiceDialectException(string message) : ArgumentException(message);

/// <summary>
/// The pieces of netlist syntax that differ between simulators, so that one generator (the device library, the
/// readout, the tiles, the decks) writes every dialect from the same equations. ngspice output is the reference
/// form the rest of the code always wrote; HSPICE and LTspice output are translations of it:
/// <list type="bullet">
/// <item>behavioural sources: ngspice and LTspice <c>Bname n+ n- I=expr</c> / <c>V=expr</c>; HSPICE
/// <c>Gname n+ n- CUR='expr'</c> / <c>Ename n+ n- VOL='expr'</c>;</item>
/// <item>expressions in values: <c>{expr}</c> (ngspice, LTspice), <c>'expr'</c> (HSPICE);</item>
/// <item>conditionals: <c>c?a:b</c> (ngspice, HSPICE), <c>if(c,a,b)</c> (LTspice);</item>
/// <item>|b|^e: ngspice <c>pow(b,e)</c> (ngspice's pow takes |b|), HSPICE <c>pwr(|b|,e)</c> (HSPICE's pow truncates e to
/// an integer, its pwr is sign(b)·|b|^e), LTspice <c>pow(|b|,e)</c> (LTspice's pow of a negative base with a
/// non-integer exponent is 0);</item>
/// <item>natural log: <c>ln</c> (ngspice, LTspice), <c>log</c> (HSPICE); max(u, 0): <c>uramp(u)</c> in LTspice;</item>
/// <item>subcircuit parameters: <c>params:</c> in ngspice, plain <c>name=value</c> after the pins in HSPICE and LTspice;</item>
/// <item>libraries: <c>.include file</c> (ngspice), <c>.lib 'file' section</c> with <c>.lib section</c> ... <c>.endl</c>
/// in the file (HSPICE), <c>.lib file</c> (LTspice); options: <c>.options</c>, HSPICE <c>.option</c>; end-of-line
/// comments <c>;</c>, HSPICE <c>$</c>.</item>
/// </list>
/// </summary>
public sealed class SpiceSyntax
{
    /// <summary>Longest input line HSPICE reads (its manual: 1024 characters); longer behavioural lines are refused.</summary>
    public const int HspiceMaxLine = 1024;

    private SpiceSyntax(SpiceDialect dialect) => Dialect = dialect;

    /// <summary>ngspice syntax (the reference form).</summary>
    public static SpiceSyntax Ngspice { get; } = new(SpiceDialect.Ngspice);
    /// <summary>HSPICE syntax.</summary>
    public static SpiceSyntax Hspice { get; } = new(SpiceDialect.Hspice);
    /// <summary>LTspice syntax.</summary>
    public static SpiceSyntax Ltspice { get; } = new(SpiceDialect.Ltspice);

    /// <summary>The syntax of <paramref name="dialect"/>.</summary>
    public static SpiceSyntax For(SpiceDialect dialect) => dialect switch
    {
        SpiceDialect.Hspice => Hspice,
        SpiceDialect.Ltspice => Ltspice,
        _ => Ngspice,
    };

    /// <summary>The dialect.</summary>
    public SpiceDialect Dialect { get; }

    /// <summary>Lower-case name as the <c>--dialect</c> option spells it: ngspice, hspice, ltspice.</summary>
    public string Name => NameOf(Dialect);

    /// <summary>Lower-case name of a dialect.</summary>
    public static string NameOf(SpiceDialect dialect) => dialect.ToString().ToLowerInvariant();

    /// <summary>Name of the simulator, for headers: ngspice, HSPICE, LTspice.</summary>
    public string Simulator => Dialect switch { SpiceDialect.Hspice => "HSPICE", SpiceDialect.Ltspice => "LTspice", _ => "ngspice" };

    /// <summary>
    /// The <c>ngbehavior</c> value under which ngspice 39 reads this dialect (the check the tests run): empty for
    /// ngspice, <c>hs</c> for HSPICE, <c>ltpsa</c> for LTspice (LTspice and PSPICE compatibility on the whole netlist;
    /// ngspice defines LTspice's <c>if()</c> only with the PSPICE layer, and only for included files without <c>a</c>).
    /// </summary>
    public string NgspiceBehavior => Dialect switch { SpiceDialect.Hspice => "hs", SpiceDialect.Ltspice => "ltpsa", _ => "" };

    /// <summary>A value given by an expression: <c>{e}</c>, HSPICE <c>'e'</c>.</summary>
    public string Expression(string e) => Dialect == SpiceDialect.Hspice ? $"'{e}'" : "{" + e + "}";

    /// <summary>a if c else b (no outer parentheses; callers add them where precedence needs).</summary>
    public string Conditional(string c, string a, string b) =>
        Dialect == SpiceDialect.Ltspice ? $"if({c},{a},{b})" : $"{c}?{a}:{b}";

    /// <summary>|b|^e; <paramref name="nonNegativeBase"/> when b can never be below 0 (no abs() needed in the translations).</summary>
    public string PowerOfMagnitude(string b, string e, bool nonNegativeBase = false) => Dialect switch
    {
        SpiceDialect.Hspice => $"pwr({(nonNegativeBase ? b : $"abs({b})")},{e})",
        SpiceDialect.Ltspice => $"pow({(nonNegativeBase ? b : $"abs({b})")},{e})",
        _ => $"pow({b},{e})",
    };

    /// <summary>Natural logarithm: <c>ln</c>, HSPICE <c>log</c>.</summary>
    public string Ln(string x) => Dialect == SpiceDialect.Hspice ? $"log({x})" : $"ln({x})";

    /// <summary>max(u, 0): LTspice's <c>uramp(u)</c>, else <c>max(u,0)</c>.</summary>
    public string PositivePart(string u) => Dialect == SpiceDialect.Ltspice ? $"uramp({u})" : $"max({u},0)";

    /// <summary>Behavioural current source from n+ to n- through the element (<paramref name="name"/> without its letter).</summary>
    public string CurrentSource(string name, string plus, string minus, string expression) =>
        Checked(Dialect == SpiceDialect.Hspice ? $"G{name} {plus} {minus} CUR='{expression}'" : $"B{name} {plus} {minus} I={expression}", "behavioural current source");

    /// <summary>Behavioural voltage source (<paramref name="name"/> without its letter).</summary>
    public string VoltageSource(string name, string plus, string minus, string expression) =>
        Checked(Dialect == SpiceDialect.Hspice ? $"E{name} {plus} {minus} VOL='{expression}'" : $"B{name} {plus} {minus} V={expression}", "behavioural voltage source");

    /// <summary><c>.subckt NAME pins</c> with parameter defaults (text already formatted, name=value each).</summary>
    public string SubcircuitHeader(string name, string pins, IEnumerable<string> parameters)
    {
        var list = parameters.ToList();
        var sb = new StringBuilder(".subckt ").Append(name).Append(' ').Append(pins);
        if (list.Count > 0) sb.Append(Dialect == SpiceDialect.Ngspice ? " params:" : "");
        foreach (var p in list) sb.Append(' ').Append(p);
        return sb.ToString();
    }

    /// <summary>
    /// A resistor without thermal noise: ngspice <c>noisy=0</c>, HSPICE <c>noise=0</c>, LTspice <c>noiseless</c> (each
    /// read by ngspice 39 in its own compatibility mode: measured, the noise total drops as for noisy=0).
    /// </summary>
    public string NoiselessResistor(string name, string plus, string minus, string ohms) => Dialect switch
    {
        SpiceDialect.Hspice => $"{name} {plus} {minus} {ohms} noise=0",
        SpiceDialect.Ltspice => $"{name} {plus} {minus} {ohms} noiseless",
        _ => $"{name} {plus} {minus} {ohms} noisy=0",
    };

    /// <summary>An end-of-line comment (with its leading blank): <c> ; text</c>, HSPICE <c> $ text</c>.</summary>
    public string EndOfLineComment(string text) => (Dialect == SpiceDialect.Hspice ? " $ " : " ; ") + SpiceText.Line(text);

    /// <summary>Options line: <c>.options a=1 b=2</c>, HSPICE <c>.option</c>.</summary>
    public string Options(string assignments) => (Dialect == SpiceDialect.Hspice ? ".option " : ".options ") + assignments;

    /// <summary>
    /// A transient analysis from 0 to <paramref name="stop"/> with print step and largest time step <paramref name="step"/>
    /// (seconds): <c>.tran step stop 0 step</c>; HSPICE reads four numbers as two (step, stop) pairs, so there the
    /// largest step is its <c>DELMAX</c> option and the line is <c>.tran step stop</c>.
    /// </summary>
    public string Transient(double step, double stop) => Dialect == SpiceDialect.Hspice
        ? $"{Options("delmax=" + SpiceFormat.Number(step))}\n.tran {SpiceFormat.Number(step)} {SpiceFormat.Number(stop)}"
        : $".tran {SpiceFormat.Number(step)} {SpiceFormat.Number(stop)} 0 {SpiceFormat.Number(step)}";

    /// <summary>Includes a netlist file of the same folder (a tile subcircuit).</summary>
    public string Include(string file) => Dialect == SpiceDialect.Hspice ? $".include '{file}'" : $".include {file}";

    /// <summary>References a library file holding only subcircuits: ngspice <c>.include file</c>, HSPICE
    /// <c>.lib 'file' section</c>, LTspice <c>.lib file</c>.</summary>
    public string Library(string file, string section) => Dialect switch
    {
        SpiceDialect.Hspice => $".lib '{file}' {section}",
        SpiceDialect.Ltspice => $".lib {file}",
        _ => $".include {file}",
    };

    /// <summary>Library file text wrapped as the dialect needs: HSPICE <c>.lib section</c> ... <c>.endl section</c>.</summary>
    public string LibraryFile(string text, string section) =>
        Dialect == SpiceDialect.Hspice ? $".lib {section}\n{text}.endl {section}\n" : text;

    /// <summary>One line telling how this dialect's files were checked (a header comment).</summary>
    public string CheckNote => Dialect switch
    {
        SpiceDialect.Hspice => "checked by running it in ngspice 39 with 'set ngbehavior=hs' in .spiceinit (ngspice's HSPICE compatibility mode)",
        SpiceDialect.Ltspice => "checked by running it in ngspice 39 with 'set ngbehavior=ltpsa' in .spiceinit (ngspice's LTspice compatibility mode)",
        _ => "runs unchanged in ngspice",
    };

    private string Checked(string line, string construct)
    {
        if (Dialect == SpiceDialect.Hspice && line.Length > HspiceMaxLine)
            throw new SpiceDialectException($"hspice: cannot write the {construct} '{line[..Math.Min(line.Length, 40)]}...': it is {line.Length} characters long, " +
                                            $"over HSPICE's {HspiceMaxLine}-character input line, and a quoted expression cannot be continued safely; " +
                                            "use --dialect ngspice or ltspice, or a device preset with a shorter model.");
        return line;
    }
}
