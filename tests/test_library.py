"""The library: added originals, refusals, overrides, removals, per-collection manifests, and the CLI round trip."""

import hashlib
import io
import json
import re
from unittest.mock import ANY
from pathlib import Path

import docx
import pytest

from assistant import cli
from assistant.lexicon import default_lexicon
from assistant.library import Library, Refusal, clean_overrides
from assistant.settings import Settings
from conftest import SEEDS

HA_GIANG_SEED = ("Hà Giang mở rộng hợp tác quốc tế\n\n20/10/2023\n\n"
                 "Năm 2023, tỉnh Hà Giang đã ký kết 8 thỏa thuận hợp tác quốc tế với các đối tác nước ngoài, "
                 "tập trung vào du lịch, nông nghiệp và giáo dục. Kim ngạch xuất nhập khẩu qua các cửa khẩu của "
                 "tỉnh đạt 640 triệu USD, tăng 12% so với năm trước.\n\n"
                 "Tỉnh tiếp tục đẩy mạnh quan hệ với các địa phương phía Trung Quốc và Lào, đồng thời kêu gọi "
                 "các tổ chức phi chính phủ nước ngoài hỗ trợ các huyện vùng cao.\n")
BAC_GIANG_SEED = ("Bắc Giang thu hút vốn đầu tư nước ngoài\n\n02/12/2023\n\n"
                  "Trong năm 2023, tỉnh Bắc Giang đã thu hút 41 dự án đầu tư trực tiếp nước ngoài với tổng vốn "
                  "đăng ký 1.250 triệu USD, chủ yếu trong lĩnh vực điện tử và công nghiệp chế biến, chế tạo.\n\n"
                  "Các khu công nghiệp của tỉnh tiếp tục mở rộng, tạo việc làm cho hàng chục nghìn lao động "
                  "địa phương và góp phần tăng thu ngân sách nhà nước.\n")
CA_MAU_TITLE = "Cà Mau thu hút đầu tư nước ngoài năm 2023"
CA_MAU_PARAGRAPHS = (
    "Năm 2023, tỉnh Cà Mau đã cấp phép cho 15 dự án FDI mới với tổng vốn đăng ký 312,5 triệu USD, tập trung "
    "vào điện gió ngoài khơi, chế biến thủy sản và nuôi tôm ứng dụng công nghệ cao.",
    "Lãnh đạo Sở Kế hoạch và Đầu tư tỉnh Cà Mau cho biết các nhà đầu tư chủ yếu đến từ Nhật Bản, Hàn Quốc và "
    "Singapore; tỉnh sẽ tiếp tục cải thiện môi trường đầu tư và rút ngắn thời gian giải quyết thủ tục hành "
    "chính trong năm 2024.",
)
CA_MAU_TEXT = CA_MAU_TITLE + "\n\n25/11/2023\n\n" + "\n\n".join(CA_MAU_PARAGRAPHS) + "\n"


@pytest.fixture
def lib_settings(tmp_path) -> Settings:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "hg.txt").write_text(HA_GIANG_SEED, "utf-8")
    (seeds / "bg.txt").write_text(BAC_GIANG_SEED, "utf-8")
    return Settings(store_dir=tmp_path / "store", seeds_dir=seeds)


def open_library(settings: Settings) -> Library:
    return Library(settings, default_lexicon())


def add(library: Library, files, **overrides):
    current, _ = library.articles()
    return library.add(files, current, overrides)


def ids(settings: Settings) -> list[str]:
    return sorted(a.id for a in open_library(settings).articles()[0])


def originals(settings: Settings) -> list[str]:
    folder = Path(settings.store_dir) / "originals"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_added_original_is_content_addressed_and_reread_with_the_users_overrides(lib_settings):
    library = open_library(lib_settings)
    data = CA_MAU_TEXT.encode()
    added, refused = add(library, [("ca-mau.txt", data)], title="  Cà Mau  và FDI ", province="Bạc Liêu",
                         date="01/12/2023", author="ignored", outlet="")
    assert refused == [] and len(added) == 1
    original = Path(lib_settings.store_dir) / "originals" / f"{hashlib.sha256(data).hexdigest()}.txt"
    assert original.read_bytes() == data
    manifest_path = Path(lib_settings.store_dir) / "library" / "articles.json"
    assert not manifest_path.exists(), "recorded only by save()"

    library.save()
    [entry] = json.loads(manifest_path.read_text("utf-8"))["added"]
    assert (entry["id"], entry["original"], entry["source"]) == (added[0].id, original.name, "ca-mau.txt")
    assert entry["overrides"] == {"title": "Cà Mau và FDI", "province": "Bạc Liêu", "date": "01/12/2023"}
    articles, warnings = open_library(lib_settings).articles()
    assert warnings == [] and sorted(a.id for a in articles) == sorted(["bg", "hg", added[0].id])
    again = next(a for a in articles if a.id == added[0].id)
    assert (again.title, again.province, again.date) == ("Cà Mau và FDI", "Bạc Liêu", "01/12/2023")
    assert "312,5 triệu USD" in again.text and again.source == "ca-mau.txt"
    assert open_library(lib_settings).added_at(added[0].id) == entry["added_at"]


def test_article_already_in_the_corpus_or_earlier_in_the_call_is_refused_naming_it(lib_settings):
    library = open_library(lib_settings)
    files = [("copy-of-seed.txt", HA_GIANG_SEED.encode()), ("ca-mau.txt", CA_MAU_TEXT.encode()),
             ("ca-mau-again.txt", CA_MAU_TEXT.replace("\n\n", "\n\n\n").encode())]  # same text, other bytes
    added, refused = add(library, files)
    assert [a.source for a in added] == ["ca-mau.txt"]
    assert [r.source for r in refused] == ["copy-of-seed.txt", "ca-mau-again.txt"]
    assert "already indexed as hg " in refused[0].reason
    assert f"already indexed as {added[0].id} " in refused[1].reason
    assert originals(lib_settings) == [f"{hashlib.sha256(CA_MAU_TEXT.encode()).hexdigest()}.txt"]
    assert [a.id for a in library.additions] == [added[0].id]


def test_unreadable_files_are_refused_with_their_reason_and_nothing_is_written(lib_settings):
    library = open_library(lib_settings)
    added, refused = add(library, [("empty.txt", b""), ("figures.xlsx", b"PK\x03\x04 not a sheet"),
                                   ("short.txt", "Cà Mau có 15 dự án.".encode())])
    assert added == [] and library.additions == []
    reasons = {r.source: r.reason for r in refused}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["figures.xlsx"].startswith("unsupported file type “.xlsx”")
    assert reasons["short.txt"].startswith("no article text after cleaning")
    assert originals(lib_settings) == []


def test_clean_overrides_checks_the_date_and_keeps_only_known_non_blank_fields(lib_settings):
    for bad in ("2023-11-25", "25/11/23", "25 tháng 11"):
        with pytest.raises(ValueError, match="dd/mm/yyyy"):
            clean_overrides({"date": bad})
    assert clean_overrides({"title": "  Một   tiêu đề ", "province": "  ", "date": None, "outlet": "",
                            "author": "Lê Hải", "id": "x"}) == {"title": "Một tiêu đề"}
    assert clean_overrides({"date": " 5/1/2024 "}) == {"date": "5/1/2024"}
    with pytest.raises(ValueError):
        clean_overrides({"date": "99/99/2023"})
    with pytest.raises(ValueError):
        add(open_library(lib_settings), [("ca-mau.txt", CA_MAU_TEXT.encode())], date="2023")
    assert originals(lib_settings) == [], "a bad date is refused before anything is written"


def test_removing_an_unknown_id_is_refused_and_changes_nothing(lib_settings):
    library = open_library(lib_settings)
    removed, [refusal] = library.remove(["no-such-id", "no-such-id"], library.articles()[0])
    assert removed == []
    assert refusal.source == "no-such-id" and "no article with this id" in refusal.reason
    library.save()
    assert library.removed_seeds == [] and ids(lib_settings) == ["bg", "hg"]


def test_removed_seed_is_recorded_and_leaves_the_corpus(lib_settings):
    library = open_library(lib_settings)
    assert library.remove(["hg", "bad", "bad"], library.articles()[0]) == (["hg"], [Refusal("bad", ANY)])
    library.save()
    assert open_library(lib_settings).removed_seeds == ["hg"]
    assert ids(lib_settings) == ["bg"]
    assert (Path(lib_settings.seeds_dir) / "hg.txt").exists(), "the seed file itself is kept"


def test_removed_addition_loses_its_original_once_saved(lib_settings):
    library = open_library(lib_settings)
    [article], _ = add(library, [("ca-mau.txt", CA_MAU_TEXT.encode())])
    library.save()
    [original] = originals(lib_settings)

    library = open_library(lib_settings)
    assert library.remove([article.id], library.articles()[0]) == ([article.id], [])
    assert originals(lib_settings) == [original], "deleted only once the manifest no longer names it"
    library.save()
    assert originals(lib_settings) == []
    assert open_library(lib_settings).removed_seeds == [] and ids(lib_settings) == ["bg", "hg"]


def test_each_collection_has_its_own_manifest(lib_settings):
    library = open_library(lib_settings)
    [article], _ = add(library, [("ca-mau.txt", CA_MAU_TEXT.encode())])
    library.remove(["bg"], library.articles()[0])
    library.save()
    other = lib_settings.model_copy(update={"collection": "eval-corpus"})
    assert open_library(other).additions == [] and open_library(other).removed_seeds == []
    assert ids(other) == ["bg", "hg"]
    assert ids(lib_settings) == sorted(["hg", article.id])


# -- the CLI, end to end, with the real models ----------------------------------------------
QUESTION = "Năm 2023 Cà Mau có bao nhiêu dự án FDI mới?"


def make_docx() -> bytes:
    word = docx.Document()
    word.add_heading(CA_MAU_TITLE, level=1)
    word.add_paragraph("25/11/2023")
    for text in CA_MAU_PARAGRAPHS:
        word.add_paragraph(text)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@pytest.mark.slow
def test_cli_adds_lists_answers_from_and_removes_a_word_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("ASSISTANT_SEEDS_DIR", str(SEEDS))
    monkeypatch.setenv("ASSISTANT_USE_LLM", "false")
    path = tmp_path / "ca-mau-fdi.docx"
    path.write_bytes(make_docx())

    def run(*argv: str) -> tuple[int, str]:
        code = cli.main(list(argv))
        return code, capsys.readouterr().out

    code, out = run("add", str(path))
    assert code == 0, out
    new_id = re.match(r"added (\S+): “Cà Mau thu hút đầu tư nước ngoài năm 2023” \(Cà Mau, 25/11/2023\)", out).group(1)
    assert new_id.startswith("ca-mau-fdi-")

    code, out = run("list", "--json")
    listed = {a["id"]: a for a in json.loads(out)}
    assert code == 0 and len(listed) == len(list(SEEDS.glob("*.txt"))) + 1
    mine = listed[new_id]
    assert (mine["province"], mine["date"], mine["source"]) == ("Cà Mau", "25/11/2023", "ca-mau-fdi.docx")
    assert mine["chunks"] >= 1 and mine["figures"] >= 1 and mine["added_at"]

    code, out = run("ask", QUESTION, "--json")
    answer = json.loads(out)
    assert code == 0 and not answer["abstained"], answer["answer"]
    assert "15 dự án" in answer["answer"] and answer["figure"].startswith("15 dự án")
    assert new_id in [c["doc"] for c in answer["citations"]]

    code, out = run("add", str(path))
    assert code == 1 and out.startswith("refused ca-mau-fdi.docx:") and new_id in out

    code, out = run("remove", new_id)
    assert code == 0 and out.strip() == f"removed {new_id}"

    code, out = run("ask", QUESTION, "--json")
    answer = json.loads(out)
    assert answer["abstained"] is True and new_id not in [c["doc"] for c in answer["citations"]]

    code, out = run("remove", "no-such-id")
    assert code == 1 and out.startswith("refused no-such-id:")
