"""Where the rules are unsure, the model picks one of the text's figures by number, and nothing else."""

from assistant.chunk import Chunk, Sentence
from assistant.extract import Evidence, Extraction
from assistant.numbers import find_figures
from assistant.pipeline import Assistant
from assistant.settings import Settings

SENTENCE = "Năm 2023, tỉnh thu hút 25 dự án FDI mới và 18 dự án điều chỉnh tăng vốn."


class Picks:
    """A model that answers a choice with a fixed reply, and records the grammar it was given."""

    def __init__(self, reply: str):
        self.reply, self.grammars = reply, []

    def stream(self, messages, max_tokens, grammar=None):
        self.grammars.append(grammar)
        yield self.reply


def options() -> Extraction:
    sentence = Sentence(SENTENCE, 0, len(SENTENCE))
    evidence = [Evidence(Chunk("c", "a", "t", "Tây Ninh", SENTENCE, 0, len(SENTENCE), (sentence,)), sentence, 1.0)]
    first, second = [Extraction(evidence, "count", f, f.text, span=(f.start, f.end))
                     for f in find_figures(SENTENCE) if f.kind == "count"]
    first.alternatives = [second]
    return first


def test_the_model_picks_an_alternative_by_its_number_under_a_grammar(tmp_path):
    model = Picks("2")
    chosen = Assistant(Settings(store_dir=tmp_path), generator=model)._choose("Có bao nhiêu dự án?", options())
    assert chosen.answer == "18 dự án" and model.grammars == ['root ::= "1" | "2"']


def test_a_reply_that_is_not_an_option_keeps_the_rules_choice(tmp_path):
    for reply in ("7", "", "hai mươi"):
        chosen = Assistant(Settings(store_dir=tmp_path), generator=Picks(reply))._choose("Có bao nhiêu?", options())
        assert chosen.answer == "25 dự án FDI"
