"""newsdeal from Python: articles in, records out, deals folded into a model.

    import newsdeal

    pipeline = newsdeal.Pipeline()                    # built once: rules, gazetteers
    record = pipeline.process("Tesla agreed to rent Nvidia GPUs from Oracle.")
    record = pipeline.process({"id": "a1", "title": "...", "text": "...", "lang": "en"})
    records = pipeline.process_many(articles, threads=4)   # GIL released while C++ works

    model = newsdeal.Model()
    for r in records:
        model.add(r)
    model.to_dict()                                   # newsdeal.allocation/1

A record is the dict `newsdeal batch` writes as one JSONL line, key for key
(schema newsdeal.article/1). An article that cannot be made into a record makes
`process` raise a `newsdeal.Error` subclass named for the stage that failed
(DecodeError for invalid UTF-8, ReadError for an empty or oversized article,
ParseError for a dict without text ...), carrying the error record;
`process_many` never stops at a bad article: its error record
(newsdeal.error/1) takes the article's place in the list, unless
errors="raise".

The distributed batch on Dask is `python3 -m newsdeal.dask` (newsdeal/dask.py).
"""

import json
import os

from . import _newsdeal

__all__ = [
    "Pipeline", "Model", "Error", "LoadError", "ReadError", "FetchError", "DecodeError", "ParseError",
    "SegmentError", "ExtractError", "LinkError", "WriteError", "ARTICLE_SCHEMA", "ERROR_SCHEMA",
]

ARTICLE_SCHEMA = "newsdeal.article/1"
ERROR_SCHEMA = "newsdeal.error/1"
DEFAULT_MAX_ARTICLE_BYTES = 16 << 20


class Error(Exception):
    """An article that gave an error record. `stage` names the stage that failed
    (read, fetch, decode, parse, segment, extract, link, write), `record` is the
    error record as `newsdeal batch` writes it, `id` the article's id."""

    stage = None

    def __init__(self, record):
        self.record = record
        self.id = record.get("id")
        self.stage = record.get("stage", self.stage)
        self.message = record.get("error", "")
        super().__init__(f"{self.id}: {self.stage}: {self.message}")


class LoadError(Error):
    """Rule or gazetteer files that cannot be loaded ("file:line: what is wrong")."""

    stage = "load"

    def __init__(self, message):
        super().__init__({"id": None, "stage": "load", "error": message})
        self.args = (message,)


class ReadError(Error):
    stage = "read"


class FetchError(Error):
    stage = "fetch"


class DecodeError(Error):
    stage = "decode"


class ParseError(Error):
    stage = "parse"


class SegmentError(Error):
    stage = "segment"


class ExtractError(Error):
    stage = "extract"


class LinkError(Error):
    stage = "link"


class WriteError(Error):
    stage = "write"


_ERRORS_BY_STAGE = {cls.stage: cls for cls in (ReadError, FetchError, DecodeError, ParseError, SegmentError,
                                               ExtractError, LinkError, WriteError)}


def error_for(record):
    """The exception for an error record (newsdeal.error/1): the subclass of its stage."""
    return _ERRORS_BY_STAGE.get(record.get("stage"), Error)(record)


def _paths(value):
    if value is None:
        return []
    if isinstance(value, (str, os.PathLike)):
        return [os.fspath(value)]
    return [os.fspath(v) for v in value]


def _json_line(article):
    # One line for the JSONL reader. UTF-8 where it can be, escapes where a str
    # holds lone surrogates (which UTF-8 cannot carry).
    try:
        return json.dumps(article, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(article, default=str).encode("ascii")


def _text_bytes(text):
    if isinstance(text, str):
        # surrogateescape gives back bytes a str was decoded from with it, so a
        # bad byte reaches the decode stage (which names it) instead of failing here.
        return text.encode("utf-8", "surrogateescape")
    return bytes(text)


def _item(article, meta):
    if isinstance(article, dict):
        return (True, _json_line(article), None, None, None, None, None)
    if isinstance(article, (str, bytes, bytearray, memoryview)):
        return (False, _text_bytes(article), meta.get("id"), meta.get("url"), meta.get("title"), meta.get("lang"),
                meta.get("published"))
    raise TypeError(f"an article is a str, bytes or dict, not {type(article).__name__}")


def _check_errors_arg(errors):
    if errors not in ("raise", "return"):
        raise ValueError(f'errors must be "raise" or "return", not {errors!r}')


class Pipeline:
    """The pipeline, built once (rules and gazetteers loaded) and shared: any number
    of threads may call one Pipeline at once.

    rules: a folder or list of folders of rule files that add to or replace the
        built-in ones (as --rules). gazetteers: a file or list of files of extra
        gazetteer entries (as --gazetteer). with_text: add the article text to each
        record. max_article_bytes: larger articles give a read error.
    A bad rule or gazetteer file raises LoadError naming the file and line.
    """

    def __init__(self, rules=None, gazetteers=None, *, with_text=False,
                 max_article_bytes=DEFAULT_MAX_ARTICLE_BYTES):
        try:
            self._p = _newsdeal.Pipeline(_paths(rules), _paths(gazetteers), bool(with_text), int(max_article_bytes))
        except RuntimeError as e:
            raise LoadError(str(e)) from None

    def process(self, article, *, id=None, url=None, title=None, lang=None, published=None, errors="raise"):
        """One article to its record (a dict).

        article: text (str or bytes; read as `newsdeal extract` reads a file:
            charset, HTML, seedtext layout, headline) with id, url, title, lang and
            published given as keywords, or a dict with the fields of a JSONL dump
            line (id, url, title, text or html, published, lang).
        Without an id, a text's id is "text-<hash>" and a dict's "article-<hash>".
        An article that fails raises the Error subclass of its stage, or with
        errors="return" gives its error record.
        """
        _check_errors_arg(errors)
        if isinstance(article, dict):
            line = self._p.process_json(_json_line(article))
        else:
            _, payload, *_ = _item(article, {})
            line = self._p.process_text(payload, id, url, title, lang, published)
        record = json.loads(line)
        if errors == "raise" and record.get("schema") == ERROR_SCHEMA:
            raise error_for(record)
        return record

    def process_many(self, articles, threads=None, *, errors="return", chunk=1024):
        """Every article of an iterable (texts or dicts, as process() takes them),
        on `threads` threads (None or 0: every core), the GIL released while the
        C++ pipeline runs. Returns the records in input order, one per article: a
        bad article's error record in its place (errors="return"), or raises the
        first one's Error after the whole batch has run (errors="raise").
        Articles are taken `chunk` at a time, so an iterator of any length works.
        """
        _check_errors_arg(errors)
        threads = 0 if threads is None else int(threads)
        if threads < 0:
            raise ValueError("threads must be 0 (every core) or more")
        records, batch = [], []

        def run():
            records.extend(json.loads(line) for line in self._p.process_many(batch, threads))
            batch.clear()

        for article in articles:
            batch.append(_item(article, {}))
            if len(batch) >= chunk:
                run()
        if batch:
            run()
        if errors == "raise":
            for r in records:
                if r.get("schema") == ERROR_SCHEMA:
                    raise error_for(r)
        return records


class Model:
    """The compute-allocation model (newsdeal.allocation/1): the deals of many
    article records folded into a ledger, as `newsdeal model` builds it. Folding is
    order-independent, and models of disjoint shards merge into the model of the
    whole."""

    def __init__(self, records=()):
        self._m = _newsdeal.Model()
        for r in records:
            self.add(r)

    def add(self, record):
        """Folds one record (a dict, or its JSON line); error records are ignored."""
        self._m.add_record_json(record if isinstance(record, (str, bytes)) else json.dumps(record))
        return self

    def add_model(self, model):
        """Folds a model written earlier (a dict from to_dict(), or its JSON text)."""
        self._m.add_model_json(model if isinstance(model, (str, bytes)) else json.dumps(model))
        return self

    @classmethod
    def from_dict(cls, model):
        return cls().add_model(model)

    def merge(self, other):
        """Folds another model into this one."""
        if not isinstance(other, Model):
            raise TypeError(f"merge takes a Model, not {type(other).__name__}")
        self._m.merge(other._m)
        return self

    def to_json(self):
        """The model as `newsdeal model` writes it (indented JSON and a newline)."""
        return self._m.to_json()

    def to_dict(self):
        return json.loads(self._m.to_json())

    def __len__(self):
        return self._m.size()  # allocations in the ledger

    @property
    def articles(self):
        """Article records folded in."""
        return self._m.articles()
