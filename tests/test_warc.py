"""WARC input: a cut or malformed archive ends with an error line naming the record offset (the
records before the cut still read), a file that is no WARC says so, and records that are not
HTML responses are counted in the run summary."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pressextract.batch import Summary
from pressextract.cli import app
from pressextract.sources import iter_documents, read_warc

runner = CliRunner()

RELEASE = ("Acme Ltd. opened a packaging plant in Suva, Fiji, on Monday, May {n}, 2024. The plant employs "
           "{n}50 workers and cost USD {n} million, Chief Executive Dana Reyes said.")


def _html(n: int) -> bytes:
    return f"<html><body><article><h1>Acme plant {n}</h1><p>{RELEASE.format(n=n)}</p></article></body></html>".encode()


def _write(path: Path, records: list[tuple[str, str, str, bytes]], gz: bool) -> list[int]:
    """A WARC of (type, url, content type, body) records after a warcinfo; the offset of each."""
    offsets = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "pressextract tests"}))
        for rec_type, url, ctype, body in records:
            offsets.append(fh.tell())
            if rec_type == "response":
                headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
                record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                                   warc_headers_dict={"WARC-Date": "2024-05-03T10:00:00Z"})
            else:
                record = writer.create_warc_record(url, rec_type, payload=io.BytesIO(body), warc_content_type=ctype)
            writer.write_record(record)
    return offsets


def _releases(tmp_path: Path, gz: bool, n: int = 4) -> tuple[Path, bytes, list[int]]:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    offsets = _write(path, [("response", f"https://acme.example/news/{i}", "text/html", _html(i)) for i in range(n)], gz)
    return path, path.read_bytes(), offsets


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_cut_archive_gives_the_records_before_the_cut_and_an_error_at_the_cut_record(tmp_path, gz):
    path, data, offsets = _releases(tmp_path, gz)
    path.write_bytes(data[:(offsets[2] + offsets[3]) // 2])          # cut inside the third release
    docs = list(read_warc(path))
    assert [d.url for d in docs if not d.error] == ["https://acme.example/news/0", "https://acme.example/news/1"]
    assert all(d.data == _html(i) for i, d in enumerate(docs[:2]))
    assert [(d.source, d.error.split(": ", 1)[0]) for d in docs if d.error] == [
        (f"{path}#{offsets[2]}", f"truncated or malformed WARC at offset {offsets[2]}")]
    assert docs[-1].error


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_every_cut_position_is_an_error_at_the_record_it_cuts(tmp_path, gz):
    path, data, offsets = _releases(tmp_path, gz, n=2)
    ends = offsets[1:] + [len(data)]
    slack = 0 if gz else 4     # an uncompressed record's two closing blank lines: its content is whole without them
    cut_file = tmp_path / path.name.replace("crawl", "cut")
    edges = [0] + offsets + ends
    # Every byte near a record's start or end (headers, trailing blank lines, gzip trailer), every 5th elsewhere.
    for cut in [c for c in range(1, len(data)) if c % 5 == 0 or any(abs(c - e) <= 24 for e in edges)]:
        cut_file.write_bytes(data[:cut])
        docs = list(read_warc(cut_file))
        whole = [i for i, end in enumerate(ends) if end - slack <= cut]
        assert [d.url for d in docs if not d.error] == [f"https://acme.example/news/{i}" for i in whole], cut
        errors = [d.error for d in docs if d.error]
        if cut in offsets or any(end - slack <= cut <= end for end in [offsets[0]] + ends):
            assert errors == [], cut                                          # between records: a shorter archive
        else:
            start = max([0] + [o for o in offsets if o <= cut])
            assert len(errors) == 1 and errors[0].startswith(f"truncated or malformed WARC at offset {start}: "), (cut, errors)


@pytest.mark.parametrize("name, data", [
    ("notes.warc", b"hello, this is not a web archive\n" * 20),
    ("page.warc", b"<!doctype html><html><body><p>A page saved under the wrong name.</p></body></html>"),
    ("image.warc", bytes(range(256)) * 8),
    ("text.warc.gz", gzip.compress(b"plain text, compressed\n" * 10)),
], ids=["text", "html", "binary", "gzip-text"])
def test_a_file_that_is_no_warc_says_so(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    docs = list(read_warc(path))
    assert len(docs) == 1 and docs[0].source == str(path) and docs[0].error.startswith("not a WARC archive: ")
    assert docs[0].error.isprintable() and docs[0].error.isascii()


def test_an_empty_archive_is_an_error(tmp_path):
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    assert [(d.source, d.error) for d in read_warc(path)] == [(str(path), "empty input")]


def test_a_wrong_content_length_is_an_error_and_warcio_prints_nothing(tmp_path, capfd):
    path, data, offsets = _releases(tmp_path, gz=False, n=2)
    # The first release's Content-Length one byte short: its record is followed by a stray byte.
    head_end = data.index(b"\r\n\r\n", offsets[0])
    header = data[offsets[0]:head_end]
    length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    fixed = header.replace(f"Content-Length: {length}".encode(), f"Content-Length: {length - 1}".encode())
    path.write_bytes(data[:offsets[0]] + fixed + data[head_end:])
    docs = list(read_warc(path))
    assert [d.error for d in docs] == [f"truncated or malformed WARC at offset {offsets[0]}: "
                                       "record not followed by a blank line (Content-Length wrong)"]
    assert capfd.readouterr().err == ""


def test_records_that_are_not_html_responses_are_counted(tmp_path):
    path = tmp_path / "mixed.warc.gz"
    _write(path, [("response", "https://acme.example/news/1", "text/html; charset=utf-8", _html(1)),
                  ("response", "https://acme.example/logo.png", "image/png", b"\x89PNG"),
                  ("request", "https://acme.example/news/1", "application/http; msgtype=request", b"GET /news/1 HTTP/1.1\r\n\r\n"),
                  ("resource", "https://acme.example/report.pdf", "application/pdf", b"%PDF-1.4"),
                  ("metadata", "https://acme.example/news/1", "application/warc-fields", b"via: test\r\n"),
                  ("response", "https://acme.example/data.json", "application/json", b"{}")], gz=True)
    counts: Counter = Counter()
    docs = list(iter_documents([str(path)], counts=counts))
    assert [d.url for d in docs] == ["https://acme.example/news/1"]
    assert counts == Counter({"warc_not_html": 3})            # png, pdf, json; not warcinfo, request, metadata


def test_summary_line_reports_skipped_warc_records():
    assert "WARC" not in Summary().line()
    assert Summary(passed_over=Counter(warc_not_html=1)).line().endswith(
        "\nskipped 1 WARC record that is not an HTML response")
    assert Summary(passed_over=Counter(warc_not_html=3)).line().endswith(
        "\nskipped 3 WARC records that are not an HTML response")


def test_extract_reports_the_cut_and_the_skipped_records(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    offsets = _write(path, [("response", "https://acme.example/news/1", "text/html", _html(1)),
                            ("response", "https://acme.example/logo.png", "image/png", b"\x89PNG"),
                            ("response", "https://acme.example/news/2", "text/html", _html(2))], gz=True)
    path.write_bytes(path.read_bytes()[:offsets[2] + 40])
    out, err = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--errors", str(err), "--no-progress"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in out.read_text().splitlines()]
    errors = [json.loads(line) for line in err.read_text().splitlines()]
    assert {r["doc"]["id"] for r in records} == {"https://acme.example/news/1"}
    assert [(e["source"], e["reason"].split(":")[0]) for e in errors] == [
        (f"{path}#{offsets[2]}", f"truncated or malformed WARC at offset {offsets[2]}")]
    assert "\nskipped 1 WARC record that is not an HTML response\n" in result.stderr


@pytest.mark.parametrize("n, words", [(3, 20), (30, 600)], ids=["small", "larger than a read"])
def test_a_warc_gz_compressed_as_one_gzip_stream_is_read_too(tmp_path, n, words):
    # `gzip crawl.warc` gives one gzip stream, not one member per record; warcio refuses it. The
    # larger archive is not decompressed in one read (the first record's member goes on).
    import random

    rng = random.Random(n)
    plain = tmp_path / "crawl.warc"
    bodies = [f"<html><body><p>{' '.join(rng.choice(['plant', 'city', 'Acme', 'opened', 'jobs']) for _ in range(words))}</p></body></html>".encode()
              for _ in range(n)]
    offsets = _write(plain, [("response", f"https://acme.example/news/{i}", "text/html", body) for i, body in enumerate(bodies)], gz=False)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    docs = list(read_warc(path))
    assert [(d.source, d.url, d.data, d.error) for d in docs] == [
        (f"{path}#{offsets[i]}", f"https://acme.example/news/{i}", body, None) for i, body in enumerate(bodies)]
    # Cut in the middle of record k: the records before it, then the error at its offset.
    k = n // 2
    data = path.read_bytes()
    cut = next(c for c in range(0, len(data), 8) if len(_gunzip_prefix(data[:c])) > (offsets[k] + offsets[k + 1]) // 2)
    path.write_bytes(data[:cut])
    docs = list(read_warc(path))
    assert [d.url for d in docs if not d.error] == [f"https://acme.example/news/{i}" for i in range(k)]
    assert [d.error.split(": ", 1)[0] for d in docs if d.error] == [f"truncated or malformed WARC at offset {offsets[k]}"]


def _gunzip_prefix(data: bytes) -> bytes:
    import zlib

    return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data)


@pytest.mark.parametrize("form", ["warc", "warc.gz", "one gzip stream"])
@pytest.mark.parametrize("tail", [b"trailing text\n", b"\x1f\x8b\x08 not quite gzip"], ids=["text", "broken gzip"])
def test_bytes_after_the_last_record_are_an_error_after_every_record(tmp_path, form, tail):
    path, data, offsets = _releases(tmp_path, gz=form == "warc.gz", n=3)
    end = len(data)
    if form == "one gzip stream":
        path = path.rename(tmp_path / "one.warc.gz")
        data = gzip.compress(data)
    path.write_bytes(data + tail)
    docs = list(read_warc(path))
    assert [d.url for d in docs if not d.error] == [f"https://acme.example/news/{i}" for i in range(3)]
    assert [d.error.split(": ", 1)[0] for d in docs if d.error] == [f"truncated or malformed WARC at offset {end}"]
