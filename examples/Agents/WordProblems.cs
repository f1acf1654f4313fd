namespace Dspy.Fluent.Examples.Agents;

/// <summary>Arithmetic word problems with their answers: one or two steps, the kind ProgramOfThought is for.</summary>
public static class WordProblems
{
    /// <summary>Problems the solvers are scored on.</summary>
    public static IReadOnlyList<Example> Dev { get; } = Make(
        ("A baker bakes 24 trays of 12 muffins each and sells 150 muffins. How many muffins are left?", 138),
        ("What is 17% of 2,300?", 391),
        ("Maria has 45 stickers. She buys 30 more and then gives 18 to her brother. How many stickers does she have now?", 57),
        ("A school has 6 buses with 42 seats each. How many seats are there in total?", 252),
        ("Tom splits 96 marbles equally among 8 friends. How many marbles does each friend get?", 12),
        ("A shop sold 128 apples on Monday and 97 apples on Tuesday. How many more apples did it sell on Monday?", 31),
        ("A car travels 65 miles per hour for 4 hours. How many miles does it travel?", 260),
        ("Lena had 120 dollars. She spent 45 dollars on shoes and 30 dollars on a shirt. How much money does she have left?", 45));

    /// <summary>Problems the optimizer bootstraps demos from.</summary>
    public static IReadOnlyList<Example> Train { get; } = Make(
        ("A farmer plants 8 rows of 15 cabbages each and picks 35 cabbages. How many cabbages are left in the field?", 85),
        ("What is 25% of 640?", 160),
        ("Sam has 56 cards. He gets 14 more and then loses 9. How many cards does he have?", 61),
        ("A teacher buys 7 boxes of 36 pencils each. How many pencils does she have?", 252),
        ("Ana shares 72 cookies equally among 9 children. How many cookies does each child get?", 8),
        ("A library had 340 books and received 85 more. How many books does it have in total?", 425),
        ("Jo ran 12 km on Saturday and 19 km on Sunday. What is the difference between the two distances?", 7),
        ("A club has 230 members. 48 members leave and then 65 new members join. How many members does the club have now?", 247));

    private static List<Example> Make(params (string Question, double Answer)[] problems) =>
        problems.Select(p => Example.Create("question", p.Question).With("answer", p.Answer.ToString(System.Globalization.CultureInfo.InvariantCulture)).WithInputs("question")).ToList();
}
