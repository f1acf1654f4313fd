
namespace Dspy.Fluent.Tests;

public sealed class SignatureParseTests
{
    [Fact]
    public void Parse_reads_inputs_outputs_and_DSPy_default_instructions()
    {
        var sig = Signature.Parse("context: list[str], question -> answer: int");

        Assert.Equal(["context", "question"], sig.InputFields.Select(f => f.Name));
        Assert.Equal(["answer"], sig.OutputFields.Select(f => f.Name));
        Assert.Equal(FieldType.ListOf(FieldType.String), sig.InputFields[0].Type);
        Assert.Equal(FieldType.String, sig.InputFields[1].Type);
        Assert.Equal(FieldTypeKind.Integer, sig.OutputFields[0].Type.Kind);
        Assert.Equal("Given the fields `context`, `question`, produce the fields `answer`.", sig.Instructions);
    }

    [Theory]
    [InlineData("str", "str", typeof(string))]
    [InlineData("string", "str", typeof(string))]
    [InlineData("int", "int", typeof(long))]
    [InlineData("long", "int", typeof(long))]
    [InlineData("float", "float", typeof(double))]
    [InlineData("double", "float", typeof(double))]
    [InlineData("bool", "bool", typeof(bool))]
    [InlineData("list[str]", "list[str]", typeof(IReadOnlyList<string>))]
    [InlineData("List[int]", "list[int]", typeof(IReadOnlyList<long>))]
    [InlineData("IReadOnlyList<string>", "list[str]", typeof(IReadOnlyList<string>))]
    [InlineData("string[]", "list[str]", typeof(IReadOnlyList<string>))]
    [InlineData("dict[str, int]", "dict[str, int]", typeof(IReadOnlyDictionary<string, long>))]
    [InlineData("IReadOnlyDictionary<string, double>", "dict[str, float]", typeof(IReadOnlyDictionary<string, double>))]
    [InlineData("Optional[int]", "Union[int, NoneType]", typeof(long?))]
    [InlineData("int?", "Union[int, NoneType]", typeof(long?))]
    [InlineData("str | None", "Union[str, NoneType]", typeof(string))]
    [InlineData("Literal['yes', 'no']", "Literal['yes', 'no']", typeof(string))]
    [InlineData("list[list[str]]", "list[list[str]]", typeof(IReadOnlyList<IReadOnlyList<string>>))]
    public void Parse_accepts_Python_and_CSharp_type_spellings(string spelling, string pythonName, Type clrType)
    {
        var field = Signature.Parse($"q -> a: {spelling}").OutputFields[0];

        Assert.Equal(pythonName, field.Type.PythonName);
        Assert.Equal(clrType, field.Type.ClrType);
    }

    [Fact]
    public void Parse_resolves_enum_and_record_types_passed_by_the_caller()
    {
        var sig = Signature.Parse("text -> mood: Mood, who: Someone", types: [typeof(Mood), typeof(Someone)]);

        Assert.Equal(FieldTypeKind.Enum, sig.OutputFields[0].Type.Kind);
        Assert.Equal(["Happy", "Sad"], sig.OutputFields[0].Type.Choices);
        Assert.Equal(FieldTypeKind.Object, sig.OutputFields[1].Type.Kind);
        Assert.Equal(typeof(Someone), sig.OutputFields[1].Type.ClrType);
    }

    [Fact]
    public void Literal_values_may_contain_commas_and_the_other_quote()
    {
        var type = Signature.Parse("q -> a: Literal['a, b', \"it's\"]").OutputFields[0].Type;

        Assert.Equal(["a, b", "it's"], type.Choices);
        Assert.Equal("Literal['a, b', \"it's\"]", type.PythonName);
    }

    [Theory]
    [InlineData("question answer", 1,
        "Signature \"question answer\" has no '->' (column 1): write inputs -> outputs, e.g. \"question -> answer\".")]
    [InlineData("a -> b -> c", 8,
        "Signature \"a -> b -> c\" has more than one '->' (columns 3 and 8): a signature is one list of inputs, '->', then one list of outputs.")]
    [InlineData(" -> answer", 1,
        "Signature \" -> answer\" has no input fields (column 1): name at least one input before '->', e.g. \"question -> answer\".")]
    [InlineData("question -> ", 12,
        "Signature \"question -> \" has no output fields (column 12): name at least one output after '->', e.g. \"question -> answer\".")]
    [InlineData("q, q -> a", 4,
        "Signature \"q, q -> a\" names the field 'q' twice (columns 1 and 4): give each field a distinct name.")]
    [InlineData("question -> answer: integr", 21,
        "Signature \"question -> answer: integr\" has an unknown type 'integr' at column 21: use str, int, float, bool, list[T], dict[K, V], Literal['a', 'b'], Optional[T] (or their C# spellings), or pass your enum or record type in the 'types' argument.")]
    [InlineData("2fast -> a", 1,
        "Signature \"2fast -> a\" has an invalid field name '2fast' at column 1: field names are letters, digits and underscores, starting with a letter, and fields are separated by commas.")]
    [InlineData("q -> a: list[str", 17,
        "Signature \"q -> a: list[str\" is missing ']' at column 17: check the brackets of the type.")]
    [InlineData("q -> a: Literal[yes]", 17,
        "Signature \"q -> a: Literal[yes]\" has a Literal value that is not quoted at column 17: write Literal['a', 'b'].")]
    [InlineData("q -> a:", 8,
        "Signature \"q -> a:\" has no type after 'a:' (column 8): write a type such as str, int or list[str], or drop the colon.")]
    [InlineData("q, , r -> a", 3,
        "Signature \"q, , r -> a\" has an empty field at column 3: remove the extra comma.")]
    public void Bad_signatures_name_the_column_and_the_fix(string text, int column, string message)
    {
        var error = Assert.Throws<SignatureFormatException>(() => Signature.Parse(text));

        Assert.Equal(message, error.Message);
        Assert.Equal(column, error.Column);
        Assert.Equal(text, error.Signature);
    }

    [Fact]
    public void ToString_gives_back_the_string_form()
    {
        Assert.Equal("context: list[str], question -> answer: int",
            Signature.Parse("context : list[str] ,question->answer:int").ToString());
    }

    public enum Mood { Happy, Sad }

    public sealed record Someone(string Name);
}
