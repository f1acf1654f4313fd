"""Writes json-repair-golden.json: what json_repair 0.61.7 (the parser behind DSPy 3.3.1's JSONAdapter) makes of almost-JSON.

Run with the vendored DSPy peer (no install):
    ../shared/peers/dspy/run.sh tests/Dspy.Fluent.Tests/Golden/make_json_repair_golden.py
Each case is (name, text); the file records json_repair.loads(text), with "" meaning json_repair gave up. JsonRepairTests
reads every case: the common repairs must give the same value; the cases json_repair turns into a guess are listed
there, each with the error Dspy.Fluent reports instead.
"""
import json
import os

import json_repair

CASES = [
    ("unquoted_keys_single_quotes", "{answer: 'Paris'}"),
    ("single_quotes", "{'answer': 'Paris'}"),
    ("trailing_comma", '{"answer": "Paris",}'),
    ("trailing_commas_nested", '{"a": [1, 2, 3,],}'),
    ("leading_comma", '{,"a": 1}'),
    ("doubled_comma_in_list", '{"a": [1,,2]}'),
    ("missing_comma_between_members", '{"a": 1 "b": 2}'),
    ("missing_comma_between_items", '{"a": [1 2 3]}'),
    ("missing_comma_between_strings", '{"a": ["x" "y"]}'),
    ("missing_comma_after_list", '{"a": [1, 2] "b": 3}'),
    ("cut_off_after_value", '{"answer": "Paris"'),
    ("cut_off_after_member", '{"answer": "Paris", "n": 4'),
    ("cut_off_in_list", '{"a": [1, 2'),
    ("cut_off_in_nested_object", '{"a": {"b": 1}'),
    ("cut_off_in_string", '{"a": "Par'),
    ("python_literals", '{"a": True, "b": False}'),
    ("upper_case_literals", '{"a": TRUE, "b": FALSE}'),
    ("json_literals_trailing_comma", '{"a": true, "b": null,}'),
    ("line_comment_before", '// comment\n{"a": 1}'),
    ("block_comment_inside", '{"a": 1 /* c */, "b": 2}'),
    ("hash_comment_inside", '{"a": 1, # py comment\n "b": 2}'),
    ("comment_in_list", '{"a": [1, /* x */ 2]}'),
    ("comment_after", '{"answer": "Paris"}  // done'),
    ("code_fence", '```json\n{"a": 1}\n```'),
    ("prose_around", 'Sure! {"a": 1} thanks'),
    ("prose_before_list", "The answer: [1, 2]"),
    ("unquoted_value", '{a: Paris}'),
    ("unquoted_keys_and_values", '{answer: Paris, n: 4}'),
    ("unquoted_value_with_spaces", '{"answer": Paris is nice}'),
    ("unquoted_words_in_list", "[a, b]"),
    ("unknown_word_value", '{"a": undefined}'),
    ("hex_number_as_text", '{"a": 0x10}'),
    ("inner_double_quotes", '{"a": "He said "hi" ok"}'),
    ("inner_quotes_last_member", '{"answer": "Paris", "reasoning": "It is "the" capital"}'),
    ("apostrophe_in_double_quotes", "{'a': \"it's\"}"),
    ("double_quote_in_single_quotes", "{\"a\": 'x\"y'}"),
    ("escaped_single_quote", "{'a': 'don\\'t'}"),
    ("curly_quotes_value", '{"a": \u201ccurly\u201d}'),
    ("curly_quotes_key", '{\u201ca\u201d: 1}'),
    ("raw_newline_in_string", '{"a": "line\nbreak"}'),
    ("raw_tab_in_string", '{"a": "tab\there"}'),
    ("unicode_escape", '{"a": "\\u00e9"}'),
    ("unknown_escape_kept", '{"a": "x\\q"}'),
    ("numbers_python_reads", '{"a": 1.5e3, "b": -2, "c": .5, "d": 1., "e": +1, "f": 01}'),
    ("unquoted_key_chars", "{a_b: 1, d-e: 3}"),
    ("nested_unquoted", "{a: 1, b: [1, 2], c: {d: 'e'}}"),
    ("multi_line_unquoted_keys", "{\n  answer: 'Paris',\n  reasoning: 'because',\n}"),
    ("duplicate_key_last_wins", '{"a": 1, "a": 2}'),
    ("extra_closing_brace", '{"a": 1}}'),
    ("empty_string_value", "{\"a\": ''}"),
    ("list_single_quotes_trailing_comma", "['a', 'b',]"),
    ("top_level_list_cut_off", "[1, 2"),
    ("nested_list_and_object", '{"a": [{"b": 1}, {"b": 2},]}'),
    ("plain_number", "42"),
    ("plain_string", '"str"'),
    # json_repair guesses at these; Dspy.Fluent reports an error instead (see JsonRepairTests).
    ("garbage_word", "garbage"),
    ("garbage_sentence", "no json here"),
    ("garbage_words_with_commas", "a, b"),
    ("key_without_colon", '{"a" 1}'),
    ("key_without_value", '{"a": }'),
    ("key_only", '{"a"}'),
    ("colon_after_value", '{"a": "b" : "c"}'),
    ("cut_off_after_colon", '{"a":'),
]


def main():
    out = [{"case": name, "text": text, "json_repair": json_repair.loads(text)} for name, text in CASES]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "json-repair-golden.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
