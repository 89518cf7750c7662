"""The query parser: every syntax element, precedence, malformed input with exact positions."""

from __future__ import annotations

import pytest

from search_api.query import (
    MAX_DEPTH,
    MAX_LENGTH,
    And,
    Not,
    Or,
    Phrase,
    QueryError,
    Term,
    parse,
    positive_leaves,
)


def t(text: str, field: str | None = None, prefix: bool = False) -> Term:
    return Term(text, field, prefix)  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_blank_query_is_none(query: str) -> None:
    assert parse(query) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("banjir", t("banjir")),
        ("banjir bekasi", And((t("banjir"), t("bekasi")))),
        ("banjir AND bekasi", And((t("banjir"), t("bekasi")))),
        ("banjir OR longsor", Or((t("banjir"), t("longsor")))),
        ('"banjir bandang"', Phrase("banjir bandang")),
        ("“banjir bandang”", Phrase("banjir bandang")),
        ('"  banjir   bandang "', Phrase("banjir bandang")),
        ("banj*", t("banj", prefix=True)),
        ("a NOT b", And((t("a"), Not(t("b"))))),
        ("a -b", And((t("a"), Not(t("b"))))),
        ('a -"b c"', And((t("a"), Not(Phrase("b c"))))),
        ("a -(b OR c)", And((t("a"), Not(Or((t("b"), t("c"))))))),
        ("a NOT NOT b", And((t("a"), Not(Not(t("b")))))),
        ("(a)", t("a")),
        ("((a b) c)", And((t("a"), t("b"), t("c")))),
        ("a OR (b OR c)", Or((t("a"), t("b"), t("c")))),
        ('banjir"bandang"', And((t("banjir"), Phrase("bandang")))),
    ],
)
def test_syntax_elements(query: str, expected: object) -> None:
    assert parse(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # AND binds tighter than OR, explicit or implicit
        ("a OR b c", Or((t("a"), And((t("b"), t("c")))))),
        ("a b OR c", Or((And((t("a"), t("b"))), t("c")))),
        ("a AND b OR c AND d", Or((And((t("a"), t("b"))), And((t("c"), t("d")))))),
        # NOT binds tighter than AND
        ("NOT a b", And((Not(t("a")), t("b")))),
        ("b NOT a OR c", Or((And((t("b"), Not(t("a")))), t("c")))),
        ("-a b OR c", Or((And((Not(t("a")), t("b"))), t("c")))),
        # parentheses override
        ("(a OR b) c", And((Or((t("a"), t("b"))), t("c")))),
    ],
)
def test_precedence(query: str, expected: object) -> None:
    assert parse(query) == expected


def test_lower_case_operators_are_words() -> None:
    assert parse("hujan and banjir or longsor not") == And(
        (t("hujan"), t("and"), t("banjir"), t("or"), t("longsor"), t("not"))
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # apostrophes and hyphens stay inside the word; the store matches the parts as a phrase
        ("Jum'at", t("Jum'at")),
        ("warga-warga", t("warga-warga")),
        ("kota-kota bekasi", And((t("kota-kota"), t("bekasi")))),
        ("10:30", t("10:30")),
        ("kota-k*", t("kota-k", prefix=True)),
    ],
)
def test_tokenisation(query: str, expected: object) -> None:
    assert parse(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:banjir", t("banjir", "title")),
        ('title:"banjir bandang"', Phrase("banjir bandang", "title")),
        ("title:banj*", t("banj", "title", True)),
        ("title:(banjir OR longsor)", Or((t("banjir", "title"), t("longsor", "title")))),
        ("title:(banjir -longsor)", And((t("banjir", "title"), Not(t("longsor", "title"))))),
        ("TITLE:banjir", t("banjir", "title")),
        ("author:andre", t("andre", "author")),
        ("location:bekasi", t("bekasi", "location")),
        ("outlet:kabarmasa.com", t("kabarmasa.com", "outlet")),
        ("outlet:KabarMasa.com", t("kabarmasa.com", "outlet")),
        ('outlet:"kabarmasa.com"', t("kabarmasa.com", "outlet")),
        ("agency:kota-bekasi/pemkot", t("kota-bekasi/pemkot", "agency")),
        ("agency:kota-bekasi/*", t("kota-bekasi/", "agency", True)),
        ("agency:nasional/kpk", t("nasional/kpk", "agency")),
        ("sentiment:negative", t("negative", "sentiment")),
        ("sentiment:negatif", t("negative", "sentiment")),
        ("sentiment:Positif", t("positive", "sentiment")),
        ("title:OR", t("OR", "title")),
        ("-title:banjir bekasi", And((Not(t("banjir", "title")), t("bekasi")))),
        (
            "agency:kota-bekasi/pemkot OR agency:kab-bekasi/pemkab",
            Or((t("kota-bekasi/pemkot", "agency"), t("kab-bekasi/pemkab", "agency"))),
        ),
        ("outlet:x.com -banjir", And((t("x.com", "outlet"), Not(t("banjir"))))),
    ],
)
def test_fields(query: str, expected: object) -> None:
    assert parse(query) == expected


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ('"unclosed', "unclosed quote", 0),
        ('banjir "bandang', "unclosed quote", 7),
        ("AND OR", "expected a term but found 'AND'", 0),
        ("title:", "'title:' needs a value right after the colon", 6),
        ("title: banjir", "'title:' needs a value right after the colon", 6),
        ("(a OR b", "unclosed parenthesis", 0),
        ("x (a OR (b)", "unclosed parenthesis", 2),
        ("a)", "unmatched ')'", 1),
        ("OR a", "expected a term but found 'OR'", 0),
        ("a AND", "expected a term after 'AND'", 5),
        ("a OR", "expected a term after 'OR'", 4),
        ("a AND OR b", "expected a term but found 'OR'", 6),
        ("NOT", "expected a term after 'NOT'", 3),
        ("-", "'-' must be directly followed by a word, phrase or group", 0),
        ("banjir - longsor", "'-' must be directly followed by a word, phrase or group", 7),
        ("*", "'*' needs a word before it", 0),
        ("a *", "'*' needs a word before it", 2),
        ("ba*njir", "'*' is only allowed at the end of a word", 2),
        ("*banjir", "'*' is only allowed at the end of a word", 0),
        ("()", "expected a term but found ')'", 1),
        ("&", "'&' has no letters or digits", 0),
        ('banjir "..."', "phrase has no letters or digits", 7),
        ("title:-banjir", "put '-' before the field: -title:banjir", 6),
        ("title:(author:x)", "field 'author:' inside a 'title:' group", 7),
        ("sentiment:marah", "sentiment: takes positive, neutral or negative", 10),
        ("sentiment:neg*", "sentiment: takes positive, neutral or negative", 10),
        ('outlet:""', "empty value for 'outlet:'", 7),
        ("agency:*", "'*' needs a word before it", 7),
        ("-a -b", "a query needs at least one positive term", 0),
        ("NOT a", "a query needs at least one positive term", 0),
        ("(-a) -b", "a query needs at least one positive term", 1),
        ("a OR -b", "a query needs at least one positive term", 5),
        ("a OR (b OR NOT c)", "a query needs at least one positive term", 11),
    ],
)
def test_malformed(query: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert caught.value.message == message
    assert caught.value.position == position
    assert str(caught.value) == f"{message} at position {position}"


def test_unknown_field_names_the_field() -> None:
    with pytest.raises(QueryError) as caught:
        parse("banjir foo:bar")
    assert caught.value.position == 7
    assert caught.value.message.startswith("unknown field 'foo'")


def test_negation_inside_a_positive_query_is_fine() -> None:
    assert parse("banjir (-a -b)") == And((t("banjir"), Not(t("a")), Not(t("b"))))
    assert parse("banjir OR (longsor -a)") == Or((t("banjir"), And((t("longsor"), Not(t("a"))))))


def test_length_limit() -> None:
    assert parse("a" * MAX_LENGTH) == t("a" * MAX_LENGTH)
    with pytest.raises(QueryError) as caught:
        parse("a" * (MAX_LENGTH + 1))
    assert caught.value.position == MAX_LENGTH


def test_nesting_limit_is_a_query_error_not_recursion() -> None:
    ok = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
    assert parse(ok) == t("a")
    for hostile in ["(" * 400 + "a" + ")" * 400, "NOT " * 200 + "a", "-" * 500 + "a"]:
        with pytest.raises(QueryError) as caught:
            parse(hostile[:MAX_LENGTH])
        assert "nested" in caught.value.message


def test_many_flat_terms_do_not_recurse() -> None:
    node = parse(" ".join(["a"] * 400))
    assert isinstance(node, And)
    assert len(node.children) == 400


def test_positive_leaves_skip_negations_and_keyword_fields() -> None:
    node = parse('banjir "banjir bandang" -longsor title:garut* outlet:x.com agency:a/b banjir')
    assert positive_leaves(node) == [
        t("banjir"),
        Phrase("banjir bandang"),
        t("garut", "title", True),
    ]
    assert positive_leaves(None) == []


def test_ast_nodes_are_frozen_and_hashable() -> None:
    node = parse("a OR b")
    assert hash(node) == hash(Or((t("a"), t("b"))))
    with pytest.raises(AttributeError):
        t("a").text = "b"  # type: ignore[misc]
