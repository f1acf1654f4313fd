using System.Globalization;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Python's <c>repr(float)</c>: the shortest round-trip digits, laid out as Python does
/// (<c>1.0</c>, <c>0.0001</c>, <c>1e-05</c>, <c>1e+16</c>), so numbers in prompts match DSPy's.
/// </summary>
internal static class PythonFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // "E16" gives 17 significant digits which is not shortest; "R" is shortest round-trip in .NET Core 3+.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        if (negative) r = r[1..];
        string mantissa = r;
        var exp = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = r[..e];
            exp = int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        }
        var dot = mantissa.IndexOf('.');
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? "" : mantissa[(dot + 1)..];
        var digits = (intPart + fracPart).TrimStart('0');
        // Decimal exponent of the first significant digit.
        int leadingZerosInFrac = 0;
        if (intPart.TrimStart('0').Length == 0)
            leadingZerosInFrac = fracPart.Length - fracPart.TrimStart('0').Length;
        var pointPos = intPart.TrimStart('0').Length > 0 ? intPart.TrimStart('0').Length + exp : -leadingZerosInFrac + exp;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var decExp = pointPos - 1;

        string body;
        if (decExp < -4 || decExp >= 16)
        {
            var m = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            body = m + "e" + (decExp < 0 ? "-" : "+") + Math.Abs(decExp).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (pointPos <= 0)
            body = "0." + new string('0', -pointPos) + digits;
        else if (pointPos >= digits.Length)
            body = digits + new string('0', pointPos - digits.Length) + ".0";
        else
            body = digits[..pointPos] + "." + digits[pointPos..];
        return negative ? "-" + body : body;
    }
}
