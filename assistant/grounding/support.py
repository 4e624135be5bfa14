"""How well is a reply sentence supported by source passages? A calibrated probability in [0, 1], no LLM judge.

Signals measured per sentence (``assistant.grounding.features``): BERTScore-style token precision (each token of
the sentence matched to its most similar contextual token in the passages), the share of tokens with no close
match and how well its two least aligned content tokens match; the best sentence cosine; the share of its words and
of its stemmed content words found in the passages; how many words, content words and function words no passage
has; unknown names; length; two interactions of these. With token embeddings (the real embedder) a logistic model
fitted on people's labels (BEGIN dev; MTRAG-UN perturbations are the independent check) turns them
into the probability that the sentence is supported, calibrated so 0.5 means "as likely as not"
(``assistant.grounding.calibration``, weights in ``support_model.json``, fitted by
``scripts/fit_support_model.py``). Without them (the hashing fake) a fixed mix of the available signals is used.

Hard checks cap the score afterwards, whatever the model says: a number, amount, date, duration, URL, e-mail or
phone number that no passage states (0.1), a sentence saying the opposite of its source (0.2), an offer no
source makes (0.3).

Passage encodings are cached per sentence text (LRU), because the same passages come back draft after draft (the
server warms the cache with the index's chunks at start-up, so a draft encodes only its own sentences).
Speed: token and sentence encodings come from the first ``SCORING_LAYERS`` (3) of the model's 6 transformer layers
(half the work; the support model is fitted at that depth): on torch a copy in bfloat16 where the CPU has it
natively (2x faster, scores within 0.001 of float32), on OpenVINO the int8 graph cut after those layers; ``prepare`` encodes many replies' sentences in one batched call; token weights are
a per-vocabulary table; (a) is one matmul per ``details`` call.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.grounding import features
from assistant.grounding.calibration import LogisticModel, load_model, model_path
from assistant.grounding.claims import unsupported
from assistant.grounding.features import SupportFeatures
from assistant.grounding.names import unknown_names
from assistant.grounding.negation import polarity_flipped
from assistant.grounding.promises import PROMISE, unbacked_offer
from assistant.grounding.encoding import (Encoded, EncodingCache, as_array, best_similarity, scoring_copy,
                                          token_matrix, weight_table)
from assistant.grounding.sentences import split_sentences, windows
from assistant.grounding.words import content_words, stem, vocabulary, words_of
from assistant.protocols import Embedder, TokenEncoder, TokenModel

# Calibration of the raw similarities of all-MiniLM-L6-v2 (its cosines are never near 0 for unrelated
# text): the value an unrelated pair typically gets maps to 0, a close paraphrase to ~1.
_TOKEN_FLOOR = 0.35
_SENT_FLOOR, _SENT_CEIL = 0.25, 0.85
# A token whose best contextual match in the passages is under this cosine has no counterpart there: identical
# words in context score ~0.8-0.95 with all-MiniLM-L6-v2, unrelated ones ~0.2-0.4.
UNALIGNED_BELOW = 0.55
# Passage sets are cached per retrieved set (a server sees the same few sets again and again); bounded by count
# and by the memory of their token vectors, so a long-running server stays well under its 1 GiB budget.
MAX_PASSAGE_SETS = 256
MAX_PASSAGE_SET_BYTES = 48 * 2**20
_FLIPPED_CAP = 0.2  # a sentence that says the opposite of its source
# An offer no source backs is capped, unless the sentence is strongly supported otherwise.
_PROMISE_CAP = 0.3
_OFFER_TRUSTED = 0.6
# Token features come from the first 3 of MiniLM's 6 layers: half the encoding cost, and the support model fitted at
# that depth agrees with people as well as the whole model's (BEGIN dev held out: WoW 0.967 vs 0.966, CMU-DoG 0.986
# vs 0.987, Topical-Chat 0.958 vs 0.958; scripts/fit_support_model.py). The same fit serves the OpenVINO int8 cut:
# on its features it scores WoW 0.968, CMU-DoG 0.987, Topical-Chat 0.961 (torch's features: 0.968, 0.987, 0.961), and
# a refit on them holds out no better (0.967, 0.986, 0.958).
SCORING_LAYERS: int | None = 3 if model_path(3).exists() else None




@dataclass(frozen=True)
class SupportDetail:
    score: float
    token_precision: float | None  # (a), raw, None without token embeddings
    sentence_similarity: float  # (b), raw cosine
    lexical_precision: float  # (c)
    unsupported_claims: tuple[str, ...]  # (d) claims no passage states
    unknown_names: tuple[str, ...]
    best_sentence: str | None  # the passage sentence most like this one
    flipped: bool = False  # says the opposite of its closest passage sentences (negation mismatch)
    features: SupportFeatures | None = None  # what the calibrated score was computed from (token path)
    # How much of the sentence's meaning the passages express (a fixed mix of token precision, sentence cosine
    # and word overlap, hard-capped like ``score``): for "does this text state that fact", where paraphrase is
    # the norm and new wording is no sign of invention. Equals ``score`` without token embeddings.
    overlap: float = 0.0


@dataclass
class _PassageSet:
    sentences: list[str]
    matrix: np.ndarray  # (n_sentences, d) sentence vectors
    tokens: np.ndarray | None  # (d, n_tokens): all passage token vectors, transposed for the matmul
    vocab: set[str]
    lower: str
    words: set[str]  # lower-case words of the passages, for the word-share feature

    @property
    def nbytes(self) -> int:
        """Memory held by its arrays (the bulk of it: token vectors of every passage sentence)."""
        return self.matrix.nbytes + (self.tokens.nbytes if self.tokens is not None else 0)


class SupportScorer:
    """Support of sentences by passages, in [0, 1]; works with any ``Embedder``."""

    def __init__(self, embedder: Embedder, *, cache_size: int = 4096, use_tokens: bool = True,
                 low_precision: bool = True, layers: int | None = SCORING_LAYERS) -> None:
        self.embedder = embedder
        self._cache = EncodingCache(cache_size)
        self._use_tokens = use_tokens
        # Token encodings from a bfloat16 copy of the model where the CPU computes bfloat16 natively: 2.5x
        # faster, token cosines within 1e-4 of float32 (see benchmarks/bench_eval.py).
        self._low_precision = low_precision
        # transformer layers the token encodings come from (None: all); the support model fitted at the depth the
        # copy really runs scores them (none fitted: the fixed mix), so features and weights always match
        self._layers = layers
        self._fast: tuple[TokenModel, LogisticModel | None] | None = None
        self._depth: int | None = None
        self._st_model: TokenModel | None = None
        self._checked = False
        self._lock = threading.Lock()
        self._sets: OrderedDict[tuple[str, ...], _PassageSet] = OrderedDict()
        self._sets_bytes = 0

    # --- encoding -----------------------------------------------------------------------------------

    def _token_model(self) -> TokenModel | None:
        """The embedder's sentence-transformers model when it exposes token embeddings (``TokenEncoder``), else None."""
        if not self._checked:
            with self._lock:
                if not self._checked:
                    model: TokenModel | None = None
                    if self._use_tokens:
                        try:
                            if isinstance(self.embedder, TokenEncoder) and isinstance(self.embedder.model, TokenModel):
                                model = self.embedder.model
                        except Exception:  # noqa: BLE001 - the model cannot load: fall back to sentence vectors
                            model = None
                    self._st_model = model
                    self._checked = True
        return self._st_model

    @property
    def uses_token_embeddings(self) -> bool:
        return self._token_model() is not None

    def _encode(self, texts: Sequence[str]) -> list[Encoded]:
        missing = list(dict.fromkeys(t for t in texts if self._cache.get(t) is None))
        if missing:
            model = self._token_model()
            if model is not None:
                try:
                    encoded = self._encode_tokens(model, missing)
                except (KeyError, TypeError, AttributeError, ValueError):
                    # This model's encode() does not return token embeddings the expected way: use vectors,
                    # and forget what was cached so token and vector encodings never mix.
                    self._st_model = None
                    self._cache = EncodingCache(self._cache.size)
                    self._sets.clear()
                    self._sets_bytes = 0
                    encoded = self._encode_vectors(missing)
            else:
                encoded = self._encode_vectors(missing)
            for text, enc in zip(missing, encoded):
                self._cache.put(text, enc)
        out = []
        for t in texts:
            cached = self._cache.get(t)
            # evicted between put and get under heavy load: recompute alone
            enc = cached if cached is not None else self._encode([t])[0]
            out.append(enc)
        return out

    def _encode_vectors(self, texts: list[str]) -> list[Encoded]:
        vecs = self.embedder.embed_documents(texts)
        return [Encoded(np.asarray(v, dtype=np.float32), None, None) for v in vecs]

    def _scoring_model(self, model: TokenModel) -> tuple[TokenModel, LogisticModel | None]:
        """The model copy that encodes (cut to the scorer's depth, bfloat16 where native) and the support model
        fitted on features of the depth it actually runs (None when no such file is shipped)."""
        if self._fast is None:
            fast, depth = scoring_copy(model, layers=self._layers, low_precision=self._low_precision)
            path = model_path(depth)
            self._depth = depth
            self._fast = (fast, load_model(path) if path.exists() else None)
        return self._fast

    @property
    def depth(self) -> int | None:
        """Transformer layers the token encodings really come from (None: all of them, or no token model)."""
        model = self._token_model()
        if model is None:
            return None
        self._scoring_model(model)
        return self._depth

    def _encode_tokens(self, model: TokenModel, texts: list[str]) -> list[Encoded]:
        fast, _ = self._scoring_model(model)
        # batches of 32: measured faster on CPU than 64-256 (less padding, cache-sized activations)
        outputs = fast.encode(list(texts), output_value=None, show_progress_bar=False, batch_size=32)
        table = weight_table(model.tokenizer)  # per vocabulary id: 0 special/punctuation, low stopword, 1 else
        result = []
        for item in outputs:
            ids = np.minimum(as_array(item["input_ids"]), len(table) - 1)
            mask = as_array(item["attention_mask"]).astype(bool)
            toks = as_array(item["token_embeddings"])
            keep = mask & (table[ids] >= 0)
            weights = np.maximum(table[ids[keep]], 0.0).astype(np.float32)
            tokens = toks[keep]
            norms = np.linalg.norm(tokens, axis=1, keepdims=True)
            # float16 halves the cache's memory (a sentence's tokens are ~25 KB in float32); cosines need no more
            tokens = (tokens / np.maximum(norms, 1e-9)).astype(np.float16)
            vec = as_array(item["sentence_embedding"])
            vec = vec / max(float(np.linalg.norm(vec)), 1e-9)
            result.append(Encoded(vec.astype(np.float32), tokens, weights))
        return result

    # --- scoring ------------------------------------------------------------------------------------

    def score(self, sentence: str, passages: Sequence[str]) -> float:
        return self.details([sentence], passages)[0].score

    def score_sentences(self, sentences: Sequence[str], passages: Sequence[str]) -> list[float]:
        return [d.score for d in self.details(sentences, passages)]

    def warm(self, passages: Sequence[str]) -> int:
        """Encode passages ahead of use (e.g. a knowledge base's chunks at start-up); returns sentences encoded.

        The first draft that retrieves a passage pays for encoding its sentences; warming moves that cost
        out of the request path. Limited by the cache size (``cache_size`` sentences).
        """
        sentences = [w for p in passages if p and p.strip() for s in split_sentences(p) if s.strip() for w in windows(s)]
        sentences = list(dict.fromkeys(sentences))[: self._cache.size]
        self._encode(sentences)
        return len(sentences)

    def prepare(self, sentences: Sequence[str], passages: Sequence[str] = (), *, batch: int = 512) -> int:
        """Encode sentences about to be scored (and passages, as ``warm`` does) in few batched model calls.

        Scoring many replies one at a time costs one small forward pass each; preparing their sentences
        first lets every later ``details``/``score`` call find its encodings cached. Returns texts encoded.
        """
        texts = [w for p in passages if p and p.strip() for s in split_sentences(p) if s.strip() for w in windows(s)]
        texts += [s for s in sentences if s and s.strip()]
        unique = list(dict.fromkeys(texts))
        for start in range(0, len(unique), batch):
            self._encode(unique[start : start + batch])
        return len(unique)

    def _passage_set(self, passages: list[str], also: Sequence[str] = ()) -> _PassageSet:
        """Everything about a set of passages that does not depend on the sentence; cached per set.

        ``also`` (the sentences about to be scored) is encoded in the same model call as any new passage
        sentences: one forward pass per check, not two.
        """
        key = tuple(passages)
        with self._lock:
            cached = self._sets.get(key)
            if cached is not None:
                self._sets.move_to_end(key)
        if cached is not None:
            self._encode(list(also))
            return cached
        psents = [w for p in passages for s in split_sentences(p) if s.strip() for w in windows(s)] or list(passages)
        penc = self._encode(list(also) + psents)[len(also):]
        tokens = None
        if penc[0].tokens is not None:
            parts = [e.tokens for e in penc if e.tokens is not None and len(e.tokens)]
            if parts:
                tokens = token_matrix(parts)
        pset = _PassageSet(psents, np.stack([e.vector for e in penc]), tokens, vocabulary(passages),
                           " ".join(passages).lower(), set(words_of(" ".join(passages))))
        with self._lock:
            self._sets[key] = pset
            self._sets_bytes += pset.nbytes
            while len(self._sets) > 1 and (len(self._sets) > MAX_PASSAGE_SETS or self._sets_bytes > MAX_PASSAGE_SET_BYTES):
                self._sets_bytes -= self._sets.popitem(last=False)[1].nbytes
        return pset

    def details(self, sentences: Sequence[str], passages: Sequence[str], *, context: Sequence[str] = ()) -> list[SupportDetail]:
        """One ``SupportDetail`` per sentence, against all ``passages`` together.

        ``context`` (e.g. the customer's profile as text) backs numbers and names but is not embedded: it
        is not a source of meaning, and embedding a new profile for every draft would cost a model call.
        """
        passages = [p for p in passages if p and p.strip()]
        context = [c for c in context if c and c.strip()]
        if not sentences:
            return []
        if not passages:
            return [SupportDetail(0.0, None, 0.0, 0.0, (), (), None) for _ in sentences]
        pset = self._passage_set(passages, also=sentences)
        psents, pmat, ptoks, vocab, lower_text = pset.sentences, pset.matrix, pset.tokens, pset.vocab, pset.lower
        pwords = pset.words
        if context:
            vocab = vocab | vocabulary(context)
            lower_text = lower_text + " " + " ".join(context).lower()
            pwords = pwords | set(words_of(" ".join(context)))
        senc = self._encode(list(sentences))
        token_model = self._token_model()
        calibrated = self._scoring_model(token_model)[1] if token_model is not None and ptoks is not None else None
        alignments = _token_precisions(senc, ptoks) if ptoks is not None else [None] * len(senc)
        out = []
        for sentence, enc, alignment in zip(sentences, senc, alignments):
            sims = _dot(pmat, enc.vector)
            best = int(np.argmax(sims))
            sent_sim = float(sims[best])
            stems = [stem(w) for w in content_words(sentence)]
            lex = (sum(s in vocab for s in stems) / len(stems)) if stems else 1.0
            claims = tuple(c.text for c in unsupported(sentence, [*passages, *context]))
            names = tuple(unknown_names(sentence, lower_text, vocab))
            tok_p = alignment[0] if alignment is not None else None
            feats = None
            if ptoks is not None:
                precision, unaligned, weakest = alignment if alignment is not None else (sent_sim, 0.0, 1.0)
                feats = features.build(sentence_words=words_of(sentence), passage_words=pwords, stems=stems,
                                       vocabulary=vocab, token_precision=precision, unaligned=unaligned,
                                       sentence_similarity=sent_sim, names=names, question="?" in sentence,
                                       weakest_alignment=weakest)
            overlap = _combine(tok_p, sent_sim, lex, claims, names, ptoks is not None)
            score = _combine(tok_p, sent_sim, lex, claims, names, ptoks is not None, feats, calibrated) if feats else overlap
            flipped = polarity_flipped(sentence, sims, psents)
            if flipped:
                score = min(score, _FLIPPED_CAP)
            # An offer the sources do not make is not supported, however it reads; a strongly supported one
            # ("I've refunded the $49", right after the refund rule) keeps its score.
            if _PROMISE_CAP < score < _OFFER_TRUSTED and PROMISE.search(sentence) and unbacked_offer(sentence, passages):
                score = _PROMISE_CAP
            out.append(SupportDetail(score, tok_p, sent_sim, lex, claims, names, psents[best], flipped, feats,
                                     min(overlap, _FLIPPED_CAP) if flipped else overlap))
        return out


def _token_precisions(encs: Sequence[Encoded], ptoks: np.ndarray) -> list[tuple[float, float, float] | None]:
    """(a) for every sentence at once: one matmul of all their tokens against all passage tokens.

    Per sentence: (weighted mean of each token's best similarity, weighted share of tokens whose best similarity
    is under ``UNALIGNED_BELOW``, mean best similarity of its two least aligned content tokens, 1.0 without
    content tokens). None for a sentence without weighted tokens (only punctuation, special tokens).
    """
    parts = [e.tokens for e in encs if e.tokens is not None and e.weights is not None and len(e.tokens)]
    if not parts:
        return [None] * len(encs)
    best = _max_similarity(np.concatenate(parts, axis=0), ptoks)
    out: list[tuple[float, float, float] | None] = []
    at = 0
    for e in encs:
        if e.tokens is None or e.weights is None or not len(e.tokens):
            out.append(None)
            continue
        n = len(e.tokens)
        w = e.weights
        total = float(w.sum())
        mine = best[at : at + n]
        content = np.sort(mine[w >= 1.0])[:2]
        weakest = float(content.mean()) if len(content) else 1.0
        out.append((float(mine @ w / total), float((mine < UNALIGNED_BELOW) @ w / total), weakest) if total > 0 else None)
        at += n
    return out


def _max_similarity(tokens: np.ndarray, ptoks: np.ndarray) -> np.ndarray:
    """For each sentence token, its best cosine with any passage token."""
    return best_similarity(tokens, ptoks)


def _dot(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """matrix @ vector without BLAS threads (see ``_passage_set``): a few hundred rows at most."""
    return np.einsum("ij,j->i", matrix, vector, optimize=False)


def _combine(
    tok_p: float | None, sent_sim: float, lex: float, claims: tuple[str, ...], names: tuple[str, ...], has_tokens: bool,
    feats: SupportFeatures | None = None, model: LogisticModel | None = None,
) -> float:
    """The support score: the calibrated model on the token path, a fixed mix of the signals otherwise; then the
    hard checks, which cap it."""
    if feats is not None and model is not None:
        score = model.probability(feats.vector(model.features))
    else:
        # Embedders without token embeddings (the hashing fake): the features the model was fitted on are not
        # there, so a fixed mix of what is, on the same [0, 1] scale.
        sent = min(max((sent_sim - _SENT_FLOOR) / (_SENT_CEIL - _SENT_FLOOR), 0.0), 1.0)
        if tok_p is not None or has_tokens:
            tok = sent if tok_p is None else min(max((tok_p - _TOKEN_FLOOR) / (1.0 - _TOKEN_FLOOR), 0.0), 1.0)
            score = 0.5 * tok + 0.25 * sent + 0.25 * lex
        else:
            score = 0.5 * sent + 0.5 * lex
        if names:
            score *= 0.85 ** len(names)
    if claims:
        score = min(score, 0.1)  # a fact the sources never state is not supported, however similar the rest
    return float(min(max(score, 0.0), 1.0))
