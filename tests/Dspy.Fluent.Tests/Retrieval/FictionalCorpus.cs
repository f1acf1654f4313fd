
namespace Dspy.Fluent.Tests;

/// <summary>A small made-up wiki: every name is invented, so only retrieval can find these facts.</summary>
internal static class FictionalCorpus
{
    public static readonly string[] Passages =
    [
        "Orvale Press | Orvale Press is a publishing house founded by Mira Tansel in 1931 in the port town of Quillby.",
        "Mira Tansel | Mira Tansel was a printer and typographer born in Harrowmere who designed the Tansel Serif typeface.",
        "Quillby | Quillby is a fishing port on the Veyra coast, known for its lighthouse and its salted eel market.",
        "Harrowmere | Harrowmere is an inland market town famous for wool weaving and a clock tower built in 1802.",
        "Lake Veyra | Lake Veyra is a glacial lake north of Quillby whose cold water feeds the Brannoch River.",
        "Brannoch River | The Brannoch River flows from Lake Veyra through the Dunmarrow valley to the Grey Sea.",
        "Dunmarrow | Dunmarrow is a valley village where the Brannoch River powers three old paper mills.",
        "Tansel Serif | Tansel Serif is a typeface with sharp wedge serifs, first cast in lead by Orvale Press.",
        "Corvin Aldous | Corvin Aldous is a cellist who leads the Saltmarsh Quartet and teaches at the Quillby conservatory.",
        "Saltmarsh Quartet | The Saltmarsh Quartet is a string ensemble that premiered the Eel Market Suite in 1988.",
        "Eel Market Suite | The Eel Market Suite is a chamber piece by composer Ysolde Fenwright inspired by Quillby traders.",
        "Ysolde Fenwright | Ysolde Fenwright is a composer raised in Dunmarrow whose father ran a paper mill.",
        "Gildenwick Observatory | Gildenwick Observatory is a hilltop telescope station operated by the Pellam Society.",
        "Pellam Society | The Pellam Society is an astronomy club founded by the surveyor Osric Pellam in 1874.",
        "Osric Pellam | Osric Pellam was a land surveyor who mapped the Dunmarrow valley and catalogued comets.",
        "Comet Pellam-Ives | Comet Pellam-Ives is a faint periodic comet first recorded at Gildenwick Observatory.",
        "Thistlecombe | Thistlecombe is a hamlet on a chalk ridge where shepherds hold a yearly sheepdog trial.",
        "Ardent Loom Company | The Ardent Loom Company builds wooden weaving looms in Harrowmere and exports them by rail.",
        "Harrowmere Clock Tower | The Harrowmere Clock Tower was designed by architect Bellamy Strode and rings every quarter hour.",
        "Bellamy Strode | Bellamy Strode was an architect known for brick towers, railway stations and covered markets.",
        "Grey Sea | The Grey Sea is a cold northern sea where the Brannoch River ends in a wide estuary.",
        "Vessa Orlane | Vessa Orlane is a marine biologist who studies eel migration in the Grey Sea estuary.",
        "Kestrel Ferry | The Kestrel Ferry carries passengers between Quillby and the island of Morrowby twice a day.",
        "Morrowby | Morrowby is a windswept island with a ruined abbey, reached by the Kestrel Ferry from Quillby.",
        "Morrowby Abbey | Morrowby Abbey is a ruined monastery whose monks copied manuscripts on Dunmarrow paper.",
        "Fenwright Prize | The Fenwright Prize is an award for young composers, endowed by Ysolde Fenwright in 2004.",
        "Lantern Fair | The Lantern Fair is a winter festival in Quillby where paper lanterns float on the harbour.",
        "Pippa Marchbank | Pippa Marchbank is a chef whose Quillby restaurant serves smoked eel and kelp bread.",
        "Kelp Bread | Kelp bread is a dark loaf baked with dried seaweed, a speciality of Quillby bakeries.",
        "Ridgeback Railway | The Ridgeback Railway is a narrow gauge line linking Harrowmere, Thistlecombe and Dunmarrow.",
    ];

    /// <summary>Simple questions and the title of the one passage that answers each.</summary>
    public static readonly (string Question, string Title)[] Gold =
    [
        ("Who founded Orvale Press?", "Orvale Press"),
        ("Which typeface did Mira Tansel design?", "Mira Tansel"),
        ("Which river flows from Lake Veyra?", "Brannoch River"),
        ("Who leads the Saltmarsh Quartet?", "Corvin Aldous"),
        ("Who operates Gildenwick Observatory?", "Gildenwick Observatory"),
        ("When was the Pellam Society founded?", "Pellam Society"),
        ("Who designed the Harrowmere Clock Tower?", "Harrowmere Clock Tower"),
        ("Which ferry goes to Morrowby?", "Kestrel Ferry"),
        ("What is kelp bread baked with?", "Kelp Bread"),
        ("Which railway links Thistlecombe?", "Ridgeback Railway"),
    ];

    public static TheoryData<string, string> GoldQuestions => new(Gold);

    public static string TitleOf(string passage) => Passage.Parse(passage).Title;
}
