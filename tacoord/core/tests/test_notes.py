"""Notes: messages kept in English with their template and values, shown again in the reader's language."""

import pickle

from django.utils import translation

from tacoord.core.notes import Note, translated


def test_a_note_is_its_text_and_keeps_what_it_was_made_of():
    note = Note("percentage %(value)s is not between 0 and 100; left out", 12, value="'250'")
    assert note == "percentage '250' is not between 0 and 100; left out"
    assert (note.template, note.params, note.line) == (
        "percentage %(value)s is not between 0 and 100; left out", {"value": "'250'"}, 12)


def test_a_note_travels_between_processes_whole():
    inner = Note("The end cannot be before the start.")
    note = Note("%(part)s row %(row)s: %(reasons)s The row is left out.", 7, part=Note("budgets"), row=2,
                reasons=[inner, "a database's own words."])
    again = pickle.loads(pickle.dumps(note))
    assert type(again) is Note
    assert again == note == "budgets row 2: The end cannot be before the start. a database's own words. " \
                            "The row is left out."
    assert (again.template, again.params, again.line) == (note.template, note.params, 7)
    assert again.params["reasons"] == [{"template": "The end cannot be before the start.", "params": {}},
                                       "a database's own words."]


def test_shown_in_the_readers_language_notes_within_notes_too():
    with translation.override("en"):
        note = Note("%(part)s row %(row)s: %(reasons)s The row is left out.", part=Note("budgets"), row=2,
                    reasons=[Note("The end cannot be before the start.")])
    with translation.override("fr"):
        text = translated(note.template, note.params, str(note))
    assert text == "budgets, ligne 2\u00a0: La fin ne peut pas précéder le début. La ligne n’est pas retenue."


def test_without_a_template_or_with_a_broken_one_the_kept_text_is_shown():
    assert translated("", {}, "kept as it was") == "kept as it was"
    with translation.override("fr"):
        assert translated("%(missing)s and more", {"other": "x"}, "kept") == "kept"
